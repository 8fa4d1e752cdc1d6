"""Lists and look-ups, scoped to the actor through ``for_actor`` (other partners' rows do not
exist).
"""

from collections import defaultdict

from django.utils import timezone

from billing import policy as rules
from billing.models import (
    CollectionsPolicy,
    DunningAction,
    Invoice,
    Payment,
    Statement,
    Subscription,
    SuspensionRequest,
)
from core.actors import Actor
from core.queries import count_subquery


def subscription_list(*, actor: Actor):
    return Subscription.objects.for_actor(actor).order_by("id")


def invoice_list(*, actor: Actor):
    return Invoice.objects.for_actor(actor).order_by("-issue_date", "-id")


def payment_list(*, invoice: Invoice):
    return Payment.objects.filter(invoice=invoice).order_by("date", "id")


def statement_list(*, actor: Actor):
    return Statement.objects.for_actor(actor).order_by("-due_date", "-id")


def suspension_request_list(*, actor: Actor, open_only: bool = True):
    qs = SuspensionRequest.objects.for_actor(actor).order_by("-created_at", "-id")
    return qs.filter(resolved_at__isnull=True) if open_only else qs


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


def customer_counts(*, actor: Actor, today) -> dict:
    """Per-customer counts for the customer list, as annotations (one query for the whole page)."""
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
