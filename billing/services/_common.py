"""Helpers every billing service shares: a partner's today, row locks. (Who may act is the
actor's own question: ``core.actors.Actor``'s guards.)

The lock order, for every write that judges or changes what a customer owes: the customer's row
first (``customer_lock``), then its invoices, then its subscriptions. Suspending for non-payment
and recording a payment both take the customer's row before they judge, so one waits for the
other and re-reads what the other wrote: a customer who paid is never suspended for it.
"""

from django.db import connection
from django.utils import timezone

from partners.models import Customer


def today(partner=None):
    """Today's date on the partner's wall calendar (its time zone); the project's without one."""
    if partner is None:
        return timezone.localdate()
    return partner.calendar.today(timezone.now())


def customer_lock(customer_id: int) -> None:
    """The customer's row, locked for this transaction: the first lock of the order above."""
    locked(Customer.objects.filter(pk=customer_id)).values_list("pk", flat=True).get()


def locked(queryset):
    """Rows locked for this transaction; on PostgreSQL only the named table's rows (``FOR NO KEY
    UPDATE OF``), so inserts that merely reference them (payments, events) are not held up."""
    if connection.features.has_select_for_update_of:
        return queryset.select_for_update(of=("self",), no_key=True)
    return queryset.select_for_update()
