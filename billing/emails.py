"""Billing's e-mails, built in one place so that each kind gets exactly the context
notifications/kinds.py asks for, and each has one idempotency key per cause (never sent twice).

Customers read in their own language; partner members in theirs (the outbox picks it). Every
customer e-mail carries a reply address naming what it was about (the invoice, the subscription),
so an answer opens a ticket linked to it (``mailgate``).
"""

from billing import links
from billing.models import StepAction, SuspensionReason
from notifications.reply_address import reply_address_for
from notifications.services import (
    Email,
    notification_queue,
    notifications_queue_many,
    notify_partner_members,
)

ADMINS = ("admin",)


def _stamp(moment) -> int:
    return int(moment.timestamp())


def queue_many(emails: list[Email]) -> int:
    """A batch's e-mails in one write (dunning); how many were newly queued."""
    return len(notifications_queue_many(emails=emails))


def invoice_notice_email(
    *, partner, customer, invoice, step: dict, policy, days_overdue: int, impact_on=None
) -> Email:
    """The e-mail of a reminder or the final notice for one step of one invoice."""
    final = step["action"] == StepAction.FINAL_NOTICE
    context = {
        "customer_name": customer.name,
        "invoice_number": invoice.number,
        "amount": invoice.balance,
        "currency": invoice.currency,
        "due_date": invoice.due_date,
        "days_overdue": days_overdue,
        "policy_url": links.policy_url(partner.slug, policy.version),
        "policy_version": policy.version,
    }
    if final:
        context["impact_date"] = impact_on
    return Email(
        partner=partner,
        kind="invoice_final_notice" if final else "invoice_reminder",
        recipient=customer.email,
        language=customer.language,
        context=context,
        key=f"invoice:{invoice.id}:{step['action']}:{step['after_days']}",
        reply_to=reply_address_for(partner, "i", invoice.id),
    )


def subscription_suspended(*, subscription, reason: str):
    """To the customer of a subscription just suspended (its dates set, its customer and partner
    loaded); keyed by that suspension, so it goes out once."""
    partner, customer = subscription.partner, subscription.customer
    context = {
        "customer_name": customer.name,
        "offer": subscription.offer,
        "reason": SuspensionReason(reason).label,
        "data_deletion_at": subscription.data_deletion_at,
        "policy_url": links.policy_url(partner.slug),
    }
    return notification_queue(
        partner=partner,
        kind="subscription_suspended",
        recipient=customer.email,
        language=customer.language,
        context=context,
        key=f"subscription:{subscription.id}:suspended:{_stamp(subscription.suspended_at)}",
        reply_to=reply_address_for(partner, "s", subscription.id),
    )


def subscription_reactivated(*, partner, customer, subscription, suspended_at):
    """Keyed by the suspension that ended, so one suspension yields one "reactivated" e-mail."""
    return notification_queue(
        partner=partner,
        kind="subscription_reactivated",
        recipient=customer.email,
        language=customer.language,
        context={"customer_name": customer.name, "offer": subscription.offer},
        key=f"subscription:{subscription.id}:reactivated:{_stamp(suspended_at)}",
        reply_to=reply_address_for(partner, "s", subscription.id),
    )


def ready_to_suspend(
    *, partner, customer, invoice, request_id: int, days_overdue: int, recipients=None
):
    """To the partner's admins. With ``recipients`` (from ``member_recipients``, looked up once
    per batch) it returns the e-mails for ``queue_many`` instead of queuing them; the keys are the
    ones ``notify_partner_members`` would use."""
    context = {
        "customer_name": customer.name,
        "invoice_number": invoice.number,
        "amount": invoice.balance,
        "currency": invoice.currency,
        "days_overdue": days_overdue,
        "customer_url": links.customer_url(customer.id),
    }
    key = f"suspension-request:{request_id}"
    if recipients is None:
        return notify_partner_members(
            partner=partner, kind="ready_to_suspend", context=context, key=key, roles=ADMINS
        )
    return [
        Email(
            partner=partner,
            kind="ready_to_suspend",
            recipient=email,
            language=language,
            context=context,
            key=f"{key}:user:{user_id}",
        )
        for user_id, email, language in recipients
    ]


def data_deletion_reminder(*, partner, customer, subscription, days_left: int, window: int):
    """``window`` is the reminder (7 or 1 days before) this is, whatever day it actually went
    out."""
    context = {
        "customer_name": customer.name,
        "offer": subscription.offer,
        "data_deletion_at": subscription.data_deletion_at,
        "days_left": days_left,
        "subscription_url": links.subscription_url(subscription.id),
    }
    key = f"subscription:{subscription.id}:deletion:{_stamp(subscription.suspended_at)}:{window}"
    return notify_partner_members(
        partner=partner, kind="data_deletion_reminder", context=context, key=key, roles=ADMINS
    )


def credit_issued(*, note, customer, invoice=None):
    """To the customer: a credit note, and what they owe after it (keyed by the note: once)."""
    context = {
        "customer_name": customer.name,
        "amount": note.amount,
        "currency": note.currency,
        "credit_balance": customer.credit_balance,
        "reason": note.reason,
    }
    if invoice is not None:
        context.update(invoice_number=invoice.number, balance=invoice.balance)
    return notification_queue(
        partner=customer.partner,
        kind="credit_issued",
        recipient=customer.email,
        language=customer.language,
        context=context,
        key=f"credit-note:{note.id}",
        reply_to=(
            reply_address_for(customer.partner, "i", invoice.id)
            if invoice is not None
            else reply_address_for(customer.partner, "c", customer.id)
        ),
    )
