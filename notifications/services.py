"""The outbox entry points every app calls (one e-mail, or a batch), and the operator's retry.

``notification_queue`` and ``notifications_queue_many`` write the Notification rows inside the
caller's transaction (a rollback leaves no row and sends nothing) and hand the ids to Celery only
after commit (``notifications.tasks``; one e-mail's id with those of the next moment,
``notifications.gathering``). If the broker is unreachable at that moment the rows simply
stay ``queued``: the sweeper hands them over later.

Rendering happens here, at queue time: the row keeps exactly what will be sent, so the e-mail
shows what was true when it was queued (an amount paid or a ticket renamed a minute later does not
change it), a retry sends the same e-mail, and the partner sees what the customer got. The rows
are written with one ``INSERT … ON CONFLICT (idempotency_key) DO NOTHING RETURNING`` (a batch: one
per batch), so a key seen before costs no savepoint and never a second e-mail.

An e-mail to nobody (a customer without a contact address) is still written, ``failed`` with the
reason, and never handed over: the partner sees what the customer was not told.
"""

import logging
from dataclasses import dataclass
from email.utils import make_msgid, parseaddr
from functools import partial

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.actors import SYSTEM, Actor
from core.audit import event_record
from core.errors import InvalidTransition
from notifications.gathering import hand_over_soon
from notifications.kinds import KINDS
from notifications.models import Notification
from notifications.rendering import render_email
from notifications.tasks import hand_over, hand_over_many
from partners.models import Partner
from partners.selectors import member_recipients

logger = logging.getLogger(__name__)
# A customer known only from the operator's file has no contact e-mail: the e-mail is rendered and
# kept, ``failed`` with this reason, and never handed to the mail server (nor retried).
NO_ADDRESS = gettext_lazy("No contact e-mail address: not sent.")


@dataclass(frozen=True)
class Email:
    """One e-mail to queue: what ``notification_queue`` takes, as a value a batch can hold."""

    partner: Partner | None
    kind: str
    recipient: str
    language: str
    context: dict
    key: str
    thread: str = ""  # the conversation ("ticket:12"): the e-mail answers its first e-mail
    reply_to: str = ""  # where the customer's reply goes (the ticket's reply address)
    opens_thread: bool = False  # the thread's first e-mail: nothing earlier to answer


def notification_queue(
    *,
    partner: Partner | None,
    kind: str,
    recipient: str,
    language: str,
    context: dict,
    key: str,
    thread: str = "",
    reply_to: str = "",
    opens_thread: bool = False,
) -> Notification:
    """Queue one e-mail. The same ``key`` twice yields the first row, never a second e-mail.

    ``thread`` names the conversation (``"ticket:12"``): the e-mail answers the thread's first
    e-mail (In-Reply-To/References), and replies go to ``reply_to`` when one is given.
    """
    email = Email(partner, kind, recipient, language, context, key, thread, reply_to, opens_thread)
    _check_call(email)
    notification = _rendered(email)
    if not _insert([notification]):
        # The key was queued before (or by a concurrent caller PostgreSQL made us wait for).
        return Notification.objects.get(idempotency_key=key)
    if notification.status == Notification.Status.QUEUED:
        transaction.on_commit(partial(hand_over_soon, notification.id), robust=True)
    return notification


def notifications_queue_many(*, emails: list[Email]) -> list[Notification]:
    """Queue a batch: the rows newly written, in order (a key seen before, in the outbox or
    earlier in the batch, is left out). One look-up and one INSERT for the whole batch, and one
    hand-over after commit."""
    by_key = {}
    for email in emails:
        _check_call(email)
        by_key.setdefault(email.key, email)
    # Keys already in the outbox are not rendered again (a re-run, a catch-up after a crash).
    known = set(
        Notification.objects.filter(idempotency_key__in=list(by_key)).values_list(
            "idempotency_key", flat=True
        )
    )
    written = _insert([_rendered(email) for key, email in by_key.items() if key not in known])
    ids = [row.id for row in written if row.status == Notification.Status.QUEUED]
    if ids:
        transaction.on_commit(partial(hand_over_many, ids), robust=True)
    return written


def notify_partner_members(
    *, partner: Partner, kind: str, context: dict, key: str, roles=("admin", "agent")
) -> list[Notification]:
    """Queue ``kind`` for each member of ``partner`` with one of ``roles``, in their language."""
    return [
        notification_queue(
            partner=partner,
            kind=kind,
            recipient=email,
            language=language,
            context=context,
            key=f"{key}:user:{user_id}",
        )
        for user_id, email, language in member_recipients(partner=partner, roles=roles)
    ]


@transaction.atomic
def notification_retry(*, actor: Actor, notification: Notification) -> Notification:
    """Give a ``failed`` e-mail a fresh round of attempts (operator, or the partner's admin)."""
    actor.require_operator_or_admin_of(
        notification.partner_id,
        message=_("Only the operator or this partner's admin may retry an e-mail."),
    )
    row = Notification.objects.select_for_update().get(pk=notification.pk)
    if not row.recipient:
        raise InvalidTransition(NO_ADDRESS)
    if row.status != Notification.Status.FAILED:
        raise InvalidTransition(
            _("Only a failed e-mail can be retried; this one is %(status)s.")
            % {"status": row.get_status_display()}
        )
    event_record(
        actor=actor,
        obj=row,
        action="retried",
        from_state=row.status,
        to_state=Notification.Status.QUEUED,
        reason=row.last_error,
        data={"attempts": row.attempts},
    )
    row.status, row.attempts, row.next_attempt_at = Notification.Status.QUEUED, 0, timezone.now()
    row.save(update_fields=["status", "attempts", "next_attempt_at"])
    transaction.on_commit(partial(hand_over, row.id), robust=True)
    return row


def _check_call(email: Email) -> None:
    if email.kind not in KINDS:
        raise ValueError(f"Unknown notification kind {email.kind!r}")
    missing = KINDS[email.kind] - set(email.context)
    if missing:
        raise ValueError(f"{email.kind} needs {sorted(missing)}")
    if not email.key:
        raise ValueError("A notification needs an idempotency key.")


def _rendered(email: Email) -> Notification:
    language = _language_or_default(email.language, email.partner)
    subject, text, html = render_email(
        partner=email.partner, kind=email.kind, language=language, context=email.context
    )
    unsent = not email.recipient  # recorded as not sent: the partner sees what was not said
    return Notification(
        partner=email.partner,
        kind=email.kind,
        recipient=email.recipient,
        status=Notification.Status.FAILED if unsent else Notification.Status.QUEUED,
        last_error=str(NO_ADDRESS) if unsent else "",
        language=language,
        subject=subject,
        body_text=text,
        body_html=html,
        idempotency_key=email.key,
        message_id=_new_message_id(),
        thread=email.thread,
        reply_to=email.reply_to,
        in_reply_to="" if email.opens_thread else _thread_start(email.partner, email.thread),
    )


INSERT_CHUNK = 1000  # rows per statement: well under PostgreSQL's and SQLite's parameter limits


def _insert(rows: list[Notification]) -> list[Notification]:
    """Write ``rows`` with ``INSERT … ON CONFLICT (idempotency_key) DO NOTHING RETURNING id``
    (PostgreSQL, and SQLite since 3.35); the rows written get their id, the rows whose key exists
    are dropped. No savepoint: a conflict is not an error, so the caller's transaction stays
    usable."""
    fields = [f for f in Notification._meta.local_concrete_fields if not f.primary_key]
    table, quote = Notification._meta.db_table, connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    row_sql = "(" + ", ".join(["%s"] * len(fields)) + ")"
    if not connection.features.can_return_rows_from_bulk_insert:
        return _insert_one_by_one(rows)
    written = []
    for start in range(0, len(rows), INSERT_CHUNK):
        chunk = {row.idempotency_key: row for row in rows[start : start + INSERT_CHUNK]}
        params = [
            f.get_db_prep_save(f.pre_save(row, add=True), connection)
            for row in chunk.values()
            for f in fields
        ]
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {quote(table)} ({columns}) VALUES "
                + ", ".join([row_sql] * len(chunk))
                + " ON CONFLICT (idempotency_key) DO NOTHING RETURNING id, idempotency_key",
                params,
            )
            returned = dict((key, pk) for pk, key in cursor.fetchall())
        for key, row in chunk.items():
            if key in returned:
                row.id, row._state.adding, row._state.db = returned[key], False, connection.alias
                written.append(row)
    return written


def _insert_one_by_one(rows: list[Notification]) -> list[Notification]:
    """The portable fallback (a database without ``INSERT … RETURNING`` for many rows): one
    savepoint per row, so losing the race for a key leaves the caller's transaction usable."""
    written = []
    for row in rows:
        try:
            with transaction.atomic():
                row.save(force_insert=True)
        except IntegrityError:
            if not Notification.objects.filter(idempotency_key=row.idempotency_key).exists():
                raise
        else:
            written.append(row)
    return written


def _language_or_default(language: str, partner: Partner | None) -> str:
    code = (language or "").lower()
    if code in settings.LANGUAGE_CODES:
        return code
    fallback = partner.default_language if partner else settings.LANGUAGE_CODE
    logger.warning("Unknown e-mail language %r; using %r.", language, fallback)
    return fallback


def _thread_start(partner: Partner | None, thread: str) -> str:
    if not thread:
        return ""
    first = Notification.objects.filter(partner=partner, thread=thread).order_by("id")
    return first.values_list("message_id", flat=True).first() or ""


@transaction.atomic
def notification_bounce(*, notification: Notification, status_code: str, reason: str) -> bool:
    """The receiving server gave the e-mail back: mark it ``bounced`` with its status code.
    ``False`` when it was already marked (the same bounce twice)."""
    row = Notification.objects.select_for_update().get(pk=notification.pk)
    if row.status == Notification.Status.BOUNCED:
        return False
    event_record(
        actor=SYSTEM,
        obj=row,
        action="bounced",
        from_state=row.status,
        to_state=Notification.Status.BOUNCED,
        reason=reason[:2000],
        data={"status_code": status_code},
    )
    row.status, row.bounce_status = Notification.Status.BOUNCED, status_code[:16]
    row.save(update_fields=["status", "bounce_status"])
    return True


def _new_message_id() -> str:
    # Chosen once, at queue time: every attempt carries the same Message-ID, so a receiving
    # server (and our tests) can tell a re-delivery from a second e-mail.
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    return make_msgid(domain=domain)
