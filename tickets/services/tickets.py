"""The partner's side of a ticket: create, assign, reply, wait, escalate, resolve, close, reopen.

Every function is one transaction that locks the ticket row first, so two people (or a person and
a periodic task) acting at once queue up, and the second sees what the first did.
"""

from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from billing.models import Invoice, Subscription
from core.actors import SYSTEM, Actor
from core.audit import event_record, event_row, events_write
from core.errors import InvalidTransition, PolicyViolation
from notifications.activity import ActivityKind, operator_activity_record
from partners.models import Customer
from tickets.models import (
    ESCALABLE_CATEGORIES,
    Category,
    Channel,
    Escalation,
    Message,
    Ticket,
    TicketStatus,
    Visibility,
)
from tickets.services import sla
from tickets.services.attachments import attachments_validate
from tickets.services.common import (
    PARTNER_USERS_ONLY,
    lock_ticket,
    move,
    refusal,
    require_member_of_owner,
)
from tickets.services.emails import customer_email
from tickets.services.holds import hold_sync
from tickets.services.messages import (
    body_required,
    message_add,
    open_escalation,
    operator_message_add,
    refuse_if_closed,
    reply_body,
)

PARTNER = Message.AuthorKind.PARTNER


def ticket_create(**fields) -> Ticket:
    """Open a ticket for one of the partner's customers (references are ids) and acknowledge it.

    The database keeps the model's constraints; a row it refuses all the same (a customer deleted
    meanwhile) is the same 400 as a refused field, never a 500."""
    try:
        return _ticket_create(**fields)
    except IntegrityError as exc:
        raise _constraint_refusal(exc) from exc


@transaction.atomic
def _ticket_create(
    *,
    actor: Actor,
    customer: int,
    category: str,
    subject: str,
    description: str,
    priority: str = "normal",
    subscription: int | None = None,
    invoice: int | None = None,
    assignee: int | None = None,
    channel: str = Channel.UNRECORDED,
) -> Ticket:
    actor.require_partner_user(message=PARTNER_USERS_ONLY)
    owner = _own(Customer.objects.select_related("partner"), actor, customer, "customer")
    user = _member(actor.partner_id, assignee, actor=actor) if assignee is not None else None
    # Assigning a new ticket starts work on it: the one INSERT writes the status it ends up in.
    status = TicketStatus.OPEN if user is not None else TicketStatus.NEW
    ticket = Ticket(
        partner=owner.partner,
        customer=owner,
        category=category,
        subject=subject,
        description=description,
        priority=priority,
        channel=channel,
        subscription=customers_object(
            Subscription.objects, actor, subscription, "subscription", owner
        ),
        invoice=customers_object(Invoice.objects, actor, invoice, "invoice", owner),
        assignee=user,
        status=status,
    )
    # What the user typed (choices, lengths, blanks); no query: references were checked above.
    # (The protected FSM status is set by us, not typed: clean_fields would re-assign it.)
    ticket.clean_fields(
        exclude=[f.name for f in Ticket._meta.fields if f.is_relation or f.name == "status"]
    )
    sla.deadlines_set(ticket, timezone.now())
    ticket.save(force_insert=True)
    events = [event_row(actor=actor, obj=ticket, action="created", to_state=TicketStatus.NEW)]
    if user is not None:
        events += [
            event_row(
                actor=actor,
                obj=ticket,
                action="assigned",
                from_state=TicketStatus.NEW,
                to_state=TicketStatus.NEW,
                data={"from": None, "to": user.pk},
            ),
            event_row(
                actor=actor,
                obj=ticket,
                action="start_work",
                from_state=TicketStatus.NEW,
                to_state=status,
                reason="assigned",
            ),
        ]
    events_write(events)
    hold_sync(actor, ticket, "dispute opened", new=True)
    customer_email(ticket, "ticket_received", "created", opens_thread=True)
    return ticket


def _constraint_refusal(exc: IntegrityError) -> ValidationError:
    """The refusal ``full_clean`` would have given for the constraint the database enforced."""
    for constraint in Ticket._meta.constraints:
        if constraint.name in str(exc):
            return ValidationError(constraint.get_violation_error_message())
    return ValidationError(_("Unknown %(field)s.") % {"field": "customer"})


def _own(objects, actor: Actor, pk: int | None, field: str):
    obj = objects.for_actor(actor).filter(pk=pk).first() if pk is not None else None
    if pk is not None and obj is None:
        raise ValidationError({field: [_("Unknown %(field)s.") % {"field": field}]})
    return obj


def customers_object(objects, actor: Actor, pk: int | None, field: str, customer: Customer):
    obj = _own(objects, actor, pk, field)
    if obj is not None and obj.customer_id != customer.pk:
        raise ValidationError(
            {field: [_("This %(field)s belongs to another customer.") % {"field": field}]}
        )
    return obj


def _member(partner_id: int, user_id: int, *, actor: Actor | None = None):
    """The user, if a member of the partner: one query, none for the acting member themself
    (their membership was read with the actor)."""
    if actor is not None and actor.user is not None and actor.user.pk == user_id:
        if actor.is_member_of(partner_id):
            return actor.user
    user = get_user_model().objects.filter(pk=user_id, membership__partner_id=partner_id).first()
    if user is None:
        raise ValidationError({"assignee": [_("Only a member of this partner can be assigned.")]})
    return user


@transaction.atomic
def ticket_assign(*, actor: Actor, ticket: Ticket, assignee: int | None) -> Ticket:
    """Give the ticket to a member (or to nobody); assigning a new ticket starts work on it."""
    require_member_of_owner(actor, ticket)
    ticket = lock_ticket(ticket)
    refuse_if_closed(ticket)
    user = _member(ticket.partner_id, assignee, actor=actor) if assignee is not None else None
    return _assign(actor, ticket, user)


def _assign(actor: Actor, ticket: Ticket, user) -> Ticket:
    before = ticket.assignee_id
    ticket.assignee = user
    ticket.save()
    event_record(
        actor=actor,
        obj=ticket,
        action="assigned",
        from_state=ticket.status,
        to_state=ticket.status,
        data={"from": before, "to": user.pk if user else None},
    )
    if user is not None and ticket.status == TicketStatus.NEW:
        move(ticket, "start_work", actor=actor, reason="assigned")
    return ticket


@transaction.atomic
def ticket_reply(
    *,
    actor: Actor,
    ticket: Ticket,
    body: str = "",
    visibility: str = Visibility.PUBLIC,
    canned_reply: int | None = None,
    files=(),
) -> Message:
    """A public reply (e-mailed to the customer), an internal note, or a message to the operator."""
    require_member_of_owner(actor, ticket)
    attachments_validate(files)
    ticket = lock_ticket(ticket)
    refuse_if_closed(ticket)
    body = reply_body(actor=actor, ticket=ticket, body=body, canned_reply=canned_reply)
    if visibility == Visibility.OPERATOR:
        return operator_message_add(actor=actor, ticket=ticket, body=body, files=files)
    message = message_add(
        actor=actor, ticket=ticket, body=body, visibility=visibility, kind=PARTNER, files=files
    )
    if visibility == Visibility.PUBLIC:
        _public_answer(actor, ticket)
        customer_email(ticket, "ticket_reply", f"message:{message.pk}", message=body)
    return message


def _public_answer(actor: Actor, ticket: Ticket) -> None:
    sla.public_answer_recorded(ticket, timezone.now())
    if ticket.status == TicketStatus.NEW:
        move(ticket, "start_work", actor=actor, reason="first public reply")
    else:
        ticket.save()


@transaction.atomic
def ticket_wait_on_customer(*, actor: Actor, ticket: Ticket, body: str, files=()) -> Ticket:
    """Ask the customer something; the ticket waits on them until they answer."""
    require_member_of_owner(actor, ticket)
    attachments_validate(files)
    body = body_required(body)
    ticket = lock_ticket(ticket)
    sla.public_answer_recorded(ticket, timezone.now())
    move(ticket, "wait_on_customer", actor=actor, reason=body)
    message = message_add(
        actor=actor,
        ticket=ticket,
        body=body,
        visibility=Visibility.PUBLIC,
        kind=PARTNER,
        files=files,
    )
    customer_email(ticket, "ticket_waiting", f"message:{message.pk}", message=body)
    return ticket


@transaction.atomic
def ticket_escalate(*, actor: Actor, ticket: Ticket, summary: str, steps_taken: str) -> Escalation:
    """Hand a billing issue to the operator on the customer's behalf; its invoice is frozen
    meanwhile.
    """
    require_member_of_owner(actor, ticket)
    errors = {
        field: [_("Write this down before escalating.")]
        for field, value in (("summary", summary), ("steps_taken", steps_taken))
        if not (value or "").strip()
    }
    if errors:
        raise ValidationError(errors)
    ticket = lock_ticket(ticket)
    if ticket.category not in ESCALABLE_CATEGORIES:
        raise PolicyViolation(
            _("Only %(allowed)s can be escalated to the operator; this ticket is a %(category)s.")
            % {
                "allowed": ", ".join(str(Category(c).label) for c in ESCALABLE_CATEGORIES),
                "category": Category(ticket.category).label,
            }
        )
    move(ticket, "escalate", actor=actor, reason=summary)
    escalation = Escalation.objects.create(
        partner_id=ticket.partner_id,
        ticket=ticket,
        summary=summary.strip(),
        steps_taken=steps_taken.strip(),
        created_by=actor.user,
    )
    event_record(
        actor=actor, obj=escalation, action="submitted", to_state=escalation.status, reason=summary
    )
    hold_sync(actor, ticket, f"escalation {escalation.pk}")
    customer_email(ticket, "ticket_escalated", f"escalation:{escalation.pk}")
    operator_activity_record(
        kind=ActivityKind.ESCALATION_SUBMITTED, target=escalation, summary=ticket.subject
    )
    return escalation


def refuse_if_escalation_open(ticket: Ticket) -> None:
    escalation = open_escalation(ticket)
    if escalation is not None:
        raise PolicyViolation(
            _(
                "Escalation %(id)s of this ticket is still %(status)s: the ticket cannot be "
                "resolved or closed until the operator resolves the escalation or you withdraw it."
            )
            % {"id": escalation.pk, "status": escalation.get_status_display()}
        )


@transaction.atomic
def ticket_resolve(*, actor: Actor, ticket: Ticket, resolution: str) -> Ticket:
    """Close the loop: the resolution goes to the customer as a public message and an e-mail."""
    require_member_of_owner(actor, ticket)
    resolution = body_required(resolution, "resolution")
    ticket = lock_ticket(ticket)
    refuse_if_escalation_open(ticket)
    now = timezone.now()
    sla.public_answer_recorded(ticket, now)
    ticket.resolved_at = now
    sla.auto_close_schedule(ticket, now)
    move(ticket, "resolve", actor=actor, reason=resolution)
    hold_sync(actor, ticket, "resolved")
    message = message_add(
        actor=actor, ticket=ticket, body=resolution, visibility=Visibility.PUBLIC, kind=PARTNER
    )
    customer_email(ticket, "ticket_resolved", f"message:{message.pk}", resolution=resolution)
    return ticket


@transaction.atomic
def ticket_close(*, actor: Actor, ticket: Ticket, reason: str = "") -> Ticket:
    require_member_of_owner(actor, ticket)
    ticket = lock_ticket(ticket)
    refuse_if_escalation_open(ticket)
    return close(actor, ticket, reason or "closed by the partner")


def tickets_auto_close(*, now: datetime | None = None) -> int:
    """Close every resolved ticket whose customer stayed silent for the partner's N days."""
    now = now or timezone.now()
    due = Ticket.objects.filter(status="resolved", auto_close_at__lte=now).order_by("auto_close_at")
    return sla.drain(due, lambda pk: ticket_auto_close_one(ticket_id=pk, now=now))


@transaction.atomic
def ticket_auto_close_one(*, ticket_id: int, now: datetime) -> bool:
    """Close one resolved ticket whose customer did not answer in time (the auto-close task)."""
    ticket = (
        Ticket.objects.select_for_update(of=("self",))
        .select_related("customer", "partner")
        .filter(pk=ticket_id, status=TicketStatus.RESOLVED, auto_close_at__lte=now)
        .first()
    )
    if ticket is None:  # the customer answered, or someone closed it meanwhile
        return False
    close(
        SYSTEM, ticket, f"no reply from the customer since {ticket.resolved_at:%Y-%m-%d %H:%M %Z}"
    )
    return True


def close(actor: Actor, ticket: Ticket, reason: str) -> Ticket:
    ticket.closed_at = timezone.now()
    ticket.auto_close_at = None
    move(ticket, "close", actor=actor, reason=reason)
    hold_sync(actor, ticket, "closed")
    customer_email(ticket, "ticket_closed", "closed")  # closed is final: one e-mail per ticket
    return ticket


@transaction.atomic
def ticket_reopen(*, actor: Actor, ticket: Ticket, reason: str = "") -> Ticket:
    """Take back a ticket that waits on the customer, or reopen a resolved one."""
    require_member_of_owner(actor, ticket)
    ticket = lock_ticket(ticket)
    if ticket.status == TicketStatus.PENDING_CUSTOMER:
        move(ticket, "resume", actor=actor, reason=reason)
        return ticket
    if ticket.status != TicketStatus.RESOLVED:
        raise InvalidTransition(
            refusal(ticket, "reopen", [TicketStatus.RESOLVED, TicketStatus.PENDING_CUSTOMER])
        )
    return reopen(actor, ticket, reason)


def reopen(actor: Actor, ticket: Ticket, reason: str) -> Ticket:
    ticket.resolved_at = None
    ticket.auto_close_at = None
    move(ticket, "reopen", actor=actor, reason=reason)
    hold_sync(actor, ticket, "reopened")
    return ticket
