"""Reads of the customer's status page, found by its token rather than by an actor: the customer
sees the ticket's public messages and files only."""

from tickets.models import Attachment, Message, Ticket, Visibility


def status_page_ticket(*, token: str) -> Ticket | None:
    return Ticket.objects.select_related("customer", "partner").filter(status_token=token).first()


def status_page_messages(*, ticket: Ticket):
    return (
        Message.objects.filter(ticket=ticket, visibility=Visibility.PUBLIC)
        .prefetch_related("attachments")
        .order_by("created_at", "id")
    )


def status_page_attachment(*, ticket: Ticket, pk: int) -> Attachment | None:
    return Attachment.objects.filter(
        pk=pk, message__ticket=ticket, message__visibility=Visibility.PUBLIC
    ).first()
