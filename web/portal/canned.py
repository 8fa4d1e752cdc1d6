"""Partner admins: the canned replies agents pick in the composer, with their seven translations.

The list says which languages each reply still lacks (an agent writing to such a customer sends
the English text: the composer warns "(in English: not translated yet)"). Agents use canned
replies; only admins manage them (the services refuse anyone else). Each write is one service of
``tickets.services.canned`` inside ``service_errors``, as the API's.
"""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.web import get_for_actor, post_action, role_required, service_errors
from tickets import selectors, services
from tickets.models import CannedReply
from web.forms.canned import CannedReplyForm, translated_fields


@role_required("admin")
@require_GET
def canned_reply_list(request):
    replies = list(selectors.canned_reply_list(actor=request.actor))
    names = dict(settings.LANGUAGES)
    rows = [
        {"reply": reply, "missing": [(code, names[code]) for code in reply.missing_languages()]}
        for reply in replies
    ]
    return render(request, "portal/canned/list.html", {"rows": rows})


def _initial(reply: CannedReply) -> dict:
    return {
        name: getattr(reply, name) or ""
        for _code, _lang, title, body in translated_fields()
        for name in (title, body)
    }


@role_required("admin")
@require_http_methods(["GET", "POST"])
def canned_reply_create(request):
    form = CannedReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form) as call:
            services.canned_reply_create(actor=request.actor, **form.cleaned_data)
        if not call.failed:
            messages.success(request, _("Canned reply saved."))
            return redirect("canned-reply-list")
    return render(request, "portal/canned/form.html", {"form": form, "reply": None})


@role_required("admin")
@require_http_methods(["GET", "POST"])
def canned_reply_edit(request, pk):
    reply = get_for_actor(request.actor, CannedReply.objects, pk=pk)
    form = CannedReplyForm(request.POST or None, initial=_initial(reply))
    if request.method == "POST" and form.is_valid():
        changed = {name: form.cleaned_data[name] for name in form.changed_data}
        with service_errors(request, form) as call:
            if changed:
                services.canned_reply_update(actor=request.actor, canned_reply=reply, **changed)
        if not call.failed:
            messages.success(
                request, _("Canned reply saved.") if changed else _("Nothing was changed.")
            )
            return redirect("canned-reply-list")
    return render(request, "portal/canned/form.html", {"form": form, "reply": reply})


@role_required("admin")
@post_action
def canned_reply_delete(request, pk):
    reply = get_for_actor(request.actor, CannedReply.objects, pk=pk)
    with service_errors(request) as call:
        services.canned_reply_delete(actor=request.actor, canned_reply=reply)
    if not call.failed:
        messages.success(request, _("Canned reply deleted."))
    return redirect("canned-reply-list")
