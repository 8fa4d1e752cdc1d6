"""Many tickets at once: each through the same service as one ticket, in its own transaction, so
one refusal leaves the others done and itself untouched. And the priority change those actions
include, which until now had no service of its own.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.actors import Actor
from core.audit import event_record
from core.errors import REFUSALS, refusal_of
from tickets.models import Priority, Ticket
from tickets.services import sla
from tickets.services.common import lock_ticket, require_member_of_owner
from tickets.services.messages import refuse_if_closed
from tickets.services.tickets import ticket_assign, ticket_close, ticket_wait_on_customer

BULK_LIMIT = 100


@transaction.atomic
def ticket_set_priority(*, actor: Actor, ticket: Ticket, priority: str) -> Ticket:
    """Change the priority; the deadlines follow it, counted from when the ticket was opened."""
    require_member_of_owner(actor, ticket)
    if priority not in Priority.values:
        raise ValidationError({"priority": [_("Choose a valid priority.")]})
    ticket = lock_ticket(ticket)
    refuse_if_closed(ticket)
    before = ticket.priority
    if before == priority:
        return ticket
    ticket.priority = priority
    sla.deadlines_set(ticket, ticket.created_at)
    ticket.save()
    event_record(
        actor=actor,
        obj=ticket,
        action="priority_changed",
        from_state=ticket.status,
        to_state=ticket.status,
        data={"from": before, "to": priority},
    )
    return ticket


BULK_ACTIONS = {
    "assign": lambda actor, ticket, p: ticket_assign(
        actor=actor, ticket=ticket, assignee=p.get("assignee")
    ),
    "set_priority": lambda actor, ticket, p: ticket_set_priority(
        actor=actor, ticket=ticket, priority=p.get("priority", "")
    ),
    "wait_on_customer": lambda actor, ticket, p: ticket_wait_on_customer(
        actor=actor, ticket=ticket, body=p.get("body", "")
    ),
    "close": lambda actor, ticket, p: ticket_close(
        actor=actor, ticket=ticket, reason=p.get("reason", "")
    ),
}


def tickets_bulk(*, actor: Actor, ids: list[int], action: str, **params) -> list[dict]:
    """``action`` on each of ``ids`` (in the order given, each once): ``[{id, ok, error}]``. An id
    the actor cannot see (unknown, another partner's) is "not found", like a 404."""
    run = BULK_ACTIONS[action]
    ids = list(dict.fromkeys(ids))[:BULK_LIMIT]
    found = Ticket.objects.for_actor(actor).in_bulk(ids)
    results = []
    for pk in ids:
        ticket = found.get(pk)
        if ticket is None:
            results.append({"id": pk, "ok": False, "error": _("Not found.")})
            continue
        try:
            run(actor, ticket, params)
        except REFUSALS as exc:
            results.append({"id": pk, "ok": False, "error": refusal_of(exc).detail})
        else:
            results.append({"id": pk, "ok": True, "error": ""})
    return results
