"""Saved views of the queue: a member names the current filters, for themselves or for the team."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.actors import Actor
from core.errors import NotAllowed
from tickets.models import SavedView
from tickets.services.common import PARTNER_USERS_ONLY


@transaction.atomic
def saved_view_create(*, actor: Actor, name: str, query: str, shared: bool = False) -> SavedView:
    actor.require_partner_user(message=PARTNER_USERS_ONLY)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": [_("This field is required.")]})
    try:
        with transaction.atomic():
            return SavedView.objects.create(
                partner_id=actor.partner_id,
                owner=actor.user,
                name=name[:80],
                query=query[:500],
                shared=shared,
            )
    except IntegrityError:
        raise ValidationError({"name": [_("You already have a view with this name.")]}) from None


@transaction.atomic
def saved_view_delete(*, actor: Actor, view: SavedView) -> None:
    """Only its owner removes a view, shared or not."""
    if view.owner_id != getattr(actor.user, "pk", None):
        raise NotAllowed(_("Only the member who saved this view may remove it."))
    view.delete()
