"""Tenancy core: partners, their members and customers, and the append-only audit trail."""

import pgtrigger
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.tenancy import TenantQuerySet
from partners.calendar import (
    DEFAULT_HOLIDAY_COUNTRY,
    DEFAULT_WORK_DAYS,
    DEFAULT_WORK_END,
    DEFAULT_WORK_START,
    MINUTES_PER_DAY,
    WorkingCalendar,
)

LANGUAGE_CHOICES = settings.LANGUAGES
slug_validator = RegexValidator(
    r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$", _("Lowercase letters, digits and hyphens.")
)


def language_check(field: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__in": settings.LANGUAGE_CODES}), name=f"%(class)s_{field}_valid"
    )


def default_work_days() -> list[int]:
    return list(DEFAULT_WORK_DAYS)


class Partner(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=60, unique=True, validators=[slug_validator])
    default_language = models.CharField(
        _("default language"), max_length=7, choices=LANGUAGE_CHOICES, default="en"
    )
    support_email = models.EmailField(_("support e-mail"))
    time_zone = models.CharField(_("time zone"), max_length=64, default="Asia/Shanghai")
    # The working calendar SLA clocks count in (partners.calendar): ISO weekdays (Monday = 1),
    # local opening and closing time in minutes after midnight (closing may be 24:00), the country
    # whose official holidays and make-up working days apply ("" = none).
    work_days = models.JSONField(_("working days"), default=default_work_days)
    work_start = models.PositiveSmallIntegerField(_("opening time"), default=DEFAULT_WORK_START)
    work_end = models.PositiveSmallIntegerField(_("closing time"), default=DEFAULT_WORK_END)
    holiday_country = models.CharField(
        _("holiday calendar"), max_length=2, blank=True, default=DEFAULT_HOLIDAY_COUNTRY
    )
    created_at = models.DateTimeField(auto_now_add=True)

    TENANT_FIELD = "id"
    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            language_check("default_language"),
            models.CheckConstraint(
                condition=Q(work_start__lt=F("work_end"), work_end__lte=MINUTES_PER_DAY),
                name="partner_working_hours_valid",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def calendar(self) -> WorkingCalendar:
        return WorkingCalendar(
            time_zone=self.time_zone,
            work_days=tuple(sorted(self.work_days or ())),
            start=self.work_start,
            end=self.work_end,
            country=self.holiday_country,
        )


class Role(models.TextChoices):
    ADMIN = "admin", _("Partner admin")
    AGENT = "agent", _("Partner agent")


class Membership(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["partner_id", "user_id"]
        constraints = [
            models.CheckConstraint(condition=Q(role__in=Role.values), name="membership_role_valid")
        ]

    def __str__(self):
        return f"{self.user} @ {self.partner} ({self.role})"


class Profile(models.Model):
    """Per-user preferences; an empty language means the partner's default."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    language = models.CharField(_("language"), max_length=7, choices=LANGUAGE_CHOICES, blank=True)

    def __str__(self):
        return f"{self.user} ({self.language or '-'})"


class Customer(models.Model):
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="customers")
    name = models.CharField(_("name"), max_length=200)
    # Empty for a customer known only from the operator's reconciliation file: its e-mails are then
    # recorded in the outbox as not sent (``notifications.services``), never silently dropped.
    email = models.EmailField(_("contact e-mail"), blank=True)
    language = models.CharField(_("language"), max_length=7, choices=LANGUAGE_CHOICES, default="en")
    collections_exempt = models.BooleanField(_("exempt from collections"), default=False)
    # The partner's own key or the Partner Center CustomerId (a GUID): unique per partner when set.
    external_id = models.CharField(_("external id"), max_length=100, blank=True, default="")
    domain = models.CharField(_("domain"), max_length=253, blank=True, default="")
    # Credit not yet used on an invoice (billing keeps it: the sum of the customer's credit notes'
    # unapplied rest), in ``credit_currency``.
    credit_balance = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    credit_currency = models.CharField(max_length=3, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["partner", "name", "id"])]
        constraints = [
            language_check("language"),
            models.UniqueConstraint(
                fields=["partner", "external_id"],
                condition=~Q(external_id=""),
                name="customer_external_id_unique_per_partner",
            ),
        ]

    def __str__(self):
        return self.name


class CustomerContact(models.Model):
    """Another address that speaks for the customer (accounts payable, a second admin): mail from
    it lands on the customer's tickets and may open new ones. Stored in lower case, once per
    customer; the customer's own contact e-mail is not repeated here."""

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="+")
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="contacts")
    email = models.EmailField(_("e-mail"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["email", "id"]
        indexes = [models.Index(fields=["partner", "email"])]
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "email"], name="customer_contact_unique_per_customer"
            )
        ]

    def __str__(self):
        return self.email


# True when an UPDATE changes anything but partner/actor going to NULL (``ON DELETE SET NULL``).
EVENT_CHANGED_SQL = (
    "OLD.id IS DISTINCT FROM NEW.id"
    " OR OLD.object_type IS DISTINCT FROM NEW.object_type"
    " OR OLD.object_id IS DISTINCT FROM NEW.object_id"
    " OR OLD.action IS DISTINCT FROM NEW.action"
    " OR OLD.from_state IS DISTINCT FROM NEW.from_state"
    " OR OLD.to_state IS DISTINCT FROM NEW.to_state"
    " OR OLD.reason IS DISTINCT FROM NEW.reason"
    " OR OLD.data IS DISTINCT FROM NEW.data"
    " OR OLD.created_at IS DISTINCT FROM NEW.created_at"
    " OR (NEW.partner_id IS NOT NULL AND NEW.partner_id IS DISTINCT FROM OLD.partner_id)"
    " OR (NEW.actor_id IS NOT NULL AND NEW.actor_id IS DISTINCT FROM OLD.actor_id)"
)


class Event(models.Model):
    """Append-only audit row: who changed what, from which state to which, and why."""

    partner = models.ForeignKey(
        Partner, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    object_type = models.CharField(max_length=40)
    object_id = models.BigIntegerField()
    action = models.CharField(max_length=60)
    from_state = models.CharField(max_length=40, blank=True)
    to_state = models.CharField(max_length=40, blank=True)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["object_type", "object_id", "id"])]
        # Append-only in the database too (PostgreSQL; a no-op elsewhere): no DELETE, and no
        # UPDATE but the one the foreign keys need, a deleted partner or user set to NULL.
        triggers = [
            pgtrigger.Protect(name="event_append_only_delete", operation=pgtrigger.Delete),
            pgtrigger.Protect(
                name="event_append_only_update",
                operation=pgtrigger.Update,
                condition=pgtrigger.Condition(EVENT_CHANGED_SQL),
            ),
        ]

    def __str__(self):
        return (
            f"{self.object_type}#{self.object_id} {self.action} {self.from_state}→{self.to_state}"
        )

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("Events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("Events are append-only.")
