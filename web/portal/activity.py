"""The activity inbox on the pages: open one (it is read, then what it is about shows), or mark
them all read. The "Needs you" panel lists them — on the partner's dashboard and at the top of
the operator's escalation queue — and the header counts them. Every signed-in user has an inbox
of their own rows only (another user's is not found), so these views ask for no role."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.actors import Actor, actor_for
from core.web import next_path
from notifications import activity
from partners.selectors import first_rows

NEEDS_YOU_ROWS = 8

TARGETS = {  # object type → the page it is about ("" = no id in the URL)
    "ticket": "ticket-detail",
    "customer": "customer-detail",
    "importjob": "import-detail",
    "escalation": "console-escalation-detail",
    "suspensionrequest": "subscription-queue",
}


def activity_target(row) -> str:
    """The page an activity is about."""
    name = TARGETS.get(row.object_type)
    if name is None:
        return reverse("home")
    return (
        reverse(name)
        if row.object_type == "suspensionrequest"
        else reverse(name, args=[row.object_id])
    )


def needs_you(actor: Actor) -> dict:
    """The "Needs you" panel: the actor's first unread rows with their partners, and the count."""
    return first_rows(
        activity.activity_unread(actor=actor).select_related("partner"), NEEDS_YOU_ROWS
    )


@login_required
@require_POST
def activity_open(request, pk):
    actor = actor_for(request.user)
    row = get_object_or_404(activity.activity_list(actor=actor), pk=pk)  # only mine
    activity.activity_mark_read(actor=actor, activity=row)
    return redirect(activity_target(row))


@login_required
@require_POST
def activity_read_all(request):
    activity.activity_mark_all_read(actor=actor_for(request.user))
    return redirect(next_path(request, reverse("home")))
