"""A ticket's thread: messages (public, internal, to the operator), their files, canned replies."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from core.tenancy import TenantQuerySet
from partners.models import Partner
from tickets.models.tickets import Ticket


class Visibility(models.TextChoices):
    PUBLIC = "public", _("public")
    INTERNAL = "internal", _("internal note")
    OPERATOR = "operator", _("to the operator")


class Message(models.Model):
    class AuthorKind(models.TextChoices):
        PARTNER = "partner", _("partner")
        CUSTOMER = "customer", _("customer")
        OPERATOR = "operator", _("operator")

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="+")
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    author_kind = models.CharField(max_length=10, choices=AuthorKind.choices)
    body = models.TextField(_("message"))
    visibility = models.CharField(_("visibility"), max_length=10, choices=Visibility.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["ticket", "visibility", "created_at", "id"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(visibility__in=Visibility.values), name="message_visibility_valid"
            ),
        ]

    def __str__(self):
        return f"{self.visibility} message on ticket {self.ticket_id}"


class Attachment(models.Model):
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="+")
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="attachments/%Y/%m/")
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet.as_manager()

    def __str__(self):
        return self.filename


class CannedReply(models.Model):
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="canned_replies")
    title = models.CharField(_("title"), max_length=120)  # translated
    body = models.TextField(_("body"))  # translated

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["title", "id"]
        verbose_name_plural = "canned replies"

    def __str__(self):
        return self.title

    def missing_languages(self) -> list[str]:
        """The languages this reply has no text in (its body), so an agent writing to such a
        customer would send English: the composer says so, the admins' list shows them. English
        is never missing (it is required)."""
        default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
        return [
            code
            for code in settings.LANGUAGE_CODES
            if code != default
            and not (getattr(self, build_localized_fieldname("body", code), "") or "").strip()
        ]
