"""Every kind of e-mail and the context its caller must hand in (SPEC §5).

The partner's name and support address are added by the outbox itself; dates, datetimes and
Decimals may be passed as they are: rendering happens at queue time, in the recipient's language.
"""

CUSTOMER_KINDS = {
    "ticket_received": {"customer_name", "ticket_id", "subject", "status_url"},
    "ticket_reply": {"customer_name", "ticket_id", "subject", "status_url", "message"},
    "ticket_waiting": {"customer_name", "ticket_id", "subject", "status_url", "message"},
    "ticket_escalated": {"customer_name", "ticket_id", "subject", "status_url"},
    "ticket_resolved": {"customer_name", "ticket_id", "subject", "status_url", "resolution"},
    "ticket_closed": {"customer_name", "ticket_id", "subject", "status_url"},
    "invoice_reminder": {"customer_name", "invoice_number", "amount", "currency", "due_date",
                         "days_overdue", "policy_url", "policy_version"},
    "invoice_final_notice": {"customer_name", "invoice_number", "amount", "currency", "due_date",
                             "days_overdue", "policy_url", "policy_version", "impact_date"},
    "subscription_suspended": {"customer_name", "offer", "reason", "data_deletion_at", "policy_url"},
    "subscription_reactivated": {"customer_name", "offer"},
}

MEMBER_KINDS = {
    "escalation_info_requested": {"ticket_id", "escalation_id", "subject", "question", "ticket_url"},
    "escalation_resolved": {"ticket_id", "escalation_id", "subject", "outcome", "response", "credit_amount",
                            "close_loop_due", "ticket_url"},
    "sla_breached": {"ticket_id", "subject", "sla", "due_at", "ticket_url"},
    "ready_to_suspend": {"customer_name", "invoice_number", "amount", "currency", "days_overdue", "customer_url"},
    "data_deletion_reminder": {"customer_name", "offer", "data_deletion_at", "days_left", "subscription_url"},
}

KINDS = {**CUSTOMER_KINDS, **MEMBER_KINDS}
