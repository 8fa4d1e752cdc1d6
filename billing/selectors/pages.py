"""Reads only the billing pages make: the counts they add to a list (annotations), an invoice's
collections schedule, the policy's versions. Scoped through ``for_actor``; the lists themselves
are ``billing.selectors.lists``'s."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from billing import policy as rules
from billing.models import CollectionsPolicy, Invoice, StepAction, Subscription
from billing.selectors.lists import performed_steps, policy_latest
from core.actors import Actor
from core.queries import count_subquery

# --- annotations a page adds to a list (one query for the whole page, whatever its length) ----


def suspension_request_counts() -> dict:
    """For the "ready to suspend" queue: how many active subscriptions each item would stop."""
    active = (
        Subscription.objects.filter(
            customer_id=OuterRef("customer_id"), status=Subscription.Status.ACTIVE
        )
        .values("customer_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    return {
        "active_subscriptions": Coalesce(Subquery(active, output_field=IntegerField()), Value(0))
    }


def customer_counts(*, actor: Actor, today) -> dict:
    """For the customer list: its subscriptions by state and its overdue invoices."""
    subscriptions = Subscription.objects.for_actor(actor)
    overdue = Invoice.objects.for_actor(actor).filter(
        status=Invoice.Status.OPEN, due_date__lt=today
    )
    return {
        "active_subscriptions": count_subquery(
            subscriptions.filter(status=Subscription.Status.ACTIVE), "customer"
        ),
        "suspended_subscriptions": count_subquery(
            subscriptions.filter(status=Subscription.Status.SUSPENDED), "customer"
        ),
        "overdue_invoices": count_subquery(overdue, "customer"),
    }


# --- look-ups ------------------------------------------------------------------------------------


def open_invoices_of(*, customer_id: int, limit: int = 20):
    """The customer's open invoices, oldest due first: what the suspension guard looks at."""
    return Invoice.objects.filter(customer_id=customer_id, status=Invoice.Status.OPEN).order_by(
        "due_date", "id"
    )[:limit]


def policy_versions(*, actor: Actor):
    return (
        CollectionsPolicy.objects.for_actor(actor)
        .select_related("created_by", "partner")  # the partner: each version's public link
        .order_by("-version")
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
