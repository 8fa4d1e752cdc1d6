"""Writes for billing: every state change of a subscription, invoice, policy or statement goes
through one of these, for the API, the web UI, the admin and the tasks alike."""

from billing.services.credits import credit_note_create, credit_note_grant, customer_credit_apply
from billing.services.dunning import RunSummary, collections_candidates, collections_run
from billing.services.invoices import (
    invoice_create,
    invoice_freeze,
    invoice_unfreeze,
    invoice_void,
    invoice_write_off,
    invoices_upsert_many,
    payment_record,
)
from billing.services.policy import policy_ensure, policy_publish
from billing.services.reconciliation import (
    InvoiceReconciliation,
    ReconCounts,
    recon_lines_apply,
)
from billing.services.retention import data_deletion_reminders_send
from billing.services.statements import (
    statement_confirm,
    statement_create,
    statement_delete,
    statement_report_payment,
    statement_update,
)
from billing.services.subscription_records import subscription_create, subscription_update
from billing.services.subscriptions import (
    non_payment_review,
    subscription_cancel,
    subscription_reactivate,
    subscription_suspend,
    subscriptions_suspend,
    suspension_request_dismiss,
    suspension_request_suspend,
)

__all__ = [
    "InvoiceReconciliation",
    "ReconCounts",
    "RunSummary",
    "collections_candidates",
    "collections_run",
    "credit_note_create",
    "credit_note_grant",
    "customer_credit_apply",
    "data_deletion_reminders_send",
    "invoice_create",
    "invoice_freeze",
    "invoice_unfreeze",
    "invoice_void",
    "invoice_write_off",
    "invoices_upsert_many",
    "non_payment_review",
    "payment_record",
    "policy_ensure",
    "policy_publish",
    "recon_lines_apply",
    "statement_confirm",
    "statement_create",
    "statement_delete",
    "statement_report_payment",
    "statement_update",
    "subscription_cancel",
    "subscription_create",
    "subscription_reactivate",
    "subscription_suspend",
    "subscription_update",
    "subscriptions_suspend",
    "suspension_request_dismiss",
    "suspension_request_suspend",
]
