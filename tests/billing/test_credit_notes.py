"""Credit notes through the API: the operator's credit on an upheld escalation is booked on both
sides (the customer's invoice and credit balance, the partner's debt to the operator), the
customer is told; a partner admin credits part of an invoice by hand."""

from decimal import Decimal

import pytest
from django.utils import timezone

from billing.models import Invoice
from billing.selectors import suspension_check
from notifications.models import Notification
from partners.models import Customer
from tests.support.billing_helpers import day, invoice_due, kinds, publish, run
from tests.support.factories import (
    InvoiceFactory,
    MembershipFactory,
    StatementFactory,
    SubscriptionFactory,
)
from tests.support.ticket_states import escalation_in
from tickets.models import Escalation

pytestmark = pytest.mark.django_db


def resolve(api, operator_user, escalation, credit: str, outcome="upheld"):
    return api(operator_user).post(
        f"/api/escalations/{escalation.pk}/resolve/",
        {"outcome": outcome, "response": "Seats 9 and 10 credited.", "credit_amount": credit},
        format="json",
    )


def invoice_of(escalation) -> Invoice:
    return Invoice.objects.get(pk=Escalation.objects.get(pk=escalation.pk).ticket.invoice_id)


def test_an_upheld_credit_lowers_the_invoice_balance_and_the_debt_to_the_operator(
    api, agent_user, operator_user, partner
):
    StatementFactory(partner=partner, amount=Decimal("5000.00"))
    escalation = escalation_in("in_review", agent_user, language="fr")
    invoice = invoice_of(escalation)  # 1200.00
    assert resolve(api, operator_user, escalation, "330.00").status_code == 200

    body = api(agent_user).get(f"/api/invoices/{invoice.pk}/").json()
    assert body["amount_credited"] == "330.00" and body["balance"] == "870.00"
    exposure = api(agent_user).get("/api/exposure/").json()
    assert exposure["payable"][0]["credited"] == "330.00"
    assert exposure["payable"][0]["total"] == "4670.00"
    assert [c["amount"] for c in exposure["credits"]] == ["330.00"]
    mail = Notification.objects.get(kind="credit_issued")
    assert mail.recipient == invoice.customer.email and mail.language == "fr"
    assert "870,00" in mail.body_text  # the new balance, in French


def test_a_credit_of_the_whole_balance_settles_the_invoice_and_stops_its_dunning(
    api, agent_user, operator_user, partner
):
    publish(partner)
    escalation = escalation_in("in_review", agent_user, category="payment_issue")
    invoice = invoice_of(escalation)
    assert resolve(api, operator_user, escalation, "1200.00").status_code == 200
    invoice.refresh_from_db()
    assert invoice.status == "paid" and invoice.balance == 0
    run(timezone.localdate() + timezone.timedelta(days=90))
    assert kinds(kind__in=["invoice_reminder", "invoice_final_notice"]) == []


def test_a_credit_above_the_balance_goes_to_the_customers_oldest_open_invoices_then_balance(
    api, agent_user, operator_user
):
    escalation = escalation_in("in_review", agent_user)
    invoice = invoice_of(escalation)
    customer = invoice.customer
    older = InvoiceFactory(customer=customer, amount=Decimal("100.00"))
    assert resolve(api, operator_user, escalation, "1500.00").status_code == 200
    assert Invoice.objects.get(pk=invoice.pk).status == "paid"
    assert Invoice.objects.get(pk=older.pk).status == "paid"
    body = api(agent_user).get(f"/api/customers/{customer.pk}/").json()
    assert body["credit_balance"] == "200.00" and body["credit_currency"] == "CNY"

    created = (
        api(MembershipFactory(partner=customer.partner, role="admin").user)
        .post(
            "/api/invoices/",
            {
                "customer": customer.pk,
                "number": "INV-NEXT",
                "amount": "150.00",
                "issue_date": str(timezone.localdate()),
                "due_date": str(timezone.localdate()),
            },
            format="json",
        )
        .json()
    )
    assert created["balance"] == "0.00" and created["status"] == "paid"
    assert Customer.objects.get(pk=customer.pk).credit_balance == Decimal("50.00")


def test_a_credit_without_an_invoice_is_the_customers_credit_balance(
    api, agent_user, operator_user
):
    escalation = escalation_in(
        "in_review", agent_user, with_invoice=False, category="billing_question"
    )
    assert resolve(api, operator_user, escalation, "240.00").status_code == 200
    customer = Escalation.objects.get(pk=escalation.pk).ticket.customer
    assert api(agent_user).get(f"/api/customers/{customer.pk}/").json()["credit_balance"] == (
        "240.00"
    )
    notes = api(agent_user).get("/api/credit-notes/").json()["results"]
    assert [(n["invoice"], n["escalation"], n["currency"]) for n in notes] == [
        (None, escalation.pk, "CNY")
    ]


def test_a_settling_credit_counts_as_paid_for_the_guard_and_reactivates(api, admin_user, partner):
    publish(partner)
    customer = Customer.objects.create(partner=partner, name="C", email="c@x.example")
    invoice = invoice_due(customer, due=timezone.localdate() - timezone.timedelta(days=30))
    subscription = SubscriptionFactory(customer=customer, partner=partner)
    for offset in (7, 14, 30):
        run(day(offset, invoice.due_date))
    subscription.refresh_from_db()
    assert subscription.status == "suspended"
    response = api(admin_user).post(
        f"/api/invoices/{invoice.pk}/credit-notes/",
        {"amount": "1200.00", "reason": "Goodwill after the outage"},
        format="json",
    )
    assert response.status_code == 201
    subscription.refresh_from_db()
    assert subscription.status == "active"
    check = suspension_check(subscription)
    assert not check.allowed and check.invoice_id is None


def test_credit_notes_are_scoped_to_the_partner_and_the_operator_sees_all(
    api, agent_user, other_agent_user, operator_user
):
    mine = escalation_in("in_review", agent_user)
    theirs = escalation_in("in_review", other_agent_user)
    resolve(api, operator_user, mine, "10.00")
    resolve(api, operator_user, theirs, "20.00")
    assert [n["amount"] for n in api(agent_user).get("/api/credit-notes/").json()["results"]] == [
        "10.00"
    ]
    assert api(operator_user).get("/api/credit-notes/").json()["count"] == 2


def test_a_partner_admin_credits_part_of_an_invoice_but_never_more_than_its_balance(
    api, admin_user, partner
):
    invoice = invoice_due(Customer.objects.create(partner=partner, name="C", email="c@x.example"))
    url = f"/api/invoices/{invoice.pk}/credit-notes/"
    too_much = api(admin_user).post(url, {"amount": "1200.01", "reason": "Typo"}, format="json")
    assert too_much.status_code == 400 and "amount" in too_much.json()
    no_reason = api(admin_user).post(url, {"amount": "10.00", "reason": ""}, format="json")
    assert no_reason.status_code == 400
    ok = api(admin_user).post(url, {"amount": "200.00", "reason": "Two seats"}, format="json")
    assert ok.status_code == 201 and ok.json()["invoice"] == invoice.pk
    assert api(admin_user).get(f"/api/invoices/{invoice.pk}/").json()["balance"] == "1000.00"


def test_agents_cannot_credit_and_other_partners_invoices_are_404(
    api, agent_user, other_admin_user, partner
):
    invoice = invoice_due(Customer.objects.create(partner=partner, name="C", email="c@x.example"))
    url = f"/api/invoices/{invoice.pk}/credit-notes/"
    body = {"amount": "10.00", "reason": "Goodwill"}
    assert api(agent_user).post(url, body, format="json").status_code == 403
    assert api(other_admin_user).post(url, body, format="json").status_code == 404
    assert Invoice.objects.get(pk=invoice.pk).amount_credited == 0
