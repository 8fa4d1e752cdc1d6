"""The customer's status page: the public thread in their language, reply / confirm / not solved
by POST with CSRF, a rate limit, and a GET that never changes anything."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core.actors import actor_for
from partners.models import Event
from tests.support.ticket_states import ticket_in
from tickets import services
from tickets.models import Message, Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()


def url(ticket, action=""):
    return f"/status/{ticket.status_token}/" + (f"{action}/" if action else "")


def csrf_client(ticket):
    """A browser: it loads the page (getting the CSRF cookie), then posts the form with the
    token."""
    client = Client(enforce_csrf_checks=True)
    client.get(url(ticket))
    return client, client.cookies["csrftoken"].value


def test_the_page_shows_subject_status_and_public_thread_but_no_internal_or_operator_message(
    agent_user,
):
    ticket = ticket_in("escalated", agent_user)
    agent = actor_for(agent_user)
    services.ticket_reply(actor=agent, ticket=ticket, body="We asked the cloud operator for you.")
    services.ticket_reply(
        actor=agent, ticket=ticket, body="SECRET internal remark", visibility="internal"
    )
    services.ticket_reply(
        actor=agent, ticket=ticket, body="SECRET operator remark", visibility="operator"
    )
    page = Client().get(url(ticket)).content.decode()
    assert ticket.subject in page and "We asked the cloud operator for you." in page
    assert "Forwarded to the cloud operator" in page
    assert "SECRET" not in page


def test_it_speaks_the_customers_language_and_switches_on_request(agent_user):
    ticket = ticket_in("open", agent_user, language="fr")
    response = Client().get(url(ticket))
    assert response["Content-Language"] == "fr" and '<html lang="fr">' in response.content.decode()
    switched = Client().get(url(ticket), {"lang": "zh-hans"})
    assert switched["Content-Language"] == "zh-hans"
    assert Client().get(url(ticket), {"lang": "xx"})["Content-Language"] == "fr"


def test_an_unknown_token_is_404():
    assert Client().get("/status/not-a-real-token/").status_code == 404


def test_a_get_writes_nothing_and_is_never_cached(agent_user):
    ticket = ticket_in("resolved", agent_user)
    before = (
        Ticket.objects.get(pk=ticket.pk).updated_at,
        Event.objects.count(),
        Message.objects.count(),
    )
    with CaptureQueriesContext(connection) as ctx:
        response = Client().get(url(ticket))
    assert response.status_code == 200
    assert all(q["sql"].lstrip().upper().startswith("SELECT") for q in ctx.captured_queries), (
        ctx.captured_queries
    )
    assert (
        Ticket.objects.get(pk=ticket.pk).updated_at,
        Event.objects.count(),
        Message.objects.count(),
    ) == before
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("action", ["reply", "confirm", "reject"])
def test_a_post_without_the_csrf_token_is_refused(agent_user, action):
    ticket = ticket_in("resolved", agent_user)
    response = Client(enforce_csrf_checks=True).post(url(ticket, action), {"body": "hello"})
    assert response.status_code == 403
    assert Ticket.objects.get(pk=ticket.pk).status == "resolved"


def test_a_reply_reaches_the_partner_and_a_waiting_ticket_opens(agent_user):
    ticket = ticket_in("pending_customer", agent_user)
    client, token = csrf_client(ticket)
    response = client.post(
        url(ticket, "reply"), {"body": "It is invoice 42.", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert Ticket.objects.get(pk=ticket.pk).status == "open"
    message = Message.objects.filter(ticket=ticket).last()
    assert (message.author_kind, message.visibility, message.body) == (
        "customer",
        "public",
        "It is invoice 42.",
    )
    assert "It is invoice 42." in client.get(response["Location"]).content.decode()


def test_confirming_the_resolution_closes_the_ticket(agent_user):
    ticket = ticket_in("resolved", agent_user)
    client, token = csrf_client(ticket)
    client.post(url(ticket, "confirm"), {"csrfmiddlewaretoken": token})
    assert Ticket.objects.get(pk=ticket.pk).status == "closed"
    assert Event.objects.filter(
        object_id=ticket.pk, action="close", from_state="resolved", actor=None
    ).exists()


def test_saying_it_is_not_solved_reopens_it_with_the_comment(agent_user):
    ticket = ticket_in("resolved", agent_user)
    client, token = csrf_client(ticket)
    client.post(
        url(ticket, "reject"), {"body": "Still charged 10 seats.", "csrfmiddlewaretoken": token}
    )
    assert Ticket.objects.get(pk=ticket.pk).status == "open"
    assert Message.objects.filter(
        ticket=ticket, author_kind="customer", body="Still charged 10 seats."
    ).exists()


def test_confirming_a_ticket_that_is_not_resolved_is_refused_with_the_reason(agent_user):
    ticket = ticket_in("open", agent_user)
    client, token = csrf_client(ticket)
    response = client.post(url(ticket, "confirm"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 409 and "only when it is resolved" in response.content.decode()
    assert Ticket.objects.get(pk=ticket.pk).status == "open"


def test_a_closed_ticket_takes_no_more_replies(agent_user):
    ticket = ticket_in("closed", agent_user)
    client, token = csrf_client(ticket)
    response = client.post(url(ticket, "reply"), {"body": "Hello?", "csrfmiddlewaretoken": token})
    assert response.status_code == 409
    assert not Message.objects.filter(ticket=ticket, author_kind="customer").exists()


def test_an_empty_reply_is_refused_and_nothing_is_written(agent_user):
    ticket = ticket_in("open", agent_user)
    client, token = csrf_client(ticket)
    assert (
        client.post(url(ticket, "reply"), {"body": "  ", "csrfmiddlewaretoken": token}).status_code
        == 400
    )


def test_posts_are_rate_limited_per_link(agent_user, settings):
    from web.public import status as views_status

    ticket = ticket_in("open", agent_user)
    client, token = csrf_client(ticket)
    codes = [
        client.post(
            url(ticket, "reply"), {"body": f"n{n}", "csrfmiddlewaretoken": token}
        ).status_code
        for n in range(views_status.POST_LIMIT + 2)
    ]
    assert codes[: views_status.POST_LIMIT] == [302] * views_status.POST_LIMIT
    assert codes[-2:] == [429, 429]
    assert (
        Message.objects.filter(ticket=ticket, author_kind="customer").count()
        == views_status.POST_LIMIT
    )


def test_a_customer_can_attach_a_file_to_a_reply_and_a_bad_one_is_refused(agent_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tickets.models import Attachment

    ticket = ticket_in("open", agent_user)
    client, token = csrf_client(ticket)
    ok = client.post(
        url(ticket, "reply"),
        {
            "body": "Here is the page.",
            "csrfmiddlewaretoken": token,
            "files": [SimpleUploadedFile("page.pdf", b"%PDF-1.4 x")],
        },
    )
    assert ok.status_code == 302 and Attachment.objects.get().message.author_kind == "customer"
    bad = client.post(
        url(ticket, "reply"),
        {
            "body": "And this.",
            "csrfmiddlewaretoken": token,
            "files": [SimpleUploadedFile("tool.exe", b"MZ")],
        },
    )
    assert (
        bad.status_code == 400
        and "tool.exe" in bad.content.decode()
        and Attachment.objects.count() == 1
    )


def test_a_reply_over_the_length_cap_is_refused_by_the_service_and_kept_in_the_box(agent_user):
    ticket = ticket_in("open", agent_user)
    client, token = csrf_client(ticket)
    too_long = "word " * 4001  # 20,005 characters: over CUSTOMER_BODY_MAX
    response = client.post(url(ticket, "reply"), {"body": too_long, "csrfmiddlewaretoken": token})
    assert response.status_code == 400 and "20000" in response.content.decode()
    assert too_long.strip() in response.content.decode()  # what they typed stays in the box
    assert not Message.objects.filter(ticket=ticket, author_kind="customer").exists()
