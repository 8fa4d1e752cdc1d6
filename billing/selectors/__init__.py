"""Reads for billing, always scoped to the actor where an actor asks."""

from billing.selectors.dashboard import dashboard_panels, exposure_chart
from billing.selectors.exposure import exposure
from billing.selectors.lists import (
    customer_counts,
    customer_has_overdue_balance,
    customer_invoices,
    customer_subscriptions,
    invoice_list,
    payment_list,
    performed_steps,
    policy_for_display,
    policy_latest,
    policy_version,
    statement_list,
    subscription_list,
    suspension_request_list,
)
from billing.selectors.pages import (
    ScheduleRow,
    invoice_policy,
    invoice_schedule,
    invoice_search,
    open_invoices_of,
    policy_versions,
    statement_search,
    subscription_search,
    suspension_queue,
)
from billing.selectors.suspension import SuspensionCheck, suspension_check

__all__ = [
    "ScheduleRow",
    "SuspensionCheck",
    "customer_counts",
    "customer_has_overdue_balance",
    "customer_invoices",
    "customer_subscriptions",
    "dashboard_panels",
    "exposure",
    "exposure_chart",
    "invoice_policy",
    "invoice_schedule",
    "invoice_search",
    "open_invoices_of",
    "policy_versions",
    "statement_search",
    "subscription_search",
    "suspension_queue",
    "invoice_list",
    "payment_list",
    "performed_steps",
    "policy_for_display",
    "policy_latest",
    "policy_version",
    "statement_list",
    "subscription_list",
    "suspension_check",
    "suspension_request_list",
]
