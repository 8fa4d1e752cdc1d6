"""The outbox: one row per e-mail, written in the transaction of the change that caused it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partners.models import Partner, language_check
from partners.tenancy import TenantQuerySet


class Notification(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    partner = models.ForeignKey(Partner, null=True, blank=True, on_delete=models.PROTECT, related_name="notifications")
    kind = models.CharField(max_length=40)
    recipient = models.EmailField()
    language = models.CharField(max_length=7, choices=settings.LANGUAGES, default="en")
    subject = models.CharField(max_length=255)
    body_text = models.TextField()
    body_html = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    idempotency_key = models.CharField(max_length=200, unique=True)
    message_id = models.CharField(max_length=255, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["partner", "-created_at", "-id"]),
            models.Index(fields=["status", "created_at"], condition=Q(status="queued"), name="notification_queued_idx"),
        ]
        constraints = [
            language_check("language"),
            models.CheckConstraint(condition=Q(status__in=["queued", "sent", "failed"]), name="notification_status_valid"),
        ]

    def __str__(self):
        return f"{self.kind} → {self.recipient} ({self.status})"
