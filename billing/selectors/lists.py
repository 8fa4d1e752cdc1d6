"""Lists and look-ups, scoped to the actor through ``for_actor`` (other partners' rows do not
exist).

One selector per list, ``<noun>_list(*, actor, filters=None)``: the API and the pages both call
it, with the filters their query parameters or GET form give (``billing.selectors.filters`` says
what each means). Its order is the pages'; the API may re-order (``?ordering=``, or its own
default).
"""

from collections import defaultdict

from django.db.models import Q
from django.utils import timezone

from billing import policy as rules
from billing.models import (
    CollectionsPolicy,
    CreditNote,
    DunningAction,
    Invoice,
    Payment,
    Statement,
    Subscription,
    SuspensionRequest,
)
from billing.selectors.filters import (
    InvoiceFilter,
    StatementFilter,
    SubscriptionFilter,
    SuspensionRequestFilter,
)
from billing.selectors.reconciliation import with_reconciliation
from core.actors import Actor


def invoice_list(*, actor: Actor, filters: dict | None = None):
    """The invoices, newest first, with their customer."""
    qs = Invoice.objects.for_actor(actor).select_related("customer").order_by("-issue_date", "-id")
    return InvoiceFilter(filters or {}, qs).qs


def subscription_list(*, actor: Actor, filters: dict | None = None):
    """The subscriptions by customer name, then offer, with their customer and partner."""
    qs = (
        Subscription.objects.for_actor(actor)
        .select_related("customer", "partner")
        .order_by("customer__name", "offer", "id")
    )
    return SubscriptionFilter(filters or {}, qs).qs


def credit_note_list(*, actor: Actor, filters: dict | None = None):
    """Credit notes, newest first, with their invoice; ``invoice`` or ``customer`` narrows."""
    filters = filters or {}
    qs = (
        CreditNote.objects.for_actor(actor).select_related("invoice").order_by("-created_at", "-id")
    )
    if filters.get("invoice") is not None:
        qs = qs.filter(
            Q(invoice=filters["invoice"]) | Q(allocations__invoice=filters["invoice"])
        ).distinct()
    if filters.get("customer") is not None:
        qs = qs.filter(customer=filters["customer"])
    return qs


def payment_list(*, invoice: Invoice):
    return Payment.objects.filter(invoice=invoice).order_by("date", "id")


def statement_list(*, actor: Actor, filters: dict | None = None):
    """What partners owe the operator, latest due first, with their partner and how each compares
    with the operator's charge lines of its number (``with_reconciliation``)."""
    qs = Statement.objects.for_actor(actor).select_related("partner").order_by("-due_date", "-id")
    return with_reconciliation(StatementFilter(filters or {}, qs).qs)


def suspension_request_list(*, actor: Actor, filters: dict | None = None):
    """The "ready to suspend" items, oldest first (a queue), with their customer and invoice."""
    qs = (
        SuspensionRequest.objects.for_actor(actor)
        .select_related("customer", "invoice")
        .order_by("created_at", "id")
    )
    return SuspensionRequestFilter(filters or {}, qs).qs


def policy_latest(*, partner_id: int) -> CollectionsPolicy | None:
    return CollectionsPolicy.objects.filter(partner_id=partner_id).order_by("-version").first()


def policy_version(*, partner_id: int, version: int) -> CollectionsPolicy | None:
    return CollectionsPolicy.objects.filter(partner_id=partner_id, version=version).first()


def policy_for_display(*, partner) -> CollectionsPolicy:
    """The current version, or (before the partner published one) the default it would get,
    unsaved."""
    return policy_latest(partner_id=partner.id) or rules.default_policy(partner)


def customer_has_overdue_balance(*, customer_id: int, today) -> bool:
    """Anything past due and unpaid that no dispute freezes: what keeps a non-payment suspension."""
    return Invoice.objects.filter(
        customer_id=customer_id, status=Invoice.Status.OPEN, freeze_count=0, due_date__lt=today
    ).exists()


def performed_steps(*, invoice_ids) -> dict[int, dict[tuple[str, int], rules.Done]]:
    """For each invoice, the steps already performed: ``{(action, after_days): Done}``. One
    query."""
    result = defaultdict(dict)
    rows = DunningAction.objects.filter(invoice_id__in=invoice_ids).values_list(
        "invoice_id", "action", "after_days", "performed_on", "impact_on", "performed_at"
    )
    for invoice_id, action, days, performed_on, impact_on, performed_at in rows:
        result[invoice_id][(action, days)] = rules.Done(
            performed_on or timezone.localdate(performed_at), impact_on
        )
    return result


def customer_subscriptions(*, actor: Actor, customer):
    return (
        Subscription.objects.for_actor(actor)
        .filter(customer=customer)
        .order_by("status", "offer", "id")
    )


def customer_invoices(*, actor: Actor, customer):
    return Invoice.objects.for_actor(actor).filter(customer=customer).order_by("-issue_date", "-id")
