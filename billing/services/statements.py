"""Statements: what a partner owes the operator. The operator issues them, the partner reports its
payment, the operator confirms it (only the operator can see the money arrive)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from billing.models import Statement
from billing.services._common import locked
from core.actors import Actor
from core.audit import event_record
from core.errors import InvalidTransition, PolicyViolation, unique_or
from partners.models import Partner

EDITABLE = ("number", "amount", "currency", "due_date")


def _save_valid(statement: Statement) -> Statement:
    taken = ValidationError(
        {"number": [_("This partner already has a statement with this number.")]}
    )
    if (
        Statement.objects.filter(partner_id=statement.partner_id, number=statement.number)
        .exclude(pk=statement.pk)
        .exists()
    ):
        raise taken
    statement.full_clean(
        exclude=["status"], validate_constraints=False
    )  # a protected FSM field cannot be re-assigned by clean_fields; the number's key: below
    with unique_or(taken):  # a rival took the number between the check and the write
        statement.save()
    return statement


@transaction.atomic
def statement_create(
    *, actor: Actor, partner: Partner, number: str, amount: Decimal, due_date, currency: str = "CNY"
) -> Statement:
    actor.require_operator(allow_system=True)
    statement = _save_valid(
        Statement(
            partner=partner, number=number, amount=amount, currency=currency, due_date=due_date
        )
    )
    event_record(actor=actor, obj=statement, action="created", to_state=statement.status)
    return statement


def _locked_open(statement: Statement) -> Statement:
    statement = locked(Statement.objects.all()).get(pk=statement.pk)
    if statement.status != Statement.Status.OPEN:
        raise InvalidTransition(
            _("Statement %(number)s is already paid.") % {"number": statement.number}
        )
    return statement


@transaction.atomic
def statement_update(*, actor: Actor, statement: Statement, **fields) -> Statement:
    """Correct an open statement the partner has not reported paying yet."""
    actor.require_operator(allow_system=True)
    statement = _locked_open(statement)
    if statement.payment_reported_at:
        raise PolicyViolation(
            _(
                "The partner already reported paying this statement; confirm it or talk to them "
                "first."
            )
        )
    for name, value in fields.items():
        if name not in EDITABLE:
            raise ValidationError({name: [_("This field cannot be changed.")]})
        setattr(statement, name, value)
    _save_valid(statement)
    event_record(actor=actor, obj=statement, action="updated", data={"fields": sorted(fields)})
    return statement


@transaction.atomic
def statement_delete(*, actor: Actor, statement: Statement) -> None:
    actor.require_operator(allow_system=True)
    statement = _locked_open(statement)
    if statement.payment_reported_at:
        raise PolicyViolation(
            _("The partner already reported paying this statement; it cannot be deleted.")
        )
    event_record(
        actor=actor,
        obj=statement,
        action="deleted",
        from_state=statement.status,
        to_state="deleted",
    )
    statement.delete()


@transaction.atomic
def statement_report_payment(*, actor: Actor, statement: Statement, reference: str) -> Statement:
    """The partner says it paid (a bank reference); the statement stays open until the operator
    confirms.
    """
    actor.require_member_of(statement.partner_id, allow_system=True)
    if not (reference or "").strip():
        raise ValidationError({"reference": [_("Give the payment's reference.")]})
    statement = _locked_open(statement)
    statement.payment_reference = reference.strip()
    statement.payment_reported_at = timezone.now()
    statement.save(update_fields=["payment_reference", "payment_reported_at"])
    event_record(
        actor=actor,
        obj=statement,
        action="payment_reported",
        data={"reference": statement.payment_reference},
    )
    return statement


@transaction.atomic
def statement_confirm(*, actor: Actor, statement: Statement, note: str = "") -> Statement:
    actor.require_operator(allow_system=True)
    statement = _locked_open(statement)
    statement.confirm_paid()
    statement.paid_at = timezone.now()
    statement.save(update_fields=["status", "paid_at"])
    event_record(
        actor=actor,
        obj=statement,
        action="paid",
        from_state=Statement.Status.OPEN,
        to_state=statement.status,
        reason=note,
    )
    return statement
