"""Reads for billing, always scoped to the actor where an actor asks."""

from billing.selectors.exposure import exposure
from billing.selectors.lists import (
    customer_has_overdue_balance,
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
from billing.selectors.suspension import SuspensionCheck, suspension_check

__all__ = [
    "SuspensionCheck", "customer_has_overdue_balance", "exposure", "invoice_list", "payment_list", "performed_steps",
    "policy_for_display", "policy_latest", "policy_version", "statement_list", "subscription_list",
    "suspension_check", "suspension_request_list",
]
