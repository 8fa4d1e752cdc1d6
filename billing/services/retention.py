"""Data retention after suspension: the operator deletes a suspended subscription's data 60 days
after the suspension, so the partner's admins are reminded 7 days and 1 day before."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from billing import emails
from billing.models import Subscription

WINDOWS = (7, 1)


@transaction.atomic
def data_deletion_reminders_send(*, as_of) -> int:
    """Queue the reminder whose window has come for each suspended subscription; a missed day
    catches up (and a reminder already queued is never queued again: its key is the same)."""
    horizon = as_of + timedelta(days=max(WINDOWS))
    subscriptions = (
        Subscription.objects.filter(
            status=Subscription.Status.SUSPENDED,
            data_deletion_at__date__gt=as_of,
            data_deletion_at__date__lte=horizon,
        )
        .select_related("customer", "partner")
        .order_by("id")
    )
    count = 0
    for subscription in subscriptions:
        days_left = (timezone.localdate(subscription.data_deletion_at) - as_of).days
        window = min(window for window in WINDOWS if days_left <= window)
        emails.data_deletion_reminder(
            partner=subscription.partner,
            customer=subscription.customer,
            subscription=subscription,
            days_left=days_left,
            window=window,
        )
        count += 1
    return count
