"""A suspended subscription's data is deleted 60 days after the suspension; the partner's admins are
reminded 7 days and 1 day before, once each, even when the daily task missed a day."""

from datetime import timedelta

import pytest
from django.utils import timezone

from billing import tasks
from billing.services import subscription_reactivate, subscription_suspend
from core.actors import actor_for
from notifications.models import Notification
from tests.support.billing_helpers import customer_with_subscription
from tests.support.factories import make_operator

pytestmark = pytest.mark.django_db


@pytest.fixture
def suspended(partner):
    _customer, subscription = customer_with_subscription(partner)
    subscription_suspend(
        actor=actor_for(make_operator()), subscription=subscription, reason="fraud"
    )
    subscription.refresh_from_db()
    return subscription


def reminders():
    return list(
        Notification.objects.filter(kind="data_deletion_reminder")
        .order_by("id")
        .values_list("recipient", flat=True)
    )


def test_admins_are_reminded_seven_days_and_one_day_before_deletion(
    suspended, admin_user, agent_user
):
    deletion_day = timezone.localdate(suspended.data_deletion_at)
    assert deletion_day == timezone.localdate(suspended.suspended_at) + timedelta(days=60)
    for days_before in (9, 8, 7, 6, 5, 2, 1, 0):
        tasks.send_data_deletion_reminders(str(deletion_day - timedelta(days=days_before)))
    assert reminders() == [admin_user.email, admin_user.email]
    keys = Notification.objects.filter(kind="data_deletion_reminder").values_list(
        "idempotency_key", flat=True
    )
    assert sorted(key.split(":")[-3] for key in keys) == ["1", "7"]


def test_a_missed_day_still_sends_the_reminder_once(suspended, admin_user):
    deletion_day = timezone.localdate(suspended.data_deletion_at)
    tasks.send_data_deletion_reminders(
        str(deletion_day - timedelta(days=5))
    )  # the 7-day run was missed
    tasks.send_data_deletion_reminders(str(deletion_day - timedelta(days=4)))
    assert reminders() == [admin_user.email]


def test_a_reactivated_subscription_gets_no_reminder(suspended, admin_user, operator_user):
    deletion_day = timezone.localdate(suspended.data_deletion_at)
    subscription_reactivate(actor=actor_for(operator_user), subscription=suspended)
    tasks.send_data_deletion_reminders(str(deletion_day - timedelta(days=7)))
    assert reminders() == []
