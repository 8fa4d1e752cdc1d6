"""The partner's ticket page: the thread told apart by audience, and every action through the
services (POST + redirect), with the service's reason on the page when it refuses."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from core.actors import actor_for
from notifications.models import Notification
from partners.models import Event
from tests.support.factories import MembershipFactory, make_operator
from tests.support.ticket_page import fresh, page, url
from tests.support.ticket_states import escalation_in, ticket_in
from tests.support.web import MODEL_BACKEND, signed_in
from tickets import services
from tickets.models import Attachment, CannedReply, Message

pytestmark = pytest.mark.django_db


def test_the_page_tells_public_internal_and_operator_messages_apart(agent_user):
    ticket = ticket_in("escalated", agent_user)
    agent = actor_for(agent_user)
    services.ticket_reply(actor=agent, ticket=ticket, body="We asked the operator for you.")
    services.ticket_reply(
        actor=agent, ticket=ticket, body="Our internal remark", visibility="internal"
    )
    services.ticket_reply(
        actor=agent, ticket=ticket, body="A word to the operator", visibility="operator"
    )
    html = page(signed_in(agent_user), ticket)
    assert 'class="msg msg--internal"' in html and "Our internal remark" in html
    assert 'class="msg msg--operator"' in html and "A word to the operator" in html
    assert 'class="msg msg--public"' in html and "We asked the operator for you." in html
    assert "Internal note: only your team sees this" in html
    assert "With the operator: the customer does not see this" in html


def test_the_header_shows_status_deadlines_and_what_the_ticket_is_about(agent_user):
    ticket = ticket_in("new", agent_user)
    html = page(signed_in(agent_user), ticket)
    assert ticket.subject in html and "badge--new" in html
    assert "First response" in html and "clock--" in html
    assert f'href="/customers/{ticket.customer_id}/"' in html and ticket.invoice.number in html


def test_a_public_reply_reaches_the_customer_and_an_internal_note_does_not(agent_user):
    ticket = ticket_in("new", agent_user)
    client = signed_in(agent_user)
    response = client.post(
        url(ticket, "reply"), {"reply-visibility": "public", "reply-body": "We are on it."}
    )
    assert response.status_code == 302 and response["Location"] == url(ticket) + "#thread-end"
    assert fresh(ticket).status == "open"
    assert (
        Notification.objects.filter(kind="ticket_reply", recipient=ticket.customer.email).count()
        == 1
    )
    client.post(
        url(ticket, "reply"), {"reply-visibility": "internal", "reply-body": "Customer is grumpy."}
    )
    assert Message.objects.filter(
        ticket=ticket, visibility="internal", body="Customer is grumpy."
    ).exists()
    assert Notification.objects.filter(kind="ticket_reply").count() == 1
    assert "Internal note added" in client.get(url(ticket)).content.decode()


def test_a_canned_reply_is_posted_in_the_customers_language(agent_user, admin_user):
    ticket = ticket_in("new", agent_user, language="fr")
    canned = services.canned_reply_create(
        actor=actor_for(admin_user),
        title="Payment received",
        body="We received your payment.",
        body_fr="Nous avons reçu votre paiement.",
    )
    client = signed_in(agent_user)
    html = page(client, ticket)
    assert 'data-body="Nous avons reçu votre paiement."' in html  # what picking it fills in
    client.post(
        url(ticket, "reply"),
        {"reply-visibility": "public", "reply-canned_reply": canned.pk, "reply-body": ""},
    )
    assert (
        Message.objects.filter(ticket=ticket, visibility="public").last().body
        == "Nous avons reçu votre paiement."
    )


def test_a_canned_reply_without_the_customers_language_says_it_is_english(agent_user, admin_user):
    ticket = ticket_in("new", agent_user, language="ru")
    services.canned_reply_create(
        actor=actor_for(admin_user), title="Payment received", body="We received your payment."
    )
    html = page(signed_in(agent_user), ticket)
    assert (
        'data-body="We received your payment."' in html
        and "Payment received (in English: not translated yet)" in html
    )


def test_another_partners_canned_reply_is_not_a_choice(agent_user, other_agent_user):
    ticket = ticket_in("new", agent_user)
    theirs = CannedReply.objects.create(
        partner=other_agent_user.membership.partner, title="Theirs", body="Not yours"
    )
    response = signed_in(agent_user).post(
        url(ticket, "reply"), {"reply-visibility": "public", "reply-canned_reply": theirs.pk}
    )
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not Message.objects.filter(ticket=ticket, body="Not yours").exists()


def test_a_reply_with_both_a_text_and_a_canned_reply_shows_the_services_reason(
    agent_user, admin_user
):
    ticket = ticket_in("new", agent_user)
    canned = services.canned_reply_create(actor=actor_for(admin_user), title="Hi", body="Hello")
    response = signed_in(agent_user).post(
        url(ticket, "reply"),
        {
            "reply-visibility": "public",
            "reply-canned_reply": canned.pk,
            "reply-body": "My own words",
        },
    )
    html = response.content.decode()
    assert (
        response.status_code == 200 and "Give either a message or a canned reply, not both." in html
    )
    assert "My own words" in html  # what was typed is kept
    assert not Message.objects.filter(ticket=ticket).exists()


def test_an_empty_reply_is_refused_on_the_form(agent_user):
    ticket = ticket_in("new", agent_user)
    response = signed_in(agent_user).post(
        url(ticket, "reply"), {"reply-visibility": "public", "reply-body": "  "}
    )
    assert (
        "This cannot be empty." in response.content.decode()
        and 'class="error-summary"' in response.content.decode()
    )


def test_the_operator_audience_is_offered_only_while_an_escalation_is_open(agent_user):
    open_ticket = ticket_in("open", agent_user)
    client = signed_in(agent_user)
    assert 'value="operator"' not in page(client, open_ticket)
    refused = client.post(
        url(open_ticket, "reply"), {"reply-visibility": "operator", "reply-body": "Hello operator"}
    )
    assert "Select a valid choice" in refused.content.decode()
    escalated = ticket_in("escalated", agent_user)
    assert 'value="operator"' in page(client, escalated)


def test_files_are_attached_and_linked_for_download_and_a_bad_one_is_refused_by_name(agent_user):
    ticket = ticket_in("open", agent_user)
    client = signed_in(agent_user)
    client.post(
        url(ticket, "reply"),
        {
            "reply-visibility": "public",
            "reply-body": "The page you asked for.",
            "reply-files": [SimpleUploadedFile("invoice.pdf", b"%PDF-1.4 x")],
        },
    )
    attachment = Attachment.objects.get()
    html = page(client, ticket)
    assert f'href="/api/attachments/{attachment.pk}/download/"' in html and "invoice.pdf" in html
    download = client.get(f"/api/attachments/{attachment.pk}/download/")
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    bad = client.post(
        url(ticket, "reply"),
        {
            "reply-visibility": "public",
            "reply-body": "And this.",
            "reply-files": [SimpleUploadedFile("tool.exe", b"MZ")],
        },
    )
    assert (
        bad.status_code == 200
        and "tool.exe: this type of file is not accepted" in bad.content.decode()
    )
    assert Attachment.objects.count() == 1 and not Message.objects.filter(body="And this.").exists()


def test_assigning_a_new_ticket_opens_it(agent_user, partner):
    colleague = MembershipFactory(partner=partner).user
    ticket = ticket_in("new", agent_user)
    signed_in(agent_user).post(url(ticket, "assign"), {"assign-assignee": colleague.pk})
    assert (fresh(ticket).assignee_id, fresh(ticket).status) == (colleague.pk, "open")


def test_only_a_member_of_the_partner_can_be_assigned(agent_user, other_agent_user):
    ticket = ticket_in("new", agent_user)
    response = signed_in(agent_user).post(
        url(ticket, "assign"), {"assign-assignee": other_agent_user.pk}
    )
    assert (
        "Select a valid choice" in response.content.decode() and fresh(ticket).assignee_id is None
    )


def test_asking_the_customer_waits_on_them_and_taking_it_back_opens_it(agent_user):
    ticket = ticket_in("open", agent_user)
    client = signed_in(agent_user)
    client.post(url(ticket, "wait"), {"wait-body": "Which invoice do you mean?"})
    assert fresh(ticket).status == "pending_customer"
    assert Notification.objects.filter(kind="ticket_waiting").exists()
    assert "Take back from the customer" in page(client, ticket)
    client.post(url(ticket, "reopen"))
    assert fresh(ticket).status == "open"


def test_resolving_closes_the_loop_then_close_and_reopen(agent_user):
    ticket = ticket_in("open", agent_user)
    client = signed_in(agent_user)
    client.post(url(ticket, "resolve"), {"resolve-resolution": "We credited two seats."})
    assert fresh(ticket).status == "resolved"
    resolved_mail = Notification.objects.get(kind="ticket_resolved")
    assert "We credited two seats." in resolved_mail.body_text
    client.post(url(ticket, "reopen"))
    assert fresh(ticket).status == "open"
    client.post(url(ticket, "resolve"), {"resolve-resolution": "Credited, really."})
    client.post(url(ticket, "close"))
    assert fresh(ticket).status == "closed"
    html = page(client, ticket)
    assert "This ticket is closed and takes no more messages." in html and "data-reply" not in html


def test_closing_an_open_ticket_is_refused_with_the_reason(agent_user):
    ticket = ticket_in("open", agent_user)
    response = signed_in(agent_user).post(url(ticket, "close"))
    assert (
        response.status_code == 200
        and "you can close it only when it is resolved" in response.content.decode()
    )
    assert fresh(ticket).status == "open"


def test_another_partners_ticket_is_not_found_for_reading_or_acting(other_agent_user, agent_user):
    ticket = ticket_in("open", agent_user)
    client = signed_in(other_agent_user)
    assert client.get(url(ticket)).status_code == 404
    for action, data in [
        ("reply", {"reply-visibility": "public", "reply-body": "Taken over"}),
        ("close", {}),
        ("resolve", {"resolve-resolution": "x"}),
        ("assign", {"assign-assignee": other_agent_user.pk}),
        ("escalate", {"escalate-summary": "x", "escalate-steps_taken": "y"}),
        ("wait", {"wait-body": "x"}),
    ]:
        assert client.post(url(ticket, action), data).status_code == 404, action
    assert fresh(ticket).status == "open" and not Message.objects.filter(body="Taken over").exists()


def test_the_operator_and_people_without_a_role_are_refused(agent_user, operator_user):
    ticket = ticket_in("open", agent_user)
    assert signed_in(operator_user).get(url(ticket)).status_code == 403
    assert signed_in(operator_user).post(url(ticket, "close")).status_code == 403
    anonymous = signed_in(None).get(url(ticket))
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/login/")


def test_a_get_on_an_action_goes_to_the_ticket_and_an_unknown_action_is_not_found(agent_user):
    ticket = ticket_in("resolved", agent_user)
    client = signed_in(agent_user)
    assert client.get(url(ticket, "close"))["Location"] == f"/tickets/{ticket.pk}/"
    assert fresh(ticket).status == "resolved"
    assert client.post(url(ticket, "explode")).status_code == 404


def test_actions_need_the_csrf_token(agent_user):
    ticket = ticket_in("resolved", agent_user)
    client = Client(enforce_csrf_checks=True)
    client.force_login(agent_user, backend=MODEL_BACKEND)
    assert client.post(url(ticket, "close")).status_code == 403
    assert fresh(ticket).status == "resolved"


def test_a_get_of_the_page_writes_nothing(agent_user):
    ticket = ticket_in("open", agent_user)
    before = (fresh(ticket).updated_at, Event.objects.count(), Message.objects.count())
    page(signed_in(agent_user), ticket)
    assert (fresh(ticket).updated_at, Event.objects.count(), Message.objects.count()) == before


def test_the_history_shows_the_tickets_and_its_escalations_events(agent_user):
    escalation = escalation_in("in_review", agent_user)
    html = page(signed_in(agent_user), escalation.ticket)
    assert "escalation submitted" in html and "taken by the operator" in html and "created" in html
    assert "new → escalated" in html  # states by their labels


def test_member_emails_link_to_this_page(agent_user):
    from tickets.services.emails import partner_ticket_url

    ticket = ticket_in("open", agent_user)
    assert partner_ticket_url(ticket).endswith(f"/tickets/{ticket.pk}/")


def test_an_operator_never_reaches_the_partner_page_even_with_a_link_from_an_email(agent_user):
    ticket = ticket_in("open", agent_user)
    assert signed_in(make_operator()).get(url(ticket)).status_code == 403
