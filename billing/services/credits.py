"""Credit notes: what a customer no longer owes. A credit settles its invoice first; the rest is the
customer's credit balance, used on their oldest open invoices of that currency, now and whenever a
new invoice arrives. An invoice whose payments and credits reach its amount is paid (settled): no
dunning, and it counts as paid for the suspension guard and reactivation."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from billing import emails
from billing.models import CreditAllocation, CreditNote, Invoice
from billing.services._common import locked
from billing.services.subscriptions import non_payment_review, requests_resolve
from core.actors import Actor
from core.audit import event_record
from partners.models import Customer

DEFAULT_CURRENCY = "CNY"


def partner_currency(partner_id: int) -> str:
    """The currency a credit without an invoice is kept in: that of the partner's latest invoice."""
    latest = Invoice.objects.filter(partner_id=partner_id).order_by("-issue_date", "-id").first()
    return latest.currency if latest else DEFAULT_CURRENCY


@transaction.atomic
def credit_note_create(
    *, actor: Actor, invoice: Invoice, amount: Decimal, reason: str
) -> CreditNote:
    """A partner admin credits part of an open invoice by hand; never more than its balance."""
    actor.require_member_of(invoice.partner_id, admin=True)
    invoice = locked(Invoice.objects.all()).get(pk=invoice.pk)
    errors = _amount_errors(amount) or {}
    if invoice.status != Invoice.Status.OPEN:
        errors["invoice"] = [_("Only an open invoice can be credited.")]
    elif not errors and amount > invoice.balance:
        errors["amount"] = [
            _("A credit cannot exceed the balance of %(balance)s %(currency)s.")
            % {"balance": invoice.balance, "currency": invoice.currency}
        ]
    if not (reason or "").strip():
        errors["reason"] = [_("Say why.")]
    if errors:
        raise ValidationError(errors)
    return _issue(actor, invoice.customer, invoice, amount, reason, CreditNote.Source.PARTNER)


@transaction.atomic
def credit_note_grant(
    *,
    actor: Actor,
    customer: Customer,
    amount: Decimal,
    reason: str,
    invoice: Invoice | None = None,
    escalation_id: int | None = None,
) -> CreditNote:
    """The operator's credit on an upheld escalation: the customer's invoice (or, without one,
    their credit balance in the partner's currency) and the partner's account with the operator
    are both credited by it."""
    actor.require_operator()
    errors = _amount_errors(amount)
    if errors:
        raise ValidationError(errors)
    reason = (reason or "").strip() or _("Credit granted by the operator.")
    return _issue(
        actor, customer, invoice, amount, reason, CreditNote.Source.OPERATOR, escalation_id
    )


def _amount_errors(amount) -> dict:
    if amount is None or amount <= 0:
        return {"amount": [_("A credit must be a positive amount.")]}
    return {}


def _issue(actor, customer, invoice, amount, reason, source, escalation_id=None) -> CreditNote:
    note = CreditNote.objects.create(
        partner_id=customer.partner_id,
        customer=customer,
        invoice=invoice,
        amount=amount,
        unapplied=amount,
        currency=invoice.currency if invoice else partner_currency(customer.partner_id),
        reason=reason.strip(),
        source=source,
        escalation_id=escalation_id,
        created_by=actor.user,
    )
    event_record(
        actor=actor,
        obj=note,
        action="credit_issued",
        reason=note.reason,
        data={"amount": str(amount), "invoice": invoice.pk if invoice else None},
    )
    if invoice is not None and invoice.status == Invoice.Status.OPEN:
        _allocate(actor, note, locked(Invoice.objects.all()).get(pk=invoice.pk))
    customer_credit_apply(actor=actor, customer=customer)
    non_payment_review(actor=actor, customer_id=customer.pk, note=_("Overdue balance paid."))
    customer.refresh_from_db(fields=["credit_balance", "credit_currency"])
    target = Invoice.objects.get(pk=invoice.pk) if invoice else None
    emails.credit_issued(note=note, customer=customer, invoice=target)
    return note


def _allocate(actor: Actor, note: CreditNote, invoice: Invoice) -> Decimal:
    share = min(note.unapplied, invoice.balance)
    if share <= 0:
        return Decimal("0")
    CreditAllocation.objects.create(credit_note=note, invoice=invoice, amount=share)
    note.unapplied -= share
    note.save(update_fields=["unapplied"])
    invoice.amount_credited += share
    if invoice.balance == 0:
        invoice.mark_paid()
    invoice.save(update_fields=["amount_credited", "status"])
    event_record(
        actor=actor,
        obj=invoice,
        action="credited",
        reason=note.reason,
        from_state=Invoice.Status.OPEN,
        to_state=invoice.status,
        data={"credit_note": note.pk, "amount": str(share), "balance": str(invoice.balance)},
    )
    if invoice.status == Invoice.Status.PAID:
        requests_resolve(
            customer_ids=[invoice.customer_id], invoice_id=invoice.id, resolution="paid"
        )
    return share


def customer_credit_apply(*, actor: Actor, customer: Customer) -> None:
    """Use the customer's unapplied credit on their oldest open invoices of the same currency, and
    keep ``Customer.credit_balance`` the sum of what is left."""
    notes = list(
        locked(CreditNote.objects.filter(customer=customer, unapplied__gt=0)).order_by(
            "created_at", "id"
        )
    )
    settled = False
    for note in notes:
        invoices = locked(
            Invoice.objects.filter(
                customer=customer, status=Invoice.Status.OPEN, currency=note.currency
            )
        ).order_by("due_date", "id")
        for invoice in invoices:
            if note.unapplied <= 0:
                break
            _allocate(actor, note, invoice)
            settled = settled or invoice.status == Invoice.Status.PAID
    rest = (
        CreditNote.objects.filter(customer=customer, unapplied__gt=0)
        .values("currency")
        .annotate(total=Sum("unapplied"))
        .order_by("-total")
        .first()
    )
    Customer.objects.filter(pk=customer.pk).update(
        credit_balance=rest["total"] if rest else Decimal("0"),
        credit_currency=rest["currency"] if rest else "",
    )
    if settled:
        non_payment_review(actor=actor, customer_id=customer.pk, note=_("Overdue balance paid."))
