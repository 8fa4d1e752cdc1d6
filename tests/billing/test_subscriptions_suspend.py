"""``subscriptions_suspend``: the one writer of a suspension, for one subscription and for a dunning
batch alike — through the FSM (only an active subscription changes state), one Event per change,
the customer e-mailed once, and a fixed number of queries whatever the number of subscriptions."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_fsm import TransitionNotAllowed

from billing.models import Subscription
from billing.services import subscription_cancel, subscription_suspend, subscriptions_suspend
from core.actors import SYSTEM, actor_for
from notifications.models import Notification
from partners.models import Event
from tests.support.billing_helpers import customer_with_subscription, day, invoice_due, publish, run
from tests.support.factories import InvoiceFactory, SubscriptionFactory, make_operator

pytestmark = pytest.mark.django_db

NON_PAYMENT = "non_payment"


def locked_rows(*subscriptions) -> list[Subscription]:
    """What a caller hands in: the rows locked, with their customer and partner."""
    return list(
        Subscription.objects.select_for_update()
        .select_related("customer", "partner")
        .filter(pk__in=[s.pk for s in subscriptions])
        .order_by("id")
    )


def suspend(*subscriptions, reason=NON_PAYMENT, now=None, **kwargs):
    return subscriptions_suspend(
        actor=SYSTEM,
        subscriptions=locked_rows(*subscriptions),
        reason=reason,
        now=now or timezone.now(),
        **kwargs,
    )


def stored(subscription) -> Subscription:
    return Subscription.objects.get(pk=subscription.pk)


def events(subscription) -> list[tuple[str, str, str]]:
    return list(
        Event.objects.filter(object_type="subscription", object_id=subscription.pk)
        .order_by("id")
        .values_list("action", "from_state", "to_state")
    )


def suspended_mails(subscription) -> int:
    return Notification.objects.filter(
        kind="subscription_suspended",
        idempotency_key__startswith=f"subscription:{subscription.pk}:",
    ).count()


def operator_suspended(partner, reason="fraud"):
    _customer, subscription = customer_with_subscription(partner)
    subscription_suspend(actor=actor_for(make_operator()), subscription=subscription, reason=reason)
    return stored(subscription)


def test_one_active_subscription_is_suspended_dated_audited_and_mailed_once(partner):
    customer, subscription = customer_with_subscription(partner, language="it")
    now = timezone.now()
    done = suspend(subscription, now=now, note="unpaid since March")
    row = stored(subscription)
    assert (row.status, row.suspension_reasons) == ("suspended", ["non_payment"])
    assert (row.suspended_at, row.data_deletion_at) == (now, now + timedelta(days=60))
    assert [s.pk for s in done.suspended] == [subscription.pk] and done.reason_added == []
    event = Event.objects.get(object_type="subscription", object_id=subscription.pk)
    assert (event.action, event.from_state, event.to_state, event.reason, event.data) == (
        "suspended",
        "active",
        "suspended",
        "unpaid since March",
        {"reason": "non_payment"},
    )
    mail = Notification.objects.get(kind="subscription_suspended")
    assert (mail.recipient, mail.language, mail.idempotency_key) == (
        customer.email,
        "it",
        f"subscription:{subscription.pk}:suspended:{int(now.timestamp())}",
    )


def test_many_subscriptions_each_get_one_event_and_one_mail(partner):
    subscriptions = [customer_with_subscription(partner)[1] for _ in range(4)]
    subscriptions.append(SubscriptionFactory(customer=subscriptions[0].customer))
    done = suspend(*subscriptions)
    assert len(done.suspended) == 5
    for subscription in subscriptions:
        assert stored(subscription).status == "suspended"
        assert events(subscription) == [("suspended", "active", "suspended")]
        assert suspended_mails(subscription) == 1


def test_an_already_suspended_one_gains_the_reason_without_a_second_mail(partner):
    held = operator_suspended(partner)
    assert suspended_mails(held) == 1
    done = suspend(held, now=timezone.now() + timedelta(days=3))
    row = stored(held)
    assert (row.status, row.suspension_reasons) == ("suspended", ["fraud", "non_payment"])
    assert (row.suspended_at, row.data_deletion_at) == (held.suspended_at, held.data_deletion_at)
    assert done.suspended == [] and [s.pk for s in done.reason_added] == [held.pk]
    assert events(held)[-1] == ("suspension_reason_added", "suspended", "suspended")
    assert suspended_mails(held) == 1


def test_a_cancelled_one_and_one_the_reason_already_holds_are_untouched(partner):
    _customer, cancelled = customer_with_subscription(partner)
    subscription_cancel(actor=SYSTEM, subscription=cancelled)
    already = suspend(customer_with_subscription(partner)[1]).suspended[0]
    before = {s.pk: (stored(s), events(s)) for s in (cancelled, already)}
    done = suspend(cancelled, already, now=timezone.now() + timedelta(days=1))
    assert done.suspended == [] and done.reason_added == []
    for subscription in (cancelled, already):
        row, audit = before[subscription.pk]
        now_row = stored(subscription)
        assert (now_row.status, now_row.suspension_reasons, now_row.suspended_at) == (
            row.status,
            row.suspension_reasons,
            row.suspended_at,
        )
        assert events(subscription) == audit
    assert stored(cancelled).status == "cancelled" and suspended_mails(cancelled) == 0
    assert suspended_mails(already) == 1


def test_dunnings_events_name_the_unpaid_invoice(partner):
    customer, subscription = customer_with_subscription(partner)
    invoice = InvoiceFactory(customer=customer, number="INV-LATE")
    suspend(subscription, invoices={customer.id: invoice})
    event = Event.objects.get(object_type="subscription", object_id=subscription.pk)
    assert (event.reason, event.data) == (
        "Collections policy: invoice INV-LATE unpaid.",
        {"reason": "non_payment", "invoice": invoice.id},
    )


def test_a_row_that_left_the_fsms_source_state_is_refused_and_nothing_is_written(partner):
    """The bulk write is the FSM's rule applied as a set: only rows still active are suspended."""
    _customer, subscription = customer_with_subscription(partner)
    stale = locked_rows(subscription)  # read while active ...
    Subscription.objects.filter(pk=subscription.pk).update(status="cancelled")  # ... then not
    with pytest.raises(TransitionNotAllowed):
        subscriptions_suspend(
            actor=SYSTEM, subscriptions=stale, reason=NON_PAYMENT, now=timezone.now()
        )
    assert stored(subscription).status == "cancelled"
    assert events(subscription) == [] and suspended_mails(subscription) == 0


def own_queries(captured) -> int:
    """Billing's queries: the outbox's own (per e-mail: look-up, savepoint, insert) left out."""
    return sum(
        1
        for query in captured
        if "notifications_notification" not in query["sql"]
        and not query["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
    )


def mixed(partner, count: int) -> list[Subscription]:
    """``count`` customers, each with an active, an operator-suspended and a cancelled one."""
    rows = []
    for _ in range(count):
        customer, active = customer_with_subscription(partner)
        held = SubscriptionFactory(customer=customer)
        subscription_suspend(actor=actor_for(make_operator()), subscription=held, reason="fraud")
        cancelled = SubscriptionFactory(customer=customer)
        subscription_cancel(actor=SYSTEM, subscription=cancelled)
        rows += [active, held, cancelled]
    return rows


def test_the_services_queries_do_not_grow_with_the_number_of_subscriptions(partner):
    counts = []
    for size in (1, 8):
        rows = locked_rows(*mixed(partner, size))
        with CaptureQueriesContext(connection) as ctx:
            done = subscriptions_suspend(
                actor=SYSTEM, subscriptions=rows, reason=NON_PAYMENT, now=timezone.now()
            )
        assert (len(done.suspended), len(done.reason_added)) == (size, size)
        counts.append(own_queries(ctx.captured_queries))
    assert counts[0] == counts[1], f"{counts[0]} queries for 1 customer, {counts[1]} for 8"


def test_a_dunning_batchs_queries_do_not_grow_with_the_number_of_subscriptions(partner):
    """Two suspend-step batches, of 1 and of 8 customers with the same mix of subscriptions."""
    publish(partner, auto_suspend=True)  # reminder 7, final notice 14, suspend 21
    for size, due in ((1, day(0)), (8, day(1))):
        for subscription in mixed(partner, size)[::3]:
            invoice_due(subscription.customer, due=due)
    run(day(14))
    run(day(15))  # every notice sent on time: the suspend steps fall due on day 21 and day 22
    counts, suspended = [], []
    for as_of in (day(21), day(22)):
        with CaptureQueriesContext(connection) as ctx:
            summary = run(as_of)
        assert summary.steps == {"suspend": summary.invoices}
        counts.append(own_queries(ctx.captured_queries))
        suspended.append(summary.subscriptions_suspended)
    assert suspended == [1, 8]
    assert counts[0] == counts[1], f"{counts[0]} queries for 1 customer, {counts[1]} for 8"
    assert Subscription.objects.filter(status="suspended").count() == 18  # 9 fresh + 9 held
    assert Notification.objects.filter(kind="subscription_suspended").count() == 18
