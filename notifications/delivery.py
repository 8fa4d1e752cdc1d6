"""Sending one outbox row exactly once, with backoff between attempts.

Exactly once: the row is locked (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's IMMEDIATE
transactions serialise writers) for the whole attempt, and only a ``queued`` row is sent, so two
workers handed the same id (a sweep racing a late task) send it once. The one gap no outbox can
close: a crash after the SMTP server accepted the message but before our commit re-sends it on the
next attempt — with the same Message-ID, so the receiving side can tell.

Handing rows to Celery (and sweeping up stragglers) is ``notifications.tasks``' job: this module
is what the worker runs and imports nothing above it.
"""

import logging
import random
import smtplib
from dataclasses import dataclass
from datetime import timedelta
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from core.actors import SYSTEM
from core.audit import event_record, event_row, events_write
from notifications.models import Notification
from partners.models import Partner

logger = logging.getLogger(__name__)
QUEUED, SENT, FAILED = (
    Notification.Status.QUEUED,
    Notification.Status.SENT,
    Notification.Status.FAILED,
)


def max_attempts() -> int:
    return getattr(settings, "NOTIFICATION_MAX_ATTEMPTS", 6)


def backoff_seconds(attempts: int) -> float:
    """Wait after the ``attempts``-th failure: 60 s, 120 s, 240 s … capped at an hour, ±10 %
    jitter."""
    base = getattr(settings, "NOTIFICATION_RETRY_BASE_SECONDS", 60)
    delay = min(
        base * 2 ** (attempts - 1), getattr(settings, "NOTIFICATION_RETRY_MAX_SECONDS", 3600)
    )
    # Jitter spreads the retries of a burst that failed together (an SMTP outage) over time.
    return delay * random.uniform(0.9, 1.1)


@dataclass(frozen=True)
class Attempt:
    status: str  # "sent" | "retry" | "failed" | "skipped"
    retry_in: float | None = None


def notification_deliver(*, notification_id: int) -> Attempt:
    """Try to send one queued row; record the outcome on it. Never raises for a mail failure."""
    with transaction.atomic():
        row = Notification.objects.select_for_update().filter(pk=notification_id).first()
        if row is None or row.status != QUEUED:
            return Attempt("skipped")
        row.attempts += 1
        try:
            _send(row)
        except Exception as exc:  # SMTP, network, DNS…: recorded on the row, retried with backoff
            return _record_failure(row, exc)
        row.status, row.sent_at, row.last_error = SENT, timezone.now(), ""
        row.save(update_fields=["attempts", "status", "sent_at", "last_error"])
        event_record(actor=SYSTEM, obj=row, action="sent", from_state=QUEUED, to_state=SENT)
        return Attempt("sent")


def notifications_deliver(*, notification_ids: list[int]) -> dict[int, Attempt]:
    """Send a batch of queued rows over one SMTP connection; record every outcome in bulk.

    The claim is one ``UPDATE … SET attempts = attempts + 1 WHERE id = ANY(…) AND status =
    'queued' RETURNING …``: it locks the claimed rows until this transaction ends, exactly as
    ``notification_deliver``'s ``SELECT … FOR UPDATE`` does, so a second worker handed the same
    ids waits, then finds them sent and skips them. A crash before the commit leaves them queued
    (the sweeper hands them over again, with the same Message-IDs)."""
    with transaction.atomic():
        rows = _claim(notification_ids)
        if not rows:
            return {}
        senders = _senders({row.partner_id for row in rows})
        outcomes, smtp = {}, get_connection()
        _open(smtp)  # if it fails, every send below fails and is recorded as that row's attempt
        try:
            for row in rows:
                try:
                    smtp.send_messages([_message(row, senders.get(row.partner_id, ("", "")))])
                except Exception as exc:  # one refusal costs only its own message
                    outcomes[row.pk] = exc
                    smtp.close()  # a broken connection must not fail the rest of the batch
                    _open(smtp)
                else:
                    outcomes[row.pk] = None
        finally:
            smtp.close()
        return _record_batch(rows, outcomes)


def _open(smtp) -> None:
    try:
        smtp.open()
    except Exception:
        logger.warning("Could not open the SMTP connection.", exc_info=True)


def _claim(ids: list[int]) -> list[Notification]:
    claimed = Notification.objects.filter(pk__in=ids, status=QUEUED)
    if connection.vendor != "postgresql":
        # Portable fallback: SQLite's IMMEDIATE transaction already holds the write lock.
        rows = list(claimed.order_by("id"))
        claimed.filter(pk__in=[row.pk for row in rows]).update(attempts=F("attempts") + 1)
        for row in rows:
            row.attempts += 1
        return rows
    table = Notification._meta.db_table
    fields = Notification._meta.concrete_fields
    columns = [f.column for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET attempts = attempts + 1 "
            f"WHERE id = ANY(%s) AND status = %s RETURNING {', '.join(columns)}",
            [list(ids), QUEUED],
        )
        rows = [
            Notification.from_db(connection.alias, [f.attname for f in fields], r)
            for r in cursor.fetchall()
        ]
    return sorted(rows, key=lambda row: row.pk)


def _record_batch(rows: list[Notification], outcomes: dict) -> dict[int, Attempt]:
    now, attempts, events = timezone.now(), {}, []
    sent = [row for row in rows if outcomes[row.pk] is None]
    for row in sent:
        row.status, row.sent_at, row.last_error = SENT, now, ""
        events.append(
            event_row(actor=SYSTEM, obj=row, action="sent", from_state=QUEUED, to_state=SENT)
        )
        attempts[row.pk] = Attempt("sent")
    Notification.objects.filter(pk__in=[row.pk for row in sent]).update(
        status=SENT, sent_at=now, last_error=""
    )
    for row in rows:
        if outcomes[row.pk] is not None:
            # Failures are the rare case: recorded row by row, as a single delivery does.
            attempts[row.pk] = _record_failure(row, outcomes[row.pk])
    events_write(events)
    return attempts


def _record_failure(row: Notification, exc: Exception) -> Attempt:
    row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
    if row.attempts >= max_attempts() or _is_permanent(exc):
        row.status = FAILED
        row.save(update_fields=["attempts", "status", "last_error"])
        event_record(
            actor=SYSTEM,
            obj=row,
            action="failed",
            from_state=QUEUED,
            to_state=FAILED,
            reason=row.last_error,
        )
        logger.error(
            "Notification %s failed after %s attempts: %s", row.pk, row.attempts, row.last_error
        )
        return Attempt("failed")
    wait = backoff_seconds(row.attempts)
    row.next_attempt_at = timezone.now() + timedelta(seconds=wait)
    row.save(update_fields=["attempts", "last_error", "next_attempt_at"])
    logger.warning(
        "Notification %s attempt %s failed (%s); retrying in %.0f s",
        row.pk,
        row.attempts,
        row.last_error,
        wait,
    )
    return Attempt("retry", retry_in=wait)


def _is_permanent(exc: Exception) -> bool:
    """A 5xx refusal of every recipient will not get better by retrying."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(500 <= code < 600 for code, _msg in exc.recipients.values())
    return False


def _send(row: Notification) -> None:
    _message(row, _sender(row.partner_id)).send()


def _message(row: Notification, sender: tuple[str, str]) -> EmailMultiAlternatives:
    """The one place an outbox row becomes an e-mail (a single delivery and a batch alike)."""
    name, reply_to = sender
    reply_to = row.reply_to or reply_to  # the ticket's reply address, else the partner's
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or settings.DEFAULT_FROM_EMAIL
    # One thread per conversation in the customer's mail client: each e-mail answers the first.
    thread = {"In-Reply-To": row.in_reply_to, "References": row.in_reply_to}
    message = EmailMultiAlternatives(
        subject=row.subject,
        body=row.body_text,
        from_email=formataddr((name, address)) if name else address,
        to=[row.recipient],
        reply_to=[reply_to] if reply_to else None,
        headers={
            "Message-ID": row.message_id,
            "Content-Language": row.language,
            "Auto-Submitted": "auto-generated",
            **(thread if row.in_reply_to else {}),
        },
    )
    message.attach_alternative(row.body_html, "text/html")
    return message


def _senders(partner_ids: set) -> dict[int, tuple[str, str]]:
    """``_sender`` for a whole batch, in one query."""
    rows = Partner.objects.filter(pk__in=partner_ids - {None})
    return {
        pk: (name, email) for pk, name, email in rows.values_list("id", "name", "support_email")
    }


def _sender(partner_id: int | None) -> tuple[str, str]:
    """Mail goes out under the partner's name, and replies go to the partner's support address."""
    if partner_id is None:
        return "", ""
    return Partner.objects.filter(pk=partner_id).values_list("name", "support_email").first() or (
        "",
        "",
    )
