"""Reads for billing, always scoped to the actor where an actor asks."""

from billing.selectors.dashboard import dashboard_panels, exposure_chart
from billing.selectors.exposure import exposure, operator_credits
from billing.selectors.filters import (
    InvoiceFilter,
    StatementFilter,
    SubscriptionFilter,
    SuspensionRequestFilter,
)
from billing.selectors.lists import (
    credit_note_list,
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
    customer_counts,
    invoice_policy,
    invoice_schedule,
    open_invoices_of,
    policy_versions,
    suspension_request_counts,
)
from billing.selectors.reconciliation import (
    billing_month,
    customer_billing,
    invoice_reconciliations,
    latest_billed_month,
    month_of,
    statement_reconciliation,
    with_reconciliation,
)
from billing.selectors.suspension import SuspensionCheck, suspension_check

__all__ = [
    "billing_month",
    "InvoiceFilter",
    "ScheduleRow",
    "StatementFilter",
    "SubscriptionFilter",
    "SuspensionCheck",
    "SuspensionRequestFilter",
    "credit_note_list",
    "customer_billing",
    "customer_counts",
    "customer_has_overdue_balance",
    "customer_invoices",
    "customer_subscriptions",
    "dashboard_panels",
    "exposure",
    "exposure_chart",
    "operator_credits",
    "invoice_list",
    "invoice_reconciliations",
    "latest_billed_month",
    "month_of",
    "invoice_policy",
    "invoice_schedule",
    "open_invoices_of",
    "payment_list",
    "performed_steps",
    "policy_for_display",
    "policy_latest",
    "policy_version",
    "policy_versions",
    "statement_list",
    "statement_reconciliation",
    "subscription_list",
    "suspension_check",
    "suspension_request_counts",
    "suspension_request_list",
    "with_reconciliation",
]
