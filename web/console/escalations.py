"""Operator console: the escalation queue across every partner, and one escalation's page.

The operator reads a case through ``selectors.escalation_detail``, which loads the ticket's public
and operator messages only: a partner's internal notes are never fetched, so no template can
show them. Actions are POSTs to ``/ops/escalations/<id>/<action>/`` through the services.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from core.web import get_for_actor, paginate, role_required, service_errors
from partners import selectors as partner_selectors
from tickets import selectors, services
from tickets.models import OPEN_ESCALATION, EscalationStatus
from web.forms import tickets as forms


@role_required("operator")
@require_GET
def escalation_list(request):
    actor = request.actor
    partners = list(partner_selectors.partner_list(actor=actor).values_list("pk", "name"))
    form = forms.EscalationQueueForm(
        request.GET, partners=partners, statuses=EscalationStatus.choices
    )
    now = timezone.now()
    filters = form.filters(now=now)
    page = paginate(request, selectors.escalation_list(actor=actor, filters=filters))
    filtered = (
        filters["status"] != selectors.OPEN or filters["partner"] or filters["created_before"]
    )
    return render(
        request,
        "console/escalations/escalation_list.html",
        {"form": form, "page": page, "filtered": filtered, "now": now},
    )


@dataclass(frozen=True)
class Action:
    form: type | None
    run: object  # (actor, escalation, cleaned data) → the escalation
    done: str  # lazily translated


ACTIONS = {
    "take": Action(
        None,
        lambda a, e, d: services.escalation_take(actor=a, escalation=e),
        gettext_lazy("You took this escalation. The partner sees it is in review."),
    ),
    "ask": Action(
        forms.RequestInfoForm,
        lambda a, e, d: services.escalation_request_info(
            actor=a, escalation=e, question=d["question"]
        ),
        gettext_lazy("Question sent. The partner's members were told by e-mail."),
    ),
    "resolve": Action(
        forms.EscalationResolveForm,
        lambda a, e, d: services.escalation_resolve(actor=a, escalation=e, **d),
        gettext_lazy("Escalation resolved. The partner must now close the loop with the customer."),
    ),
}


def _escalation(request, pk):
    return get_for_actor(request.actor, selectors.escalation_detail(actor=request.actor), pk=pk)


def _page(request, escalation, posted=None):
    page_forms = {name: action.form(prefix=name) for name, action in ACTIONS.items() if action.form}
    if posted is not None:
        page_forms[posted[0]] = posted[1]
    if escalation.ticket.invoice is not None:  # a credit is in the currency of the disputed invoice
        credit = page_forms["resolve"].fields["credit_amount"]
        credit.label = _("Credit (%(currency)s)") % {"currency": escalation.ticket.invoice.currency}
    context = {
        "escalation": escalation,
        "ticket": escalation.ticket,
        # public + operator only (selectors.escalation_detail)
        "thread": escalation.ticket.visible_messages,
        "forms": page_forms,
        "can": {t.name for t in escalation.get_available_status_transitions()},
        "is_open": escalation.status in OPEN_ESCALATION,
        "events": selectors.escalation_events(actor=request.actor, escalation=escalation),
    }
    return render(request, "console/escalations/escalation_detail.html", context)


@role_required("operator")
@require_GET
def escalation_detail(request, pk):
    return _page(request, _escalation(request, pk))


@role_required("operator")
@require_POST
def escalation_action(request, pk, action):
    if action not in ACTIONS:
        raise Http404
    step = ACTIONS[action]
    escalation = _escalation(request, pk)
    form = step.form(request.POST, prefix=action) if step.form else None
    if form is None or form.is_valid():
        with service_errors(request, form) as call:
            step.run(request.actor, escalation, form.cleaned_data if form else {})
        if not call.failed:
            messages.success(request, step.done)
            return redirect(reverse("console-escalation-detail", args=[escalation.pk]))
    return _page(request, _escalation(request, pk), posted=(action, form) if form else None)
