"""Every kind of e-mail and the context its caller must hand in (SPEC §5).

The partner's name and support address are added by the outbox itself; dates, datetimes and
Decimals may be passed as they are: rendering happens at queue time, in the recipient's language
(numbers, amounts and dates are formatted for that locale, datetimes in the partner's time zone).

``KINDS`` maps each kind to the keys its caller must pass. ``OPTIONAL`` lists keys a caller may
add. Keys in ``NEVER_RENDERED`` are accepted so that callers written against the first version of
this contract keep working, but no template shows them: they hold operator-only text, and SPEC §5
says no e-mail ever carries an internal or operator-only message. The e-mail says what happened
and links to the ticket, where a signed-in member reads the text.
"""

CUSTOMER_KINDS = {
    "ticket_received": {"customer_name", "ticket_id", "subject", "status_url"},
    "ticket_reply": {"customer_name", "ticket_id", "subject", "status_url", "message"},
    "ticket_waiting": {"customer_name", "ticket_id", "subject", "status_url", "message"},
    "ticket_escalated": {"customer_name", "ticket_id", "subject", "status_url"},
    "ticket_resolved": {"customer_name", "ticket_id", "subject", "status_url", "resolution"},
    "ticket_closed": {"customer_name", "ticket_id", "subject", "status_url"},
    "invoice_reminder": {
        "customer_name",
        "invoice_number",
        "amount",
        "currency",
        "due_date",
        "days_overdue",
        "policy_url",
        "policy_version",
    },
    "invoice_final_notice": {
        "customer_name",
        "invoice_number",
        "amount",
        "currency",
        "due_date",
        "days_overdue",
        "policy_url",
        "policy_version",
        "impact_date",
    },
    "subscription_suspended": {
        "customer_name",
        "offer",
        "reason",
        "data_deletion_at",
        "policy_url",
    },
    "subscription_reactivated": {"customer_name", "offer"},
    "credit_issued": {"customer_name", "amount", "currency", "credit_balance", "reason"},
}

MEMBER_KINDS = {
    "escalation_info_requested": {"ticket_id", "escalation_id", "subject", "ticket_url"},
    "escalation_resolved": {
        "ticket_id",
        "escalation_id",
        "subject",
        "outcome",
        "credit_amount",
        "close_loop_due",
        "ticket_url",
    },
    "sla_breached": {"ticket_id", "subject", "sla", "due_at", "ticket_url"},
    "ready_to_suspend": {
        "customer_name",
        "invoice_number",
        "amount",
        "currency",
        "days_overdue",
        "customer_url",
    },
    "data_deletion_reminder": {
        "customer_name",
        "offer",
        "data_deletion_at",
        "days_left",
        "subscription_url",
    },
}

KINDS = {**CUSTOMER_KINDS, **MEMBER_KINDS}

OPTIONAL = {
    # How many days a resolved ticket waits for the customer before it closes by itself.
    "ticket_resolved": {"auto_close_days"},
    # The currency of the credit (default: the invoice currency CNY).
    "escalation_resolved": {"currency", "question", "response"},
    "escalation_info_requested": {"question"},
    # Shown instead of the generic operator name, e.g. "21Vianet".
    "ticket_escalated": {"operator_name"},
    # A credit on an invoice says what is still due on it.
    "credit_issued": {"invoice_number", "balance"},
}

NEVER_RENDERED = {"question", "response"}
