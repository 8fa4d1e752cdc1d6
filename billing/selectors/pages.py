"""Reads behind the billing pages: filtered lists (a fixed number of queries whatever their length),
an invoice's collections schedule, the policy's versions. Scoped through ``for_actor``."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from billing import policy as rules
from billing.models import (
    CollectionsPolicy,
    Invoice,
    Statement,
    StepAction,
    Subscription,
    SuspensionRequest,
)
from billing.selectors.lists import performed_steps, policy_latest
from core.actors import Actor


def invoice_search(
    *,
    actor: Actor,
    today: date,
    q: str = "",
    status: str = "",
    customer: int | None = None,
    overdue: bool = False,
    frozen: bool = False,
):
    qs = Invoice.objects.for_actor(actor).select_related("customer")
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(customer__name__icontains=q))
    if status:
        qs = qs.filter(status=status)
    if customer:
        qs = qs.filter(customer_id=customer)
    if overdue:
        qs = qs.filter(status=Invoice.Status.OPEN, due_date__lt=today)
    if frozen:
        qs = qs.filter(freeze_count__gt=0)
    return qs.order_by("-issue_date", "-id")


def with_reason(queryset, reason: str):
    """Subscriptions whose set of suspension reasons holds ``reason``.

    PostgreSQL answers JSON containment (``@>``); SQLite has no such operator, so there the stored
    list is matched as text (reasons are fixed codes, quoted in the JSON).
    """
    if connection.vendor == "postgresql":
        return queryset.filter(suspension_reasons__contains=[reason])
    return queryset.filter(suspension_reasons__icontains=f'"{reason}"')


def subscription_search(
    *,
    actor: Actor,
    q: str = "",
    status: str = "",
    reason: str = "",
    customer: int | None = None,
    partner: int | None = None,
):
    qs = Subscription.objects.for_actor(actor).select_related("customer", "partner")
    if q:
        qs = qs.filter(Q(offer__icontains=q) | Q(customer__name__icontains=q))
    if status:
        qs = qs.filter(status=status)
    if reason:
        qs = with_reason(qs, reason)
    if customer:
        qs = qs.filter(customer_id=customer)
    if partner:
        qs = qs.filter(partner_id=partner)
    return qs.order_by("customer__name", "offer", "id")


def statement_search(
    *, actor: Actor, status: str = "", partner: int | None = None, reported: bool = False
):
    qs = Statement.objects.for_actor(actor).select_related("partner")
    if status:
        qs = qs.filter(status=status)
    if partner:
        qs = qs.filter(partner_id=partner)
    if reported:
        qs = qs.filter(status=Statement.Status.OPEN, payment_reported_at__isnull=False)
    return qs.order_by("-due_date", "-id")


def suspension_queue(*, actor: Actor):
    """Open "ready to suspend" items, oldest first, with how many active subscriptions each would
    stop.
    """
    active = (
        Subscription.objects.filter(
            customer_id=OuterRef("customer_id"), status=Subscription.Status.ACTIVE
        )
        .values("customer_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    return (
        SuspensionRequest.objects.for_actor(actor)
        .filter(resolved_at__isnull=True)
        .select_related("customer", "invoice")
        .annotate(
            active_subscriptions=Coalesce(Subquery(active, output_field=IntegerField()), Value(0))
        )
        .order_by("created_at", "id")
    )


def open_invoices_of(*, customer_id: int, limit: int = 20):
    """The customer's open invoices, oldest due first: what the suspension guard looks at."""
    return Invoice.objects.filter(customer_id=customer_id, status=Invoice.Status.OPEN).order_by(
        "due_date", "id"
    )[:limit]


def policy_versions(*, actor: Actor):
    return (
        CollectionsPolicy.objects.for_actor(actor).select_related("created_by").order_by("-version")
    )


@dataclass(frozen=True)
class ScheduleRow:
    action: str
    after_days: int
    due_on: date
    performed_on: date | None
    impact_on: date | None
    state: str  # done | due | upcoming | paused | closed


def invoice_policy(invoice: Invoice) -> CollectionsPolicy:
    """The version that governs this invoice's notices: pinned at its first step, else the current
    one.
    """
    if invoice.collections_policy_id:
        return invoice.collections_policy
    return policy_latest(partner_id=invoice.partner_id) or rules.default_policy(invoice.partner)


def invoice_schedule(
    *, invoice: Invoice, policy: CollectionsPolicy, today: date
) -> list[ScheduleRow]:
    """Each step of the policy for this invoice: when it falls due, and whether it was performed."""
    done = performed_steps(invoice_ids=[invoice.id])[invoice.id]
    final_step = rules.step_of(policy.steps, StepAction.FINAL_NOTICE)
    final = done.get((final_step["action"], final_step["after_days"])) if final_step else None
    rows = []
    for step in policy.steps:
        due_on = invoice.due_date + timedelta(days=step["after_days"])
        if step["action"] == StepAction.SUSPEND and final is not None and final.impact_on:
            due_on = max(
                due_on, final.impact_on
            )  # never before the date the final notice announced
        performed = done.get((step["action"], step["after_days"]))
        rows.append(
            ScheduleRow(
                step["action"],
                step["after_days"],
                due_on,
                performed.performed_on if performed else None,
                performed.impact_on if performed else None,
                _state(invoice, performed, due_on, today),
            )
        )
    return rows


def _state(invoice: Invoice, performed, due_on: date, today: date) -> str:
    if performed is not None:
        return "done"
    if invoice.status != Invoice.Status.OPEN or invoice.customer.collections_exempt:
        return "closed"
    if invoice.frozen:
        return "paused"
    return "due" if due_on <= today else "upcoming"
