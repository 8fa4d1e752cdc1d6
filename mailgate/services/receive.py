"""``inbound_receive``: the one door every e-mail comes in by (the pipe command, the IMAP poller,
the provider webhook). It records the message, then decides what it becomes.

In order: a bounce of one of our e-mails; an automatic or self-sent message (ignored, nothing
sent back); the partner, by the address it was sent to (a message to partner B never touches
partner A's tickets, whatever else its headers say); the sender's hourly limit; the ticket it
answers — reply address, then In-Reply-To/References against what the outbox sent, then a
``[#123]`` subject tag; the ticket's customer only. Anything else is held with its reason.
"""

import hashlib
import re
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import IntegerField, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Lower
from django.utils import timezone, translation

from core.actors import SYSTEM
from core.audit import event_row
from core.errors import InvalidTransition, PolicyViolation
from mailgate.models import InboundEmail
from mailgate.parsing import Parsed, parse
from mailgate.services.answers import About, about_of_key, billing_answer
from mailgate.services.bounced import bounce_activity_record
from mailgate.services.common import acceptable_files, customer_of, speaks_for
from mailgate.services.insert import insert_or_skip
from mailgate.services.raw import raw_heal, raw_name, raw_write_on_commit
from notifications.models import Notification
from notifications.reply_address import address_base, reply_target
from notifications.services import notification_bounce
from partners.models import Partner
from tickets.models import Ticket
from tickets.services import customer_reply, customer_ticket_open

Status, Reason = InboundEmail.Status, InboundEmail.Reason
SUBJECT_TAG = re.compile(r"\[#(\d{1,12})\]")
REFUSALS = (PolicyViolation, InvalidTransition, ValidationError)


class _Twin(Exception):
    """The Message-ID was recorded first by another delivery: undo this one."""


def inbound_receive(raw: bytes, *, via: str, partner: Partner | None = None) -> InboundEmail:
    """Record one raw message and route it. The same Message-ID twice: the first row, untouched.
    ``partner``: the message came from that partner's own mailbox — it is that partner's, and
    only that partner's reply addresses count. Raises ``mailgate.parsing.NotAMessage`` for input
    that is not an e-mail."""
    parsed = parse(raw)
    digest = hashlib.sha256(raw).hexdigest()
    message_id = parsed.message_id or f"<{digest}@no-message-id>"
    try:
        return _receive(raw, parsed, digest, message_id, via, partner)
    except _Twin:  # everything this delivery did is rolled back; the first one stands
        existing = InboundEmail.objects.get(message_id=message_id)
        raw_heal(existing, raw)
        return existing


@transaction.atomic
def _receive(raw, parsed: Parsed, digest: str, message_id: str, via: str, partner) -> InboundEmail:
    """Route first, then write the row with one ``INSERT … ON CONFLICT (message_id) DO
    NOTHING``: the Message-ID is claimed by the insert itself (a concurrent twin waits on the
    unique index, then finds it taken and rolls back all it did), so a message costs no look-up,
    no savepoint and no second write of its row."""
    row = InboundEmail(
        message_id=message_id,
        sender=parsed.sender[:254],
        recipients=", ".join(parsed.recipients)[:1000],
        subject=parsed.subject,
        headers=parsed.headers,
        via=via[:20],
        status=Status.HELD,
        reason=Reason.EMPTY,
    )
    row.raw.name = raw_name(digest)  # the file itself is written once this row is committed
    _route(row, parsed, partner, _partners_named(parsed, row.sender))
    received = event_row(
        actor=SYSTEM, obj=row, action="received", to_state=row.status, reason=row.reason
    )
    if not insert_or_skip(row, received):  # the row and its Event, or neither
        raise _Twin
    raw_write_on_commit(row, raw)  # last: the outbox's hand-overs run first
    return row


def _partners_named(parsed: Parsed, sender: str) -> dict:
    """The partners the sender's and recipients' addresses name, in one query: ``{("email",
    support address): partner, ("slug", slug): partner}``, and under ``RECENT`` how many
    messages the sender sent in the last hour (the rate limit's count, read by the same query;
    absent when no partner is named)."""
    bases = {address_base(address) for address in [parsed.sender, *parsed.recipients]}
    inbound = settings.INBOUND_EMAIL_DOMAIN
    slugs = {b.rpartition("@")[0] for b in bases if inbound and b.endswith("@" + inbound)}
    rows = (
        Partner.objects.annotate(address=Lower("support_email"))
        .filter(Q(address__in=bases) | Q(slug__in=slugs))
        .annotate(recent_from_sender=_sent_last_hour(sender))
    )
    index = {}
    for row in rows.order_by("id"):
        index.setdefault(("email", row.address), row)
        index.setdefault(("slug", row.slug), row)
        index[RECENT] = row.recent_from_sender or 0
    return index


RECENT = "recent"  # the key of the sender's count in the partners-named index


def _sent_last_hour(sender: str) -> RawSQL:
    """The rate limit's count, counted in the database so every node agrees: the messages
    from ``sender`` received in the last hour (this one is not written yet). Raw SQL: as a
    nested queryset it cost more to compile than the separate query it replaces."""
    since = timezone.now() - timedelta(hours=1)
    table, sender_column, received_column = (
        connection.ops.quote_name(name)
        for name in (InboundEmail._meta.db_table, "sender", "received_at")
    )
    return RawSQL(
        f"SELECT COUNT(*) FROM {table} WHERE {sender_column} = %s AND {received_column} >= %s",
        (sender, InboundEmail._meta.get_field("received_at").get_db_prep_value(since, connection)),
        output_field=IntegerField(),
    )


def _route(row: InboundEmail, parsed: Parsed, mailbox_of: Partner | None, named: dict) -> None:
    if parsed.bounce is not None:
        return _bounce(row, parsed, mailbox_of, named)
    if parsed.automatic:
        return _set(row, Status.IGNORED, Reason.AUTO_REPLY)
    if _is_own_address(parsed.sender, named):
        return _set(row, Status.IGNORED, Reason.OWN_ADDRESS)
    partner, target = _recipient(parsed.recipients, mailbox_of, named)
    if partner is None:
        return _set(row, Status.REJECTED, Reason.UNKNOWN_RECIPIENT)
    row.partner, row.body = partner, parsed.text
    if _over_rate(row, named):
        return _set(row, Status.HELD, Reason.RATE_LIMITED)
    ticket, how, about = _answered(row, partner, target, parsed)
    with translation.override(partner.default_language):  # a refusal, as the partner reads it
        if ticket is not None:
            return _reply(row, ticket, how, parsed)
        if about is not None and billing_answer(row, about, parsed, REFUSALS, _why):
            return None
        return _new_ticket(row, parsed)


def _set(row: InboundEmail, status: str, reason: str, detail: str = "") -> None:
    row.status, row.reason, row.detail = status, reason, detail


def _bounce(row: InboundEmail, parsed: Parsed, mailbox_of: Partner | None, named: dict) -> None:
    bounce = parsed.bounce
    ids = list(bounce.message_ids)
    notification = Notification.objects.filter(message_id__in=ids).first() if ids else None
    if notification is None:
        return _set(row, Status.BOUNCE, Reason.BOUNCE_UNMATCHED, bounce.status_code)
    addressed_to, _target = _recipient(parsed.recipients, mailbox_of, named)
    if addressed_to is not None and addressed_to.pk != notification.partner_id:
        # Sent to partner B about partner A's e-mail: not B's to report (nor to know of).
        row.partner = addressed_to
        return _set(row, Status.BOUNCE, Reason.BOUNCE_UNMATCHED, bounce.status_code)
    row.partner_id, row.notification = notification.partner_id, notification
    if bounce.permanent and notification_bounce(
        notification=notification, status_code=bounce.status_code, reason=parsed.subject
    ):
        bounce_activity_record(notification=notification)
    _set(row, Status.BOUNCE, Reason.BOUNCE_MATCHED, bounce.status_code)


def _is_own_address(sender: str, named: dict) -> bool:
    own = address_base(settings.DEFAULT_FROM_EMAIL.rpartition("<")[2].rstrip(">"))
    domain = sender.rpartition("@")[2]
    inbound = settings.INBOUND_EMAIL_DOMAIN
    return (
        address_base(sender) == own
        or (inbound != "" and domain == inbound)
        or ("email", address_base(sender)) in named
    )


def _recipient(
    recipients: list[str], mailbox_of: Partner | None, named: dict
) -> tuple[Partner | None, tuple[str, int] | None]:
    """The partner the message was sent to (the mailbox's, when it came from a partner's own
    mailbox); what its reply address names (``("t", 12)``: a ticket; an invoice, a
    subscription, a customer), if any."""
    if mailbox_of is not None:
        for address in recipients:  # the token is the partner's: another's address names nothing
            if (target := reply_target(address, mailbox_of.pk)) is not None:
                return mailbox_of, target
        return mailbox_of, None
    found = None
    for address in recipients:
        partner = _partner_of(address, named)
        if partner is None:
            continue
        target = reply_target(address, partner.pk)
        if target is not None:
            return partner, target
        found = found or partner
    return found, None


def _partner_of(address: str, named: dict) -> Partner | None:
    base = address_base(address)
    local, _at, domain = base.rpartition("@")
    inbound = settings.INBOUND_EMAIL_DOMAIN
    if inbound and domain == inbound:
        return named.get(("slug", local))
    return named.get(("email", base))


def _over_rate(row: InboundEmail, named: dict) -> bool:
    """Over the sender's hourly limit: the count the partners query read, else (a message in
    a partner's own mailbox that names no partner) its own query."""
    recent = named.get(RECENT)
    if recent is None:
        since = timezone.now() - timedelta(hours=1)
        recent = InboundEmail.objects.filter(sender=row.sender, received_at__gte=since).count()
    return recent >= settings.INBOUND_EMAIL_RATE_PER_HOUR


def _answered(row: InboundEmail, partner: Partner, target, parsed: Parsed):
    """``(ticket, how, about)``: the ticket the message answers, or what the billing e-mail it
    answers was about — by reply address, then In-Reply-To/References, then a subject tag."""
    if target is not None and target[0] == "t":
        if ticket := _ticket(partner, target[1]):
            return ticket, Reason.REPLY_ADDRESS, None
    elif target is not None:
        return None, "", About(*target)
    if parsed.answers:
        ticket_id, about = _answered_thread(row, partner, parsed.answers)
        if ticket_id and (ticket := _ticket(partner, ticket_id)):
            return ticket, Reason.THREAD, None
        if about is not None:
            return None, "", about
    tag = SUBJECT_TAG.search(parsed.subject)
    if tag and (ticket := _ticket(partner, int(tag[1]))):
        return ticket, Reason.SUBJECT_TAG, None
    return None, "", None


def _ticket(partner: Partner, pk: int) -> Ticket | None:
    """The partner's ticket ``pk`` with its customer; its partner is the one already read."""
    ticket = Ticket.objects.filter(partner=partner, pk=pk).select_related("customer").first()
    if ticket is not None:
        ticket.partner = partner
    return ticket


def _answered_thread(row: InboundEmail, partner: Partner, answers: list[str]):
    """``(ticket id, about)`` of the e-mail the outbox sent (or the customer sent before) that
    this answers: a ticket's thread, or the cause of a billing e-mail."""
    sent = {
        message_id: (pk, thread, key)
        for message_id, pk, thread, key in Notification.objects.filter(
            partner=partner, message_id__in=answers
        ).values_list("message_id", "pk", "thread", "idempotency_key")
    }
    for message_id in answers:  # In-Reply-To first, then References, newest first
        if message_id not in sent:
            continue
        pk, thread, key = sent[message_id]
        row.notification_id = pk
        if thread.startswith("ticket:"):
            return int(thread.partition(":")[2]), None
        if (about := about_of_key(key)) is not None:
            return None, about
    earlier = (
        InboundEmail.objects.filter(partner=partner, message_id__in=answers, ticket__isnull=False)
        .values_list("ticket_id", flat=True)
        .first()
    )
    return earlier, None


def _reply(row: InboundEmail, ticket: Ticket, how: str, parsed: Parsed) -> None:
    row.ticket = ticket
    if not speaks_for(ticket.customer, row.sender):
        return _set(row, Status.HELD, Reason.NOT_THE_CUSTOMER)
    if not parsed.text:
        return _set(row, Status.HELD, Reason.EMPTY)
    files, body = acceptable_files(parsed.attachments, parsed.text, ticket.partner)
    try:
        row.ticket_message = customer_reply(ticket=ticket, body=body, files=files, via="email")
    except REFUSALS as exc:
        return _set(row, Status.HELD, Reason.REFUSED, _why(exc))
    _set(row, Status.ATTACHED, how)


def _new_ticket(row: InboundEmail, parsed: Parsed) -> None:
    customer = customer_of(row.partner_id, row.sender)
    if customer is None:
        return _set(row, Status.HELD, Reason.UNKNOWN_SENDER)
    if not parsed.text:
        return _set(row, Status.HELD, Reason.EMPTY)
    files, body = acceptable_files(parsed.attachments, parsed.text, row.partner)
    try:
        row.ticket = customer_ticket_open(
            customer=customer,
            subject=parsed.subject,
            description=body,
            category="billing_question",
            files=files,
            via="email",
        )
    except REFUSALS as exc:
        return _set(row, Status.HELD, Reason.REFUSED, _why(exc))
    _set(row, Status.NEW_TICKET, Reason.FROM_CUSTOMER)


def _why(exc: Exception) -> str:
    messages = getattr(exc, "messages", None) or [str(exc)]
    return " ".join(str(message) for message in messages)[:2000]
