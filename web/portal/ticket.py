"""The partner's ticket page and everything done from it.

GET shows the page; each action is its own POST URL (``/tickets/<id>/<action>/``) that calls one
service inside ``service_errors`` and redirects back to the page (post/redirect/get). When the
service refuses, the page is shown again with the typed text kept and the service's reason on the
form (or on top of the page for a refused transition). Which buttons show follows the ticket's
state machine (``get_available_status_transitions``), but the services stay the only guard.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from core.web import get_for_actor, role_required, service_errors
from tickets import selectors, services
from tickets.models import ESCALABLE_CATEGORIES, Message, Visibility
from web.forms import tickets as forms
from web.portal.tickets import member_choices

REPLY_DONE = {
    Visibility.PUBLIC: gettext_lazy("Reply sent to the customer."),
    Visibility.INTERNAL: gettext_lazy("Internal note added. Only your team sees it."),
    Visibility.OPERATOR: gettext_lazy("Message sent to the operator."),
}


@dataclass(frozen=True)
class Action:
    form: type | None  # None: a button without fields
    run: Callable  # (actor, ticket, escalation, cleaned data) → whatever the service returns
    done: Callable  # (cleaned data) → the success message
    anchor: str = ""  # where the page scrolls back to


def _reply(actor, ticket, escalation, data):
    return services.ticket_reply(
        actor=actor,
        ticket=ticket,
        body=data["body"],
        visibility=data["visibility"],
        canned_reply=data["canned_reply"],
        files=data["files"],
    )


def _escalation(escalation):
    if escalation is None:  # nothing was ever escalated: there is nothing to answer or withdraw
        raise Http404
    return escalation


ACTIONS = {
    "reply": Action(forms.ReplyForm, _reply, lambda d: REPLY_DONE[d["visibility"]], "thread-end"),
    "assign": Action(
        forms.AssignForm,
        lambda a, t, e, d: services.ticket_assign(actor=a, ticket=t, assignee=d["assignee"]),
        lambda d: _("Assignment saved."),
    ),
    "wait": Action(
        forms.WaitForm,
        lambda a, t, e, d: services.ticket_wait_on_customer(
            actor=a, ticket=t, body=d["body"], files=d["files"]
        ),
        lambda d: _("Question sent. The ticket now waits on the customer."),
        "thread-end",
    ),
    "escalate": Action(
        forms.EscalateForm,
        lambda a, t, e, d: services.ticket_escalate(actor=a, ticket=t, **d),
        lambda d: _("Escalated to the operator. The customer was told by e-mail."),
        "escalation",
    ),
    "resolve": Action(
        forms.ResolveForm,
        lambda a, t, e, d: services.ticket_resolve(actor=a, ticket=t, resolution=d["resolution"]),
        lambda d: _("Resolved. The customer received the resolution by e-mail."),
    ),
    "close": Action(
        None,
        lambda a, t, e, d: services.ticket_close(actor=a, ticket=t),
        lambda d: _("Ticket closed."),
    ),
    "reopen": Action(
        None,
        lambda a, t, e, d: services.ticket_reopen(actor=a, ticket=t),
        lambda d: _("Ticket reopened."),
    ),
    "answer": Action(
        forms.AnswerForm,
        lambda a, t, e, d: services.escalation_answer(actor=a, escalation=_escalation(e), **d),
        lambda d: _("Answer sent. The escalation is back in the operator's review."),
        "escalation",
    ),
    "withdraw": Action(
        forms.WithdrawForm,
        lambda a, t, e, d: services.escalation_withdraw(actor=a, escalation=_escalation(e), **d),
        lambda d: _("Escalation withdrawn. The ticket is back with you."),
        "escalation",
    ),
}


def _ticket(request, pk):
    return get_for_actor(request.actor, selectors.ticket_detail(actor=request.actor), pk=pk)


def _form(name, actor, ticket, escalation, canned=None, request=None):
    """The page's form for action ``name``; bound to the request when that action was just
    posted."""
    form_class = ACTIONS[name].form
    if form_class is None:
        return None
    kwargs = {"data": request.POST, "files": request.FILES} if request is not None else {}
    if name == "reply":
        if canned is None:
            canned = selectors.canned_replies_in(actor=actor, language=ticket.customer.language)
        kwargs.update(canned=canned, operator_allowed=escalation is not None and escalation.is_open)
    elif name == "assign":
        kwargs.update(members=member_choices(actor), initial={"assignee": ticket.assignee_id})
    return form_class(prefix=name, **kwargs)


def _operator_question(ticket, escalation):
    """The operator's latest question, while the escalation waits on the partner's answer."""
    if escalation is None or escalation.status != "info_requested":
        return None
    asked = [m for m in ticket.visible_messages if m.author_kind == Message.AuthorKind.OPERATOR]
    return asked[-1] if asked else None


def _latest_escalation(ticket):
    return ticket.all_escalations[-1] if ticket.all_escalations else None


def _page(request, ticket, posted=None):
    """The ticket page; ``posted`` is the (action, form) just refused, shown with its errors."""
    actor = request.actor
    escalation = _latest_escalation(ticket)
    canned = selectors.canned_replies_in(actor=actor, language=ticket.customer.language)
    page_forms = {
        name: _form(name, actor, ticket, escalation, canned)
        for name, action in ACTIONS.items()
        if action.form
    }
    if posted and posted[1] is not None:
        page_forms[posted[0]] = posted[1]
    context = {
        "ticket": ticket,
        "escalation": escalation,
        "question": _operator_question(ticket, escalation),
        "forms": page_forms,
        "canned": canned,
        "can": {t.name for t in ticket.get_available_status_transitions()},
        "escalable": ticket.category in ESCALABLE_CATEGORIES,
        "events": selectors.ticket_events(actor=actor, ticket=ticket),
    }
    return render(request, "portal/tickets/ticket.html", context)


@role_required("partner")
@require_GET
def ticket_detail(request, pk):
    return _page(request, _ticket(request, pk))


@role_required("partner")
@require_POST
def ticket_action(request, pk, action):
    if action not in ACTIONS:
        raise Http404
    step = ACTIONS[action]
    ticket = _ticket(request, pk)
    escalation = _latest_escalation(ticket)
    form = _form(action, request.actor, ticket, escalation, request=request)
    if form is None or form.is_valid():
        data = form.cleaned_data if form is not None else {}
        with service_errors(request, form) as call:
            step.run(request.actor, ticket, escalation, data)
        if not call.failed:
            messages.success(request, step.done(data))
            return redirect(ticket.get_absolute_url() + (f"#{step.anchor}" if step.anchor else ""))
    # Refused or invalid: the page again, from the database, with this form as it was posted.
    return _page(request, _ticket(request, pk), posted=(action, form))
