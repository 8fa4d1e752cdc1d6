"""An import job: one uploaded file of one kind, run once (or dry-run), with its counts and the
errors of every invalid row. The file is kept through Django's storage API."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.tenancy import TenantQuerySet
from partners.models import Partner


class ImportKind(models.TextChoices):
    CUSTOMERS = "customers", _("customers")
    SUBSCRIPTIONS = "subscriptions", _("subscriptions")
    INVOICES = "invoices", _("invoices")
    PAYMENTS = "payments", _("payments")
    PARTNER_CENTER_RECON = "partner_center_recon", _("the operator's reconciliation file")


class ImportJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("import status", "queued")
        RUNNING = "running", pgettext_lazy("import status", "running")
        DONE = "done", pgettext_lazy("import status", "done")
        FAILED = "failed", pgettext_lazy("import status", "failed")

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="import_jobs")
    kind = models.CharField(_("kind"), max_length=30)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    dry_run = models.BooleanField(_("dry run"), default=False)
    file = models.FileField(upload_to="imports/%Y/%m/", max_length=200)
    file_name = models.CharField(_("file name"), max_length=255)
    language = models.CharField(max_length=7, default="en")  # the uploader's, for the errors
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)  # [{row, column, message}]
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["partner", "-created_at"], name="importjob_partner_idx")]

    def __str__(self):
        return f"{self.kind} import {self.pk} ({self.status})"

    @property
    def kind_label(self) -> str:
        return dict(ImportKind.choices).get(self.kind, self.kind)

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
