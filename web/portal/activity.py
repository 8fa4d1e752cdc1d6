"""The activity inbox on the pages: open one (it is read, then its ticket or queue shows), or mark
them all read. The dashboard's "Needs you" panel lists them; the header counts them."""

from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.web import next_path, role_required
from notifications import activity


def activity_target(row) -> str:
    """The page an activity is about."""
    if row.object_type == "ticket":
        return reverse("ticket-detail", args=[row.object_id])
    if row.object_type == "suspensionrequest":
        return reverse("subscription-queue")
    if row.object_type == "importjob":
        return reverse("import-detail", args=[row.object_id])
    return reverse("home")


@role_required("partner")
@require_POST
def activity_open(request, pk):
    row = get_object_or_404(activity.activity_list(actor=request.actor), pk=pk)  # only mine
    activity.activity_mark_read(actor=request.actor, activity=row)
    return redirect(activity_target(row))


@role_required("partner")
@require_POST
def activity_read_all(request):
    activity.activity_mark_all_read(actor=request.actor)
    return redirect(next_path(request, reverse("home")))
