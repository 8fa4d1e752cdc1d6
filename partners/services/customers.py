"""Writes for customers and their extra contact addresses: one at a time (the API, the pages, the
reconciliation file) or many at once (``customers_upsert_many``, an import's chunk of rows). Both
ways call the same rules (``partners.rules``) and write one audit row per change."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.actors import Actor
from core.audit import event_record, event_row, events_write
from core.errors import REFUSALS, unique_or
from partners.models import Customer, CustomerContact
from partners.rules import (
    RowsRefused,
    customer_changes,
    customer_errors,
    customer_exemption_check,
    customer_fields_check,
    customer_key_taken,
    customer_new,
)

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


def _require_manager(actor: Actor) -> None:
    actor.require_partner_user(message=_("Only partner users manage customers."))


@transaction.atomic
def customer_create(
    *,
    actor: Actor,
    name: str,
    email: str,
    language: str = "",
    collections_exempt: bool = False,
    external_id: str = "",
    domain: str = "",
) -> Customer:
    """A customer of the actor's partner; with no language, the partner's default language."""
    _require_manager(actor)
    customer_exemption_check(actor, exempt=collections_exempt, customer=None)
    customer = customer_new(
        actor.partner,
        name=name,
        email=email,
        language=language,
        collections_exempt=collections_exempt,
        external_id=external_id,
        domain=domain,
    )
    _save_customer(customer)
    event_record(actor=actor, obj=customer, action="created")
    return customer


def _save_customer(customer: Customer) -> None:
    """Validate and save; an external id another customer of the partner has is a field error."""
    if customer.external_id:
        rivals = Customer.objects.filter(
            partner_id=customer.partner_id, external_id=customer.external_id
        )
        if rivals.exclude(pk=customer.pk).exists():
            raise customer_key_taken()
    if errors := customer_errors(customer):
        raise ValidationError(errors)
    with unique_or(customer_key_taken()):  # a rival took the key since the check
        customer.save()


@transaction.atomic
def customer_update(*, actor: Actor, customer: Customer, **fields) -> Customer:
    _require_manager(actor)
    if "collections_exempt" in fields:
        customer_exemption_check(actor, exempt=fields["collections_exempt"], customer=customer)
    customer_fields_check(fields)
    for name, value in fields.items():
        setattr(customer, name, value)
    _save_customer(customer)
    event_record(actor=actor, obj=customer, action="updated", data={"fields": sorted(fields)})
    return customer


@transaction.atomic
def customers_upsert_many(*, actor: Actor, rows: list[dict]) -> list[str]:
    """Create or update many customers of the actor's partner, keyed by ``external_id`` (each
    row: ``customer_create``'s fields, the external id required): ``created``, ``updated`` (only
    the fields that differ) or ``unchanged`` (nothing written) per row, in order.

    The rows' customers are found in one query, then the new ones written in one INSERT, the
    changed ones in one UPDATE, their audit rows in one INSERT; the rules are
    ``customer_create``'s and ``customer_update``'s own. Any refused row → ``RowsRefused`` with
    every refused row, and nothing written."""
    _require_manager(actor)
    keys = {row.get("external_id") or "" for row in rows} - {""}
    found = {
        customer.external_id: customer
        for customer in Customer.objects.filter(partner_id=actor.partner_id, external_id__in=keys)
        .exclude(external_id="")  # the key's partial index: it holds no empty id
        .order_by()
    }
    outcomes, refused, seen = [], {}, set()
    new, changed = [], []  # customers; (customer, the names of its changed fields)
    for index, values in enumerate(rows):
        try:
            outcome = _upsert_one(actor, found, seen, values, new, changed)
        except REFUSALS as exc:
            refused[index], outcome = exc, None
        outcomes.append(outcome)
    if refused:
        raise RowsRefused(refused)
    if new:
        with unique_or(customer_key_taken()):  # a rival took a key since the lookup
            Customer.objects.bulk_create(new)
    if changed:
        names = sorted({name for _customer, fields in changed for name in fields})
        Customer.objects.bulk_update([customer for customer, _fields in changed], names)
    events_write(
        [event_row(actor=actor, obj=customer, action="created") for customer in new]
        + [
            event_row(actor=actor, obj=customer, action="updated", data={"fields": fields})
            for customer, fields in changed
        ]
    )
    return outcomes


def _upsert_one(actor, found: dict, seen: set, values: dict, new: list, changed: list) -> str:
    key = values.get("external_id") or ""
    if not key:
        raise ValidationError({"external_id": [_("This field is required.")]})
    if key in seen:
        raise customer_key_taken()
    seen.add(key)
    customer = found.get(key)
    if customer is None:
        customer_exemption_check(
            actor, exempt=values.get("collections_exempt", False), customer=None
        )
        customer = customer_new(actor.partner, **values)
        fields = None
    else:
        fields = customer_changes(customer, values)
        if not fields:
            return UNCHANGED
        if "collections_exempt" in fields:
            customer_exemption_check(actor, exempt=fields["collections_exempt"], customer=customer)
        for name, value in fields.items():
            setattr(customer, name, value)
    if errors := customer_errors(customer):
        raise ValidationError(errors)
    if fields is None:
        new.append(customer)
        return CREATED
    changed.append((customer, sorted(fields)))
    return UPDATED


@transaction.atomic
def customer_contact_add(
    *, actor: Actor, customer: Customer, email: str, name: str = ""
) -> CustomerContact:
    """Another address that speaks for ``customer`` by e-mail (stored in lower case)."""
    _require_manager(actor)
    actor.require_member_of(customer.partner_id)
    email = (email or "").strip().lower()
    taken = ValidationError({"email": [_("This customer already has this address.")]})
    if email == (customer.email or "").strip().lower():
        raise taken
    if CustomerContact.objects.filter(customer=customer, email=email).exists():
        raise taken
    contact = CustomerContact(
        partner_id=customer.partner_id, customer=customer, email=email, name=(name or "").strip()
    )
    contact.full_clean(exclude=["partner", "customer"], validate_constraints=False)
    with unique_or(taken):  # a concurrent twin took it since the check
        contact.save()
    event_record(actor=actor, obj=customer, action="contact_added", data={"email": email})
    return contact


@transaction.atomic
def customer_contact_remove(*, actor: Actor, contact: CustomerContact) -> None:
    _require_manager(actor)
    actor.require_member_of(contact.partner_id)
    event_record(
        actor=actor,
        object_type="customer",
        object_id=contact.customer_id,
        partner_id=contact.partner_id,
        action="contact_removed",
        data={"email": contact.email},
    )
    contact.delete()
