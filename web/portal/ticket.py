"""The partner's ticket page and everything done from it.

GET shows the page; each action is its own POST URL (``/tickets/<id>/<action>/``) served by one
function below, read top to bottom: the scoped fetch, the posted form, one service inside
``service_errors``, a message and a redirect back to the page (post/redirect/get). When the service
refuses, the page is shown again with the typed text kept and the service's reason on the form (or
on top of the page for a refused transition). Which buttons show follows the ticket's state machine
(``get_available_status_transitions``), but the services stay the only guard.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from core.web import get_for_actor, post_action, role_required, service_errors
from mailgate import selectors as mailgate_selectors
from notifications import selectors as notification_selectors
from tickets import selectors, services
from tickets.models import ESCALABLE_CATEGORIES, Message, Visibility
from web.forms import tickets as forms
from web.portal.tickets import member_choices

REPLY_DONE = {
    Visibility.PUBLIC: gettext_lazy("Reply sent to the customer."),
    Visibility.INTERNAL: gettext_lazy("Internal note added. Only your team sees it."),
    Visibility.OPERATOR: gettext_lazy("Message sent to the operator."),
}

LAST_VISIBILITY = "ticket_reply_visibility"  # in the session: the composer keeps the last one used


def _ticket(request, pk):
    return get_for_actor(request.actor, selectors.ticket_detail(actor=request.actor), pk=pk)


def _latest_escalation(ticket):
    return ticket.all_escalations[-1] if ticket.all_escalations else None


def _escalation(ticket):
    """The escalation to answer or withdraw; a ticket never escalated has none to act on."""
    escalation = _latest_escalation(ticket)
    if escalation is None:
        raise Http404
    return escalation


def _reply_form(ticket, canned, data=None, files=None, last_visibility=None):
    """The composer. It offers "To the operator" only while an escalation is open and not waiting
    on an answer (then the escalation panel is the one place to answer). It still accepts one
    posted from a page opened before the operator asked: the service takes that message as the
    answer, the same as the panel's. A blank composer keeps the visibility last used, so an
    internal note is never followed by a public slip."""
    escalation = _latest_escalation(ticket)
    operator_allowed = (
        escalation is not None
        and escalation.is_open
        and (data is not None or escalation.status != "info_requested")
    )
    allowed = {Visibility.PUBLIC, Visibility.INTERNAL} | (
        {Visibility.OPERATOR} if operator_allowed else set()
    )
    return forms.ReplyForm(
        data,
        files,
        prefix="reply",
        canned=canned,
        operator_allowed=operator_allowed,
        initial={"visibility": last_visibility} if last_visibility in allowed else None,
    )


def _assign_form(actor, ticket, data=None):
    return forms.AssignForm(
        data,
        prefix="assign",
        members=member_choices(actor),
        initial={"assignee": ticket.assignee_id},
    )


def _operator_question(ticket, escalation):
    """The operator's latest question, while the escalation waits on the partner's answer."""
    if escalation is None or escalation.status != "info_requested":
        return None
    asked = [m for m in ticket.visible_messages if m.author_kind == Message.AuthorKind.OPERATOR]
    return asked[-1] if asked else None


def _page(request, ticket, **posted):
    """The ticket page; ``posted`` is the form just refused (by its action), shown with its
    errors."""
    actor = request.actor
    escalation = _latest_escalation(ticket)
    canned = selectors.canned_replies_in(actor=actor, language=ticket.customer.language)
    by_email = mailgate_selectors.ticket_email_sources(actor=actor, ticket=ticket)
    for message in ticket.visible_messages:
        message.inbound = by_email.get(message.pk)
    page_forms = {
        "reply": _reply_form(ticket, canned, last_visibility=request.session.get(LAST_VISIBILITY)),
        "assign": _assign_form(actor, ticket),
        "wait": forms.WaitForm(prefix="wait"),
        "escalate": forms.EscalateForm(prefix="escalate"),
        "resolve": forms.ResolveForm(prefix="resolve"),
        "answer": forms.AnswerForm(prefix="answer"),
        "withdraw": forms.WithdrawForm(prefix="withdraw"),
    } | posted
    context = {
        "ticket": ticket,
        "escalation": escalation,
        "question": _operator_question(ticket, escalation),
        "forms": page_forms,
        "canned": canned,
        "can": {t.name for t in ticket.get_available_status_transitions()},
        "escalable": ticket.category in ESCALABLE_CATEGORIES,
        "events": selectors.ticket_events(actor=actor, ticket=ticket),
        "request_email": by_email.get("request"),
        "bounces": list(
            notification_selectors.thread_bounces(actor=actor, thread=f"ticket:{ticket.pk}")
        ),
    }
    return render(request, "portal/tickets/ticket.html", context)


def _refused(request, pk, **posted):
    # Read the ticket again: the refused service may have changed the instance in memory before
    # its transaction rolled back.
    return _page(request, _ticket(request, pk), **posted)


def _back(ticket, anchor=""):
    return redirect(ticket.get_absolute_url() + (f"#{anchor}" if anchor else ""))


@role_required("partner")
@require_GET
def ticket_detail(request, pk):
    return _page(request, _ticket(request, pk))


# --- the actions, one POST view each (reached through ticket_action below) -----------------------


def reply(request, pk):
    ticket = _ticket(request, pk)
    canned = selectors.canned_replies_in(actor=request.actor, language=ticket.customer.language)
    form = _reply_form(ticket, canned, request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        with service_errors(request, form) as call:
            services.ticket_reply(
                actor=request.actor,
                ticket=ticket,
                body=data["body"],
                visibility=data["visibility"],
                canned_reply=data["canned_reply"],
                files=data["files"],
            )
        if not call.failed:
            request.session[LAST_VISIBILITY] = data["visibility"]
            messages.success(request, REPLY_DONE[data["visibility"]])
            return _back(ticket, "thread-end")
    return _refused(request, pk, reply=form)


def assign(request, pk):
    ticket = _ticket(request, pk)
    form = _assign_form(request.actor, ticket, request.POST)
    if form.is_valid():
        with service_errors(request, form) as call:
            services.ticket_assign(
                actor=request.actor, ticket=ticket, assignee=form.cleaned_data["assignee"]
            )
        if not call.failed:
            messages.success(request, _("Assignment saved."))
            return _back(ticket)
    return _refused(request, pk, assign=form)


def wait(request, pk):
    ticket = _ticket(request, pk)
    form = forms.WaitForm(request.POST, request.FILES, prefix="wait")
    if form.is_valid():
        with service_errors(request, form) as call:
            services.ticket_wait_on_customer(
                actor=request.actor,
                ticket=ticket,
                body=form.cleaned_data["body"],
                files=form.cleaned_data["files"],
            )
        if not call.failed:
            messages.success(request, _("Question sent. The ticket now waits on the customer."))
            return _back(ticket, "thread-end")
    return _refused(request, pk, wait=form)


def escalate(request, pk):
    ticket = _ticket(request, pk)
    form = forms.EscalateForm(request.POST, prefix="escalate")
    if form.is_valid():
        with service_errors(request, form) as call:
            services.ticket_escalate(actor=request.actor, ticket=ticket, **form.cleaned_data)
        if not call.failed:
            messages.success(
                request, _("Escalated to the operator. The customer was told by e-mail.")
            )
            return _back(ticket, "escalation")
    return _refused(request, pk, escalate=form)


def resolve(request, pk):
    ticket = _ticket(request, pk)
    form = forms.ResolveForm(request.POST, prefix="resolve")
    if form.is_valid():
        with service_errors(request, form) as call:
            services.ticket_resolve(
                actor=request.actor, ticket=ticket, resolution=form.cleaned_data["resolution"]
            )
        if not call.failed:
            messages.success(
                request, _("Resolved. The customer received the resolution by e-mail.")
            )
            return _back(ticket)
    return _refused(request, pk, resolve=form)


def close(request, pk):
    ticket = _ticket(request, pk)
    with service_errors(request) as call:
        services.ticket_close(actor=request.actor, ticket=ticket)
    if call.failed:
        return _refused(request, pk)
    messages.success(request, _("Ticket closed."))
    return _back(ticket)


def reopen(request, pk):
    ticket = _ticket(request, pk)
    with service_errors(request) as call:
        services.ticket_reopen(actor=request.actor, ticket=ticket)
    if call.failed:
        return _refused(request, pk)
    messages.success(request, _("Ticket reopened."))
    return _back(ticket)


def answer(request, pk):
    ticket = _ticket(request, pk)
    escalation = _escalation(ticket)
    form = forms.AnswerForm(request.POST, request.FILES, prefix="answer")
    if form.is_valid():
        with service_errors(request, form) as call:
            services.escalation_answer(
                actor=request.actor, escalation=escalation, **form.cleaned_data
            )
        if not call.failed:
            messages.success(
                request, _("Answer sent. The escalation is back in the operator's review.")
            )
            return _back(ticket, "escalation")
    return _refused(request, pk, answer=form)


def withdraw(request, pk):
    ticket = _ticket(request, pk)
    escalation = _escalation(ticket)
    form = forms.WithdrawForm(request.POST, prefix="withdraw")
    if form.is_valid():
        with service_errors(request, form) as call:
            services.escalation_withdraw(
                actor=request.actor, escalation=escalation, **form.cleaned_data
            )
        if not call.failed:
            messages.success(request, _("Escalation withdrawn. The ticket is back with you."))
            return _back(ticket, "escalation")
    return _refused(request, pk, withdraw=form)


ACTIONS = {
    "reply": reply,
    "assign": assign,
    "wait": wait,
    "escalate": escalate,
    "resolve": resolve,
    "close": close,
    "reopen": reopen,
    "answer": answer,
    "withdraw": withdraw,
}


@role_required("partner")
@post_action
def ticket_action(request, pk, action):
    """``/tickets/<id>/<action>/``: the role and the method are checked here, once, for every
    action; an unknown action is not found."""
    if action not in ACTIONS:
        raise Http404
    return ACTIONS[action](request, pk)
