"""The suspend step of dunning, for a whole batch at once: suspend the customers' active
subscriptions (automatic suspension) or queue a "ready to suspend" item for the partner's admins."""

from datetime import date

from django.utils import timezone

from billing import emails
from billing.models import Invoice, Subscription, SuspensionReason, SuspensionRequest
from billing.services._common import locked
from billing.services.subscriptions import requests_resolve, subscriptions_suspend
from core.actors import SYSTEM
from core.audit import event_row, events_write
from notifications.activity import ActivityKind, activity_record


def suspend_steps(suspends: list, as_of: date, cache, summary) -> None:
    automatic = {
        invoice.customer_id: invoice for invoice, policy in suspends if policy.auto_suspend
    }
    manual = [invoice for invoice, policy in suspends if not policy.auto_suspend]
    if automatic:
        # The customers' subscriptions, by the one suspension writer: a few statements for the
        # whole batch. Their open "ready to suspend" items are closed.
        now = timezone.now()
        subscriptions = (
            locked(Subscription.objects.select_related("customer", "partner"))
            .filter(customer_id__in=automatic)
            .exclude(status=Subscription.Status.CANCELLED)
            .order_by("id")
        )
        done = subscriptions_suspend(
            actor=SYSTEM,
            subscriptions=subscriptions,
            reason=SuspensionReason.NON_PAYMENT,
            now=now,
            invoices=automatic,
        )
        requests_resolve(customer_ids=automatic, resolution="suspended", now=now)
        summary.subscriptions_suspended += len(done.suspended)
        summary.emails += len(done.suspended)  # one e-mail per suspension, to the customer
    if manual:
        _ready_to_suspend(manual, as_of, cache, summary)


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
    admin_emails = [
        email
        for request, invoice in zip(requests, invoices, strict=True)
        for email in emails.ready_to_suspend(
            partner=cache.partners[invoice.partner_id],
            customer=invoice.customer,
            invoice=invoice,
            request_id=request.id,
            days_overdue=invoice.days_overdue(as_of),
            recipients=cache.admins(invoice.partner_id),
        )
    ]
    summary.emails += emails.queue_many(admin_emails)
    for request, invoice in zip(requests, invoices, strict=True):
        activity_record(
            kind=ActivityKind.READY_TO_SUSPEND,
            target=request,
            summary=f"{invoice.customer.name} · {invoice.number}",
            roles=("admin",),
        )
    summary.ready_to_suspend += len(requests)
