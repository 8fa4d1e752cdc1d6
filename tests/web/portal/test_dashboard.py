"""The partner dashboard at ``/``: ticket panels filled from the tickets app, composed above the
apps it reads (``partners`` imports neither tickets nor billing)."""

import zoneinfo
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from core.actors import actor_for
from tests.support.factories import CustomerFactory, TicketFactory
from tests.support.ticket_states import Clock, escalation_in, ticket_in
from tests.support.web import signed_in
from tests.support.working_hours import office_hours
from tickets import services
from tickets.models import Ticket

pytestmark = pytest.mark.django_db
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(*args) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


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
        and "First response</span> <time" in html
        and "overdue by 2 working hours" in html  # the test partner works 24×7
    )


def test_a_ticket_past_its_resolution_deadline_is_a_breach_until_resolved(agent_user):
    ticket = ticket_in("open", agent_user, subject="Taking too long")
    overdue(ticket, resolution_due=timedelta(days=1))
    html = dashboard(agent_user)
    assert "Resolution</span> <time" in html and "overdue by 24 working hours" in html
    services.ticket_resolve(actor=actor_for(agent_user), ticket=ticket, resolution="Done.")
    html = dashboard(agent_user)
    assert "Taking too long" not in html and "No breaches" in html


@pytest.mark.parametrize(
    "due, now, wall_clock",
    [
        # Friday 17:00 → Monday 10:00: the weekend is 65 wall-clock hours, 2 working ones.
        (at(2026, 3, 6, 17), at(2026, 3, 9, 10), "2 days"),
        # The last working hour before National Day (1–7 October) → 10:00 the day after it.
        (at(2026, 9, 30, 17), at(2026, 10, 8, 10), "1 week"),
    ],
)
def test_how_late_is_counted_in_the_partners_working_hours(agent_user, due, now, wall_clock):
    office_hours(agent_user.membership.partner)  # Mon–Fri 09:00–18:00, China's holidays
    with Clock(due - timedelta(hours=2)) as clock:
        ticket = ticket_in("new", agent_user, subject="Waited over the holiday")
        Ticket.objects.filter(pk=ticket.pk).update(first_response_due=due)
        clock.now = now
        html = dashboard(agent_user)
    panel = html.split('id="panel-sla"')[1].split("</section>")[0]
    assert "Waited over the holiday" in panel and "overdue by 2 working hours" in panel
    assert wall_clock not in panel


def test_a_loop_to_close_counts_its_working_time_too(agent_user):
    office_hours(agent_user.membership.partner)
    with Clock(at(2026, 3, 6, 12)) as clock:  # a Friday
        escalation = escalation_in("resolved", agent_user, subject="Credited over the weekend")
        Ticket.objects.filter(pk=escalation.ticket_id).update(close_loop_due=at(2026, 3, 6, 17))
        clock.now = at(2026, 3, 9, 10)  # Monday 10:00: 65 wall-clock hours later, 2 working ones
        html = dashboard(agent_user)
    panel = html.split('id="panel-loop"')[1].split("</section>")[0]
    assert "Credited over the weekend" in panel and "overdue by 2 working hours" in panel
    assert "2 days" not in panel


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
