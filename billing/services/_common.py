"""Helpers every billing service shares: who may act, today's date, row locks."""

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.actors import Actor
from core.errors import NotAllowed


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
