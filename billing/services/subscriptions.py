"""Suspending, reactivating and cancelling subscriptions (SPEC §4).

A subscription carries a *set* of suspension reasons. The partner (admin) suspends for
``non_payment`` under the guard of ``billing.selectors.suspension_check``; the operator suspends for
``fraud`` or ``misuse``. Each reason is lifted only by whoever may set it (``non_payment`` also by a
payment that clears the overdue balance), and the subscription is active again only when no reason
is left.

``subscriptions_suspend`` is the one writer of a suspension, for a single subscription (the page,
the API, the admin) and for a dunning batch alike.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import TransitionNotAllowed, can_proceed

from billing import emails
from billing.models import Invoice, Subscription, SuspensionReason, SuspensionRequest
from billing.selectors import customer_has_overdue_balance, suspension_check
from billing.services._common import customer_lock, locked, today
from core.actors import Actor
from core.audit import event_record, event_row, events_write
from core.errors import InvalidTransition, NotAllowed, PolicyViolation

OPERATOR_REASONS = {SuspensionReason.FRAUD, SuspensionReason.MISUSE}
PARTNER_REASONS = {SuspensionReason.NON_PAYMENT}


def reasons_liftable_by(actor: Actor) -> set[str]:
    if actor.is_operator:
        return set(OPERATOR_REASONS)
    if actor.is_partner_admin or actor.is_system:
        return set(PARTNER_REASONS)
    return set()


def subscription_suspend_guard(actor: Actor, subscription: Subscription | None = None) -> None:
    """Who may suspend at all, whatever the reason: the operator, a partner admin, the system."""
    if not (reasons_liftable_by(actor) or actor.is_system):
        raise NotAllowed(_("Only the operator or this partner's admin may do this."))


def subscription_cancel_guard(actor: Actor, subscription: Subscription | None = None) -> None:
    if not (actor.is_partner_admin or actor.is_system):
        raise NotAllowed(_("Only a partner admin may cancel a subscription."))


def _require_may_set(actor: Actor, reason: str) -> None:
    if reason in OPERATOR_REASONS and not actor.is_operator:
        raise NotAllowed(_("Only the operator suspends for fraud or misuse."))
    if reason in PARTNER_REASONS and not (actor.is_partner_admin or actor.is_system):
        raise NotAllowed(_("Only a partner admin suspends for non-payment."))


def _require_own(subscription: Subscription, actor: Actor) -> None:
    """A partner user only ever acts on their own partner's subscriptions."""
    if actor.is_partner_user and not actor.is_member_of(subscription.partner_id):
        raise NotAllowed(_("This subscription belongs to another partner."))


def _locked(subscription: Subscription, actor: Actor) -> Subscription:
    """The subscription, locked; a partner user only ever acts on their own partner's."""
    _require_own(subscription, actor)
    return locked(Subscription.objects.select_related("customer", "partner")).get(
        pk=subscription.pk
    )


@transaction.atomic
def subscription_suspend(
    *, actor: Actor, subscription: Subscription, reason: str, note: str = ""
) -> Subscription:
    """One subscription, suspended for ``reason`` by whoever may set it (409 when it cannot)."""
    subscription_suspend_guard(actor)
    if reason not in SuspensionReason.values:
        raise ValidationError(
            {
                "reason": [
                    _("Choose one of: %(reasons)s.")
                    % {"reasons": ", ".join(SuspensionReason.values)}
                ]
            }
        )
    _require_may_set(actor, reason)
    if reason == SuspensionReason.NON_PAYMENT:  # the guard reads what a payment writes
        _require_own(subscription, actor)
        customer_lock(subscription.customer_id)
    subscription = _locked(subscription, actor)
    if subscription.status == Subscription.Status.CANCELLED:
        raise InvalidTransition(_("This subscription is cancelled."))
    if reason in subscription.suspension_reasons:
        raise InvalidTransition(
            _("This subscription is already suspended for %(reason)s.")
            % {"reason": SuspensionReason(reason).label}
        )
    if reason == SuspensionReason.NON_PAYMENT:
        _non_payment_guard(subscription)
        requests_resolve(customer_ids=[subscription.customer_id], resolution="suspended")
    subscriptions_suspend(
        actor=actor, subscriptions=[subscription], reason=reason, now=timezone.now(), note=note
    )
    return subscription


def _non_payment_guard(subscription: Subscription) -> None:
    check = suspension_check(subscription, today=today(subscription.partner))
    if not check.allowed:
        raise PolicyViolation(check.reason)


@dataclass
class Suspension:
    """What ``subscriptions_suspend`` changed."""

    suspended: list[Subscription] = field(default_factory=list)  # active → suspended, e-mailed
    reason_added: list[Subscription] = field(default_factory=list)  # were suspended already


@transaction.atomic
def subscriptions_suspend(
    *,
    actor: Actor,
    subscriptions: Iterable[Subscription],
    reason: str,
    now: datetime,
    note: str = "",
    invoices: Mapping[int, Invoice] | None = None,
) -> Suspension:
    """Suspend subscriptions for ``reason``, in a few statements whatever their number.

    The caller has decided that the actor may, and locked the rows (with their customer and
    partner) in its transaction. An active subscription takes the FSM's ``suspend`` transition:
    suspended ``now``, its data deleted 60 days later, the customer e-mailed once. A suspended one
    only gains the reason; a cancelled one, or one the reason already holds, is left alone. One
    Event per change. ``invoices`` (dunning): the unpaid invoice behind each customer's
    suspension, by customer id; the Events name it instead of ``note``.
    """
    reason = SuspensionReason(reason).value  # a plain string, as the stored reasons are
    done, events = Suspension(), []
    deletion = Subscription.deletion_date(now)
    for subscription in subscriptions:
        if (
            subscription.status == Subscription.Status.CANCELLED
            or reason in subscription.suspension_reasons
        ):
            continue
        before = subscription.status
        subscription.suspension_reasons = sorted({*subscription.suspension_reasons, reason})
        if can_proceed(subscription.suspend):
            subscription.suspend()
            subscription.suspended_at, subscription.data_deletion_at = now, deletion
            done.suspended.append(subscription)
        else:
            done.reason_added.append(subscription)
        events.append(_suspension_event(actor, subscription, before, reason, note, invoices))
    _store(
        done.suspended,
        source=Subscription.Status.ACTIVE,
        suspended_at=now,
        data_deletion_at=deletion,
    )
    _store(done.reason_added, source=Subscription.Status.SUSPENDED)
    events_write(events)
    for subscription in done.suspended:
        emails.subscription_suspended(subscription=subscription, reason=reason)
    return done


def _store(subscriptions: list[Subscription], *, source: str, **dates) -> None:
    """One UPDATE per distinct outcome (a handful at most: the reasons are a small set), each only
    where the row is still in ``source``, the state the FSM moved it from."""
    groups = defaultdict(list)
    for subscription in subscriptions:
        outcome = (subscription.status, tuple(subscription.suspension_reasons))
        groups[outcome].append(subscription.pk)
    for (status, reasons), ids in groups.items():
        updated = Subscription.objects.filter(pk__in=ids, status=source).update(
            status=status, suspension_reasons=list(reasons), **dates
        )
        if updated != len(ids):  # the caller did not lock them: refuse rather than half-write
            raise TransitionNotAllowed(
                f"{len(ids) - updated} subscriptions were no longer {source} when suspended."
            )


def _suspension_event(actor, subscription, before, reason, note, invoices):
    data = {"reason": reason}
    if invoices is not None:
        invoice = invoices[subscription.customer_id]
        note = f"Collections policy: invoice {invoice.number} unpaid."
        data["invoice"] = invoice.id
    return event_row(
        actor=actor,
        obj=subscription,
        action="suspended" if before == Subscription.Status.ACTIVE else "suspension_reason_added",
        from_state=before,
        to_state=subscription.status,
        reason=note,
        data=data,
    )


@transaction.atomic
def subscription_reactivate(
    *, actor: Actor, subscription: Subscription, note: str = ""
) -> Subscription:
    """Lift the reasons this actor may lift; 409 when it may lift none of them."""
    if not (actor.is_operator or actor.is_partner_admin or actor.is_system):
        raise NotAllowed(_("Only a partner admin or the operator may reactivate a subscription."))
    subscription = _locked(subscription, actor)
    if subscription.status != Subscription.Status.SUSPENDED:
        raise InvalidTransition(
            _("Only a suspended subscription can be reactivated; this one is %(status)s.")
            % {"status": subscription.get_status_display()}
        )
    liftable = set(subscription.suspension_reasons) & reasons_liftable_by(actor)
    if not liftable:
        raise PolicyViolation(_blocked_text(subscription, actor))
    reasons_lift(actor=actor, subscription=subscription, reasons=liftable, note=note)
    return subscription


def _blocked_text(subscription: Subscription, actor: Actor) -> str:
    held = ", ".join(
        str(SuspensionReason(reason).label) for reason in subscription.suspension_reasons
    )
    if actor.is_operator:
        return _(
            "This subscription is suspended for %(reasons)s by the partner; the partner lifts "
            "that, or a payment that clears the overdue balance does."
        ) % {"reasons": held}
    return _(
        "This subscription is suspended for %(reasons)s by the operator; only the operator can "
        "lift that."
    ) % {"reasons": held}


def reasons_lift(
    *, actor: Actor, subscription: Subscription, reasons: set[str], note: str = ""
) -> None:
    """Remove reasons from a locked subscription; with none left it is active again (and the
    customer told).
    """
    remaining = sorted(set(subscription.suspension_reasons) - set(reasons))
    suspended_at = subscription.suspended_at
    subscription.suspension_reasons = remaining
    if not remaining:
        subscription.reactivate()
        subscription.suspended_at = subscription.data_deletion_at = None
    subscription.save(
        update_fields=["status", "suspension_reasons", "suspended_at", "data_deletion_at"]
    )
    event_record(
        actor=actor,
        obj=subscription,
        action="reactivated" if not remaining else "suspension_reason_lifted",
        from_state=Subscription.Status.SUSPENDED,
        to_state=subscription.status,
        reason=note,
        data={"lifted": sorted(reasons), "remaining": remaining},
    )
    if not remaining:
        emails.subscription_reactivated(
            partner=subscription.partner,
            customer=subscription.customer,
            subscription=subscription,
            suspended_at=suspended_at,
        )


@transaction.atomic
def subscription_cancel(
    *, actor: Actor, subscription: Subscription, note: str = ""
) -> Subscription:
    subscription_cancel_guard(actor)
    subscription = _locked(subscription, actor)
    before = subscription.status
    subscription.cancel()  # TransitionNotAllowed (409) when already cancelled
    subscription.save(update_fields=["status"])
    event_record(
        actor=actor,
        obj=subscription,
        action="cancelled",
        from_state=before,
        to_state=subscription.status,
        reason=note,
    )
    return subscription


def non_payment_review(*, actor: Actor, customer_id: int, note: str) -> list[Subscription]:
    """After a payment, a void, a write-off or a dispute hold: lift ``non_payment`` from the
    customer's subscriptions once nothing overdue and unfrozen is left. Call inside the change's
    transaction."""
    suspended = [
        sub
        for sub in locked(Subscription.objects.select_related("customer", "partner"))
        .filter(customer_id=customer_id, status=Subscription.Status.SUSPENDED)
        .order_by("id")
        if SuspensionReason.NON_PAYMENT in sub.suspension_reasons
    ]
    if not suspended or customer_has_overdue_balance(
        customer_id=customer_id, today=today(suspended[0].partner)
    ):
        return []
    for subscription in suspended:
        reasons_lift(
            actor=actor,
            subscription=subscription,
            reasons={SuspensionReason.NON_PAYMENT},
            note=note,
        )
    requests_resolve(customer_ids=[customer_id], resolution="paid")
    return suspended


def requests_resolve(
    *,
    customer_ids: Iterable[int],
    resolution: str,
    invoice_id: int | None = None,
    now: datetime | None = None,
) -> int:
    """Close the open "ready to suspend" items of these customers (or of one invoice)."""
    qs = SuspensionRequest.objects.filter(customer_id__in=customer_ids, resolved_at__isnull=True)
    if invoice_id is not None:
        qs = qs.filter(invoice_id=invoice_id)
    return qs.update(resolved_at=now or timezone.now(), resolution=resolution)


@transaction.atomic
def suspension_request_dismiss(
    *, actor: Actor, request: SuspensionRequest, note: str = ""
) -> SuspensionRequest:
    """A partner admin decides not to suspend (yet) for this invoice."""
    if not actor.is_member_of(request.partner_id, admin=True):
        raise NotAllowed(_("Only a partner admin may dismiss a ready-to-suspend item."))
    request = locked(SuspensionRequest.objects.all()).get(pk=request.pk)
    if request.resolved_at is not None:
        raise InvalidTransition(
            _("This item is already closed (%(resolution)s).") % {"resolution": request.resolution}
        )
    request.resolved_at, request.resolution = timezone.now(), "dismissed"
    request.save(update_fields=["resolved_at", "resolution"])
    event_record(
        actor=actor,
        obj=request,
        action="dismissed",
        from_state="open",
        to_state="dismissed",
        reason=note,
    )
    return request


@transaction.atomic
def suspension_request_suspend(
    *, actor: Actor, request: SuspensionRequest, note: str = ""
) -> list[Subscription]:
    """A partner admin acts on a "ready to suspend" item: the customer's active subscriptions are
    suspended for non-payment, each under the guard, all or none (closing the item)."""
    if not actor.is_member_of(request.partner_id, admin=True):
        raise NotAllowed(_("Only a partner admin may suspend a customer's subscriptions."))
    customer_lock(request.customer_id)  # before the item: a payment closes it under this lock
    request = locked(SuspensionRequest.objects.select_related("customer")).get(pk=request.pk)
    if request.resolved_at is not None:
        raise InvalidTransition(
            _("This item is already closed (%(resolution)s).") % {"resolution": request.resolution}
        )
    subscriptions = list(
        locked(Subscription.objects.select_related("customer", "partner"))
        .filter(customer_id=request.customer_id, status=Subscription.Status.ACTIVE)
        .order_by("id")
    )
    if not subscriptions:
        raise InvalidTransition(
            _("%(customer)s has no active subscription left to suspend; dismiss this item instead.")
            % {"customer": request.customer.name}
        )
    for subscription in subscriptions:
        _non_payment_guard(subscription)
    requests_resolve(customer_ids=[request.customer_id], resolution="suspended")
    subscriptions_suspend(
        actor=actor,
        subscriptions=subscriptions,
        reason=SuspensionReason.NON_PAYMENT,
        now=timezone.now(),
        note=note,
    )
    return subscriptions
