"""SLA clocks count working time in the partner's calendar and stand still while the ticket waits
on the customer or on the operator; the periodic check (``check_sla``) finds breaches from the
stored deadlines."""

import zoneinfo
from datetime import datetime

import pytest

from core.actors import actor_for
from partners.models import Event
from tests.support.factories import make_operator
from tests.support.ticket_states import Clock, new_ticket
from tests.support.working_hours import around_the_clock, office_hours
from tickets import services
from tickets.models import Escalation, Ticket
from tickets.services.bulk import ticket_set_priority
from tickets.tasks import check_sla

pytestmark = pytest.mark.django_db
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def _office_hours(partner):
    """The model's default calendar (the test cast is 24×7): Mon–Fri 09:00–18:00, CN holidays."""
    office_hours(partner)


def at(*args) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


def check() -> int:
    return check_sla.delay().get()


def fresh(ticket) -> Ticket:
    return Ticket.objects.get(pk=ticket.pk)


def test_friday_at_17_with_four_working_hours_is_due_monday_noon_and_breached_after(
    agent_user, admin_user
):
    with Clock(at(2026, 3, 6, 17)) as clock:
        ticket = new_ticket(agent_user, priority="high")  # first response within 4 hours
        assert ticket.first_response_due == at(2026, 3, 9, 12)
        clock.now = at(2026, 3, 9, 11, 59)
        assert check() == 0
        clock.now = at(2026, 3, 9, 12, 1)
        assert check() == 1
    assert fresh(ticket).first_response_breached_at == at(2026, 3, 9, 12, 1)


def test_the_national_day_week_does_not_count(agent_user, admin_user):
    with Clock(at(2026, 9, 30, 17)) as clock:
        ticket = new_ticket(agent_user, priority="high")
        assert ticket.first_response_due == at(2026, 10, 8, 12)
        clock.now = at(2026, 10, 7, 23)
        assert check() == 0


def test_a_make_up_working_saturday_counts(agent_user, admin_user):
    with Clock(at(2026, 10, 9, 17)) as clock:
        ticket = new_ticket(agent_user, priority="high")
        assert ticket.first_response_due == at(2026, 10, 10, 12)  # Saturday, worked
        clock.now = at(2026, 10, 10, 12, 1)
        assert check() == 1


def test_a_partner_around_the_clock_keeps_wall_clock_hours(agent_user, admin_user, partner):
    around_the_clock(partner)
    with Clock(at(2026, 3, 6, 17)):
        ticket = new_ticket(agent_user, priority="high")
    assert ticket.first_response_due == at(2026, 3, 6, 21)
    assert ticket.resolution_due == at(2026, 3, 7, 17)  # 24 hours, Saturday


def test_waiting_on_the_customer_pauses_the_clocks(agent_user, admin_user):
    agent = actor_for(agent_user)
    with Clock(at(2026, 3, 4, 10)) as clock:  # a Wednesday
        ticket = new_ticket(agent_user, priority="urgent")  # resolution within 8 working hours
        assert ticket.resolution_due == at(2026, 3, 4, 18)
        clock.now = at(2026, 3, 4, 11)
        services.ticket_wait_on_customer(actor=agent, ticket=ticket, body="Which invoice?")
        paused = fresh(ticket)
        assert paused.sla_paused_at == at(2026, 3, 4, 11)
        assert paused.sla_left == {"resolution": 7 * 3600}
        clock.now = at(2026, 3, 5, 14)  # past the first deadline, but the clock stands still
        assert check() == 0
        clock.now = at(2026, 3, 5, 15)
        services.customer_reply(ticket=paused, body="The March one.")
        resumed = fresh(ticket)
        # Thursday 15:00–18:00 and Friday 09:00–13:00: the 7 hours that were left.
        assert resumed.resolution_due == at(2026, 3, 6, 13)
        assert resumed.sla_paused_at is None and resumed.sla_left == {}
        assert resumed.sla_paused_seconds == (7 + 6) * 3600  # Wednesday 11–18, Thursday 9–15
        clock.now = at(2026, 3, 6, 12, 59)
        assert check() == 0
        clock.now = at(2026, 3, 6, 13, 1)
        assert check() == 1
    actions = Event.objects.filter(object_type="ticket", object_id=ticket.pk)
    assert [e.data.get("sla") for e in actions if e.action in ("wait_on_customer", "resume")] == [
        "paused",
        "resumed",
    ]


def test_waiting_on_the_operator_pauses_the_clocks(agent_user, admin_user):
    agent, operator = actor_for(agent_user), actor_for(make_operator())
    with Clock(at(2026, 3, 4, 10)) as clock:
        ticket = new_ticket(agent_user, priority="urgent")  # first response within 1 hour
        clock.now = at(2026, 3, 4, 10, 30)
        escalation = services.ticket_escalate(
            actor=agent, ticket=ticket, summary="Seats billed twice", steps_taken="Checked"
        )
        clock.now = at(2026, 3, 5, 12)
        assert check() == 0
        services.escalation_take(actor=operator, escalation=escalation)
        clock.now = at(2026, 3, 6, 10)  # Friday
        services.escalation_resolve(
            actor=operator,
            escalation=Escalation.objects.get(pk=escalation.pk),
            outcome="upheld",
            response="Credit granted.",
        )
        back = fresh(ticket)
        assert back.first_response_due == at(2026, 3, 6, 10, 30)
        assert back.resolution_due == at(2026, 3, 6, 17, 30)
        assert back.close_loop_due == at(2026, 3, 10, 10)  # two working days: Tuesday
        clock.now = at(2026, 3, 6, 10, 31)
        assert check() == 1
    assert fresh(ticket).first_response_breached_at is not None


def test_a_clock_already_overdue_when_the_ticket_pauses_is_breached_once_it_resumes(
    agent_user, admin_user
):
    agent = actor_for(agent_user)
    with Clock(at(2026, 3, 4, 10)) as clock:
        ticket = new_ticket(agent_user, priority="urgent")
        services.ticket_reply(actor=agent, ticket=ticket, body="On it.")
        clock.now = at(2026, 3, 4, 18, 2)  # resolution due 18:00, not checked yet
        services.ticket_wait_on_customer(actor=agent, ticket=ticket, body="Which invoice?")
        assert fresh(ticket).sla_left == {}
        assert check() == 0
        services.customer_reply(ticket=fresh(ticket), body="March.")
        assert fresh(ticket).resolution_due == at(2026, 3, 4, 18)
        assert check() == 1


def test_a_priority_changed_while_paused_counts_from_the_pause(agent_user, admin_user):
    agent = actor_for(agent_user)
    with Clock(at(2026, 3, 4, 10)) as clock:
        ticket = new_ticket(agent_user, priority="urgent")
        services.ticket_reply(actor=agent, ticket=ticket, body="On it.")
        clock.now = at(2026, 3, 4, 11)
        services.ticket_wait_on_customer(actor=agent, ticket=ticket, body="Which invoice?")
        ticket_set_priority(actor=agent, ticket=fresh(ticket), priority="high")
        assert fresh(ticket).sla_left == {"resolution": 23 * 3600}  # 24 hours, 1 of them gone
        clock.now = at(2026, 3, 5, 9)
        services.customer_reply(ticket=fresh(ticket), body="March.")
    # Thursday 09:00 + 23 working hours: Thursday 9, Friday 9, Monday 5 → Monday 14:00.
    assert fresh(ticket).resolution_due == at(2026, 3, 9, 14)


@pytest.mark.postgres
@pytest.mark.parametrize("sla", ["first_response", "resolution", "close_loop"])
def test_the_breach_query_can_use_its_partial_index(sla):
    """The check's filter (paused tickets left out) implies the index's predicate."""
    from django.db import connection

    from tickets.services.sla import _overdue

    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = _overdue(sla, at(2026, 3, 4, 10)).explain()
    assert f"ticket_{sla}_sla_idx" in plan
