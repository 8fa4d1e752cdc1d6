"""Who is acting: operator staff, a partner's admin or agent, the system, or a customer.

``actor_for(user)`` turns a signed-in user into an ``Actor`` (one query, cached on the user for
the request). Services call its guard methods (``require_operator``, ``require_member_of``,
``require_partner_user``, ``require_operator_or_admin_of``); API permissions and web role checks
ask the same properties (``is_operator``, ``is_partner_user``, ``is_partner_admin``), so "who may
act" has one meaning everywhere.
"""

from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from core.errors import NotAllowed

OPERATORS_GROUP = "operators"


class ActorRole(StrEnum):
    OPERATOR = "operator"  # operator staff (the ``operators`` group, or a superuser)
    ADMIN = "admin"  # a partner's admin
    AGENT = "agent"  # a partner's agent
    SYSTEM = "system"  # periodic tasks, commands, the demo seed
    CUSTOMER = "customer"  # a customer through a ticket's secret link or by e-mail


PARTNER_ROLES = (ActorRole.ADMIN, ActorRole.AGENT)


@dataclass(frozen=True)
class Actor:
    user: object
    role: ActorRole | None
    partner_id: int | None

    @property
    def is_operator(self) -> bool:
        return self.role == ActorRole.OPERATOR

    @property
    def is_system(self) -> bool:
        return self.role == ActorRole.SYSTEM

    @property
    def is_partner_admin(self) -> bool:
        return self.role == ActorRole.ADMIN

    @property
    def is_partner_user(self) -> bool:
        return self.role in PARTNER_ROLES

    def is_member_of(self, partner_id: int | None, *, admin: bool = False) -> bool:
        if partner_id is None or self.partner_id != partner_id:
            return False
        return self.is_partner_admin if admin else self.is_partner_user

    # --- guards: raise NotAllowed (403) unless the actor may act ---------------------------
    # ``message`` replaces the general reason where an app words the refusal its own way.

    def require_operator(self, *, allow_system: bool = False, message: str | None = None) -> None:
        if self.is_operator or (allow_system and self.is_system):
            return
        raise NotAllowed(message or _("Only operator staff may do this."))

    def require_member_of(
        self,
        partner_id: int | None,
        *,
        admin: bool = False,
        allow_system: bool = False,
        message: str | None = None,
    ) -> None:
        """A member (or, with ``admin``, an admin) of this partner."""
        if self.is_member_of(partner_id, admin=admin) or (allow_system and self.is_system):
            return
        if message:
            raise NotAllowed(message)
        if admin:
            raise NotAllowed(_("Only a partner admin may do this."))
        raise NotAllowed(_("Only the partner's users may do this."))

    def require_partner_user(self, *, message: str | None = None) -> None:
        """Any partner's admin or agent (the object's partner is then their own, by scoping)."""
        if not self.is_partner_user:
            raise NotAllowed(message or _("Only partner users may do this."))

    def require_operator_or_admin_of(
        self, partner_id: int | None, *, message: str | None = None
    ) -> None:
        if self.is_operator or self.is_member_of(partner_id, admin=True):
            return
        raise NotAllowed(message or _("Only the operator or this partner's admin may do this."))

    @cached_property
    def partner(self):
        # By name, not by import: core knows no domain app.
        partner_model = apps.get_model("partners", "Partner")
        return partner_model.objects.get(pk=self.partner_id) if self.partner_id else None


NOBODY = Actor(user=None, role=None, partner_id=None)
SYSTEM = Actor(user=None, role=ActorRole.SYSTEM, partner_id=None)
CUSTOMER = Actor(user=None, role=ActorRole.CUSTOMER, partner_id=None)


def actor_for(user) -> Actor:
    """The actor behind a user, cached on the user object for the length of a request."""
    if user is None or not user.is_authenticated:
        return NOBODY
    cached = getattr(user, "_desk_actor", None)
    if cached is not None:
        return cached
    actor = _resolve(user)
    user._desk_actor = actor
    return actor


def actor_columns(user_path: str = "") -> dict:
    """The columns that answer who a user is (operator staff, and whose member), as annotations
    of a query whose rows reach the user through ``user_path`` (``""``: a query of users;
    ``"user"``: a query of API tokens): the actor comes with the row that authenticates it."""
    prefix = f"{user_path}__" if user_path else ""
    return {
        "actor_operator": Exists(
            Group.objects.filter(user=OuterRef(f"{prefix}pk"), name=OPERATORS_GROUP)
        ),
        "actor_role": F(f"{prefix}membership__role"),
        "actor_partner_id": F(f"{prefix}membership__partner_id"),
    }


def actor_from_columns(user, *, operator: bool, role: str | None, partner_id: int | None) -> Actor:
    """The actor from ``actor_columns``, cached on the user as ``actor_for`` does."""
    if user.is_superuser or operator:
        actor = Actor(user=user, role=ActorRole.OPERATOR, partner_id=None)
    else:
        actor = Actor(user=user, role=ActorRole(role) if role else None, partner_id=partner_id)
    user._desk_actor = actor
    return actor


def _resolve(user) -> Actor:
    if user.is_superuser:
        return Actor(user=user, role=ActorRole.OPERATOR, partner_id=None)
    # One query answers both questions: is the user operator staff, and whose member are they.
    row = get_user_model().objects.filter(pk=user.pk).values(**actor_columns()).get()
    return actor_from_columns(
        user,
        operator=row["actor_operator"],
        role=row["actor_role"],
        partner_id=row["actor_partner_id"],
    )


def operator_user_ids() -> list[int]:
    """Every active operator staff user (the ``operators`` group, or a superuser: the same rule as
    ``_resolve``), in id order; one query."""
    operator = Q(groups__name=OPERATORS_GROUP) | Q(is_superuser=True)
    users = get_user_model().objects.filter(operator, is_active=True).distinct()
    return list(users.order_by("pk").values_list("pk", flat=True))
