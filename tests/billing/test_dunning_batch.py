"""Dunning's e-mails go through the batch outbox: one e-mail per invoice and run (the latest
step's after a catch-up), a fixed number of outbox statements per batch whatever it holds."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from billing.models import DunningAction
from notifications.models import Notification
from partners.models import Event
from tests.support.billing_helpers import (
    customer_with_subscription,
    day,
    invoice_due,
    kinds,
    publish,
    run,
)

pytestmark = pytest.mark.django_db

DEFAULT_LIKE = [
    {"after_days": 3, "action": "reminder"},
    {"after_days": 10, "action": "reminder"},
    {"after_days": 20, "action": "final_notice"},
    {"after_days": 30, "action": "suspend"},
]


def test_a_catch_up_records_every_step_but_sends_only_the_latest_steps_notice(partner):
    publish(partner, steps=DEFAULT_LIKE)
    customer, _subscription = customer_with_subscription(partner)
    invoice = invoice_due(customer)
    summary = run(day(25))  # the job was down for the first 24 days
    assert summary.steps == {"reminder": 2, "final_notice": 1}
    assert list(
        DunningAction.objects.filter(invoice=invoice).order_by("id").values_list("after_days")
    ) == [(3,), (10,), (20,)]
    assert list(
        Event.objects.filter(object_id=str(invoice.pk), action__startswith="dunning_")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["dunning_reminder", "dunning_reminder", "dunning_final_notice"]
    assert kinds(recipient=customer.email) == ["invoice_final_notice"]
    assert summary.emails == 1


def test_a_caught_up_reminder_is_not_sent_by_a_later_run_either(partner):
    publish(partner, steps=DEFAULT_LIKE)
    customer, _subscription = customer_with_subscription(partner)
    invoice_due(customer)
    run(day(12))  # both reminders at once: the second one's e-mail only
    run(day(12))
    run(day(13))
    assert kinds(recipient=customer.email) == ["invoice_reminder"]
    assert Notification.objects.get(recipient=customer.email).idempotency_key.endswith(
        ":reminder:10"
    )


def outbox_statements(queries) -> list[str]:
    return [q["sql"] for q in queries if "notifications_notification" in q["sql"]]


@pytest.mark.parametrize("invoices", [3, 12])
def test_a_batch_writes_its_e_mails_in_two_statements_and_no_savepoint(partner, invoices):
    publish(partner, steps=DEFAULT_LIKE)
    for _ in range(invoices):
        customer, _subscription = customer_with_subscription(partner)
        invoice_due(customer)
    with CaptureQueriesContext(connection) as captured:
        summary = run(day(4))
    assert summary.emails == invoices and summary.batches == 1
    statements = outbox_statements(captured.captured_queries)
    # One look-up of the keys already queued, one INSERT … ON CONFLICT DO NOTHING RETURNING.
    assert len(statements) == 2
    assert "ON CONFLICT" in statements[1] and "RETURNING" in statements[1]
    # The savepoints are the run's two batch transactions (the batch, then the empty look-up
    # that ends the run) inside the test's: none per e-mail.
    savepoints = [q for q in captured.captured_queries if q["sql"].startswith("SAVEPOINT")]
    assert len(savepoints) == 2
