"""The one scoping mechanism: every tenant-owned model's manager is a ``TenantQuerySet``, and
every API view, web view and selector starts from ``Model.objects.for_actor(actor)``. A partner
user only ever gets rows of their own partner, so another partner's object is simply not found
(404)."""

from django.db import models

from core.actors import Actor, ActorRole


class TenantQuerySet(models.QuerySet):
    """``for_actor`` narrows any tenant-owned queryset to what the actor may see.

    A model names the path to its partner in ``TENANT_FIELD`` (default ``"partner"``).
    Operators and the system see every partner; users without a role see nothing.
    """

    def for_actor(self, actor: Actor):
        if actor.role in (ActorRole.OPERATOR, ActorRole.SYSTEM):
            return self
        if actor.partner_id is None:
            return self.none()
        return self.for_partner(actor.partner_id)

    def for_partner(self, partner_id: int):
        field = getattr(self.model, "TENANT_FIELD", "partner")
        return self.filter(**{field: partner_id})
