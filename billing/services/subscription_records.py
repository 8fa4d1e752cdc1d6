"""Creating a subscription and changing what it is (offer, quantity, external id).

A partner admin (or the system, for imports) creates and edits its customers' subscriptions; agents
read only. Suspension, reactivation and cancellation are ``billing.services.subscriptions``.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from billing.models import Subscription
from core.actors import Actor
from core.audit import event_record
from core.errors import unique_or
from partners.models import Customer

SUBSCRIPTION_FIELDS = ("offer", "quantity", "external_id")


def _external_id_taken() -> ValidationError:
    return ValidationError(
        {"external_id": [_("A subscription with this external id already exists.")]}
    )


def _require_external_id_free(partner_id: int, external_id: str, exclude_pk=None) -> None:
    if not external_id:
        return
    rivals = Subscription.objects.filter(partner_id=partner_id, external_id=external_id)
    if rivals.exclude(pk=exclude_pk).exists():
        raise _external_id_taken()


def _save(subscription: Subscription, update_fields=None) -> None:
    # The status is a protected FSM field (clean_fields would re-assign it); the external id's
    # key is checked above and, for a rival that took it since, by the database below.
    subscription.full_clean(exclude=["status"], validate_constraints=False)
    with unique_or(_external_id_taken()):
        subscription.save(update_fields=update_fields)


@transaction.atomic
def subscription_create(
    *, actor: Actor, customer: Customer, offer: str, quantity: int = 1, external_id: str = ""
) -> Subscription:
    """An active subscription of ``customer`` (its partner's admin, or the system)."""
    actor.require_member_of(
        customer.partner_id,
        admin=True,
        allow_system=True,
        message=_("Only a partner admin may create a subscription."),
    )
    _require_external_id_free(customer.partner_id, external_id)
    subscription = Subscription(
        partner_id=customer.partner_id,
        customer=customer,
        offer=offer,
        quantity=quantity,
        external_id=external_id,
    )
    _save(subscription)
    event_record(actor=actor, obj=subscription, action="created", to_state=subscription.status)
    return subscription


@transaction.atomic
def subscription_update(*, actor: Actor, subscription: Subscription, **fields) -> Subscription:
    """Change the offer, the quantity or the external id; the status never changes here."""
    actor.require_member_of(
        subscription.partner_id,
        admin=True,
        allow_system=True,
        message=_("Only a partner admin may change a subscription."),
    )
    unknown = sorted(set(fields) - set(SUBSCRIPTION_FIELDS))
    if unknown:
        raise ValidationError({name: _("This field cannot be changed.") for name in unknown})
    changed = sorted(name for name, value in fields.items() if getattr(subscription, name) != value)
    if not changed:
        return subscription
    if "external_id" in changed:
        _require_external_id_free(
            subscription.partner_id, fields["external_id"], exclude_pk=subscription.pk
        )
    for name in changed:
        setattr(subscription, name, fields[name])
    _save(subscription, update_fields=changed)
    event_record(actor=actor, obj=subscription, action="updated", data={"fields": changed})
    return subscription
