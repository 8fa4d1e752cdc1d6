"""The outbox entry point every app calls: one row per cause, written in the caller's
transaction."""

import pytest
from django.core import mail
from django.db import transaction

from notifications.models import Notification
from notifications.services import notification_queue

pytestmark = pytest.mark.django_db(transaction=True)

CONTEXT = {
    "customer_name": "Lantern",
    "ticket_id": 1,
    "subject": "Seats",
    "status_url": "http://x/status/t/",
}


def test_it_sends_after_commit_exactly_once(partner):
    with transaction.atomic():
        notification_queue(
            partner=partner,
            kind="ticket_received",
            recipient="c@x.example",
            language="en",
            context=CONTEXT,
            key="t1:received",
        )
        notification_queue(
            partner=partner,
            kind="ticket_received",
            recipient="c@x.example",
            language="en",
            context=CONTEXT,
            key="t1:received",
        )
        assert len(mail.outbox) == 0
    assert Notification.objects.get().status == "sent"
    assert len(mail.outbox) == 1


def test_a_rollback_leaves_no_row_and_no_mail(partner):
    with pytest.raises(RuntimeError), transaction.atomic():
        notification_queue(
            partner=partner,
            kind="ticket_received",
            recipient="c@x.example",
            language="en",
            context=CONTEXT,
            key="t2:received",
        )
        raise RuntimeError("the change failed")
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_it_refuses_a_context_without_required_keys(partner):
    with pytest.raises(ValueError):
        notification_queue(
            partner=partner,
            kind="ticket_received",
            recipient="c@x.example",
            language="en",
            context={},
            key="t3",
        )
