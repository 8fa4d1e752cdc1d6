"""The reply addresses customer e-mails carry as Reply-To, so an answer says what it answers.

``<local>+<kind><id>.<token>@<domain>``: the partner's support address with a plus tag, or, when
``INBOUND_EMAIL_DOMAIN`` is set, ``<partner slug>+…@<that domain>``. ``kind`` names what the
e-mail was about: ``t`` a ticket, ``i`` an invoice, ``s`` a subscription, ``c`` the customer
(a credit on no invoice). The token is an HMAC of the partner, the kind and the id (Django's
signing key, its own salt), in lower-case hex because mail servers may fold the case of a local
part: a guessed or edited address names nothing. A ticket's token keeps its first form
(partner and ticket only), so the addresses already sent stay valid.
"""

import re

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

SALT = "tickets.reply-address"
KINDS = {"t": "ticket", "i": "invoice", "s": "subscription", "c": "customer"}
TAG = re.compile(
    r"^(?P<local>[^+@\s]+)\+(?P<kind>[tisc])(?P<id>\d{1,12})\.(?P<token>[0-9a-f]{20})"
    r"@(?P<domain>\S+)$"
)


def reply_token(partner_id: int, kind: str, object_id: int) -> str:
    value = f"{partner_id}:{object_id}" if kind == "t" else f"{partner_id}:{kind}:{object_id}"
    return salted_hmac(SALT, value, algorithm="sha256").hexdigest()[:20]


def reply_address_for(partner, kind: str, object_id: int) -> str:
    """The address an answer about ``kind`` ``object_id`` of ``partner`` goes to."""
    local, _at, domain = partner.support_email.rpartition("@")
    inbound = getattr(settings, "INBOUND_EMAIL_DOMAIN", "")
    if inbound:
        local, domain = partner.slug, inbound
    return f"{local}+{kind}{object_id}.{reply_token(partner.pk, kind, object_id)}@{domain}"


def address_base(address: str) -> str:
    """The address without its plus tag: ``support+t1.ab…@x.example`` → ``support@x.example``."""
    local, _at, domain = address.strip().lower().rpartition("@")
    return f"{local.partition('+')[0]}@{domain}"


def reply_target(address: str, partner_id: int) -> tuple[str, int] | None:
    """``(kind, id)`` a reply address of ``partner_id`` names, or ``None`` (no tag, bad token)."""
    match = TAG.match(address.strip().lower())
    if match is None:
        return None
    kind, object_id = match["kind"], int(match["id"])
    if not constant_time_compare(match["token"], reply_token(partner_id, kind, object_id)):
        return None
    return kind, object_id
