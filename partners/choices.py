"""What a partner's filter and action forms offer: its members and its customers, as
``(id, name)`` choices, cached per partner so a queue page does not read them on every view.

Dropped from the cache whenever one of them changes (a customer added, renamed or removed; a
membership added, changed or removed; a member renamed), right away and again after the commit,
so that a request which read the old rows meanwhile cannot keep them; the timeout bounds the
staleness should an invalidation ever be missed.
"""

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from core.actors import Actor
from partners.models import Customer, Membership

CHOICES_SECONDS = 300


def _key(partner_id: int) -> str:
    return f"partners:choices:{partner_id}"


def partner_choices(*, actor: Actor) -> dict[str, list[tuple[int, str]]]:
    """``{"members": [(user id, name)], "customers": [(id, name)]}`` of the actor's partner,
    members by name (case-insensitively), customers by name then id. An actor of no partner
    (operator staff) gets none: these are one partner's choices, never everyone's."""
    if actor.partner_id is None:
        return {"members": [], "customers": []}
    key = _key(actor.partner_id)
    found = cache.get(key)
    if found is None:
        found = {"members": _members(actor), "customers": _customers(actor)}
        cache.set(key, found, CHOICES_SECONDS)
    return found


def _members(actor: Actor) -> list[tuple[int, str]]:
    rows = (
        Membership.objects.for_actor(actor)
        .filter(partner_id=actor.partner_id)
        .values_list("user_id", "user__first_name", "user__last_name", "user__username")
    )
    named = [(pk, f"{first} {last}".strip() or username) for pk, first, last, username in rows]
    return sorted(named, key=lambda choice: choice[1].lower())


def _customers(actor: Actor) -> list[tuple[int, str]]:
    return list(Customer.objects.for_actor(actor).order_by("name", "id").values_list("pk", "name"))


def partner_choices_forget(partner_id: int) -> None:
    key = _key(partner_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def forget_for_row(sender, instance, **kwargs) -> None:
    """A customer or a membership changed: its partner's choices."""
    partner_choices_forget(instance.partner_id)


def forget_for_user(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    """A user saved (a new name): the choices of the partners they belong to. The stamp of each
    sign-in (``last_login``) and a password change name nobody anew."""
    if raw or (update_fields is not None and set(update_fields) <= {"last_login", "password"}):
        return
    for partner_id in Membership.objects.filter(user_id=instance.pk).values_list(
        "partner_id", flat=True
    ):
        partner_choices_forget(partner_id)


def connect() -> None:
    for model in (Customer, Membership):
        post_save.connect(forget_for_row, sender=model, dispatch_uid=f"partners.choices.{model}")
        post_delete.connect(
            forget_for_row, sender=model, dispatch_uid=f"partners.choices.{model}.deleted"
        )
    post_save.connect(
        forget_for_user, sender=get_user_model(), dispatch_uid="partners.choices.user"
    )
