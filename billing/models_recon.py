"""What the operator billed the partner, line by line: the charge lines of the operator's
reconciliation file (Partner Center's invoice reconciliation file), kept per partner and invoice
number so a statement of that number can be checked against them (``billing.reconciliation``)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from billing.models import Subscription, currency_validator
from core.tenancy import TenantQuerySet
from partners.models import Customer, Partner

# A line may carry more decimals than an invoice (a unit price of 0.045); sums go to the cent.
PRECISE = dict(max_digits=20, decimal_places=6)


class ChargeLine(models.Model):
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="charge_lines")
    invoice_number = models.CharField(_("invoice number"), max_length=40)
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="charge_lines")
    subscription = models.ForeignKey(
        Subscription, null=True, blank=True, on_delete=models.PROTECT, related_name="charge_lines"
    )
    # The natural key: ``ReconLine.key`` (what tells the charge from the invoice's others) and
    # which of the lines alike in it this is, in file order; the same file twice finds every line.
    key = models.CharField(max_length=64)
    occurrence = models.PositiveIntegerField(default=1)
    charge_type = models.CharField(_("charge type"), max_length=40)
    product_id = models.CharField(max_length=40, blank=True)
    sku_id = models.CharField(max_length=40, blank=True)
    sku_name = models.CharField(_("SKU"), max_length=200, blank=True)
    description = models.CharField(_("description"), max_length=200, blank=True)
    quantity = models.DecimalField(_("quantity"), **PRECISE)
    unit_price = models.DecimalField(_("unit price"), **PRECISE)
    total = models.DecimalField(_("total"), **PRECISE)
    currency = models.CharField(_("currency"), max_length=3, validators=[currency_validator])
    charge_start = models.DateField(_("charge start"))
    charge_end = models.DateField(_("charge end"))
    order_id = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["invoice_number", "charge_start", "id"]
        indexes = [
            models.Index(fields=["customer", "charge_start"]),
            models.Index(fields=["partner", "charge_start"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "invoice_number", "key", "occurrence"],
                name="charge_line_natural_key",
            ),
            models.CheckConstraint(
                condition=Q(charge_end__gte=models.F("charge_start")),
                name="charge_line_ends_after_start",
            ),
            models.CheckConstraint(condition=Q(occurrence__gte=1), name="charge_line_occurrence"),
        ]

    def __str__(self):
        return f"{self.invoice_number}: {self.charge_type} {self.total} {self.currency}"
