from mailgate.services.actions import inbound_attach, inbound_create_ticket, inbound_discard
from mailgate.services.mailboxes import partner_mailbox_remove, partner_mailbox_set
from mailgate.services.raw import inbound_raw_purge
from mailgate.services.receive import inbound_receive

__all__ = [
    "inbound_attach",
    "inbound_create_ticket",
    "inbound_discard",
    "inbound_raw_purge",
    "inbound_receive",
    "partner_mailbox_remove",
    "partner_mailbox_set",
]
