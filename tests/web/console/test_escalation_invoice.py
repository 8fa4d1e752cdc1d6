"""The disputed invoice, read-only in the console: the operator sees amounts, payments and credit
notes before deciding a credit, reached only through the escalation; the case is named by the
partner's ticket number beside the partner."""

from datetime import date
from decimal import Decimal

import pytest

from billing import services as billing_services
from core.actors import actor_for
from tests.support.ticket_states import escalation_in
from tests.support.web import signed_in
from tickets import services

pytestmark = pytest.mark.django_db


def invoice_url(escalation):
    return f"/ops/escalations/{escalation.pk}/invoice/"


def test_the_operator_reads_the_disputed_invoice_with_payments_and_credits(
    operator_user, agent_user, admin_user
):
    escalation = escalation_in("in_review", agent_user)
    invoice = escalation.ticket.invoice
    billing_services.payment_record(
        actor=actor_for(agent_user),
        invoice=invoice,
        amount=Decimal("200.00"),
        date=date.today(),
        reference="BANK-4711",
    )
    billing_services.credit_note_create(
        actor=actor_for(admin_user),
        invoice=invoice,
        amount=Decimal("100.00"),
        reason="Goodwill for the outage",
    )
    response = signed_in(operator_user).get(invoice_url(escalation))
    assert response.status_code == 200
    html = response.content.decode()
    assert invoice.number in html and "BANK-4711" in html and "Goodwill for the outage" in html
    assert "CNY 900.00" in html  # 1,200.00 − 200.00 paid − 100.00 credited
    assert "<form" not in html.split("<main", 1)[1]  # read-only: nothing to submit


def test_the_escalation_page_links_the_invoice_and_names_the_ticket(operator_user, agent_user):
    escalation = escalation_in("in_review", agent_user)
    html = signed_in(operator_user).get(f"/ops/escalations/{escalation.pk}/").content.decode()
    assert f'href="{invoice_url(escalation)}"' in html
    eyebrow = html.split("data-case>", 1)[1].split("</p>", 1)[0]
    assert f"Ticket {escalation.ticket_id}" in eyebrow and escalation.partner.name in eyebrow


def test_a_case_without_an_invoice_has_none_to_show(operator_user, agent_user):
    escalation = escalation_in("in_review", agent_user, with_invoice=False)
    assert escalation.ticket.invoice_id is None
    assert signed_in(operator_user).get(invoice_url(escalation)).status_code == 404


def test_partner_users_do_not_open_the_console_invoice(agent_user, admin_user):
    escalation = escalation_in("in_review", agent_user)
    for user in (agent_user, admin_user):
        assert signed_in(user).get(invoice_url(escalation)).status_code in (403, 404)


def test_the_page_never_shows_internal_notes(operator_user, agent_user):
    escalation = escalation_in("in_review", agent_user)
    services.ticket_reply(
        actor=actor_for(agent_user),
        ticket=escalation.ticket,
        body="INTERNAL: customer is known to dispute everything",
        visibility="internal",
    )
    html = signed_in(operator_user).get(invoice_url(escalation)).content.decode()
    assert "INTERNAL:" not in html


def test_the_invoice_page_costs_a_fixed_number_of_queries(
    operator_user, agent_user, django_assert_max_num_queries
):
    escalation = escalation_in("in_review", agent_user)
    client = signed_in(operator_user)
    client.get(invoice_url(escalation))
    with django_assert_max_num_queries(12):
        assert client.get(invoice_url(escalation)).status_code == 200
