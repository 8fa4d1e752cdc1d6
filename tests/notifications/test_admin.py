"""The outbox in the admin is read-only; its retry action goes through the service."""

import pytest
from django.core import mail

from notifications.models import Notification
from tests.support.factories import UserFactory
from tests.support.outbox_helpers import queue_one

pytestmark = pytest.mark.django_db(transaction=True)
CHANGELIST = "/admin/notifications/notification/"


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_the_outbox_is_listed_but_cannot_be_added_or_edited(staff_client, partner):
    row = queue_one(partner)
    page = staff_client.get(CHANGELIST)
    assert page.status_code == 200 and row.recipient in page.content.decode()
    assert staff_client.get(CHANGELIST + "add/").status_code == 403
    detail = staff_client.post(f"{CHANGELIST}{row.pk}/change/", {"status": "queued"})
    assert detail.status_code == 403 and Notification.objects.get(pk=row.pk).status == "sent"


def test_the_retry_action_requeues_failed_emails_and_skips_the_others(
    staff_client, partner, settings
):
    settings.EMAIL_BACKEND = "tests.support.outbox_helpers.DownBackend"
    settings.NOTIFICATION_MAX_ATTEMPTS = 1
    failed = queue_one(partner, key="failed")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    sent = queue_one(partner, key="sent")
    settings.NOTIFICATION_MAX_ATTEMPTS = 6
    response = staff_client.post(
        CHANGELIST, {"action": "retry", "_selected_action": [failed.pk, sent.pk]}, follow=True
    )
    assert response.status_code == 200
    failed.refresh_from_db()
    assert failed.status == "sent" and len(mail.outbox) == 2
    text = response.content.decode()
    assert "1 e-mail queued again." in text and "Only a failed e-mail can be retried" in text
