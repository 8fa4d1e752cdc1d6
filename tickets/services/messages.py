"""Adding a message to a ticket: the body (typed or canned), attachments, the audit row."""

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from core.actors import Actor
from core.audit import event_record
from core.errors import PolicyViolation
from notifications.activity import ActivityKind, operator_activity_record
from tickets.models import (
    OPEN_ESCALATION,
    CannedReply,
    Escalation,
    Message,
    Ticket,
    TicketStatus,
    Visibility,
)
from tickets.services.attachments import attachments_store
from tickets.services.common import move


def body_required(body: str, field: str = "body") -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({field: [_("This cannot be empty.")]})
    return body


def reply_body(*, actor: Actor, ticket: Ticket, body: str, canned_reply: int | None) -> str:
    """The typed body, or a canned reply's body in the customer's language (English if
    untranslated).
    """
    if canned_reply is None:
        return body_required(body)
    if (body or "").strip():
        raise ValidationError(
            {"canned_reply": [_("Give either a message or a canned reply, not both.")]}
        )
    canned = CannedReply.objects.for_actor(actor).filter(pk=canned_reply).first()
    if canned is None:
        raise ValidationError({"canned_reply": [_("Unknown canned reply.")]})
    with translation.override(ticket.customer.language):
        return canned.body


def refuse_if_closed(ticket: Ticket) -> None:
    if ticket.status == TicketStatus.CLOSED:
        raise PolicyViolation(
            _("Ticket %(id)s is closed and takes no more changes; open a new ticket instead.")
            % {"id": ticket.pk}
        )


def open_escalation(ticket: Ticket) -> Escalation | None:
    return (
        Escalation.objects.select_for_update()
        .filter(ticket=ticket, status__in=OPEN_ESCALATION)
        .first()
    )


def message_add(
    *, actor: Actor, ticket: Ticket, body: str, visibility: str, kind: str, files=(), via: str = ""
) -> Message:
    """Write the message and its files; the ticket moves up the queue (its ``updated_at``)."""
    if visibility not in Visibility.values:
        raise ValidationError(
            {
                "visibility": [
                    _("Choose one of: %(values)s.") % {"values": ", ".join(Visibility.values)}
                ]
            }
        )
    message = Message.objects.create(
        partner_id=ticket.partner_id,
        ticket=ticket,
        author=actor.user,
        author_kind=kind,
        body=body,
        visibility=visibility,
    )
    attachments_store(message=message, files=files)
    ticket.save(update_fields=["updated_at"])
    event_record(
        actor=actor,
        obj=ticket,
        action="message_posted",
        from_state=ticket.status,
        to_state=ticket.status,
        data={
            "message": message.pk,
            "visibility": visibility,
            "author_kind": kind,
            **({"via": via} if via else {}),
        },
    )
    return message


def operator_message_add(*, actor: Actor, ticket: Ticket, body: str, files=()) -> Message:
    """A partner ↔ operator message written from the composer (``ticket_reply``)."""
    escalation = open_escalation(ticket)
    if escalation is None:
        raise PolicyViolation(
            _("Ticket %(id)s has no open escalation: operator messages belong to an escalation.")
            % {"id": ticket.pk}
        )
    return operator_message_write(
        actor=actor, ticket=ticket, escalation=escalation, body=body, files=files
    )


def operator_message_write(
    *, actor: Actor, ticket: Ticket, escalation: Escalation, body: str, files=()
) -> Message:
    """The one writer of the partner's messages to the operator, for the composer and for the
    escalation panel's answer (``escalation_answer``) alike: while the operator waits on an
    answer, the message is that answer and the escalation goes back into review. The ticket and
    the escalation are locked by the caller."""
    if escalation.status == "info_requested":
        move(escalation, "answer", actor=actor)
        operator_activity_record(
            kind=ActivityKind.INFO_SUPPLIED, target=escalation, summary=ticket.subject
        )
    return message_add(
        actor=actor,
        ticket=ticket,
        body=body,
        visibility=Visibility.OPERATOR,
        kind=Message.AuthorKind.PARTNER,
        files=files,
    )
