"""The operator's reconciliation file, read: Partner Center's "new commerce invoice reconciliation
file", one line per charge or credit of one invoice (the operator's statement to the partner).

Pure rules, no database: the header names this desk needs (``RECON_COLUMNS``; every other column
of the file is ignored), one row read into a ``ReconLine`` (``recon_row_parse``), what a set of
lines says about a customer or a subscription, and how a statement compares with its lines
(``reconciliation_state``). ``billing.services.reconciliation`` writes what they say.

Values as the file carries them: dates as ``M/D/YYYY`` (optionally with a time, ``2/28/2026
23:59``) or ISO ``YYYY-MM-DD[THH:MM:SS]``; amounts and quantities as plain decimals with a point
(``-12.50``, ``0.045``); three-letter currency codes.
"""

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel.numbers import list_currencies
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# The columns read (and so required in the header); the file has some sixty, the rest are ignored.
RECON_COLUMNS = (
    "CustomerId",
    "CustomerName",
    "CustomerDomainName",
    "InvoiceNumber",
    "OrderId",
    "ProductId",
    "SkuId",
    "SkuName",
    "ChargeType",
    "UnitPrice",
    "Quantity",
    "Total",
    "Currency",
    "SubscriptionId",
    "SubscriptionDescription",
    "ChargeStartDate",
    "ChargeEndDate",
)
# Read when the file has them (every current file does), never required: BillableQuantity is the
# quantity to reconcile with; the others tell two lines of one order and period apart.
RECON_OPTIONAL_COLUMNS = ("BillableQuantity", "AvailabilityId", "ReferenceId", "MeterDescription")

LENGTHS = {  # the widths of the fields the values go into
    "CustomerId": 100,
    "CustomerName": 200,
    "CustomerDomainName": 253,
    "InvoiceNumber": 40,
    "SubscriptionId": 100,
    "SubscriptionDescription": 200,
    "SkuName": 200,
    "ChargeType": 40,
    "OrderId": 100,
    "ProductId": 40,
    "SkuId": 40,
    "AvailabilityId": 40,
    "ReferenceId": 100,
    "MeterDescription": 200,
}
REQUIRED_VALUES = ("CustomerId", "CustomerName", "InvoiceNumber", "ChargeType")
DECIMALS = 6  # what a charge line keeps (billing.models_recon.PRECISE)
MAX_NUMBER = Decimal("1e12")  # far above any real charge; keeps the stored digits bounded
DECIMAL_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
CURRENCY_RE = re.compile(r"^[A-Z]{3}$")
CURRENCIES = frozenset(list_currencies())  # ISO 4217 as CLDR knows it: RMB is not a code, CNY is
# Partner Center writes US dates (10/3/2020, 2/28/2019 23:59); its API and XLSX cells give ISO.
DATE_FORMATS = (
    "%m/%d/%Y",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %I:%M %p",
    "%Y-%m-%d",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
)
CENT = Decimal("0.01")


class Reconciliation:
    """How a statement compares with the charge lines of the same invoice number."""

    NONE = "none"  # no charge line carries the statement's number (yet)
    MATCHED = "matched"  # the lines add up to the statement's amount, in its currency
    DIFFERS = "differs"  # they add up to something else, or are in another currency

    CHOICES = (NONE, MATCHED, DIFFERS)


class ReconLinesRefused(ValidationError):
    """What only the lines together (or the partner's records) can refuse. A ``ValidationError``
    ({column: ["Row 7: …"]}) that also keeps ``rows``: (row number or None, column, message) per
    problem, for a reader that reports errors row by row."""

    def __init__(self, rows: list[tuple[int | None, str, str]]):
        self.rows = rows
        errors: dict[str, list[str]] = {}
        for row, column, message in rows:
            text = _("Row %(row)d: %(message)s") % {"row": row, "message": message}
            errors.setdefault(column, []).append(text if row else message)
        super().__init__(errors)


@dataclass(frozen=True)
class ReconLine:
    """One charge or credit line of the file, its values parsed."""

    customer_id: str
    customer_name: str
    customer_domain: str
    invoice_number: str
    subscription_id: str
    subscription_description: str
    sku_name: str
    charge_type: str
    unit_price: Decimal
    quantity: Decimal
    billable_quantity: Decimal | None
    total: Decimal
    currency: str
    charge_start: date
    charge_end: date
    order_id: str = ""
    product_id: str = ""
    sku_id: str = ""
    availability_id: str = ""
    reference_id: str = ""
    meter_description: str = ""
    row_number: int | None = None  # the line's row in the file (header = 1), when the reader knows

    @property
    def offer(self) -> str:
        """What the subscription is called: its description, or else the SKU's name."""
        return self.subscription_description or self.sku_name

    @property
    def effective_quantity(self) -> Decimal:
        """The quantity to reconcile with: BillableQuantity when the file has it."""
        return self.quantity if self.billable_quantity is None else self.billable_quantity

    @property
    def key(self) -> str:
        """What tells this charge from the invoice's others, whatever its amounts (so a corrected
        amount updates the line it corrects). Two lines alike in all of it are told apart by their
        order in the file (``occurrences``)."""
        parts = (
            self.invoice_number,
            self.customer_id,
            self.subscription_id,
            self.order_id,
            self.product_id,
            self.sku_id,
            self.availability_id,
            self.charge_type,
            self.charge_start.isoformat(),
            self.charge_end.isoformat(),
            self.meter_description,
            self.reference_id,
        )
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def recon_row_parse(row: Mapping[str, str], *, row_number: int | None = None) -> ReconLine:
    """One row of the file (header name → cell text) as a ``ReconLine``; a bad value raises
    ``ValidationError({column: [message]})`` naming every bad column of the row at once."""
    errors: dict[str, list[str]] = {}

    def text(column: str) -> str:
        value = _cell(row, column)
        if column in REQUIRED_VALUES and not value:
            errors[column] = [_("This value is required.")]
        elif len(value) > LENGTHS.get(column, 200):
            errors[column] = [_("At most %(n)d characters.") % {"n": LENGTHS.get(column, 200)}]
        return value

    def number(column: str, *, optional: bool = False) -> Decimal | None:
        value = _cell(row, column)
        if optional and not value:
            return None
        parsed = _decimal(value)
        if parsed is None:
            message = _("Not a number: %(value)s (write it like 12.50).") % {"value": value}
            errors[column] = [message]
        elif parsed.as_tuple().exponent < -DECIMALS:
            errors[column] = [_("At most %(n)d decimal places.") % {"n": DECIMALS}]
        return parsed

    def day(column: str) -> date | None:
        value = _cell(row, column)
        parsed = _date(value)
        if parsed is None:
            errors[column] = [
                _("Not a date: %(value)s (write it like 2/28/2026 or 2026-02-28).")
                % {"value": value}
            ]
        return parsed

    fields = {
        "customer_id": text("CustomerId"),
        "customer_name": text("CustomerName"),
        "customer_domain": text("CustomerDomainName"),
        "invoice_number": text("InvoiceNumber"),
        "subscription_id": text("SubscriptionId"),
        "subscription_description": text("SubscriptionDescription"),
        "sku_name": text("SkuName"),
        "charge_type": text("ChargeType"),
        "order_id": text("OrderId"),
        "product_id": text("ProductId"),
        "sku_id": text("SkuId"),
        "availability_id": text("AvailabilityId"),
        "reference_id": text("ReferenceId"),
        "meter_description": text("MeterDescription"),
        "unit_price": number("UnitPrice"),
        "quantity": number("Quantity"),
        "billable_quantity": number("BillableQuantity", optional=True),
        "total": number("Total"),
        "currency": _cell(row, "Currency").upper(),
        "charge_start": day("ChargeStartDate"),
        "charge_end": day("ChargeEndDate"),
    }
    if not (CURRENCY_RE.match(fields["currency"]) and fields["currency"] in CURRENCIES):
        errors["Currency"] = [_("A three-letter ISO 4217 code, e.g. CNY.")]
    start, end = fields["charge_start"], fields["charge_end"]
    if start and end and end < start:
        errors["ChargeEndDate"] = [_("The charge cannot end before it starts.")]
    if fields["subscription_id"] and not (fields["subscription_description"] or fields["sku_name"]):
        errors["SkuName"] = [_("A subscription needs a description or a SKU name.")]
    if errors:
        raise ValidationError(errors)
    return ReconLine(**fields, row_number=row_number)


def _cell(row: Mapping[str, str], column: str) -> str:
    value = row.get(column)
    return "" if value is None else str(value).strip()


def _decimal(value: str) -> Decimal | None:
    if not DECIMAL_RE.match(value):
        return None
    try:
        parsed = Decimal(value)
    except InvalidOperation:  # pragma: no cover - the pattern lets only numbers through
        return None
    return parsed if abs(parsed) < MAX_NUMBER else None


def _date(value: str) -> date | None:
    text = value.strip().removesuffix("Z")
    if "." in text and "T" in text:  # ISO fractions of a second: 2026-02-28T23:59:59.000
        text = text.split(".", 1)[0]
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


# --- what a set of lines says -----------------------------------------------------------------


def latest(lines: Iterable[ReconLine]) -> ReconLine:
    """The line charged last (by ChargeEndDate; the later in the file among equals)."""
    best = None
    for line in lines:
        if best is None or line.charge_end >= best.charge_end:
            best = line
    if best is None:
        raise ValueError("no lines")
    return best


def subscription_quantity(lines: Iterable[ReconLine]) -> int | None:
    """The subscription's quantity: the latest charge's (BillableQuantity, or else Quantity).
    Only charges count, lines of a whole quantity of at least one and a total not below zero: a
    credit (a refund on cancelling, say) or a usage line's fraction says nothing about the seats.
    None when no line is such a charge."""
    counted = [
        line
        for line in lines
        if line.total >= 0 and line.effective_quantity >= 1 and line.effective_quantity % 1 == 0
    ]
    return int(latest(counted).effective_quantity) if counted else None


def occurrences(lines: Sequence[ReconLine]) -> list[int]:
    """For each line, how many lines before it (and it) share its key: 1, 2, … in file order."""
    seen: dict[str, int] = {}
    result = []
    for line in lines:
        seen[line.key] = seen.get(line.key, 0) + 1
        result.append(seen[line.key])
    return result


def recon_lines_check(lines: Sequence[ReconLine]) -> list[tuple[int, str, str]]:
    """What the lines say against each other: a SubscriptionId under two CustomerIds. Each problem
    as (index of the line in ``lines``, column, message)."""
    owner: dict[str, str] = {}
    problems = []
    for index, line in enumerate(lines):
        if not line.subscription_id:
            continue
        first = owner.setdefault(line.subscription_id, line.customer_id)
        if first != line.customer_id:
            problems.append(
                (
                    index,
                    "SubscriptionId",
                    _("Subscription %(id)s appears under two customers in this file.")
                    % {"id": line.subscription_id},
                )
            )
    return problems


def reconciliation_state(
    *, amount: Decimal, total: Decimal | None, other_currency: bool = False
) -> tuple[str, Decimal | None]:
    """A statement of ``amount`` against its lines adding up to ``total`` (None: no line):
    the state and the difference (lines less statement, to the cent; None without lines).
    ``other_currency``: some line is not in the statement's currency, so they cannot match."""
    if total is None:
        return Reconciliation.NONE, None
    difference = money(total) - money(amount)
    matched = difference == 0 and not other_currency
    return (Reconciliation.MATCHED if matched else Reconciliation.DIFFERS), difference


def money(value: Decimal) -> Decimal:
    """To the cent, halves up (a line may carry more decimals than an invoice)."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)
