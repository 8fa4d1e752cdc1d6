"""The one outbox entry point every app calls.

``notification_queue`` writes the Notification row inside the caller's transaction (a rollback
leaves no row and sends nothing) and hands the id to Celery only after commit.
"""

import uuid

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation

from notifications.kinds import KINDS
from notifications.models import Notification
from partners.models import Partner


def notification_queue(*, partner: Partner | None, kind: str, recipient: str, language: str, context: dict,
                       key: str) -> Notification:
    """Queue one e-mail. The same ``key`` twice yields the first row, never a second e-mail."""
    missing = KINDS[kind] - set(context)
    if missing:
        raise ValueError(f"{kind} needs {sorted(missing)}")
    existing = Notification.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return existing
    subject, text, html = _render(partner, kind, language, context)
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                partner=partner, kind=kind, recipient=recipient, language=language, subject=subject,
                body_text=text, body_html=html, idempotency_key=key,
                message_id=f"<{uuid.uuid4().hex}@{settings.DEFAULT_FROM_EMAIL.split('@')[-1]}>")
    except IntegrityError:  # a concurrent caller wrote the same key first
        return Notification.objects.get(idempotency_key=key)
    transaction.on_commit(lambda: _enqueue(notification.id))
    return notification


def notify_partner_members(*, partner: Partner, kind: str, context: dict, key: str,
                           roles=("admin", "agent")) -> list[Notification]:
    """Queue ``kind`` for each member of ``partner`` with one of ``roles``, in their language."""
    from partners.selectors import member_recipients

    return [
        notification_queue(partner=partner, kind=kind, recipient=email, language=language, context=context,
                           key=f"{key}:user:{user_id}")
        for user_id, email, language in member_recipients(partner=partner, roles=roles)
    ]


def _render(partner, kind, language, context):
    full = {**context, "partner_name": partner.name if partner else "",
            "support_email": partner.support_email if partner else settings.DEFAULT_FROM_EMAIL}
    with translation.override(language):
        subject = render_to_string(f"notifications/email/{kind}.subject.txt", full).strip()
        text = render_to_string(f"notifications/email/{kind}.txt", full)
        html = render_to_string(f"notifications/email/{kind}.html", full)
    return subject, text, html


def _enqueue(notification_id: int) -> None:
    from notifications.tasks import deliver

    deliver.delay(notification_id)
