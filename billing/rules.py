"""An invoice's rules, as functions without a query: the new invoice's fields (the same ones
whichever way it comes in, so it enters dunning like any other), its checks in the order the
single-row service has always given them, and the refusals of a taken or differing number. The
single-row ``invoice_create`` and the batch ``invoices_upsert_many`` call the same ones."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from billing.models import Invoice, Subscription
from core.validators import dates_in_range
from partners.models import Customer

# What a keyed invoice is compared on when the same number comes again.
INVOICE_KEYED_FIELDS = (
    "customer_id",
    "subscription_id",
    "amount",
    "currency",
    "issue_date",
    "due_date",
)


# The fields a new invoice's values set and its checks read; the others hold their defaults, or
# the records the caller found (the partner's own: not looked up again), or the status (a
# protected FSM field cannot be re-assigned by clean_fields). The number's key: the caller's.
_INVOICE_CHECKED = ("number", "amount", "currency", "issue_date", "due_date")
_INVOICE_NOT_CHECKED = [f.name for f in Invoice._meta.fields if f.name not in _INVOICE_CHECKED]


def invoice_new(
    *,
    customer: Customer,
    number: str,
    amount: Decimal,
    issue_date,
    due_date,
    currency: str = "CNY",
    subscription: Subscription | None = None,
) -> Invoice:
    """An unsaved open invoice of ``customer``'s partner (the dunning fields at their defaults:
    the collections run works out its next step)."""
    return Invoice(
        partner_id=customer.partner_id,
        customer=customer,
        subscription=subscription,
        number=number,
        amount=amount,
        currency=currency,
        issue_date=issue_date,
        due_date=due_date,
    )


def invoice_number_taken() -> dict[str, list[str]]:
    return {"number": [_("An invoice with this number already exists.")]}


def invoice_errors(invoice: Invoice, *, number_taken: bool) -> dict[str, list[str]]:
    """The checks of a new invoice, by field, without a query (whether its number is taken is
    the caller's lookup): the dates' range first, alone; then the due date, the subscription's
    customer and the number; then, when those pass, the fields themselves."""
    try:
        dates_in_range(issue_date=invoice.issue_date, due_date=invoice.due_date)
    except ValidationError as exc:
        return exc.message_dict
    errors = {}
    if invoice.due_date < invoice.issue_date:
        errors["due_date"] = [
            _("The due date cannot be before the issue date (%(date)s).")
            % {"date": invoice.issue_date}
        ]
    subscription = invoice.subscription
    if subscription is not None and subscription.customer_id != invoice.customer_id:
        errors["subscription"] = [_("This subscription belongs to another customer.")]
    if number_taken:
        errors.update(invoice_number_taken())
    if errors:
        return errors
    try:
        invoice.full_clean(exclude=_INVOICE_NOT_CHECKED, validate_constraints=False)
    except ValidationError as exc:
        return exc.message_dict
    return {}


def invoice_differs(
    stored: dict,
    *,
    customer: Customer,
    number: str,
    amount: Decimal,
    issue_date,
    due_date,
    currency: str = "CNY",
    subscription: Subscription | None = None,
) -> bool:
    """Whether ``invoice_create``'s fields (the same number again) say something else than the
    invoice ``stored`` (its ``INVOICE_KEYED_FIELDS``)."""
    given = {
        "customer_id": customer.pk,
        "subscription_id": subscription.pk if subscription is not None else None,
        "amount": amount,
        "currency": currency,
        "issue_date": issue_date,
        "due_date": due_date,
    }
    return any(stored[name] != value for name, value in given.items())


def invoice_differs_error() -> ValidationError:
    return ValidationError(
        {
            "number": [
                _(
                    "An invoice with this number already exists with other values; "
                    "an import does not change an invoice."
                )
            ]
        }
    )
