"""The suspend step of dunning, for a whole batch at once: suspend the customers' active
subscriptions (automatic suspension) or queue a "ready to suspend" item for the partner's admins."""

from datetime import date

from django.utils import timezone

from billing import emails
from billing.models import Invoice, Subscription, SuspensionReason, SuspensionRequest
from billing.services._common import locked
from core.actors import SYSTEM
from core.audit import event_row, events_write
from notifications.activity import ActivityKind, activity_record


def suspend_steps(suspends: list, as_of: date, cache, summary) -> None:
    automatic = {
        invoice.customer_id: invoice for invoice, policy in suspends if policy.auto_suspend
    }
    manual = [invoice for invoice, policy in suspends if not policy.auto_suspend]
    if automatic:
        _customers_suspend(automatic, cache, summary)
    if manual:
        _ready_to_suspend(manual, as_of, cache, summary)


def _customers_suspend(by_customer: dict[int, Invoice], cache, summary) -> None:
    """Suspend every active subscription of these customers for non-payment, in a few statements."""
    subscriptions = list(
        locked(
            Subscription.objects.filter(customer_id__in=by_customer).exclude(
                status=Subscription.Status.CANCELLED
            )
        ).order_by("id")
    )
    now = timezone.now()
    deletion = Subscription.deletion_date(now)
    fresh = [sub for sub in subscriptions if sub.status == Subscription.Status.ACTIVE]
    tagged = [
        sub
        for sub in subscriptions
        if sub.status == Subscription.Status.SUSPENDED
        and SuspensionReason.NON_PAYMENT not in sub.suspension_reasons
    ]
    Subscription.objects.filter(id__in=[sub.id for sub in fresh]).update(
        status=Subscription.Status.SUSPENDED,
        suspension_reasons=[SuspensionReason.NON_PAYMENT.value],
        suspended_at=now,
        data_deletion_at=deletion,
    )
    for sub in tagged:  # already suspended by the operator: non-payment now also holds it
        Subscription.objects.filter(pk=sub.pk).update(
            suspension_reasons=sorted({*sub.suspension_reasons, SuspensionReason.NON_PAYMENT})
        )
    fresh_ids = {sub.id for sub in fresh}
    events_write(
        [
            _suspension_event(sub, by_customer[sub.customer_id], fresh=sub.id in fresh_ids)
            for sub in fresh + tagged
        ]
    )
    SuspensionRequest.objects.filter(customer_id__in=by_customer, resolved_at__isnull=True).update(
        resolved_at=now, resolution="suspended"
    )
    for sub in fresh:
        invoice = by_customer[sub.customer_id]
        emails.subscription_suspended(
            partner=cache.partners[invoice.partner_id],
            customer=invoice.customer,
            subscription=sub,
            reason=SuspensionReason.NON_PAYMENT,
            suspended_at=now,
            data_deletion_at=deletion,
        )
        summary.emails += 1
    summary.subscriptions_suspended += len(fresh)


def _suspension_event(sub: Subscription, invoice: Invoice, *, fresh: bool):
    return event_row(
        actor=SYSTEM,
        obj=sub,
        action="suspended" if fresh else "suspension_reason_added",
        from_state=sub.status,
        to_state=Subscription.Status.SUSPENDED,
        reason=f"Collections policy: invoice {invoice.number} unpaid.",
        data={"reason": SuspensionReason.NON_PAYMENT.value, "invoice": invoice.id},
    )


def _ready_to_suspend(invoices: list[Invoice], as_of: date, cache, summary) -> None:
    """Suspension is the partner admin's call: queue a "ready to suspend" item and tell the
    admins."""
    with_active = set(
        Subscription.objects.filter(
            customer_id__in={i.customer_id for i in invoices}, status=Subscription.Status.ACTIVE
        )
        .order_by()
        .values_list("customer_id", flat=True)
        .distinct()
    )
    invoices = [invoice for invoice in invoices if invoice.customer_id in with_active]
    requests = SuspensionRequest.objects.bulk_create(
        [
            SuspensionRequest(partner_id=i.partner_id, customer_id=i.customer_id, invoice=i)
            for i in invoices
        ]
    )
    events_write(
        [
            event_row(
                actor=SYSTEM,
                obj=request,
                action="ready_to_suspend",
                to_state="open",
                data={"invoice": request.invoice_id},
            )
            for request in requests
        ]
    )
    for request, invoice in zip(requests, invoices, strict=True):
        sent = emails.ready_to_suspend(
            partner=cache.partners[invoice.partner_id],
            customer=invoice.customer,
            invoice=invoice,
            request_id=request.id,
            days_overdue=invoice.days_overdue(as_of),
            recipients=cache.admins(invoice.partner_id),
        )
        summary.emails += len(sent)
        activity_record(
            kind=ActivityKind.READY_TO_SUSPEND,
            target=request,
            summary=f"{invoice.customer.name} · {invoice.number}",
            roles=("admin",),
        )
    summary.ready_to_suspend += len(requests)
