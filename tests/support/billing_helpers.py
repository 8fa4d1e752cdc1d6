"""Shared set-up for the billing tests: a policy, invoices on given dates, collections runs."""

from datetime import date, timedelta

from billing import emails
from billing.models import DunningAction
from billing.services import collections_run, policy_publish
from core.actors import SYSTEM
from notifications.models import Notification
from tests.support.factories import CustomerFactory, InvoiceFactory, SubscriptionFactory

DUE = date(2026, 1, 5)  # a fixed due date in the past; runs pass their own as-of day
STEPS = [
    {"after_days": 7, "action": "reminder"},
    {"after_days": 14, "action": "final_notice"},
    {"after_days": 21, "action": "suspend"},
]


def day(offset: int, base: date = DUE) -> date:
    return base + timedelta(days=offset)


def publish(partner, steps=None, auto_suspend=True, **descriptions):
    return policy_publish(
        actor=SYSTEM,
        partner=partner,
        steps=steps or STEPS,
        auto_suspend=auto_suspend,
        descriptions=descriptions,
    )


def invoice_due(customer, due: date = DUE, **kwargs):
    return InvoiceFactory(
        customer=customer,
        partner=customer.partner,
        issue_date=due - timedelta(days=30),
        due_date=due,
        **kwargs,
    )


def customer_with_subscription(partner, **kwargs):
    customer = CustomerFactory(partner=partner, **kwargs)
    return customer, SubscriptionFactory(customer=customer, partner=partner)


def run(as_of: date, **kwargs):
    return collections_run(as_of=as_of, **kwargs)


def performed(invoice) -> list[tuple[str, int, date]]:
    """The steps performed for an invoice, in the order they were performed."""
    return list(
        DunningAction.objects.filter(invoice=invoice)
        .order_by("id")
        .values_list("action", "after_days", "performed_on")
    )


def kinds(**filters) -> list[str]:
    return list(
        Notification.objects.filter(**filters).order_by("id").values_list("kind", flat=True)
    )


def spy_contexts(monkeypatch) -> list:
    """Record every customer e-mail billing queues, as ``(kind, context)``, in order (the real
    outbox still runs).
    """
    seen = []
    real, real_many = emails.notification_queue, emails.notifications_queue_many

    def spy(**kwargs):
        seen.append((kwargs["kind"], kwargs["context"]))
        return real(**kwargs)

    def spy_many(*, emails):
        seen.extend((email.kind, email.context) for email in emails)
        return real_many(emails=emails)

    monkeypatch.setattr(emails, "notification_queue", spy)
    monkeypatch.setattr(emails, "notifications_queue_many", spy_many)
    return seen
