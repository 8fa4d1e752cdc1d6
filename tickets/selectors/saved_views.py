"""The saved views a member may use: their own and those their team shares."""

from django.db.models import Q

from core.actors import Actor
from tickets.models import SavedView


def saved_view_list(*, actor: Actor):
    mine = Q(owner_id=getattr(actor.user, "pk", None))
    return SavedView.objects.for_actor(actor).filter(mine | Q(shared=True)).order_by("name", "id")
