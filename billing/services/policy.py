"""Publishing a partner's collections policy. Versions are immutable: an edit is a new version, and
an invoice keeps the version its first notice named."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from billing import policy as rules
from billing.models import CollectionsPolicy, Invoice
from billing.selectors import policy_latest
from core.actors import SYSTEM, Actor
from core.audit import event_record
from partners.models import Partner


@transaction.atomic
def policy_publish(
    *,
    actor: Actor,
    partner: Partner,
    steps,
    auto_suspend: bool,
    descriptions: dict[str, str | None] | None = None,
) -> CollectionsPolicy:
    """Publish a new version (a language left out falls back to English when read).

    Publishing the same content again returns the current version instead of a copy.
    """
    actor.require_member_of(partner.id, admin=True, allow_system=True)
    clean = rules.steps_validate(steps)
    texts = _descriptions(descriptions or {})
    Partner.objects.select_for_update().filter(
        pk=partner.pk
    ).first()  # one publisher at a time per partner
    current = policy_latest(partner_id=partner.id)
    if current is not None and _same(current, clean, auto_suspend, texts):
        return current
    policy = CollectionsPolicy.objects.create(
        partner=partner,
        version=(current.version if current else 0) + 1,
        steps=clean,
        auto_suspend=auto_suspend,
        created_by=actor.user,
        **texts,
    )
    # Invoices not yet in dunning follow the new version: forget the dates computed from the old
    # one.
    Invoice.objects.filter(
        partner=partner,
        status=Invoice.Status.OPEN,
        collections_policy__isnull=True,
        dunning_next_on__isnull=False,
    ).update(dunning_next_on=None)
    event_record(
        actor=actor,
        obj=policy,
        action="published",
        from_state=f"v{current.version}" if current else "",
        to_state=f"v{policy.version}",
        data={"steps": clean, "auto_suspend": auto_suspend},
    )
    return policy


@transaction.atomic
def policy_ensure(*, partner: Partner) -> CollectionsPolicy:
    """The partner's current version; a partner without one gets the default policy as version 1."""
    current = policy_latest(partner_id=partner.id)
    if current is not None:
        return current
    default = rules.default_policy(partner)
    return policy_publish(
        actor=SYSTEM,
        partner=partner,
        steps=default.steps,
        auto_suspend=default.auto_suspend,
        descriptions=rules.default_descriptions(),
    )


def _descriptions(given: dict) -> dict:
    fields = rules.description_fields()
    unknown = set(given) - set(fields)
    if unknown:
        raise ValidationError({name: [_("Unknown language.")] for name in sorted(unknown)})
    return {name: (given.get(name) or "").strip() or None for name in fields}


def _same(policy: CollectionsPolicy, steps, auto_suspend, texts) -> bool:
    return (
        policy.steps == steps
        and policy.auto_suspend == auto_suspend
        and all(getattr(policy, name) == value for name, value in texts.items())
    )
