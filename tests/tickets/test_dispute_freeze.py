"""An invoice dispute freezes its invoice from the moment the ticket has one, and lifts its hold
when the ticket is resolved or closed, the invoice unlinked or the category changed; several open
disputes on one invoice each hold it (SPEC §3)."""

import pytest
from django.utils import timezone

from billing.models import Invoice
from tests.support.billing_helpers import invoice_due, kinds, publish, run
from tests.support.factories import CustomerFactory

pytestmark = pytest.mark.django_db


def create(api, user, customer, invoice=None, category="invoice_dispute"):
    response = api(user).post(
        "/api/tickets/",
        {
            "customer": customer.pk,
            "invoice": invoice.pk if invoice else None,
            "category": category,
            "subject": "Seats billed twice",
            "description": "Please check.",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    return response.json()["id"]


def holds(invoice) -> int:
    return Invoice.objects.get(pk=invoice.pk).freeze_count


@pytest.fixture
def invoice(partner):
    return invoice_due(CustomerFactory(partner=partner), due=timezone.localdate())


def test_a_dispute_freezes_its_invoice_at_creation_and_it_is_never_dunned(
    api, agent_user, partner, invoice
):
    publish(partner)
    create(api, agent_user, invoice.customer, invoice)
    assert api(agent_user).get(f"/api/invoices/{invoice.pk}/").json()["frozen"] is True
    run(timezone.localdate() + timezone.timedelta(days=30))
    assert kinds(kind__in=["invoice_reminder", "invoice_final_notice"]) == []


def test_resolving_lifts_the_hold_and_reopening_takes_it_again(api, agent_user, invoice):
    ticket = create(api, agent_user, invoice.customer, invoice)
    url = f"/api/tickets/{ticket}/"
    api(agent_user).post(url + "resolve/", {"resolution": "Corrected."}, format="json")
    assert holds(invoice) == 0
    api(agent_user).post(url + "reopen/", {}, format="json")
    assert holds(invoice) == 1
    api(agent_user).post(url + "resolve/", {"resolution": "Corrected."}, format="json")
    api(agent_user).post(url + "close/", {}, format="json")
    assert holds(invoice) == 0


def test_linking_an_invoice_later_freezes_it_and_unlinking_or_refiling_lifts_it(
    api, agent_user, invoice
):
    ticket = create(api, agent_user, invoice.customer)
    url = f"/api/tickets/{ticket}/"
    assert api(agent_user).patch(url, {"invoice": invoice.pk}, format="json").status_code == 200
    assert holds(invoice) == 1
    api(agent_user).patch(url, {"invoice": None}, format="json")
    assert holds(invoice) == 0
    api(agent_user).patch(url, {"invoice": invoice.pk}, format="json")
    body = api(agent_user).patch(url, {"category": "billing_question"}, format="json").json()
    assert body["category"] == "billing_question" and holds(invoice) == 0


def test_two_open_disputes_on_one_invoice_both_have_to_end(api, agent_user, invoice):
    first = create(api, agent_user, invoice.customer, invoice)
    second = create(api, agent_user, invoice.customer, invoice)
    assert holds(invoice) == 2
    api(agent_user).post(f"/api/tickets/{first}/resolve/", {"resolution": "Done."}, format="json")
    assert holds(invoice) == 1
    api(agent_user).post(f"/api/tickets/{second}/resolve/", {"resolution": "Done."}, format="json")
    assert holds(invoice) == 0


def test_escalating_a_dispute_takes_no_second_hold(api, agent_user, operator_user, invoice):
    ticket = create(api, agent_user, invoice.customer, invoice)
    api(agent_user).post(
        f"/api/tickets/{ticket}/escalate/",
        {"summary": "Billed twice", "steps_taken": "Checked usage"},
        format="json",
    )
    assert holds(invoice) == 1


def test_another_partners_invoice_cannot_be_linked(api, agent_user, other_partner, invoice):
    ticket = create(api, agent_user, invoice.customer)
    theirs = invoice_due(CustomerFactory(partner=other_partner))
    response = api(agent_user).patch(f"/api/tickets/{ticket}/", {"invoice": theirs.pk})
    assert response.status_code == 400 and holds(theirs) == 0
