"""The one outbox entry point every app calls, and the operator's retry.

``notification_queue`` writes the Notification row inside the caller's transaction (a rollback
leaves no row and sends nothing) and hands the id to Celery only after commit
(``notifications.tasks.hand_over``). If the broker is unreachable at that moment the row simply
stays ``queued``: the sweeper hands it over later.
"""

import logging
from email.utils import make_msgid, parseaddr
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.actors import SYSTEM, Actor
from core.audit import event_record
from core.errors import InvalidTransition
from notifications.kinds import KINDS
from notifications.models import Notification
from notifications.rendering import render_email
from notifications.tasks import hand_over
from partners.models import Partner
from partners.selectors import member_recipients

logger = logging.getLogger(__name__)


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
) -> Notification:
    """Queue one e-mail. The same ``key`` twice yields the first row, never a second e-mail.

    ``thread`` names the conversation (``"ticket:12"``): the e-mail answers the thread's first
    e-mail (In-Reply-To/References), and replies go to ``reply_to`` when one is given.
    """
    _check_call(kind=kind, recipient=recipient, context=context, key=key)
    existing = Notification.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return existing
    language = _language_or_default(language, partner)
    subject, text, html = render_email(
        partner=partner, kind=kind, language=language, context=context
    )
    try:
        # A savepoint, so that losing the race for the key leaves the caller's transaction usable.
        with transaction.atomic():
            notification = Notification.objects.create(
                partner=partner,
                kind=kind,
                recipient=recipient,
                language=language,
                subject=subject,
                body_text=text,
                body_html=html,
                idempotency_key=key,
                message_id=_new_message_id(),
                thread=thread,
                reply_to=reply_to,
                in_reply_to=_thread_start(partner, thread),
            )
    except IntegrityError:
        # A concurrent caller committed the same key first (PostgreSQL made us wait for it).
        existing = Notification.objects.filter(idempotency_key=key).first()
        if existing is None:
            raise
        return existing
    transaction.on_commit(partial(hand_over, notification.id), robust=True)
    return notification


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


def _check_call(*, kind, recipient, context, key) -> None:
    if kind not in KINDS:
        raise ValueError(f"Unknown notification kind {kind!r}")
    missing = KINDS[kind] - set(context)
    if missing:
        raise ValueError(f"{kind} needs {sorted(missing)}")
    if not recipient or not key:
        raise ValueError("A notification needs a recipient and an idempotency key.")


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
