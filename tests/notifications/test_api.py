"""GET /api/notifications/: the outbox, read-only, own partner only (operator: all)."""

import pytest

from notifications.models import Notification
from tests.support.factories import PartnerFactory
from tests.support.outbox_helpers import queue_one
from tests.support.querycount import assert_constant_in_page_size

pytestmark = pytest.mark.django_db
URL = "/api/notifications/"


def make_rows(partner, count, **fields):
    return Notification.objects.bulk_create(
        [
            Notification(
                partner=partner,
                kind=fields.get("kind", "ticket_received"),
                recipient=f"c{n}@x.example",
                language="fr",
                subject=f"Sujet {n}",
                body_text="t",
                body_html="h",
                status=fields.get("status", "sent"),
                idempotency_key=(
                    f"{partner.pk}:{fields.get('kind', 'k')}:{n}:{fields.get('status', 's')}"
                ),
                message_id=f"<{partner.pk}.{n}.{fields.get('status', 's')}@x>",
            )
            for n in range(count)
        ]
    )


def test_a_partner_user_sees_only_their_partners_emails(
    api, agent_user, partner, other_partner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        mine = queue_one(partner)
    make_rows(other_partner, 3)
    body = api(agent_user).get(URL).json()
    assert body["count"] == 1
    row = body["results"][0]
    assert (
        row["id"] == mine.pk and row["status"] == "sent" and row["attempts"] == 1 and row["sent_at"]
    )
    assert {
        "id",
        "kind",
        "recipient",
        "language",
        "subject",
        "status",
        "attempts",
        "sent_at",
        "last_error",
    } <= set(row)
    assert "body_text" not in row and "idempotency_key" not in row


def test_another_partners_email_is_not_found(api, agent_user, other_partner):
    (theirs,) = make_rows(other_partner, 1)
    assert api(agent_user).get(f"{URL}{theirs.pk}/").status_code == 404


def test_the_operator_sees_every_partners_emails(api, operator_user, partner, other_partner):
    make_rows(partner, 2)
    make_rows(other_partner, 3)
    assert api(operator_user).get(URL).json()["count"] == 5


def test_it_filters_by_status_and_kind(api, admin_user, partner):
    make_rows(partner, 2, status="failed")
    make_rows(partner, 3, kind="invoice_reminder")
    client = api(admin_user)
    assert client.get(URL, {"status": "failed"}).json()["count"] == 2
    assert client.get(URL, {"kind": "invoice_reminder"}).json()["count"] == 3
    response = client.get(URL, {"status": "lost"})
    assert response.status_code == 400 and "status" in response.json()


def test_a_failed_email_shows_its_last_error_to_the_partner(api, admin_user, partner):
    Notification.objects.bulk_create(
        [
            Notification(
                partner=partner,
                kind="ticket_reply",
                recipient="c@x.example",
                subject="S",
                body_text="t",
                body_html="h",
                status="failed",
                attempts=6,
                last_error="SMTPRecipientsRefused: 550 No such user",
                idempotency_key="f",
                message_id="<f@x>",
            )
        ]
    )
    row = api(admin_user).get(URL, {"status": "failed"}).json()["results"][0]
    assert row["attempts"] == 6 and "550" in row["last_error"]


def test_the_outbox_is_read_only(api, admin_user, partner):
    (row,) = make_rows(partner, 1)
    client = api(admin_user)
    assert client.post(URL, {"kind": "ticket_reply"}).status_code == 405
    assert client.patch(f"{URL}{row.pk}/", {"status": "queued"}).status_code == 405
    assert client.delete(f"{URL}{row.pk}/").status_code == 405


def test_it_needs_credentials_and_a_role(api):
    assert api(None).get(URL).status_code == 401
    from tests.support.factories import UserFactory

    assert api(UserFactory()).get(URL).status_code == 403


def test_list_queries_do_not_grow_with_page_size(api, agent_user, partner):
    make_rows(partner, 120)
    make_rows(PartnerFactory(), 5)
    assert_constant_in_page_size(api(agent_user), URL, 120)
