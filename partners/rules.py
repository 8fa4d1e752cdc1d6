"""A customer's rules, as functions without a query: what a new customer gets by default, which
fields a change may touch, who may exempt one from collections, the field checks, and the refusal
of a taken external id. The single-row services (``customer_create`` / ``customer_update``) and
the batch (``customers_upsert_many``) call the same ones, so a customer written in bulk obeys the
rules a typed one does.

``RowsRefused`` is how any batch service says which of its rows it refused (billing's too).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.actors import Actor
from core.errors import NotAllowed, refusal_of
from partners.models import Customer, Partner

CUSTOMER_FIELDS = ("name", "email", "language", "collections_exempt", "external_id", "domain")
# What a customer's checks read: the fields above; its partner is the actor's own (not looked up
# again) and the others are billing's bookkeeping, at their defaults or kept by billing.
_CUSTOMER_NOT_CHECKED = [f.name for f in Customer._meta.fields if f.name not in CUSTOMER_FIELDS]


class RowsRefused(ValidationError):
    """A batch refused, nothing of it written. ``rows``: the position of each refused row in the
    batch given → its refusal (a ``ValidationError`` by field, or a ``NotAllowed``)."""

    def __init__(self, rows: dict[int, Exception]):
        self.rows = rows
        super().__init__(
            [
                _("Row %(row)d: %(message)s") % {"row": index + 1, "message": message}
                for index, refusal in sorted(rows.items())
                for message in refusal_of(refusal).messages
            ]
        )


def customer_new(
    partner: Partner,
    *,
    name: str,
    email: str,
    language: str = "",
    collections_exempt: bool = False,
    external_id: str = "",
    domain: str = "",
) -> Customer:
    """An unsaved customer of ``partner``; with no language, the partner's default language."""
    return Customer(
        partner_id=partner.pk,
        name=name,
        email=email,
        language=language or partner.default_language,
        collections_exempt=collections_exempt,
        external_id=external_id,
        domain=domain,
    )


def customer_exemption_check(actor: Actor, *, exempt: bool, customer: Customer | None) -> None:
    """Only a partner admin exempts a new customer from collections (``customer`` None) or
    changes an existing one's exemption; ``NotAllowed`` otherwise."""
    if actor.is_partner_admin:
        return
    if customer is None and exempt:
        raise NotAllowed(_("Only a partner admin may exempt a customer from collections."))
    if customer is not None and exempt != customer.collections_exempt:
        raise NotAllowed("Only a partner admin may change a customer's collections exemption.")


def customer_fields_check(fields) -> None:
    """Refuse (by field) a field a change may not touch."""
    for name in fields:
        if name not in CUSTOMER_FIELDS:
            raise ValidationError({name: _("This field cannot be changed.")})


def customer_changes(customer: Customer, fields: dict) -> dict:
    """The given fields whose value differs from the customer's (those it may not touch refused)."""
    customer_fields_check(fields)
    return {name: value for name, value in fields.items() if getattr(customer, name) != value}


def customer_errors(customer: Customer) -> dict[str, list[str]]:
    """The field checks of a customer about to be saved, by field, without a query (its external
    id's key is the caller's to check: ``customer_key_taken``)."""
    try:
        customer.full_clean(exclude=_CUSTOMER_NOT_CHECKED, validate_constraints=False)
    except ValidationError as exc:
        return exc.message_dict
    return {}


def customer_key_taken() -> ValidationError:
    return ValidationError({"external_id": [_("A customer with this external id already exists.")]})
