"""Helpers of the ticket page tests (tests/web/portal/test_ticket*.py)."""

from tickets.models import Ticket


def url(ticket, action=""):
    return f"/tickets/{ticket.pk}/" + (f"{action}/" if action else "")


def page(client, ticket) -> str:
    response = client.get(url(ticket))
    assert response.status_code == 200
    return response.content.decode()


def fresh(ticket) -> Ticket:
    return Ticket.objects.get(pk=ticket.pk)
