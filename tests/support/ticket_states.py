"""Build tickets and escalations in any state the way users get there: through the services."""

from datetime import datetime, timedelta
from unittest import mock

from core.actors import actor_for
from tests.support.factories import (
    CustomerFactory,
    InvoiceFactory,
    MembershipFactory,
    make_operator,
)
from tickets import services
from tickets.models import Escalation, Ticket


def new_ticket(
    agent_user, *, category="invoice_dispute", with_invoice=True, language="en", **fields
) -> Ticket:
    actor = actor_for(agent_user)
    customer = CustomerFactory(partner=agent_user.membership.partner, language=language)
    invoice = InvoiceFactory(customer=customer) if with_invoice else None
    fields.setdefault("subject", "Invoice charges 10 seats, we use 8")
    return services.ticket_create(
        actor=actor,
        customer=customer.pk,
        category=category,
        description="Please check our invoice.",
        invoice=invoice.pk if invoice else None,
        **fields,
    )


def _operator():
    return actor_for(make_operator())


def _escalate(actor, ticket):
    services.ticket_escalate(
        actor=actor, ticket=ticket, summary="Seats billed twice", steps_taken="Checked usage"
    )


TICKET_PATHS = {
    "new": [],
    "open": [lambda a, t: services.ticket_reply(actor=a, ticket=t, body="We are looking into it.")],
    "pending_customer": [
        lambda a, t: services.ticket_wait_on_customer(actor=a, ticket=t, body="Which invoice?")
    ],
    "escalated": [_escalate],
    "resolved": [
        lambda a, t: services.ticket_resolve(actor=a, ticket=t, resolution="Credited 2 seats.")
    ],
    "closed": [
        lambda a, t: services.ticket_resolve(actor=a, ticket=t, resolution="Credited 2 seats."),
        lambda a, t: services.ticket_close(actor=a, ticket=t),
    ],
}


def ticket_in(state: str, agent_user, **kwargs) -> Ticket:
    ticket = new_ticket(agent_user, **kwargs)
    for step in TICKET_PATHS[state]:
        step(actor_for(agent_user), Ticket.objects.get(pk=ticket.pk))
    ticket = Ticket.objects.get(pk=ticket.pk)
    assert ticket.status == state
    return ticket


def _take(op, e):
    return services.escalation_take(actor=op, escalation=e)


ESCALATION_PATHS = {
    "submitted": [],
    "in_review": [_take],
    "info_requested": [
        _take,
        lambda op, e: services.escalation_request_info(
            actor=op, escalation=e, question="Which seats?"
        ),
    ],
    "resolved": [
        _take,
        lambda op, e: services.escalation_resolve(
            actor=op, escalation=e, outcome="upheld", response="Two seats credited."
        ),
    ],
    "withdrawn": [],
}


def escalation_in(state: str, agent_user, **kwargs) -> Escalation:
    ticket = ticket_in("escalated", agent_user, **kwargs)
    escalation = Escalation.objects.get(ticket=ticket)
    operator = _operator()
    for step in ESCALATION_PATHS[state]:
        step(operator, Escalation.objects.get(pk=escalation.pk))
    if state == "withdrawn":
        services.escalation_withdraw(
            actor=actor_for(agent_user), escalation=escalation, reason="Solved meanwhile"
        )
    escalation = Escalation.objects.get(pk=escalation.pk)
    assert escalation.status == state
    return escalation


def another_agent(partner):
    return MembershipFactory(partner=partner, role="agent").user


class Clock:
    """A controlled ``timezone.now`` for code and for ``auto_now`` fields alike."""

    def __init__(self, start: datetime):
        self.now = start
        self._patch = mock.patch("django.utils.timezone.now", side_effect=lambda: self.now)

    def advance(self, **delta):
        self.now += timedelta(**delta)

    def __enter__(self):
        self._patch.start()
        return self

    def __exit__(self, *exc):
        self._patch.stop()
