"""The operator's reconciliation file, applied: customers by CustomerId, subscriptions by
SubscriptionId, the charge lines kept, each invoice checked against the operator's statement of
the same number.

The lines come parsed (``billing.reconciliation.recon_row_parse``); the reader of the file (the
imports app, a command) reports the rows that do not parse and calls this only with good ones.
Customers and subscriptions go through their own services (``partners.services``,
``billing.services.subscription_records``), so the file meets the same rules as the API. The file
is the operator's word on its invoices: the lines of an invoice number it carries replace the
lines kept for that number (a line it no longer has is removed).
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from billing.models import ChargeLine, Subscription
from billing.reconciliation import (
    ReconLine,
    ReconLinesRefused,
    latest,
    occurrences,
    recon_lines_check,
    subscription_quantity,
)
from billing.selectors.reconciliation import invoice_reconciliations
from billing.services.subscription_records import subscription_create, subscription_update
from core.actors import Actor
from core.audit import event_row, events_write
from partners.models import Customer, Partner
from partners.services import customer_create, customer_update

LINE_FIELDS = (
    "customer_id",
    "subscription_id",
    "charge_type",
    "product_id",
    "sku_id",
    "sku_name",
    "description",
    "quantity",
    "unit_price",
    "total",
    "currency",
    "charge_start",
    "charge_end",
    "order_id",
)


@dataclass(frozen=True)
class InvoiceReconciliation:
    """One invoice number of the file against the partner's statement of that number."""

    invoice_number: str
    statement_id: int | None  # None: the operator has not issued a statement of that number
    reconciled_total: Decimal  # the invoice's lines, to the cent
    currency: str
    reconciliation: str  # billing.reconciliation.Reconciliation: none | matched | differs
    difference: Decimal | None  # lines less statement; None without a statement


@dataclass
class ReconCounts:
    """Per line of the file: ``created`` (a new charge line), ``updated`` (its charge line, its
    customer or its subscription changed), ``unchanged``; they add up to the lines given."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0  # kept lines of the file's invoices that the file no longer has
    customers_created: int = 0
    customers_updated: int = 0
    subscriptions_created: int = 0
    subscriptions_updated: int = 0
    invoices: list[InvoiceReconciliation] = field(default_factory=list)


class _DryRun(Exception):
    def __init__(self, counts: ReconCounts):
        self.counts = counts


@transaction.atomic
def recon_lines_apply(
    *, actor: Actor, partner: Partner, lines: Sequence[ReconLine], dry_run: bool = False
) -> ReconCounts:
    """Apply the file's lines for ``partner`` (its admin); ``dry_run`` counts and writes nothing.

    Raises ``ReconLinesRefused`` (a ``ValidationError``: {column: [messages]}, each naming the row
    when the line knows it; ``.rows`` keeps them as (row, column, message)) for what only the lines
    together or the partner's records can refuse: a SubscriptionId under two customers, a
    subscription that is another customer's. Nothing is written then.
    """
    actor.require_member_of(
        partner.id, admin=True, message=_("Only a partner admin may import the operator's file.")
    )
    try:
        with transaction.atomic():  # a savepoint: a dry run rolls everything back
            counts = _apply(actor, partner, list(lines))
            if dry_run:
                raise _DryRun(counts)
    except _DryRun as done:
        return done.counts
    return counts


def _apply(actor: Actor, partner: Partner, lines: list[ReconLine]) -> ReconCounts:
    _refuse(lines, recon_lines_check(lines))
    counts = ReconCounts()
    customers, touched = _customers(actor, partner, lines, counts)
    subscriptions = _subscriptions(actor, partner, lines, customers, counts, touched)
    changed = _charge_lines(actor, partner, lines, customers, subscriptions, counts, touched)
    counts.invoices = _reconciled(actor, partner, lines, changed)
    return counts


def _refuse(lines: list[ReconLine], problems: list[tuple[int, str, str]]) -> None:
    if problems:
        raise ReconLinesRefused(
            [(lines[index].row_number, column, message) for index, column, message in problems]
        )


def _grouped(lines: list[ReconLine], attribute: str) -> dict[str, list[ReconLine]]:
    groups = defaultdict(list)
    for line in lines:
        if getattr(line, attribute):
            groups[getattr(line, attribute)].append(line)
    return groups


def _customers(actor, partner, lines, counts) -> tuple[dict[str, Customer], set]:
    """The file's customers by CustomerId, created or brought up to date (name and domain from
    the latest line); and the keys ("customer", id) of those the file changed."""
    groups = _grouped(lines, "customer_id")
    known = {
        customer.external_id: customer
        for customer in Customer.objects.filter(partner=partner, external_id__in=list(groups))
    }
    touched = set()
    for external_id, group in groups.items():
        line = latest(group)
        customer = known.get(external_id)
        if customer is None:
            known[external_id] = customer_create(
                actor=actor,
                name=line.customer_name,
                email="",  # the file has none; the customer's e-mails are recorded as not sent
                external_id=external_id,
                domain=line.customer_domain,
            )
            counts.customers_created += 1
            continue
        wanted = {"name": line.customer_name, "domain": line.customer_domain}
        changed = {k: v for k, v in wanted.items() if getattr(customer, k) != v}
        if changed:
            customer_update(actor=actor, customer=customer, **changed)
            counts.customers_updated += 1
            touched.add(("customer", external_id))
    return known, touched


def _subscriptions(actor, partner, lines, customers, counts, touched) -> dict[str, Subscription]:
    """The file's subscriptions by SubscriptionId: offer from the latest line, quantity from the
    latest line with a whole quantity (``subscription_quantity``)."""
    groups = _grouped(lines, "subscription_id")
    known = {
        subscription.external_id: subscription
        for subscription in Subscription.objects.filter(
            partner=partner, external_id__in=list(groups)
        )
    }
    problems = []
    for external_id, group in groups.items():
        line, quantity = latest(group), subscription_quantity(group)
        customer = customers[line.customer_id]
        subscription = known.get(external_id)
        if subscription is None:
            known[external_id] = subscription_create(
                actor=actor,
                customer=customer,
                offer=line.offer,
                quantity=quantity or 1,
                external_id=external_id,
            )
            counts.subscriptions_created += 1
            continue
        if subscription.customer_id != customer.pk:
            first = next(i for i, x in enumerate(lines) if x.subscription_id == external_id)
            problems.append((first, "SubscriptionId", _another_customers(line)))
            continue
        wanted = {"offer": line.offer}
        if quantity is not None:
            wanted["quantity"] = quantity
        changed = {k: v for k, v in wanted.items() if getattr(subscription, k) != v}
        if changed:
            subscription_update(actor=actor, subscription=subscription, **changed)
            counts.subscriptions_updated += 1
            touched.add(("subscription", external_id))
    _refuse(lines, problems)
    return known


def _another_customers(line: ReconLine) -> str:
    return _("Subscription %(id)s belongs to another customer of yours, not to %(customer)s.") % {
        "id": line.subscription_id,
        "customer": line.customer_id,
    }


def _charge_lines(actor, partner, lines, customers, subscriptions, counts, touched) -> set[str]:
    """Keep the lines (by natural key); the invoice numbers whose lines changed."""
    numbers = sorted({line.invoice_number for line in lines})
    kept = {
        (row.invoice_number, row.key, row.occurrence): row
        for row in ChargeLine.objects.filter(partner=partner, invoice_number__in=numbers)
    }
    new, changed, seen = [], [], set()
    for line, occurrence in zip(lines, occurrences(lines), strict=True):
        natural = (line.invoice_number, line.key, occurrence)
        seen.add(natural)
        values = _values(line, customers, subscriptions)
        row = kept.get(natural)
        if row is None:
            new.append(ChargeLine(partner=partner, key=line.key, occurrence=occurrence, **values))
            counts.created += 1
        elif any(getattr(row, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(row, name, value)
            changed.append(row)
            counts.updated += 1
        elif {("customer", line.customer_id), ("subscription", line.subscription_id)} & touched:
            counts.updated += 1
        else:
            counts.unchanged += 1
    gone = [row.pk for natural, row in kept.items() if natural not in seen]
    ChargeLine.objects.bulk_create(new, batch_size=1000)
    ChargeLine.objects.bulk_update(changed, [*LINE_FIELDS, "updated_at"], batch_size=1000)
    ChargeLine.objects.filter(pk__in=gone).delete()
    counts.removed = len(gone)
    return _record(actor, partner, new, changed, gone, kept)


def _values(line: ReconLine, customers, subscriptions) -> dict:
    subscription = subscriptions.get(line.subscription_id) if line.subscription_id else None
    return {
        "invoice_number": line.invoice_number,
        "customer_id": customers[line.customer_id].pk,
        "subscription_id": subscription.pk if subscription else None,
        "charge_type": line.charge_type,
        "product_id": line.product_id,
        "sku_id": line.sku_id,
        "sku_name": line.sku_name,
        "description": line.offer,
        "quantity": line.effective_quantity,
        "unit_price": line.unit_price,
        "total": line.total,
        "currency": line.currency,
        "charge_start": line.charge_start,
        "charge_end": line.charge_end,
        "order_id": line.order_id,
    }


def _record(actor, partner, new, changed, gone, kept) -> set[str]:
    """One audit row per invoice number whose lines changed (on the partner: the statement of that
    number may not exist yet), saying how many lines came, changed and went."""
    tally = defaultdict(lambda: {"created": 0, "updated": 0, "removed": 0})
    for row in new:
        tally[row.invoice_number]["created"] += 1
    for row in changed:
        tally[row.invoice_number]["updated"] += 1
    by_pk = {row.pk: row for row in kept.values()}
    for pk in gone:
        tally[by_pk[pk].invoice_number]["removed"] += 1
    events_write(
        [
            event_row(
                actor=actor,
                obj=partner,
                action="charge_lines_imported",
                data={"invoice_number": number, **tally[number]},
            )
            for number in sorted(tally)
        ]
    )
    return set(tally)


def _reconciled(actor, partner, lines, changed: set[str]) -> list[InvoiceReconciliation]:
    """Each invoice number of the file against its statement; a statement whose lines changed
    records what they now say on its timeline."""
    numbers = sorted({line.invoice_number for line in lines})
    results = [
        InvoiceReconciliation(**row)
        for row in invoice_reconciliations(partner=partner, numbers=numbers)
    ]
    events_write(
        [
            event_row(
                actor=actor,
                object_type="statement",
                object_id=result.statement_id,
                partner_id=partner.pk,
                action="reconciled",
                data={
                    "reconciliation": result.reconciliation,
                    "reconciled_total": str(result.reconciled_total),
                    "difference": str(result.difference),
                },
            )
            for result in results
            if result.statement_id and result.invoice_number in changed
        ]
    )
    return results


__all__ = ["InvoiceReconciliation", "ReconCounts", "recon_lines_apply"]
