"""Writes for partners, members and customers, and the audit trail every app writes to."""

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.actors import Actor
from core.audit import event_record
from core.errors import NotAllowed, PolicyViolation, unique_or
from partners.models import Customer, Membership, Partner, Profile, Role


def _update(actor: Actor, obj, fields: dict, allowed: tuple):
    """Set the given fields (only those ``allowed``), validate, save and record the change."""
    for name, value in fields.items():
        if name not in allowed:
            raise ValidationError({name: _("This field cannot be changed.")})
        setattr(obj, name, value)
    _save_valid(obj)
    event_record(actor=actor, obj=obj, action="updated", data={"fields": sorted(fields)})
    return obj


def _save_valid(obj):
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def partner_create(
    *,
    actor: Actor,
    name: str,
    slug: str,
    support_email: str,
    default_language: str = "en",
    time_zone: str = "Asia/Shanghai",
) -> Partner:
    actor.require_operator()
    partner = _save_valid(
        Partner(
            name=name,
            slug=slug,
            support_email=support_email,
            default_language=default_language,
            time_zone=time_zone,
        )
    )
    event_record(actor=actor, obj=partner, action="created", to_state="active")
    return partner


@transaction.atomic
def partner_delete(*, actor: Actor, partner: Partner) -> None:
    """Only a partner without customers can go; its audit rows stay (their partner emptied)."""
    actor.require_operator()
    if partner.customers.exists():
        raise PolicyViolation(_("This partner has customers; it cannot be deleted."))
    event_record(
        actor=actor, obj=partner, action="deleted", from_state="active", to_state="deleted"
    )
    partner.delete()


PARTNER_FIELDS = ("name", "slug", "support_email", "default_language", "time_zone")


@transaction.atomic
def partner_update(*, actor: Actor, partner: Partner, **fields) -> Partner:
    actor.require_operator()
    return _update(actor, partner, fields, PARTNER_FIELDS)


@transaction.atomic
def member_add(
    *,
    actor: Actor,
    partner: Partner,
    username: str,
    password: str,
    email: str,
    role: str,
    language: str = "",
) -> Membership:
    """Create a user and make them a member; the operator or that partner's admin may."""
    actor.require_operator_or_admin_of(
        partner.id, message=_("Only the operator or this partner's admin may add members.")
    )
    User = get_user_model()
    errors = {}
    if role not in Role.values:
        errors["role"] = [f"Choose one of: {', '.join(Role.values)}."]
    taken = {"username": [_("A user with that username already exists.")]}
    if User.objects.filter(username__iexact=username).exists():
        errors.update(taken)
    user = User(username=username, email=email)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        errors["password"] = exc.messages
    if errors:
        raise ValidationError(errors)
    user.set_password(password)
    with unique_or(ValidationError(taken)):  # the database's index ignores case, as the check
        _save_valid(user)
    Profile.objects.create(user=user, language=language)
    membership = Membership.objects.create(user=user, partner=partner, role=role)
    event_record(
        actor=actor,
        obj=membership,
        action="member_added",
        to_state=role,
        data={"username": username},
    )
    return membership


@transaction.atomic
def customer_create(
    *, actor: Actor, name: str, email: str, language: str = "en", collections_exempt: bool = False
) -> Customer:
    actor.require_partner_user(message=_("Only partner users manage customers."))
    if collections_exempt and not actor.is_partner_admin:
        raise NotAllowed(_("Only a partner admin may exempt a customer from collections."))
    customer = _save_valid(
        Customer(
            partner_id=actor.partner_id,
            name=name,
            email=email,
            language=language,
            collections_exempt=collections_exempt,
        )
    )
    event_record(actor=actor, obj=customer, action="created")
    return customer


CUSTOMER_FIELDS = ("name", "email", "language", "collections_exempt")


@transaction.atomic
def customer_update(*, actor: Actor, customer: Customer, **fields) -> Customer:
    actor.require_partner_user(message=_("Only partner users manage customers."))
    if (
        "collections_exempt" in fields
        and fields["collections_exempt"] != customer.collections_exempt
        and not actor.is_partner_admin
    ):
        raise NotAllowed("Only a partner admin may change a customer's collections exemption.")
    return _update(actor, customer, fields, CUSTOMER_FIELDS)


@transaction.atomic
def profile_set_language(*, user, language: str) -> Profile:
    profile, _created = Profile.objects.get_or_create(user=user)
    profile.language = language
    return _save_valid(profile)
