"""Helpers every billing service shares: who may act, today's date, row locks, audit rows in
bulk."""

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.actors import Actor
from core.errors import NotAllowed
from partners.models import Event


def today():
    return timezone.localdate()


def is_system(actor: Actor) -> bool:
    return actor.role == "system"


def require_partner_admin(actor: Actor, partner_id: int) -> None:
    """A partner admin of this partner (or the system: tasks, commands, the demo)."""
    if is_system(actor) or (actor.is_partner_admin and actor.partner_id == partner_id):
        return
    raise NotAllowed(_("Only a partner admin may do this."))


def require_partner_user(actor: Actor, partner_id: int) -> None:
    if is_system(actor) or (actor.is_partner_user and actor.partner_id == partner_id):
        return
    raise NotAllowed(_("Only the partner's users may do this."))


def require_operator(actor: Actor) -> None:
    if not (actor.is_operator or is_system(actor)):
        raise NotAllowed(_("Only operator staff may do this."))


def locked(queryset):
    """Rows locked for this transaction; on PostgreSQL only the named table's rows (``FOR NO KEY
    UPDATE OF``), so inserts that merely reference them (payments, events) are not held up."""
    if connection.features.has_select_for_update_of:
        return queryset.select_for_update(of=("self",), no_key=True)
    return queryset.select_for_update()


def event_row(
    *,
    actor: Actor,
    obj=None,
    object_type: str = "",
    object_id: int = 0,
    partner_id: int | None = None,
    action: str,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    data=None,
) -> Event:
    """An unsaved audit row like ``partners.services.event_record`` writes, for ``bulk_create``."""
    if obj is not None:
        object_type, object_id, partner_id = obj._meta.model_name, obj.pk, obj.partner_id
    return Event(
        partner_id=partner_id,
        actor=actor.user,
        object_type=object_type,
        object_id=object_id,
        action=action,
        from_state=from_state,
        to_state=to_state,
        reason=reason or "",
        data=data or {},
    )


def events_write(rows: list[Event]) -> None:
    if rows:
        Event.objects.bulk_create(rows)
