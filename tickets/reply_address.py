"""The per-ticket reply address every customer e-mail of a ticket carries as Reply-To:
``<local>+t<ticket id>.<token>@<domain>`` (``notifications.reply_address`` builds and reads
every kind of reply address; this is the ticket's)."""

from notifications.reply_address import address_base, reply_address_for, reply_target

__all__ = ["address_base", "reply_address", "reply_ticket_id"]


def reply_address(ticket) -> str:
    return reply_address_for(ticket.partner, "t", ticket.pk)


def reply_ticket_id(address: str, partner_id: int) -> int | None:
    """The ticket a reply address of ``partner_id`` names, or ``None`` (no tag, bad token)."""
    target = reply_target(address, partner_id)
    return target[1] if target is not None and target[0] == "t" else None
