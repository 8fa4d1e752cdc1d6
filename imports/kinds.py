"""What each kind of import reads and which service each row goes through.

A kind names its required and optional columns, the column that keys a row (upsert by key), how
a service's field names map back to columns, and ``apply(context, row)``: parse the row's text,
find the keyed record among the partner's own, then answer ``unchanged`` without writing, or call
the one service the API calls (``customer_create`` / ``customer_update``, ``subscription_create``
/ ``subscription_update``, ``invoice_create``, ``payment_record``) and answer ``created`` or
``updated``. A bad cell raises ``ValidationError({column: [message]})``; so does the service.

Invoices and payments have no update service: a keyed invoice or payment whose values differ
from the file's is an error on that row, not a silent change.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from billing import services as billing_services
from billing.models import Invoice, Payment, Subscription
from core.actors import Actor
from core.validators import date_in_range, whole_number
from partners import services as partner_services
from partners.models import Customer

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TRUE, _FALSE = {"1", "true", "yes", "y"}, {"", "0", "false", "no", "n"}


# What a row may name, and how it is found among the partner's own records.
LOOKUPS = {
    "customer": (Customer, "external_id"),
    "subscription": (Subscription, "external_id"),
    "invoice": (Invoice, "number"),
    "payment": (Payment, "reference"),
}


@dataclass
class Context:
    """The actor and their partner, and the records the rows at hand name, found in one query per
    kind of record for a chunk of rows (``prefetch``) rather than one per row."""

    actor: Actor
    partner_id: int
    found: dict = field(default_factory=dict)  # (lookup, key) → the record, or None

    def prefetch(self, name: str, keys) -> None:
        model, key_field = LOOKUPS[name]
        wanted = {key for key in keys if key and (name, key) not in self.found}
        if not wanted:
            return
        records = model.objects.filter(
            partner_id=self.partner_id, **{f"{key_field}__in": wanted}
        )
        for key in wanted:
            self.found[(name, key)] = None
        for record in records:
            self.found[(name, getattr(record, key_field))] = record

    def lookup(self, name: str, key: str):
        if (name, key) not in self.found:
            self.prefetch(name, [key])
        return self.found.get((name, key))

class RowErrors:
    """Collects the cell errors of one row; ``raise_any`` raises them together."""

    def __init__(self):
        self.errors: dict[str, list[str]] = {}

    def add(self, column: str, message: str) -> None:
        self.errors.setdefault(column, []).append(message)

    def raise_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def _required(row, column, errors: RowErrors) -> str:
    value = row.get(column, "")
    if not value:
        errors.add(column, _("This field is required."))
    return value


def _decimal(row, column, errors: RowErrors) -> Decimal | None:
    text = _required(row, column, errors)
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        errors.add(column, _("Enter a number."))
        return None
    return value


def _date(row, column, errors: RowErrors) -> date | None:
    text = _required(row, column, errors)
    if not text:
        return None
    try:
        value = date.fromisoformat(text) if _ISO_DATE.fullmatch(text) else None
    except ValueError:
        value = None
    if value is None:
        errors.add(column, _("Enter a date as YYYY-MM-DD."))
        return None
    try:
        date_in_range(value)
    except ValidationError as error:
        errors.add(column, error.messages[0])
        return None
    return value


def _customer(context: Context, row, column, errors: RowErrors) -> Customer | None:
    key = _required(row, column, errors)
    if not key:
        return None
    customer = context.lookup("customer", key)
    if customer is None:
        errors.add(column, _("Unknown customer: none of yours has this external id."))
    return customer


def _changed(obj, values: dict) -> dict:
    return {name: value for name, value in values.items() if getattr(obj, name) != value}


class CustomersKind:
    name = "customers"
    columns = ("external_id", "name", "email", "language", "collections_exempt")
    optional = ()
    key = "external_id"
    column_of = {}
    prefetch = {"customer": "external_id"}

    def apply(self, context: Context, row) -> str:
        errors = RowErrors()
        external_id = _required(row, "external_id", errors)
        values = {
            "name": _required(row, "name", errors),
            "email": row["email"],  # optional, as in the API: e-mails are then not sent
        }
        if row["language"]:
            values["language"] = row["language"]
        exempt = row["collections_exempt"].lower()
        if exempt not in _TRUE | _FALSE:
            errors.add("collections_exempt", _("Enter true or false."))
        values["collections_exempt"] = exempt in _TRUE
        errors.raise_any()
        customer = context.lookup("customer", external_id)
        if customer is None:
            partner_services.customer_create(
                actor=context.actor, external_id=external_id, **values
            )
            return CREATED
        changed = _changed(customer, values)
        if not changed:
            return UNCHANGED
        partner_services.customer_update(actor=context.actor, customer=customer, **changed)
        return UPDATED


class SubscriptionsKind:
    name = "subscriptions"
    columns = ("external_id", "customer_external_id", "offer", "quantity")
    optional = ()
    key = "external_id"
    column_of = {"customer": "customer_external_id"}
    prefetch = {"subscription": "external_id", "customer": "customer_external_id"}

    def apply(self, context: Context, row) -> str:
        errors = RowErrors()
        external_id = _required(row, "external_id", errors)
        customer = _customer(context, row, "customer_external_id", errors)
        offer = _required(row, "offer", errors)
        quantity = whole_number(_required(row, "quantity", errors) or "1")
        if quantity is None:
            errors.add("quantity", _("Enter a whole number."))
        errors.raise_any()
        subscription = context.lookup("subscription", external_id)
        if subscription is None:
            billing_services.subscription_create(
                actor=context.actor,
                customer=customer,
                offer=offer,
                quantity=quantity,
                external_id=external_id,
            )
            return CREATED
        if subscription.customer_id != customer.id:
            raise ValidationError(
                {"customer_external_id": [_("This subscription belongs to another customer.")]}
            )
        changed = _changed(subscription, {"offer": offer, "quantity": quantity})
        if not changed:
            return UNCHANGED
        billing_services.subscription_update(
            actor=context.actor, subscription=subscription, **changed
        )
        return UPDATED


class InvoicesKind:
    name = "invoices"
    columns = ("number", "customer_external_id", "amount", "currency", "issue_date", "due_date")
    optional = ("subscription_external_id",)
    key = "number"
    column_of = {"customer": "customer_external_id", "subscription": "subscription_external_id"}
    prefetch = {
        "invoice": "number",
        "customer": "customer_external_id",
        "subscription": "subscription_external_id",
    }

    def apply(self, context: Context, row) -> str:
        errors = RowErrors()
        values = {
            "number": _required(row, "number", errors),
            "customer": _customer(context, row, "customer_external_id", errors),
            "amount": _decimal(row, "amount", errors),
            "currency": _required(row, "currency", errors).upper(),
            "issue_date": _date(row, "issue_date", errors),
            "due_date": _date(row, "due_date", errors),
            "subscription": None,
        }
        subscription_key = row.get("subscription_external_id", "")
        if subscription_key:
            values["subscription"] = context.lookup("subscription", subscription_key)
            if values["subscription"] is None:
                errors.add(
                    "subscription_external_id",
                    _("Unknown subscription: none of yours has this external id."),
                )
        errors.raise_any()
        invoice = context.lookup("invoice", values["number"])
        if invoice is None:
            billing_services.invoice_create(actor=context.actor, **values)
            return CREATED
        customer, subscription = values.pop("customer"), values.pop("subscription")
        values["customer_id"] = customer.id  # ids: no query per row for the foreign keys
        values["subscription_id"] = subscription.id if subscription else None
        if _changed(invoice, values):
            raise ValidationError(
                {
                    "number": [
                        _(
                            "An invoice with this number already exists with other values; "
                            "an import does not change an invoice."
                        )
                    ]
                }
            )
        return UNCHANGED


class PaymentsKind:
    name = "payments"
    columns = ("invoice_number", "amount", "date", "reference")
    optional = ()
    key = "reference"
    column_of = {"invoice": "invoice_number"}
    prefetch = {"payment": "reference", "invoice": "invoice_number"}

    def apply(self, context: Context, row) -> str:
        errors = RowErrors()
        number = _required(row, "invoice_number", errors)
        amount = _decimal(row, "amount", errors)
        day = _date(row, "date", errors)
        reference = _required(row, "reference", errors)
        invoice = None
        if number:
            invoice = context.lookup("invoice", number)
            if invoice is None:
                errors.add(
                    "invoice_number", _("Unknown invoice: none of yours has this number.")
                )
        errors.raise_any()
        payment = context.lookup("payment", reference)
        if payment is None:
            billing_services.payment_record(
                actor=context.actor, invoice=invoice, amount=amount, date=day, reference=reference
            )
            return CREATED
        if _changed(payment, {"invoice_id": invoice.id, "amount": amount, "date": day}):
            raise ValidationError(
                {
                    "reference": [
                        _(
                            "A payment with this reference already exists with other values; "
                            "an import does not change a payment."
                        )
                    ]
                }
            )
        return UNCHANGED


def _kinds() -> dict:
    from imports.recon import PartnerCenterReconKind  # it reads like a kind, from its own file

    kinds = (
        CustomersKind(),
        SubscriptionsKind(),
        InvoicesKind(),
        PaymentsKind(),
        PartnerCenterReconKind(),
    )
    return {kind.name: kind for kind in kinds}


KINDS = _kinds()
