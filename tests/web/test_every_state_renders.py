"""Every ticket, escalation, invoice and customer page answers 200 in every state its objects can
be in, with and without an invoice, a subscription and a credit: a missing relation is never a
500."""

from decimal import Decimal

import pytest

from billing.services import credit_note_create, invoice_void, payment_record
from core.actors import actor_for
from tests.support.factories import SubscriptionFactory
from tests.support.ticket_states import TICKET_PATHS, escalation_in, make_operator, ticket_in
from tests.support.web import signed_in
from tickets import services
from tickets.models import Escalation

pytestmark = pytest.mark.django_db

ESCALATION_STATES = ["submitted", "in_review", "info_requested", "resolved", "withdrawn"]


def _pages(client, ticket, operator):
    urls = [(client, f"/tickets/{ticket.pk}/"), (client, f"/customers/{ticket.customer_id}/")]
    if ticket.invoice_id:
        urls.append((client, f"/invoices/{ticket.invoice_id}/"))
    for escalation in Escalation.objects.filter(ticket=ticket):
        urls.append((operator, f"/ops/escalations/{escalation.pk}/"))
    for who, url in urls:
        assert who.get(url).status_code == 200, url


@pytest.mark.parametrize("with_invoice", [True, False])
@pytest.mark.parametrize("state", list(TICKET_PATHS))
def test_every_ticket_state_renders(admin_user, state, with_invoice):
    ticket = ticket_in(state, admin_user, with_invoice=with_invoice)
    operator = signed_in(make_operator())
    _pages(signed_in(admin_user), ticket, operator)


@pytest.mark.parametrize("with_invoice", [True, False])
@pytest.mark.parametrize("state", ESCALATION_STATES)
def test_every_escalation_state_renders(admin_user, state, with_invoice):
    escalation = escalation_in(state, admin_user, with_invoice=with_invoice)
    _pages(signed_in(admin_user), escalation.ticket, signed_in(make_operator()))


@pytest.mark.parametrize("with_subscription", [True, False])
@pytest.mark.parametrize("credit", [None, Decimal("240.00"), Decimal("99999.00")])
@pytest.mark.parametrize("with_invoice", [True, False])
def test_every_decision_renders_with_and_without_invoice_subscription_and_credit(
    admin_user, with_invoice, credit, with_subscription
):
    escalation = escalation_in("in_review", admin_user, with_invoice=with_invoice)
    ticket = escalation.ticket
    if with_subscription:
        SubscriptionFactory(customer=ticket.customer)
    services.escalation_resolve(
        actor=actor_for(make_operator()),
        escalation=escalation,
        outcome="upheld",
        response="Two seats credited.",
        credit_amount=credit,
    )
    _pages(signed_in(admin_user), ticket, signed_in(make_operator()))


@pytest.mark.parametrize("end", ["open", "part_paid", "credited", "settled", "void"])
def test_every_invoice_state_renders(admin_user, end):
    ticket = ticket_in("new", admin_user, category="billing_question")
    invoice, actor = ticket.invoice, actor_for(admin_user)
    if end == "part_paid":
        payment_record(actor=actor, invoice=invoice, amount=Decimal("1"), date=invoice.issue_date)
    if end in ("credited", "settled"):
        amount = Decimal("1") if end == "credited" else invoice.balance
        credit_note_create(actor=actor, invoice=invoice, amount=amount, reason="Goodwill")
    if end == "void":
        invoice_void(actor=actor, invoice=invoice, reason="Issued in error")
    _pages(signed_in(admin_user), ticket, signed_in(make_operator()))
