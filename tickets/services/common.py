"""Plumbing every ticket service shares: who may act (the actor's guards), row locks, refusing
with a reason, auditing."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm import can_proceed

from core.actors import Actor, ActorRole
from core.audit import event_record
from core.errors import InvalidTransition
from tickets.models import Escalation, Ticket
from tickets.services.sla import clocks_follow

# What each transition means to a person reading a refusal ("you can <verb> only when …").
VERBS = {
    "start_work": gettext_lazy("start work on it"),
    "wait_on_customer": gettext_lazy("wait on the customer"),
    "resume": gettext_lazy("take it back from the customer"),
    "escalate": gettext_lazy("escalate it"),
    "return_from_operator": gettext_lazy("take it back from the operator"),
    "resolve": gettext_lazy("resolve it"),
    "reopen": gettext_lazy("reopen it"),
    "close": gettext_lazy("close it"),
    "take": gettext_lazy("take it"),
    "request_info": gettext_lazy("ask the partner for information"),
    "answer": gettext_lazy("answer the operator's question"),
    "withdraw": gettext_lazy("withdraw it"),
}


def customer_actor(ticket: Ticket) -> Actor:
    """The customer behind a status link: no account, but scoped to the ticket's partner."""
    return Actor(user=None, role=ActorRole.CUSTOMER, partner_id=ticket.partner_id)


# The actor's guards, in the words of the ticket desk.
PARTNER_USERS_ONLY = gettext_lazy("Only the partner's own users work on tickets.")
OTHER_PARTNERS = gettext_lazy("This belongs to another partner.")


def require_member_of_owner(actor: Actor, obj) -> None:
    """A user of the partner that owns ``obj`` (a ticket or an escalation)."""
    actor.require_partner_user(message=PARTNER_USERS_ONLY)
    actor.require_member_of(obj.partner_id, message=OTHER_PARTNERS)


def lock_ticket(ticket: Ticket | int) -> Ticket:
    """A fresh, row-locked copy: a conflicting writer waits here, then sees the winner's state."""
    pk = ticket if isinstance(ticket, int) else ticket.pk
    # of=self: lock the ticket row only, not the joined customer and partner rows.
    return (
        Ticket.objects.select_for_update(of=("self",))
        .select_related("customer", "partner")
        .get(pk=pk)
    )


def lock_escalation(escalation: Escalation) -> tuple[Ticket, Escalation]:
    # Always the ticket first, then the escalation: one lock order everywhere, so no deadlock.
    ticket = lock_ticket(escalation.ticket_id)
    return ticket, Escalation.objects.select_for_update().get(pk=escalation.pk)


def refusal(obj, name: str, allowed_states=None) -> str:
    """Why ``obj`` cannot take transition ``name`` now, and when it could."""
    labels = dict(obj._meta.get_field("status").choices)
    allowed_states = allowed_states or getattr(type(obj), name)._django_fsm.transitions
    allowed = [str(labels[state]) for state in allowed_states]
    return _("%(thing)s %(id)s is %(status)s: you can %(verb)s only when it is %(allowed)s.") % {
        "thing": _("Ticket") if isinstance(obj, Ticket) else _("Escalation"),
        "id": obj.pk,
        "status": labels[obj.status],
        "verb": VERBS[name],
        "allowed": _(" or ").join(allowed),
    }


def move(obj, name: str, *, actor: Actor, reason: str = "", data: dict | None = None) -> None:
    """Apply transition ``name`` (or refuse it with a reason), save, and record the Event."""
    if not can_proceed(getattr(obj, name)):
        raise InvalidTransition(refusal(obj, name))
    before = obj.status
    getattr(obj, name)()
    if isinstance(obj, Ticket):  # waiting on the customer or the operator pauses the clocks
        data = (data or {}) | clocks_follow(obj, before, timezone.now()) or None
    obj.save()
    event_record(
        actor=actor,
        obj=obj,
        action=name,
        from_state=before,
        to_state=obj.status,
        reason=reason,
        data=data,
    )
