"""What the queue page posts: one action on the ticked tickets, and its saved views."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.web import next_path, role_required, service_errors
from tickets.selectors.saved_views import saved_view_list
from tickets.services.bulk import tickets_bulk
from tickets.services.saved_views import saved_view_create, saved_view_delete
from web.forms.bulk import SavedViewForm, TicketBulkForm
from web.portal.tickets import member_choices


def back_to_queue(request) -> str:
    return next_path(request, reverse("ticket-list"))


def changed_text(done: int, total: int) -> str:
    return ngettext(
        "%(done)s of %(total)s ticket changed.", "%(done)s of %(total)s tickets changed.", total
    ) % {"done": done, "total": total}


@role_required("partner")
@require_POST
def ticket_bulk(request):
    """Each ticked ticket through its own service; what was refused is said ticket by ticket."""
    form = TicketBulkForm(request.POST, members=member_choices(request.actor))
    if not form.is_valid():
        messages.error(request, _("Tick at least one ticket and choose what to do."))
        return redirect(back_to_queue(request))
    results = tickets_bulk(
        actor=request.actor,
        ids=form.cleaned_data["ids"],
        action=form.cleaned_data["action"],
        **form.service_params(),
    )
    done = sum(result["ok"] for result in results)
    if done:
        messages.success(request, changed_text(done, len(results)))
    for result in results:
        if not result["ok"]:
            messages.error(request, f"#{result['id']}: {result['error']}")
    return redirect(back_to_queue(request))


@role_required("partner")
@require_POST
def saved_view_save(request):
    form = SavedViewForm(request.POST)
    query = ""
    if form.is_valid():
        query = form.cleaned_data["query"]
        with service_errors(request, form) as call:
            saved_view_create(
                actor=request.actor,
                name=form.cleaned_data["name"],
                query=query,
                shared=form.cleaned_data["shared"],
            )
        if not call.failed:
            messages.success(request, _("View saved."))
    for error in form.errors.values():
        messages.error(request, " ".join(error))
    return redirect(f"{reverse('ticket-list')}?{query}")


@role_required("partner")
@require_POST
def saved_view_remove(request, pk):
    view = get_object_or_404(saved_view_list(actor=request.actor), pk=pk)
    with service_errors(request) as call:
        saved_view_delete(actor=request.actor, view=view)
    if not call.failed:
        messages.success(request, _("View removed."))
    return redirect(reverse("ticket-list"))
