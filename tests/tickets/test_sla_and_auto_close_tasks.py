"""The periodic tasks under a controlled clock: an SLA breach is recorded exactly once (Event +
member e-mail), close-the-loop is an SLA in business days, resolved tickets auto-close once."""

import zoneinfo
from datetime import datetime

import pytest

from core.actors import actor_for
from notifications.models import Notification
from partners.models import Event
from tests.support.factories import make_operator
from tests.support.ticket_states import Clock, new_ticket
from tests.support.working_hours import office_hours
from tickets import services
from tickets.models import DeskSettings, Escalation, Ticket
from tickets.tasks import auto_close, check_sla

pytestmark = pytest.mark.django_db
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
WEDNESDAY = datetime(2026, 3, 4, 10, 0, tzinfo=SHANGHAI)
FRIDAY = datetime(2026, 3, 6, 10, 0, tzinfo=SHANGHAI)


def run(task) -> int:
    return task.delay().get()


def breaches(ticket, sla=None):
    events = Event.objects.filter(object_type="ticket", object_id=ticket.pk, action="sla_breached")
    return [e.data["sla"] for e in events if sla in (None, e.data["sla"])]


def test_a_missed_first_response_is_recorded_once_with_one_email_per_admin(agent_user, admin_user):
    with Clock(WEDNESDAY) as clock:
        ticket = new_ticket(
            agent_user, priority="urgent"
        )  # first response within 1 hour by default
        clock.advance(minutes=59)
        assert run(check_sla) == 0
        clock.advance(minutes=2)
        assert run(check_sla) == 1
        assert run(check_sla) == 0
        clock.advance(hours=1)
        assert run(check_sla) == 0
    assert breaches(ticket) == ["first_response"]
    mails = Notification.objects.filter(kind="sla_breached")
    assert [m.recipient for m in mails] == [admin_user.email]


def test_a_public_reply_in_time_meets_the_first_response_target(agent_user, admin_user):
    with Clock(WEDNESDAY) as clock:
        ticket = new_ticket(agent_user, priority="urgent")
        clock.advance(minutes=30)
        services.ticket_reply(actor=actor_for(agent_user), ticket=ticket, body="On it.")
        clock.advance(hours=2)
        assert run(check_sla) == 0
    assert Ticket.objects.get(pk=ticket.pk).first_response_breached_at is None


def test_an_internal_note_does_not_count_as_a_first_response(agent_user, admin_user):
    with Clock(WEDNESDAY) as clock:
        ticket = new_ticket(agent_user, priority="urgent")
        services.ticket_reply(
            actor=actor_for(agent_user), ticket=ticket, body="Looking", visibility="internal"
        )
        clock.advance(hours=2)
        assert run(check_sla) == 1
    assert breaches(ticket) == ["first_response"]


def test_the_resolution_target_comes_from_the_partners_settings(agent_user, admin_user, partner):
    DeskSettings.objects.create(
        partner=partner, first_response_hours={"normal": 100}, resolution_hours={"normal": 3}
    )
    with Clock(WEDNESDAY) as clock:
        ticket = new_ticket(agent_user, priority="normal")
        clock.advance(hours=2, minutes=59)
        assert run(check_sla) == 0
        clock.advance(minutes=2)
        assert run(check_sla) == 1
        assert run(check_sla) == 0
    assert breaches(ticket) == ["resolution"]


def test_the_assignee_is_told_of_a_breach_too(agent_user, admin_user):
    with Clock(WEDNESDAY) as clock:
        ticket = new_ticket(agent_user, priority="urgent")
        services.ticket_assign(actor=actor_for(agent_user), ticket=ticket, assignee=agent_user.pk)
        clock.advance(hours=2)
        run(check_sla)
    assert sorted(
        Notification.objects.filter(kind="sla_breached").values_list("recipient", flat=True)
    ) == sorted([admin_user.email, agent_user.email])


def escalation_resolved_on_friday(agent_user, clock):
    ticket = new_ticket(agent_user, priority="low")
    agent = actor_for(agent_user)
    services.ticket_reply(actor=agent, ticket=ticket, body="We asked the operator.")
    escalation = services.ticket_escalate(actor=agent, ticket=ticket, summary="s", steps_taken="t")
    operator = actor_for(make_operator())
    services.escalation_take(actor=operator, escalation=escalation)
    clock.now = FRIDAY
    services.escalation_resolve(
        actor=operator,
        escalation=Escalation.objects.get(pk=escalation.pk),
        outcome="upheld",
        response="Credit granted.",
    )
    return Ticket.objects.get(pk=ticket.pk)


def test_close_the_loop_is_due_two_business_days_later_and_breached_once(
    agent_user, admin_user, partner
):
    office_hours(partner)  # working days: Mon–Fri (the test cast is 24×7)
    with Clock(WEDNESDAY) as clock:
        ticket = escalation_resolved_on_friday(agent_user, clock)
        assert ticket.close_loop_due == datetime(
            2026, 3, 10, 10, 0, tzinfo=SHANGHAI
        )  # Tuesday: the weekend does not count
        clock.now = datetime(2026, 3, 10, 9, 59, tzinfo=SHANGHAI)
        run(check_sla)
        assert breaches(ticket, "close_loop") == []
        clock.advance(minutes=2)
        run(check_sla)
        run(check_sla)
    assert breaches(ticket, "close_loop") == ["close_loop"]
    assert Notification.objects.filter(kind="escalation_resolved").count() >= 1


def test_a_public_answer_after_the_operators_decision_closes_the_loop_in_time(
    agent_user, admin_user
):
    with Clock(WEDNESDAY) as clock:
        ticket = escalation_resolved_on_friday(agent_user, clock)
        clock.advance(days=1)
        services.ticket_reply(
            actor=actor_for(agent_user), ticket=ticket, body="Good news: you get a credit."
        )
        clock.advance(days=10)
        run(check_sla)
    assert breaches(ticket, "close_loop") == []
    assert Ticket.objects.get(pk=ticket.pk).close_loop_met_at is not None


def resolved_ticket(agent_user):
    ticket = new_ticket(agent_user)
    return services.ticket_resolve(
        actor=actor_for(agent_user), ticket=ticket, resolution="Credited."
    )


def test_a_resolved_ticket_closes_itself_after_seven_silent_days_exactly_once(agent_user):
    with Clock(WEDNESDAY) as clock:
        ticket = resolved_ticket(agent_user)
        clock.advance(days=6, hours=23)
        assert run(auto_close) == 0
        clock.advance(hours=2)
        assert run(auto_close) == 1
        assert run(auto_close) == 0
    ticket = Ticket.objects.get(pk=ticket.pk)
    assert ticket.status == "closed" and ticket.closed_at is not None
    event = Event.objects.get(object_type="ticket", object_id=ticket.pk, action="close")
    assert (event.from_state, event.to_state, event.actor) == ("resolved", "closed", None)
    assert Notification.objects.filter(kind="ticket_closed").count() == 1


def test_a_customer_reply_stops_the_auto_close(agent_user):
    with Clock(WEDNESDAY) as clock:
        ticket = resolved_ticket(agent_user)
        clock.advance(days=3)
        services.customer_reply(ticket=ticket, body="Actually, one more thing.")
        clock.advance(days=10)
        assert run(auto_close) == 0
    assert Ticket.objects.get(pk=ticket.pk).status == "open"


def test_the_auto_close_delay_is_the_partners_setting(agent_user, partner):
    DeskSettings.objects.create(partner=partner, auto_close_days=2)
    with Clock(WEDNESDAY) as clock:
        ticket = resolved_ticket(agent_user)
        clock.advance(days=2, minutes=1)
        assert run(auto_close) == 1
    assert Ticket.objects.get(pk=ticket.pk).status == "closed"
