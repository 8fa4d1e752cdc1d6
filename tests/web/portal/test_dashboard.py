"""The partner dashboard at ``/``: ticket panels filled from the tickets app, composed above the
apps it reads (``partners`` imports neither tickets nor billing)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.actors import actor_for
from tests.support.factories import CustomerFactory, TicketFactory
from tests.support.ticket_states import escalation_in, ticket_in
from tests.support.web import signed_in
from tickets import services
from tickets.models import Ticket

pytestmark = pytest.mark.django_db


def dashboard(user) -> str:
    response = signed_in(user).get("/")
    assert response.status_code == 200
    return response.content.decode()


def overdue(ticket, **deadlines):
    Ticket.objects.filter(pk=ticket.pk).update(
        **{name: timezone.now() - delta for name, delta in deadlines.items()}
    )


def test_a_ticket_past_its_first_response_deadline_is_a_breach(agent_user):
    ticket = ticket_in("new", agent_user, subject="Nobody answered me")
    overdue(ticket, first_response_due=timedelta(hours=2))
    html = dashboard(agent_user)
    assert (
        f'href="/tickets/{ticket.pk}/">Nobody answered me</a>' in html
        and "no first response, overdue by 2" in html
    )


def test_a_ticket_past_its_resolution_deadline_is_a_breach_until_resolved(agent_user):
    ticket = ticket_in("open", agent_user, subject="Taking too long")
    overdue(ticket, resolution_due=timedelta(days=1))
    assert "resolution overdue by 1" in dashboard(agent_user)
    services.ticket_resolve(actor=actor_for(agent_user), ticket=ticket, resolution="Done.")
    html = dashboard(agent_user)
    assert "Taking too long" not in html and "No breaches" in html


def test_another_partners_breaches_are_not_shown(agent_user, other_agent_user):
    theirs = TicketFactory(
        customer=CustomerFactory(partner=other_agent_user.membership.partner),
        subject="Their breach",
    )
    overdue(theirs, first_response_due=timedelta(hours=5), resolution_due=timedelta(hours=1))
    assert "Their breach" not in dashboard(agent_user)


def test_an_answered_escalation_is_a_loop_to_close_until_the_customer_hears_back(agent_user):
    escalation = escalation_in("resolved", agent_user, subject="Decided by the operator")
    html = dashboard(agent_user)
    assert "Decided by the operator" in html and "1 customer waiting" in html
    services.ticket_reply(
        actor=actor_for(agent_user), ticket=escalation.ticket, body="The operator credited you."
    )
    panels = dashboard(agent_user).split('class="grid grid--dashboard"')[1]  # not "Needs you"
    assert "Decided by the operator" not in panels and "All loops closed" in panels


def test_status_bars_lead_to_the_filtered_queue(agent_user):
    ticket_in("pending_customer", agent_user)
    html = dashboard(agent_user)
    assert 'href="/tickets/?status=pending_customer"' in html and 'href="/tickets/"' in html
