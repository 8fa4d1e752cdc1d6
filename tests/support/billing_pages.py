"""Set-up shared by the billing pages' tests: customers at a given stage of collections."""

from datetime import timedelta

from django.utils import timezone

from tests.support.billing_helpers import customer_with_subscription, invoice_due, publish, run


def today():
    return timezone.localdate()


def eligible_for_suspension(partner, name="Lantern Ltd", number="INV-LATE", **customer):
    """A customer whose invoice is 25 days overdue, every notice sent on its day: the guard allows
    suspending for non-payment (policy: reminder 7, final notice 14, suspend 21; manual
    suspension)."""
    publish(partner, auto_suspend=False)
    customer, subscription = customer_with_subscription(partner, name=name, **customer)
    invoice = invoice_due(customer, due=today() - timedelta(days=25), number=number)
    run(today() - timedelta(days=18))
    run(today() - timedelta(days=11))  # the final notice: access impacted from four days ago
    return customer, subscription, invoice


def too_early_for_suspension(partner, name="Early Ltd", number="INV-EARLY"):
    """A customer 10 days overdue, only the reminder sent: refused until the suspend step's day."""
    publish(partner, auto_suspend=False)
    customer, subscription = customer_with_subscription(partner, name=name)
    invoice = invoice_due(customer, due=today() - timedelta(days=10), number=number)
    run(today() - timedelta(days=3))
    return customer, subscription, invoice
