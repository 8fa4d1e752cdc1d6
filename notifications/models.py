"""The outbox: one row per e-mail, written in the transaction of the change that caused it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.tenancy import TenantQuerySet
from partners.models import Partner, language_check


class Notification(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        BOUNCED = "bounced", _("bounced")

    partner = models.ForeignKey(
        Partner, null=True, blank=True, on_delete=models.PROTECT, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=40)
    # Empty: the customer has no contact e-mail; the row is recorded ``failed``, never handed over.
    recipient = models.EmailField(_("recipient"), blank=True)
    language = models.CharField(
        _("language"), max_length=7, choices=settings.LANGUAGES, default="en"
    )
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField()
    body_html = models.TextField()
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    idempotency_key = models.CharField(max_length=200, unique=True)
    message_id = models.CharField(max_length=255, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # When the row is due for its next delivery attempt; the sweeper re-queues queued rows whose
    # attempt is long overdue (the broker was down at commit, or a worker lost the task).
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # Threading: the conversation a row belongs to ("ticket:12"), the address replies should go
    # to (empty: the partner's support address) and the first Message-ID of the conversation.
    thread = models.CharField(max_length=64, blank=True, db_index=True)
    reply_to = models.CharField(max_length=255, blank=True)
    in_reply_to = models.CharField(max_length=255, blank=True)
    # What the receiving server said when it bounced the e-mail (RFC 3463 status, e.g. 5.1.1).
    bounce_status = models.CharField(max_length=16, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["partner", "-created_at", "-id"]),
            # "Did the last e-mail to this address bounce?" (the customer page and API).
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient_idx"),
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status="queued"),
                name="notification_due_idx",
            ),
        ]
        constraints = [
            language_check("language"),
            models.CheckConstraint(
                condition=Q(status__in=["queued", "sent", "failed", "bounced"]),
                name="notification_status_bounced_valid",
            ),
        ]

    def __str__(self):
        return f"{self.kind} → {self.recipient} ({self.status})"


# The inbox model lives beside its service; imported here so Django finds it.
from notifications.activity import Activity  # noqa: E402, F401
