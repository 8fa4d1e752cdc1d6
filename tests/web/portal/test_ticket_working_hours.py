"""The ticket page and the API detail say the SLA clocks in working time, in the reader's
language: "3 working hours left", "overdue by 2 working hours", paused while waiting."""

import zoneinfo
from datetime import datetime

import pytest

from core.actors import actor_for
from partners.models import Profile
from tests.support.ticket_states import Clock, new_ticket
from tests.support.web import signed_in
from tests.support.working_hours import office_hours
from tickets import services

pytestmark = pytest.mark.django_db
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def _office_hours(partner):
    """The model's default calendar (the test cast is 24×7): Mon–Fri 09:00–18:00, CN holidays."""
    office_hours(partner)


def at(*args) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


def page(user, ticket) -> str:
    response = signed_in(user).get(f"/tickets/{ticket.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def speaks(user, language: str) -> None:
    Profile.objects.update_or_create(user=user, defaults={"language": language})


def test_the_page_counts_working_hours_left_and_over(agent_user):
    with Clock(at(2026, 3, 6, 15)) as clock:  # Friday 15:00, high: first response in 4 hours
        ticket = new_ticket(agent_user, priority="high")  # due Monday 10:00
        clock.now = at(2026, 3, 6, 16)  # Friday 16–18 and Monday 9–10
        assert "3 working hours left" in page(agent_user, ticket)
        clock.now = at(2026, 3, 7, 11)  # Saturday: the weekend takes nothing off
        assert "1 working hour left" in page(agent_user, ticket)
        clock.now = at(2026, 3, 9, 12, 30)  # Monday 12:30: overdue by 2½ working hours
        assert "overdue by 2 working hours" in page(agent_user, ticket)
        clock.now = at(2026, 3, 9, 10, 20)
        assert "overdue by 20 working minutes" in page(agent_user, ticket)


def test_a_paused_clock_says_so(agent_user):
    with Clock(at(2026, 3, 4, 10)) as clock:
        ticket = new_ticket(agent_user, priority="urgent")
        agent = actor_for(agent_user)
        services.ticket_reply(actor=agent, ticket=ticket, body="On it.")
        clock.now = at(2026, 3, 4, 11)
        services.ticket_wait_on_customer(actor=agent, ticket=ticket, body="Which invoice?")
        clock.now = at(2026, 3, 9, 11)
        text = page(agent_user, ticket)
    assert "7 working hours left, paused while waiting on the customer" in text


@pytest.mark.parametrize(
    "language, one, few, many",
    [
        ("ru", "1 рабочий час", "3 рабочих часа", "5 рабочих часов"),
        ("zh-hans", "剩余 1 个工作小时", "剩余 3 个工作小时", "剩余 5 个工作小时"),
        ("es", "1 hora laborable", "3 horas laborables", "5 horas laborables"),
    ],
)
def test_the_words_follow_the_readers_language_and_its_plurals(
    agent_user, language, one, few, many
):
    speaks(agent_user, language)
    with Clock(at(2026, 3, 4, 9)) as clock:
        ticket = new_ticket(agent_user, priority="high")  # first response due 13:00
        for hour, expected in ((12, one), (10, few)):
            clock.now = at(2026, 3, 4, hour)
            assert expected in page(agent_user, ticket)
        ticket = new_ticket(agent_user, priority="normal")  # opened 10:00, due 18:00
        clock.now = at(2026, 3, 4, 13)
        assert many in page(agent_user, ticket)


def test_the_api_detail_gives_each_clock_in_working_seconds_and_words(api, agent_user):
    with Clock(at(2026, 3, 6, 15)) as clock:
        ticket = new_ticket(agent_user, priority="high")
        clock.now = at(2026, 3, 9, 12, 30)
        body = api(agent_user).get(f"/api/tickets/{ticket.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()
    first = next(c for c in body["sla"] if c["name"] == "first_response")
    assert first["state"] == "breached" and first["working_seconds_over"] == 2.5 * 3600
    assert first["working_seconds_left"] is None
    assert first["text"] == "overdue by 2 working hours"
    resolution = next(c for c in body["sla"] if c["name"] == "resolution")
    assert resolution["state"] == "ok" and resolution["working_seconds_left"] == 17.5 * 3600
