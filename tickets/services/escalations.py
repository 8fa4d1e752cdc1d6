"""The operator's queue: take, ask the partner, resolve; the partner's answer and withdrawal.

Each function locks the ticket, then the escalation (the same order everywhere), so an operator
resolving while the partner withdraws gives one winner and one clear refusal.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from billing.services import credit_note_grant
from core.actors import Actor
from core.errors import InvalidTransition
from notifications.activity import ActivityKind, activity_record, operator_activity_record
from tickets.models import Escalation, Message, Outcome, Visibility
from tickets.services import sla
from tickets.services.attachments import attachments_validate
from tickets.services.common import lock_escalation, move, refusal, require_member_of_owner
from tickets.services.emails import members_email
from tickets.services.holds import hold_sync
from tickets.services.messages import body_required, message_add, operator_message_write

CREDIT_OUTCOMES = (Outcome.UPHELD, Outcome.PARTIALLY_UPHELD)


@transaction.atomic
def escalation_take(*, actor: Actor, escalation: Escalation) -> Escalation:
    actor.require_operator()
    _ticket, escalation = lock_escalation(escalation)
    escalation.operator_assignee = actor.user
    move(escalation, "take", actor=actor)
    return escalation


@transaction.atomic
def escalation_request_info(*, actor: Actor, escalation: Escalation, question: str) -> Escalation:
    """Ask the partner a question (an operator message); the partner's members are told."""
    actor.require_operator()
    question = body_required(question, "question")
    ticket, escalation = lock_escalation(escalation)
    move(escalation, "request_info", actor=actor, reason=question)
    message = message_add(
        actor=actor,
        ticket=ticket,
        body=question,
        visibility=Visibility.OPERATOR,
        kind=Message.AuthorKind.OPERATOR,
    )
    members_email(
        ticket,
        "escalation_info_requested",
        f"escalation:{escalation.pk}:info:{message.pk}",
        {"escalation_id": escalation.pk, "question": question},
    )
    activity_record(kind=ActivityKind.OPERATOR_ASKED, target=ticket)
    return escalation


@transaction.atomic
def escalation_answer(*, actor: Actor, escalation: Escalation, body: str, files=()) -> Message:
    """The partner answers the operator's question: the escalation is back in review."""
    require_member_of_owner(actor, escalation)
    body = body_required(body)
    attachments_validate(files)
    ticket, escalation = lock_escalation(escalation)
    if not can_proceed(escalation.answer):  # nothing asked: say when an answer is possible
        raise InvalidTransition(refusal(escalation, "answer"))
    return operator_message_write(
        actor=actor, ticket=ticket, escalation=escalation, body=body, files=files
    )


@transaction.atomic
def escalation_resolve(
    *,
    actor: Actor,
    escalation: Escalation,
    outcome: str,
    response: str,
    credit_amount: Decimal | None = None,
) -> Escalation:
    """Decide it; the ticket returns to the partner, who must now close the loop in N business
    days."""
    actor.require_operator()
    response = _resolution_valid(outcome, response, credit_amount)
    ticket, escalation = lock_escalation(escalation)
    now = timezone.now()
    escalation.outcome, escalation.response, escalation.credit_amount = (
        outcome,
        response,
        credit_amount,
    )
    escalation.resolved_at = now
    move(
        escalation,
        "resolve",
        actor=actor,
        reason=outcome,
        data={"credit_amount": str(credit_amount) if credit_amount is not None else None},
    )
    sla.close_loop_start(ticket, now)
    move(
        ticket,
        "return_from_operator",
        actor=actor,
        reason=outcome,
        data={"escalation": escalation.pk},
    )
    hold_sync(actor, ticket, f"escalation {escalation.pk} resolved")
    if credit_amount and outcome in CREDIT_OUTCOMES:
        credit_note_grant(
            actor=actor,
            customer=ticket.customer,
            invoice=ticket.invoice,
            amount=credit_amount,
            reason=response,
            escalation_id=escalation.pk,
        )
    members_email(
        ticket,
        "escalation_resolved",
        f"escalation:{escalation.pk}:resolved",
        {
            "escalation_id": escalation.pk,
            "outcome": Outcome(outcome).label,
            "response": response,
            "credit_amount": credit_amount,
            "close_loop_due": ticket.close_loop_due,
            "currency": ticket.invoice.currency if ticket.invoice_id else "CNY",
        },
    )
    activity_record(kind=ActivityKind.OPERATOR_DECIDED, target=ticket)
    return escalation


def _resolution_valid(outcome: str, response: str, credit_amount: Decimal | None) -> str:
    errors = {}
    if outcome not in Outcome.values:
        errors["outcome"] = [
            _("Choose one of: %(values)s.") % {"values": ", ".join(Outcome.values)}
        ]
    if not (response or "").strip():
        errors["response"] = [_("Write the response the partner will pass on to the customer.")]
    if credit_amount is not None and credit_amount < 0:
        errors["credit_amount"] = [_("A credit cannot be negative.")]
    elif credit_amount and outcome not in CREDIT_OUTCOMES:
        errors["credit_amount"] = [
            _("A credit goes only with an upheld or partially upheld outcome.")
        ]
    if errors:
        raise ValidationError(errors)
    return response.strip()


@transaction.atomic
def escalation_withdraw(*, actor: Actor, escalation: Escalation, reason: str) -> Escalation:
    """The partner takes it back (solved meanwhile, or escalated by mistake)."""
    require_member_of_owner(actor, escalation)
    reason = body_required(reason, "reason")
    ticket, escalation = lock_escalation(escalation)
    move(escalation, "withdraw", actor=actor, reason=reason)
    move(
        ticket, "return_from_operator", actor=actor, reason=f"escalation {escalation.pk} withdrawn"
    )
    hold_sync(actor, ticket, f"escalation {escalation.pk} withdrawn")
    operator_activity_record(
        kind=ActivityKind.ESCALATION_WITHDRAWN, target=escalation, summary=ticket.subject
    )
    return escalation
