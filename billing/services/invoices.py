"""Invoices and payments between a partner and its customers, and the dispute holds on invoices."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from billing.models import Invoice, Payment, Subscription
from billing.rules import (
    INVOICE_KEYED_FIELDS,
    invoice_differs,
    invoice_differs_error,
    invoice_errors,
    invoice_new,
    invoice_number_taken,
)
from billing.services._common import customer_lock, locked, today
from billing.services.credits import customer_credit_apply
from billing.services.subscriptions import non_payment_review, requests_resolve
from core.actors import Actor
from core.audit import event_record, event_row, events_write
from core.errors import REFUSALS, InvalidTransition, PolicyViolation, unique_or
from core.ui.numbers import format_money
from core.validators import dates_in_range
from partners.models import Customer
from partners.rules import RowsRefused

CREATED, UNCHANGED = "created", "unchanged"


@transaction.atomic
def invoice_create(
    *,
    actor: Actor,
    customer: Customer,
    number: str,
    amount: Decimal,
    issue_date,
    due_date,
    currency: str = "CNY",
    subscription: Subscription | None = None,
) -> Invoice:
    actor.require_member_of(customer.partner_id, admin=True, allow_system=True)
    invoice = invoice_new(
        customer=customer,
        number=number,
        amount=amount,
        issue_date=issue_date,
        due_date=due_date,
        currency=currency,
        subscription=subscription,
    )
    taken = Invoice.objects.filter(partner_id=customer.partner_id, number=number).exists()
    if errors := invoice_errors(invoice, number_taken=taken):
        raise ValidationError(errors)
    with unique_or(ValidationError(invoice_number_taken())):  # a rival took it since the check
        invoice.save()
    event_record(actor=actor, obj=invoice, action="created", to_state=invoice.status)
    if customer.credit_balance > 0:
        customer_credit_apply(actor=actor, customer=customer)
        invoice.refresh_from_db()
    return invoice


@transaction.atomic
def invoices_upsert_many(*, actor: Actor, rows: list[dict]) -> list[str]:
    """Many invoices at once, keyed by number among their partner's (each row:
    ``invoice_create``'s fields): ``created``, or ``unchanged`` when the number is there with the
    same values; with other values the row is refused (an invoice is never changed this way).

    The numbers are found in one query, the new invoices written in one INSERT and their audit
    rows in another, each as ``invoice_create`` would write it (the same rules: ``billing.rules``),
    so each enters dunning like any other; no e-mail. A customer with unused credit has it used
    on its open invoices once the batch is in. Any refused row → ``RowsRefused`` with every
    refused row, and nothing written."""
    numbers = {row.get("number") for row in rows}
    partners = {row["customer"].partner_id for row in rows}
    stored = Invoice.objects.filter(partner_id__in=partners, number__in=numbers).order_by()
    found = {  # (partner, number) → the compared fields: no model built for a row met again
        (values["partner_id"], values["number"]): values
        for values in stored.values("partner_id", "number", *INVOICE_KEYED_FIELDS)
    }
    outcomes, refused, new, seen = [], {}, [], set()
    for index, values in enumerate(rows):
        try:
            partner_id = values["customer"].partner_id
            actor.require_member_of(partner_id, admin=True, allow_system=True)
            key = (partner_id, values["number"])
            if key in found:
                if invoice_differs(found[key], **values):
                    raise invoice_differs_error()
                outcomes.append(UNCHANGED)
                continue
            invoice = invoice_new(**values)
            if errors := invoice_errors(invoice, number_taken=key in seen):
                raise ValidationError(errors)
            seen.add(key)
        except REFUSALS as exc:
            refused[index] = exc
            outcomes.append(None)
            continue
        new.append(invoice)
        outcomes.append(CREATED)
    if refused:
        raise RowsRefused(refused)
    if new:
        with unique_or(ValidationError(invoice_number_taken())):  # a rival took one since then
            Invoice.objects.bulk_create(new)
    events_write(
        [
            event_row(actor=actor, obj=invoice, action="created", to_state=invoice.status)
            for invoice in new
        ]
    )
    credited = {invoice.customer_id: invoice.customer for invoice in new}
    for customer in credited.values():
        if customer.credit_balance > 0:
            customer_credit_apply(actor=actor, customer=customer)
    return outcomes


def _locked(invoice: Invoice) -> Invoice:
    """The invoice, locked after its customer's row (the order of ``billing.services._common``),
    so a suspension for non-payment judging this customer waits for the change, and re-reads it."""
    customer_lock(invoice.customer_id)
    return locked(Invoice.objects.select_related("partner")).get(pk=invoice.pk)


def _require_open(invoice: Invoice) -> None:
    if invoice.status != Invoice.Status.OPEN:
        raise InvalidTransition(
            _("Invoice %(number)s is %(status)s; only an open invoice can change.")
            % {"number": invoice.number, "status": invoice.get_status_display()}
        )


@transaction.atomic
def payment_record(
    *, actor: Actor, invoice: Invoice, amount: Decimal, date, reference: str = ""
) -> Payment:
    """Record a payment; the invoice is paid when payments reach its amount. Overpayment is
    refused."""
    actor.require_member_of(invoice.partner_id, allow_system=True)
    invoice = _locked(invoice)
    _require_open(invoice)
    _payment_validate(invoice, amount, date)
    payment = Payment(
        partner_id=invoice.partner_id,
        invoice=invoice,
        amount=amount,
        date=date,
        reference=reference,
        created_by=actor.user,
    )
    payment.full_clean()
    payment.save()
    invoice.amount_paid += amount
    if invoice.balance == 0:
        invoice.mark_paid()
    invoice.save(update_fields=["amount_paid", "status"])
    event_record(
        actor=actor,
        obj=invoice,
        action="payment_recorded",
        from_state=Invoice.Status.OPEN,
        to_state=invoice.status,
        data={"payment": payment.id, "amount": str(amount), "balance": str(invoice.balance)},
    )
    if invoice.status == Invoice.Status.PAID:
        requests_resolve(
            customer_ids=[invoice.customer_id], invoice_id=invoice.id, resolution="paid"
        )
    non_payment_review(
        actor=actor, customer_id=invoice.customer_id, note=_("Overdue balance paid.")
    )
    return payment


def _payment_validate(invoice: Invoice, amount: Decimal, date) -> None:
    dates_in_range(date=date)
    errors = {}
    if amount <= 0:
        errors["amount"] = [_("A payment must be a positive amount.")]
    elif amount > invoice.balance:
        errors["amount"] = [
            _(
                "This payment of %(amount)s exceeds the balance of %(balance)s; overpayments "
                "are refused."
            )
            % {
                "amount": format_money(amount, invoice.currency),
                "balance": format_money(invoice.balance, invoice.currency),
            }
        ]
    if date > today(invoice.partner):  # the partner's today: its time zone may be ahead
        errors["date"] = [_("A payment cannot be dated in the future.")]
    if errors:
        raise ValidationError(errors)


def _require_reason(reason: str) -> str:
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Say why.")]})
    return reason.strip()


@transaction.atomic
def invoice_void(*, actor: Actor, invoice: Invoice, reason: str) -> Invoice:
    """Cancel an invoice issued in error. One with payments is written off instead (the money stays
    recorded).
    """
    actor.require_member_of(invoice.partner_id, admin=True, allow_system=True)
    reason = _require_reason(reason)
    invoice = _locked(invoice)
    _require_open(invoice)
    if invoice.amount_paid > 0:
        raise PolicyViolation(
            _(
                "Invoice %(number)s has payments of %(paid)s %(currency)s; write off the remaining "
                "balance instead of voiding it."
            )
            % {"number": invoice.number, "paid": invoice.amount_paid, "currency": invoice.currency}
        )
    return _close(actor, invoice, "void", reason)


@transaction.atomic
def invoice_write_off(*, actor: Actor, invoice: Invoice, reason: str) -> Invoice:
    """Give up on the remaining balance; the customer no longer owes it."""
    actor.require_member_of(invoice.partner_id, admin=True, allow_system=True)
    reason = _require_reason(reason)
    invoice = _locked(invoice)
    _require_open(invoice)
    return _close(actor, invoice, "written_off", reason)


def _close(actor: Actor, invoice: Invoice, target: str, reason: str) -> Invoice:
    if target == "void":
        invoice.void()
    else:
        invoice.write_off()
    invoice.status_reason = reason
    invoice.save(update_fields=["status", "status_reason"])
    event_record(
        actor=actor,
        obj=invoice,
        action=target,
        from_state=Invoice.Status.OPEN,
        to_state=target,
        reason=reason,
    )
    requests_resolve(customer_ids=[invoice.customer_id], invoice_id=invoice.id, resolution=target)
    non_payment_review(actor=actor, customer_id=invoice.customer_id, note=reason)
    return invoice


@transaction.atomic
def invoice_freeze(*, actor: Actor, invoice: Invoice, reason: str) -> Invoice:
    """Put a dispute hold on an invoice: while any hold stands, no dunning step or suspension counts
    it.

    Called by whoever opens the dispute (the tickets app on escalation); billing does not need to
    know why. Holds are counted so that two disputes on one invoice both have to end. A customer
    suspended only because of this invoice is reactivated: a disputed invoice counts for nothing.
    """
    Invoice.objects.filter(pk=invoice.pk).update(freeze_count=F("freeze_count") + 1)
    invoice.refresh_from_db(fields=["freeze_count"])
    event_record(
        actor=actor,
        obj=invoice,
        action="frozen",
        reason=reason,
        data={"holds": invoice.freeze_count},
    )
    requests_resolve(customer_ids=[invoice.customer_id], invoice_id=invoice.id, resolution="frozen")
    non_payment_review(actor=actor, customer_id=invoice.customer_id, note=reason)
    return invoice


@transaction.atomic
def invoice_unfreeze(*, actor: Actor, invoice: Invoice, reason: str) -> Invoice:
    """Lift one dispute hold taken by ``invoice_freeze``. Dunning then resumes where it stood
    (catching up).
    """
    Invoice.objects.filter(pk=invoice.pk, freeze_count__gt=0).update(
        freeze_count=F("freeze_count") - 1
    )
    invoice.refresh_from_db(fields=["freeze_count"])
    event_record(
        actor=actor,
        obj=invoice,
        action="unfrozen",
        reason=reason,
        data={"holds": invoice.freeze_count},
    )
    return invoice
