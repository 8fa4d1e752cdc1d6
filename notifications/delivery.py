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
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from core.actors import SYSTEM
from core.audit import event_record
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
    name, reply_to = _sender(row.partner_id)
    reply_to = row.reply_to or reply_to
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
    message.send()


def _sender(partner_id: int | None) -> tuple[str, str]:
    """Mail goes out under the partner's name, and replies go to the partner's support address."""
    if partner_id is None:
        return "", ""
    return Partner.objects.filter(pk=partner_id).values_list("name", "support_email").first() or (
        "",
        "",
    )
