"""Writes for subscriptions, invoices, payments, the collections policy and statements."""

from django.db import transaction
from django.db.models import F

from billing.models import Invoice
from partners.services import event_record
from partners.tenancy import Actor


@transaction.atomic
def invoice_freeze(*, actor: Actor, invoice: Invoice, reason: str) -> Invoice:
    """Put a dispute hold on an invoice: while any hold stands, no dunning step or suspension counts it.

    Called by whoever opens the dispute (the tickets app on escalation); billing does not need to
    know why. Holds are counted so that two disputes on one invoice both have to end.
    """
    Invoice.objects.filter(pk=invoice.pk).update(freeze_count=F("freeze_count") + 1)
    invoice.refresh_from_db(fields=["freeze_count"])
    event_record(actor=actor, obj=invoice, action="frozen", reason=reason, data={"holds": invoice.freeze_count})
    return invoice


@transaction.atomic
def invoice_unfreeze(*, actor: Actor, invoice: Invoice, reason: str) -> Invoice:
    """Lift one dispute hold taken by ``invoice_freeze``."""
    Invoice.objects.filter(pk=invoice.pk, freeze_count__gt=0).update(freeze_count=F("freeze_count") - 1)
    invoice.refresh_from_db(fields=["freeze_count"])
    event_record(actor=actor, obj=invoice, action="unfrozen", reason=reason, data={"holds": invoice.freeze_count})
    return invoice
