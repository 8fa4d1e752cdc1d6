"""Internal notes stay with the partner: no API endpoint, admin page, file or e-mail shows them
to the operator (or to the customer)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from notifications.models import Notification
from tests.support.ticket_states import escalation_in
from tickets.models import Attachment

pytestmark = pytest.mark.django_db

SECRET = "INTERNAL: the customer is a slow payer, be firm"


@pytest.fixture
def escalation(api, agent_user, operator_user):
    escalation = escalation_in("info_requested", agent_user)
    client = api(agent_user)
    url = f"/api/tickets/{escalation.ticket_id}/messages/"
    client.post(url, {"body": "We asked the operator.", "visibility": "public"}, format="json")
    client.post(
        url,
        {
            "body": SECRET,
            "visibility": "internal",
            "files": [SimpleUploadedFile("notes.txt", b"secret notes", "text/plain")],
        },
        format="multipart",
    )
    client.post(
        url, {"body": "Seats 9 and 10 were never used.", "visibility": "operator"}, format="json"
    )
    return escalation


def test_the_escalation_detail_shows_public_and_operator_messages_but_no_internal_one(
    api, operator_user, escalation
):
    response = api(operator_user).get(f"/api/escalations/{escalation.pk}/")
    visibilities = {m["visibility"] for m in response.json()["messages"]}
    assert visibilities == {"public", "operator"}
    assert SECRET not in response.content.decode()


def test_the_escalation_list_never_carries_an_internal_note(api, operator_user, escalation):
    assert SECRET not in api(operator_user).get("/api/escalations/").content.decode()


def test_the_partner_sees_no_internal_note_in_the_escalation_view_either(
    api, agent_user, escalation
):
    response = api(agent_user).get(f"/api/escalations/{escalation.pk}/")
    assert SECRET not in response.content.decode()


def test_an_internal_notes_attachment_is_404_for_the_operator_but_not_for_the_partner(
    api, agent_user, operator_user, escalation
):
    attachment = Attachment.objects.get(filename="notes.txt")
    assert api(operator_user).get(f"/api/attachments/{attachment.pk}/download/").status_code == 404
    assert api(agent_user).get(f"/api/attachments/{attachment.pk}/download/").status_code == 200


def test_the_operators_admin_pages_do_not_show_internal_notes(client, escalation):
    from django.contrib.auth import get_user_model

    superuser = get_user_model().objects.create_superuser(
        "root", "root@example.com", "pw-root-2026"
    )
    client.force_login(superuser)
    for url in (
        f"/admin/tickets/ticket/{escalation.ticket_id}/change/",
        f"/admin/tickets/escalation/{escalation.pk}/change/",
        "/admin/tickets/ticket/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert SECRET not in response.content.decode(), url


def test_no_email_ever_contains_an_internal_note(api, agent_user, operator_user, escalation):
    op = api(operator_user)
    op.post(
        f"/api/escalations/{escalation.pk}/resolve/",
        {"outcome": "answered", "response": "Fine."},
        format="json",
    )
    api(agent_user).post(
        f"/api/tickets/{escalation.ticket_id}/resolve/", {"resolution": "All good."}, format="json"
    )
    assert Notification.objects.count() >= 4
    for notification in Notification.objects.all():
        assert SECRET not in notification.body_text + notification.body_html + notification.subject


def test_an_internal_note_sends_no_email(api, agent_user, escalation):
    before = Notification.objects.count()
    api(agent_user).post(
        f"/api/tickets/{escalation.ticket_id}/messages/",
        {"body": "x", "visibility": "internal"},
        format="json",
    )
    assert Notification.objects.count() == before
