"""The demo tickets are made through the services: statuses, messages, events and one escalation."""

import pytest
from django.core.management import call_command

from partners.models import Event
from tickets.models import CannedReply, Escalation, Message, Ticket

pytestmark = pytest.mark.django_db


def test_the_demo_has_tickets_in_several_states_with_one_escalation_made_by_the_services(capsys):
    call_command("seed_demo")
    statuses = set(Ticket.objects.values_list("status", flat=True))
    assert {"escalated", "pending_customer", "resolved", "new", "open"} <= statuses
    escalation = Escalation.objects.select_related("ticket__invoice").get()
    assert escalation.ticket.invoice.frozen
    assert (
        Message.objects.filter(visibility="internal").exists()
        and Message.objects.filter(visibility="public").exists()
    )
    assert (
        Event.objects.filter(object_type="ticket", action="created").count()
        == Ticket.objects.count()
    )
    assert CannedReply.objects.count() == 2
    call_command("seed_demo")
    assert Escalation.objects.count() == 1 and CannedReply.objects.count() == 2
