"""Two collections runs at the same time share the work: every step still happens exactly once."""

import threading

import pytest
from django.db import IntegrityError, connection, transaction

from billing.models import DunningAction
from notifications.models import Notification
from tests.support.billing_helpers import customer_with_subscription, day, invoice_due, publish, run
from tests.support.factories import CustomerFactory, InvoiceFactory

INVOICES = 240


def _invoices(partner, count: int):
    customers = CustomerFactory.create_batch(12, partner=partner)
    return [
        InvoiceFactory(
            customer=customers[i % 12], partner=partner, issue_date=day(-30), due_date=day(0)
        )
        for i in range(count)
    ]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_overlapping_runs_perform_each_step_exactly_once(partner):
    assert connection.vendor == "postgresql"
    publish(partner)
    _invoices(partner, INVOICES)
    start, summaries, errors = threading.Barrier(3), [], []

    def worker():
        try:
            start.wait()
            summaries.append(run(day(15), batch_size=10))
        except Exception as exc:  # recorded, then asserted: a thread's failure must fail the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert sum(sum(s.steps.values()) for s in summaries) == 2 * INVOICES  # the runs split the work
    assert DunningAction.objects.count() == 2 * INVOICES
    # A catch-up (day 15 owes the reminder and the final notice): one e-mail, the latest step's.
    assert Notification.objects.filter(kind="invoice_reminder").count() == 0
    assert Notification.objects.filter(kind="invoice_final_notice").count() == INVOICES
    assert sum(1 for s in summaries if s.invoices) >= 2, "the runs did not actually overlap"
    assert sum(sum(s.steps.values()) for s in [run(day(15))]) == 0


@pytest.mark.django_db
def test_the_database_refuses_a_second_row_for_the_same_step(partner):
    publish(partner)
    customer, _sub = customer_with_subscription(partner)
    invoice = invoice_due(customer)
    run(day(7))
    first = DunningAction.objects.get(invoice=invoice)
    with pytest.raises(IntegrityError), transaction.atomic():
        DunningAction.objects.create(
            partner=partner,
            invoice=invoice,
            policy=first.policy,
            action="reminder",
            after_days=7,
            due_on=first.due_on,
            performed_on=day(8),
        )
