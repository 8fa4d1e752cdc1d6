"""Who a user is (operator / partner admin / partner agent) and what they may see.

This is the one scoping mechanism: every tenant-owned model uses ``TenantQuerySet`` and every
API view, web view and selector starts from ``Model.objects.for_actor(actor)``. A partner user
only ever gets rows of their own partner, so another partner's object is simply not found (404).
"""

from dataclasses import dataclass
from functools import cached_property

from django.db import models

OPERATORS_GROUP = "operators"


@dataclass(frozen=True)
class Actor:
    user: object
    role: str | None  # "operator" | "admin" | "agent" | None
    partner_id: int | None

    @property
    def is_operator(self) -> bool:
        return self.role == "operator"

    @property
    def is_partner_admin(self) -> bool:
        return self.role == "admin"

    @property
    def is_partner_user(self) -> bool:
        return self.role in ("admin", "agent")

    @cached_property
    def partner(self):
        from partners.models import Partner

        return Partner.objects.get(pk=self.partner_id) if self.partner_id else None


def actor_for(user) -> Actor:
    """The actor behind a user, cached on the user object for the length of a request."""
    if user is None or not user.is_authenticated:
        return Actor(user=None, role=None, partner_id=None)
    cached = getattr(user, "_desk_actor", None)
    if cached is not None:
        return cached
    actor = _resolve(user)
    user._desk_actor = actor
    return actor


def _resolve(user) -> Actor:
    if user.is_superuser:
        return Actor(user=user, role="operator", partner_id=None)
    # One query answers both questions: is the user operator staff, and whose member are they.
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db.models import Exists, OuterRef

    row = (
        get_user_model().objects.filter(pk=user.pk)
        .values("membership__role", "membership__partner_id",
                operator=Exists(Group.objects.filter(user=OuterRef("pk"), name=OPERATORS_GROUP)))
        .get()
    )
    if row["operator"]:
        return Actor(user=user, role="operator", partner_id=None)
    return Actor(user=user, role=row["membership__role"], partner_id=row["membership__partner_id"])


SYSTEM = Actor(user=None, role="system", partner_id=None)  # periodic tasks and commands


class TenantQuerySet(models.QuerySet):
    """``for_actor`` narrows any tenant-owned queryset to what the actor may see.

    A model names the path to its partner in ``TENANT_FIELD`` (default ``"partner"``).
    Operators and the system see every partner; users without a role see nothing.
    """

    def for_actor(self, actor: Actor):
        if actor.role in ("operator", "system"):
            return self
        if actor.partner_id is None:
            return self.none()
        return self.for_partner(actor.partner_id)

    def for_partner(self, partner_id: int):
        field = getattr(self.model, "TENANT_FIELD", "partner")
        return self.filter(**{field: partner_id})
