"""Writes for partners, their members and working hours, users' profiles, API tokens and
two-factor sign-in."""

import time
import zoneinfo

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex
from knox.models import AuthToken

from core.actors import Actor, actor_for
from core.audit import event_record
from core.errors import PolicyViolation, unique_or
from partners.calendar import MINUTES_PER_DAY, is_known_country
from partners.models import Membership, Partner, Profile, Role


def _update(actor: Actor, obj, fields: dict, allowed: tuple, save=None):
    """Set the given fields (only those ``allowed``), validate, save and record the change."""
    for name, value in fields.items():
        if name not in allowed:
            raise ValidationError({name: _("This field cannot be changed.")})
        setattr(obj, name, value)
    (save or _save_valid)(obj)
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


WORKING_HOURS_FIELDS = ("time_zone", "work_days", "work_start", "work_end", "holiday_country")


def _working_hours_errors(partner: Partner) -> dict:
    errors = {}
    if partner.time_zone not in zoneinfo.available_timezones():
        errors["time_zone"] = [_("Unknown time zone.")]
    days = partner.work_days
    if (
        not isinstance(days, list)
        or not days
        or len(set(days)) != len(days)
        or not all(isinstance(d, int) and 1 <= d <= 7 for d in days)
    ):
        errors["work_days"] = [_("Choose at least one working day (1 is Monday, 7 is Sunday).")]
    start, end = partner.work_start, partner.work_end
    if not isinstance(start, int) or not 0 <= start < MINUTES_PER_DAY:
        errors["work_start"] = [_("Opening time must be between 00:00 and 23:59.")]
    elif not isinstance(end, int) or not start < end <= MINUTES_PER_DAY:
        errors["work_end"] = [_("Closing time must be after the opening time, at 24:00 latest.")]
    if not is_known_country(partner.holiday_country):
        errors["holiday_country"] = [_("No holiday calendar is known for this country.")]
    return errors


@transaction.atomic
def partner_working_hours_update(*, actor: Actor, partner: Partner, **fields) -> Partner:
    """The partner's working calendar (time zone, days, hours, holidays) that SLA clocks count
    in; the operator or the partner's admin. Deadlines already set keep their instant: the new
    calendar applies to clocks that start or resume after the change."""
    actor.require_operator_or_admin_of(
        partner.pk, message=_("Only the partner's admin changes its working hours.")
    )
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    for name, value in fields.items():
        if name not in WORKING_HOURS_FIELDS:
            raise ValidationError({name: _("This field cannot be changed.")})
        setattr(partner, name, sorted(value) if name == "work_days" and value else value)
    if errors := _working_hours_errors(partner):
        raise ValidationError(errors)
    partner.save(update_fields=list(fields))
    event_record(
        actor=actor,
        obj=partner,
        action="working_hours_changed",
        data={name: getattr(partner, name) for name in fields},
    )
    return partner


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
def profile_set_language(*, user, language: str) -> Profile:
    profile, _created = Profile.objects.get_or_create(user=user)
    profile.language = language
    return _save_valid(profile)


# API tokens (django-rest-knox keeps only a digest). One per sign-in; a user sees and revokes
# their own; every one dies with a password change or the end of the user's membership.


@transaction.atomic
def api_token_create(*, user) -> tuple[AuthToken, str]:
    """A new token for a user who has just proved who they are: the row and, once, the token."""
    return AuthToken.objects.create(user=user)


@transaction.atomic
def api_token_revoke(*, user, digest: str) -> None:
    """The user revokes one of their own tokens (another user's is not found)."""
    token = AuthToken.objects.filter(user=user, digest=digest).first()
    if token is None:
        raise ValidationError(_("This token does not exist or has already been revoked."))
    token.delete()
    event_record(
        actor=actor_for(user),
        object_type="user",
        object_id=user.pk,
        action="api_token_revoked",
        data={"token": token.token_key[:8]},
    )


@transaction.atomic
def api_tokens_revoke_all(*, user, reason: str) -> int:
    """Revoke every token of ``user`` (password changed, membership removed); how many died."""
    count, _deleted = AuthToken.objects.filter(user=user).delete()
    if count:
        event_record(
            actor=actor_for(user),
            object_type="user",
            object_id=user.pk,
            action="api_tokens_revoked",
            reason=reason,
            data={"count": count},
        )
    return count


# Two-factor sign-in (django-otp): one TOTP device per user, plus single-use recovery codes.

RECOVERY_CODE_COUNT = 10


def mfa_totp_secret() -> str:
    """A new authenticator secret (hex), not yet anyone's: it is stored once a code proves it."""
    return random_hex(20)


@transaction.atomic
def mfa_totp_enrol(*, user, key: str, code: str) -> tuple[TOTPDevice, list[str]]:
    """The user's authenticator, once a code it shows proves it holds ``key``; it replaces any
    earlier one, and comes with new recovery codes (returned once, never shown again)."""
    device = TOTPDevice(user=user, key=key, name="authenticator", confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
    totp.time = time.time()
    code = code.strip()
    if not (code.isascii() and code.isdecimal() and totp.verify(int(code), device.tolerance)):
        raise ValidationError({"code": [_("This code is not valid. Try the current one.")]})
    device.last_t = totp.t()
    TOTPDevice.objects.filter(user=user).delete()
    device.save()
    codes = _recovery_codes_replace(user)
    event_record(
        actor=actor_for(user), object_type="user", object_id=user.pk, action="mfa_enrolled"
    )
    return device, codes


@transaction.atomic
def mfa_recovery_codes_regenerate(*, user, code: str) -> list[str]:
    """New recovery codes for an enrolled user, once a current code of their authenticator proves
    it is them (a recovery code does not: it cannot be used to mint more). The old codes stop
    working; the new ones are returned once, never shown again."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        raise ValidationError(
            {"code": [_("Turn on two-factor sign-in first: recovery codes come with it.")]}
        )
    code = (code or "").strip()
    if not (code.isascii() and code.isdecimal() and device.verify_token(code)):
        raise ValidationError({"code": [_("This code is not valid. Try the current one.")]})
    codes = _recovery_codes_replace(user)
    event_record(
        actor=actor_for(user),
        object_type="user",
        object_id=user.pk,
        action="mfa_recovery_codes_regenerated",
    )
    return codes


def _recovery_codes_replace(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _i in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=code) for code in codes])
    return codes
