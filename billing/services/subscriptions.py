"""Suspending, reactivating and cancelling subscriptions (SPEC §4).

A subscription carries a *set* of suspension reasons. The partner (admin) suspends for
``non_payment`` under the guard of ``billing.selectors.suspension_check``; the operator suspends for
``fraud`` or ``misuse``. Each reason is lifted only by whoever may set it (``non_payment`` also by a
payment that clears the overdue balance), and the subscription is active again only when no reason
is left.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from billing import emails
from billing.models import Subscription, SuspensionReason, SuspensionRequest
from billing.selectors import customer_has_overdue_balance, suspension_check
from billing.services._common import is_system, locked, today
from core.actors import Actor
from core.audit import event_record
from core.errors import InvalidTransition, NotAllowed, PolicyViolation

OPERATOR_REASONS = {SuspensionReason.FRAUD, SuspensionReason.MISUSE}
PARTNER_REASONS = {SuspensionReason.NON_PAYMENT}


def reasons_liftable_by(actor: Actor) -> set[str]:
    if actor.is_operator:
        return set(OPERATOR_REASONS)
    if actor.is_partner_admin or is_system(actor):
        return set(PARTNER_REASONS)
    return set()


def _require_may_set(actor: Actor, reason: str) -> None:
    if reason in OPERATOR_REASONS and not actor.is_operator:
        raise NotAllowed(_("Only the operator suspends for fraud or misuse."))
    if reason in PARTNER_REASONS and not (actor.is_partner_admin or is_system(actor)):
        raise NotAllowed(_("Only a partner admin suspends for non-payment."))


def _locked(subscription: Subscription, actor: Actor) -> Subscription:
    """The subscription, locked; a partner user only ever acts on their own partner's."""
    if actor.is_partner_user and actor.partner_id != subscription.partner_id:
        raise NotAllowed(_("This subscription belongs to another partner."))
    return locked(Subscription.objects.select_related("customer", "partner")).get(
        pk=subscription.pk
    )


@transaction.atomic
def subscription_suspend(
    *, actor: Actor, subscription: Subscription, reason: str, note: str = ""
) -> Subscription:
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
    subscription = _locked(subscription, actor)
    if subscription.status == Subscription.Status.CANCELLED:
        raise InvalidTransition(_("This subscription is cancelled."))
    if reason in subscription.suspension_reasons:
        raise InvalidTransition(
            _("This subscription is already suspended for %(reason)s.")
            % {"reason": SuspensionReason(reason).label}
        )
    if reason == SuspensionReason.NON_PAYMENT:
        check = suspension_check(subscription, today=today())
        if not check.allowed:
            raise PolicyViolation(check.reason)
        requests_resolve(customer_id=subscription.customer_id, resolution="suspended")
    reason_add(actor=actor, subscription=subscription, reason=reason, note=note)
    return subscription


def reason_add(
    *, actor: Actor, subscription: Subscription, reason: str, note: str = "", now=None
) -> None:
    """Add a reason to a locked subscription; the first one suspends it and tells the customer."""
    now = now or timezone.now()
    before = subscription.status
    subscription.suspension_reasons = sorted({*subscription.suspension_reasons, reason})
    if before == Subscription.Status.ACTIVE:
        subscription.suspend()
        subscription.suspended_at = now
        subscription.data_deletion_at = Subscription.deletion_date(now)
    subscription.save(
        update_fields=["status", "suspension_reasons", "suspended_at", "data_deletion_at"]
    )
    event_record(
        actor=actor,
        obj=subscription,
        action="suspended" if before == "active" else "suspension_reason_added",
        from_state=before,
        to_state=subscription.status,
        reason=note,
        data={"reason": reason},
    )
    if before == Subscription.Status.ACTIVE:
        emails.subscription_suspended(
            partner=subscription.partner,
            customer=subscription.customer,
            subscription=subscription,
            reason=reason,
            suspended_at=now,
            data_deletion_at=subscription.data_deletion_at,
        )


@transaction.atomic
def subscription_reactivate(
    *, actor: Actor, subscription: Subscription, note: str = ""
) -> Subscription:
    """Lift the reasons this actor may lift; 409 when it may lift none of them."""
    if not (actor.is_operator or actor.is_partner_admin or is_system(actor)):
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
    if not (actor.is_partner_admin or is_system(actor)):
        raise NotAllowed(_("Only a partner admin may cancel a subscription."))
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
    if not suspended or customer_has_overdue_balance(customer_id=customer_id, today=today()):
        return []
    for subscription in suspended:
        reasons_lift(
            actor=actor,
            subscription=subscription,
            reasons={SuspensionReason.NON_PAYMENT},
            note=note,
        )
    requests_resolve(customer_id=customer_id, resolution="paid")
    return suspended


def requests_resolve(*, customer_id: int, resolution: str, invoice_id: int | None = None) -> int:
    """Close the open "ready to suspend" items of a customer (or of one invoice)."""
    qs = SuspensionRequest.objects.filter(customer_id=customer_id, resolved_at__isnull=True)
    if invoice_id is not None:
        qs = qs.filter(invoice_id=invoice_id)
    return qs.update(resolved_at=timezone.now(), resolution=resolution)


@transaction.atomic
def suspension_request_dismiss(
    *, actor: Actor, request: SuspensionRequest, note: str = ""
) -> SuspensionRequest:
    """A partner admin decides not to suspend (yet) for this invoice."""
    if not (actor.is_partner_admin and actor.partner_id == request.partner_id):
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
    if not (actor.is_partner_admin and actor.partner_id == request.partner_id):
        raise NotAllowed(_("Only a partner admin may suspend a customer's subscriptions."))
    request = locked(SuspensionRequest.objects.select_related("customer")).get(pk=request.pk)
    if request.resolved_at is not None:
        raise InvalidTransition(
            _("This item is already closed (%(resolution)s).") % {"resolution": request.resolution}
        )
    subscriptions = list(
        Subscription.objects.filter(
            customer_id=request.customer_id, status=Subscription.Status.ACTIVE
        ).order_by("id")
    )
    if not subscriptions:
        raise InvalidTransition(
            _("%(customer)s has no active subscription left to suspend; dismiss this item instead.")
            % {"customer": request.customer.name}
        )
    for subscription in subscriptions:
        subscription_suspend(
            actor=actor, subscription=subscription, reason=SuspensionReason.NON_PAYMENT, note=note
        )
    return subscriptions
