"""An imported payment does what a payment typed by hand does: it reactivates a subscription
suspended for non-payment and e-mails the customer through the outbox; an imported invoice
enters dunning like any other. A dry run of the same payment does neither."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from billing.models import Invoice, Subscription
from notifications.models import Notification
from partners.models import Event
from tests.support.billing_helpers import customer_with_subscription, invoice_due, publish, run
from tests.support.imports import csv_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def suspended(partner):
    publish(partner, auto_suspend=True)
    customer, subscription = customer_with_subscription(partner, language="ru")
    today = timezone.localdate()
    invoice = invoice_due(customer, due=today - timedelta(days=30), amount=Decimal("1000.00"))
    run(today - timedelta(days=16))
    run(today - timedelta(days=9))
    assert Subscription.objects.get(pk=subscription.pk).status == "suspended"
    return customer, subscription, invoice


def _payment(invoice):
    today = timezone.localdate().isoformat()
    return csv_file(
        [
            ["invoice_number", "amount", "date", "reference"],
            [invoice.number, "1000.00", today, "BANK-77"],
        ]
    )


def test_an_imported_payment_reactivates_and_emails(upload, job_of, admin_user, suspended):
    customer, subscription, invoice = suspended
    job = job_of(admin_user, upload(admin_user, "payments", _payment(invoice)))
    assert (job["status"], job["created"]) == ("done", 1)
    assert Subscription.objects.get(pk=subscription.pk).status == "active"
    mail = Notification.objects.get(kind="subscription_reactivated")
    assert (mail.recipient, mail.language) == (customer.email, "ru")
    event = Event.objects.get(object_type="subscription", action="reactivated")
    assert event.actor == admin_user


def test_a_dry_run_payment_neither_reactivates_nor_emails(upload, job_of, admin_user, suspended):
    _customer, subscription, invoice = suspended
    job = job_of(admin_user, upload(admin_user, "payments", _payment(invoice), dry_run=True))
    assert (job["status"], job["created"]) == ("done", 1)
    assert Subscription.objects.get(pk=subscription.pk).status == "suspended"
    assert not Notification.objects.filter(kind="subscription_reactivated").exists()


def test_an_imported_invoice_enters_dunning(upload, job_of, admin_user, partner):
    publish(partner, auto_suspend=False)
    customer, _subscription = customer_with_subscription(partner)
    customer.external_id = "C-1"
    customer.save()
    today = timezone.localdate()
    issued, due = today - timedelta(days=40), today - timedelta(days=10)
    rows = [
        ["number", "customer_external_id", "amount", "currency", "issue_date", "due_date"],
        ["INV-IMP", "C-1", "500", "CNY", issued.isoformat(), due.isoformat()],
    ]
    job_of(admin_user, upload(admin_user, "invoices", csv_file(rows)))
    run(today)
    invoice = Invoice.objects.get(number="INV-IMP")
    assert (
        Event.objects.filter(object_type="invoice", object_id=invoice.pk)
        .exclude(action="created")
        .exists()
    )
