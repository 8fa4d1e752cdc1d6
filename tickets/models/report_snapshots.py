"""Each finished day's report figures per partner, written nightly by
``tickets.services.report_snapshots_build`` so that the reports sum a few stored rows for the
past and compute only the days not built yet (today) from the tickets and invoices.

Derived data: every row is what the report selectors' own grouped queries give for that partner
and day (see docs/reports.md); nothing here is entered by anyone. ``ReportDay`` marks a day as
built (in one time zone: the days are local days); a day with no marker is computed live.
"""

from django.db import models

from core.tenancy import TenantQuerySet
from partners.models import Partner

MONEY = {"max_digits": 16, "decimal_places": 2}


class ReportDay(models.Model):
    """A day whose figures are stored, for every partner, in the zone its days were cut in."""

    day = models.DateField()
    time_zone = models.CharField(max_length=64)
    built_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["time_zone", "day"], name="report_day_unique")
        ]

    def __str__(self) -> str:
        return f"{self.day} ({self.time_zone})"


class _PartnerDay(models.Model):
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    week = models.DateField()  # the Monday of ``day``: the reports group by week

    objects = TenantQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.partner_id} {self.day}"


class ReportSla(_PartnerDay):
    """SLA targets that fell due on ``day``: met in time, missed, all of them."""

    sla = models.CharField(max_length=16)
    met = models.PositiveIntegerField()
    missed = models.PositiveIntegerField()
    total = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["day", "partner"], name="report_sla_day_idx")]


class ReportDuration(_PartnerDay):
    """Tickets opened on ``day`` whose first response / resolution took ``centihours``
    (hundredths of an hour, the reports' resolution): a histogram the percentiles read."""

    measure = models.CharField(max_length=16)
    centihours = models.BigIntegerField()
    tickets = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["day", "partner"], name="report_duration_day_idx")]


class ReportMix(_PartnerDay):
    """Tickets opened on ``day`` per category and channel."""

    category = models.CharField(max_length=20)
    channel = models.CharField(max_length=16)
    tickets = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["day", "partner"], name="report_mix_day_idx")]


class ReportEscalation(_PartnerDay):
    """Escalations decided (or withdrawn) on ``day`` per outcome and credit currency."""

    status = models.CharField(max_length=16)
    outcome = models.CharField(max_length=20, blank=True)
    credit_currency = models.CharField(max_length=3, blank=True)
    escalations = models.PositiveIntegerField()
    credits = models.DecimalField(**MONEY, null=True)

    class Meta:
        indexes = [models.Index(fields=["day", "partner"], name="report_escalation_day_idx")]


class ReportRecovery(_PartnerDay):
    """Payments dated ``day`` per currency and the last dunning step sent before them."""

    currency = models.CharField(max_length=3)
    step = models.CharField(max_length=20, blank=True)
    after_days = models.IntegerField(null=True)
    payments = models.PositiveIntegerField()
    recovered = models.DecimalField(**MONEY)

    class Meta:
        indexes = [models.Index(fields=["day", "partner"], name="report_recovery_day_idx")]


class ReportAging(_PartnerDay):
    """What customers owed at the end of ``day`` per currency, by age (the aging buckets); a row
    for every currency with an invoice that owed something that day, even if 0 by its end."""

    currency = models.CharField(max_length=3)
    not_due = models.DecimalField(**MONEY)
    days_0_30 = models.DecimalField(**MONEY)
    days_31_60 = models.DecimalField(**MONEY)
    days_61_90 = models.DecimalField(**MONEY)
    days_90_plus = models.DecimalField(**MONEY)

    class Meta:
        indexes = [models.Index(fields=["day", "partner"], name="report_aging_day_idx")]


class ReportSales(_PartnerDay):
    """Invoiced on ``day`` per currency (what DSO divides by)."""

    currency = models.CharField(max_length=3)
    sales = models.DecimalField(**MONEY)

    class Meta:
        indexes = [models.Index(fields=["day", "partner"], name="report_sales_day_idx")]


# aging bucket key (billing.selectors.reports.AGING_KEYS) → its column here
AGING_COLUMNS = {
    "not_due": "not_due",
    "0-30": "days_0_30",
    "31-60": "days_31_60",
    "61-90": "days_61_90",
    "90+": "days_90_plus",
}
SNAPSHOT_MODELS = [
    ReportSla,
    ReportDuration,
    ReportMix,
    ReportEscalation,
    ReportRecovery,
    ReportAging,
    ReportSales,
]
