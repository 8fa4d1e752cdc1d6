"""Without a broker (``make run``) an e-mail is delivered beside the request, not inside it:
the caller returns at once, the e-mail still goes out exactly once."""

import threading

import pytest
from django.core import mail
from django.db import transaction

from notifications import delivery, tasks
from notifications.models import Notification
from notifications.services import Email, notifications_queue_many
from tests.support.email_context import context_for
from tests.support.outbox_helpers import queue_one

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def held(settings, monkeypatch):
    """Background delivery on, and held until ``held.set()``."""
    settings.NOTIFICATION_DELIVER_AFTER_RESPONSE = True
    gate = threading.Event()
    real = delivery.notifications_deliver

    def wait_then_deliver(**kwargs):
        gate.wait(10)
        return real(**kwargs)

    monkeypatch.setattr(delivery, "notifications_deliver", wait_then_deliver)
    yield gate
    gate.set()
    drain()


def drain():
    tasks._after_response.submit(lambda: None).result(timeout=20)


def test_the_caller_returns_before_the_e_mail_is_sent_and_it_is_sent_once(partner, held):
    row = queue_one(partner)
    assert mail.outbox == []
    assert Notification.objects.get(pk=row.pk).status == "queued"
    held.set()
    drain()
    assert Notification.objects.get(pk=row.pk).status == "sent"
    tasks.hand_over(row.pk)  # a late second hand-over (the sweeper's) sends nothing more
    drain()
    assert [m.extra_headers["Message-ID"] for m in mail.outbox] == [row.message_id]


def test_a_batch_is_delivered_in_the_background_too(partner, held):
    with transaction.atomic():
        rows = notifications_queue_many(
            emails=[
                Email(
                    partner,
                    "ticket_received",
                    f"c{n}@customer.example",
                    "en",
                    context_for("ticket_received"),
                    f"k:{n}",
                )
                for n in range(3)
            ]
        )
    assert mail.outbox == []
    held.set()
    drain()
    assert len(mail.outbox) == 3
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}
    assert {r.pk for r in rows} == set(Notification.objects.values_list("id", flat=True))
