"""The per-ticket reply address every customer e-mail of a ticket carries as Reply-To.

``<local>+t<ticket id>.<token>@<domain>``: the partner's support address with a plus tag, or, when
``INBOUND_EMAIL_DOMAIN`` is set, ``<partner slug>+t…@<that domain>``. The token is an HMAC of the
partner and the ticket (Django's signing key, its own salt), in lower-case hex because mail
servers may fold the case of a local part: a guessed or edited address matches no ticket.
"""

import re

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

SALT = "tickets.reply-address"
TAG = re.compile(
    r"^(?P<local>[^+@\s]+)\+t(?P<ticket>\d{1,12})\.(?P<token>[0-9a-f]{20})@(?P<domain>\S+)$"
)


def reply_token(partner_id: int, ticket_id: int) -> str:
    return salted_hmac(SALT, f"{partner_id}:{ticket_id}", algorithm="sha256").hexdigest()[:20]


def reply_address(ticket) -> str:
    local, _at, domain = ticket.partner.support_email.rpartition("@")
    inbound = getattr(settings, "INBOUND_EMAIL_DOMAIN", "")
    if inbound:
        local, domain = ticket.partner.slug, inbound
    return f"{local}+t{ticket.pk}.{reply_token(ticket.partner_id, ticket.pk)}@{domain}"


def address_base(address: str) -> str:
    """The address without its plus tag: ``support+t1.ab…@x.example`` → ``support@x.example``."""
    local, _at, domain = address.strip().lower().rpartition("@")
    return f"{local.partition('+')[0]}@{domain}"


def reply_ticket_id(address: str, partner_id: int) -> int | None:
    """The ticket a reply address of ``partner_id`` names, or ``None`` (no tag, bad token)."""
    match = TAG.match(address.strip().lower())
    if match is None:
        return None
    ticket_id = int(match["ticket"])
    if not constant_time_compare(match["token"], reply_token(partner_id, ticket_id)):
        return None
    return ticket_id
