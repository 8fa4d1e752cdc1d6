"""The customer's status page: the secret link from every e-mail (no account needed).

It shows the subject, the status and the public thread, in the customer's language (or the one
they switch to with ``?lang=``), and lets them reply, confirm the resolution or say it is not
solved. GET never changes anything; every POST is CSRF-protected and rate-limited per link and
address, because the link is the only credential.
"""

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_GET, require_POST

from core.errors import REFUSALS, refusal_of
from tickets import selectors, services
from tickets.models import TicketStatus
from tickets.services import attachments

POST_LIMIT = getattr(settings, "TICKET_STATUS_POST_LIMIT", 10)
POST_WINDOW = getattr(settings, "TICKET_STATUS_POST_WINDOW", 600)  # seconds
# The customer's words for where their request stands (the partner's states are internal jargon).
CUSTOMER_STATUS = {
    TicketStatus.NEW: gettext_lazy("Received — we will answer soon"),
    TicketStatus.OPEN: gettext_lazy("We are working on it"),
    TicketStatus.PENDING_CUSTOMER: gettext_lazy("Waiting for your reply"),
    TicketStatus.ESCALATED: gettext_lazy("Forwarded to the cloud operator on your behalf"),
    TicketStatus.RESOLVED: gettext_lazy("Resolved — please confirm or tell us it is not solved"),
    TicketStatus.CLOSED: gettext_lazy("Closed"),
}


def _ticket(token: str):
    ticket = selectors.status_page_ticket(token=token)
    if ticket is None:
        raise Http404
    return ticket


def _language(request, ticket) -> str:
    requested = request.GET.get("lang") or request.POST.get("lang")
    return requested if requested in settings.LANGUAGE_CODES else ticket.customer.language


def _page(request, ticket, language, status=200, errors=None, form_body=""):
    with translation.override(language):
        response = render(
            request,
            "public/status.html",
            {
                "ticket": ticket,
                "partner": ticket.partner,
                "status_label": CUSTOMER_STATUS[ticket.status],
                "thread": selectors.status_page_messages(ticket=ticket),
                "can_reply": ticket.status != TicketStatus.CLOSED,
                "can_confirm": ticket.status == TicketStatus.RESOLVED,
                "errors": errors or [],
                "form_body": form_body,
                "lang": language,
                "max_bytes": attachments.MAX_BYTES,
                "accept": ",".join(sorted(attachments.ALLOWED)),
            },
            status=status,
        )
    response.headers["Content-Language"] = language
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
@ensure_csrf_cookie  # a tab left open on a page without forms can still post from a refreshed one
@require_GET
def status_page(request, token):
    ticket = _ticket(token)
    return _page(request, ticket, _language(request, ticket))


def _rate_limited(request, token) -> bool:
    key = f"tickets:status-post:{token}:{request.META.get('REMOTE_ADDR', '')}"
    cache.add(key, 0, timeout=POST_WINDOW)
    try:
        return cache.incr(key) > POST_LIMIT
    except ValueError:  # expired between add and incr: this is the first post of a new window
        cache.add(key, 1, timeout=POST_WINDOW)
        return False


def _post(request, token, act, done_message):
    """Run one customer action: refuse when rate-limited, show the reason when refused."""
    ticket = _ticket(token)
    language = _language(request, ticket)
    with translation.override(language):
        if _rate_limited(request, token):
            return _page(
                request, ticket, language, 429, [_("Too many attempts. Please wait a few minutes.")]
            )
        try:
            act(ticket)
        except REFUSALS as exc:
            refusal = refusal_of(exc)
            # Bad input keeps what they typed; a refused action (already closed…) starts afresh.
            typed = request.POST.get("body", "") if refusal.field_errors is not None else ""
            return _page(request, ticket, language, refusal.status, refusal.messages, typed)
        messages.success(request, done_message())
    return HttpResponseRedirect(f"{reverse('ticket-status', args=[token])}?lang={language}")


@never_cache
@require_POST
def status_reply(request, token):
    return _post(
        request,
        token,
        lambda t: services.customer_reply(
            ticket=t, body=request.POST.get("body", ""), files=request.FILES.getlist("files")
        ),
        lambda: _("Thank you, your message was sent."),
    )


@never_cache
@require_POST
def status_confirm(request, token):
    return _post(
        request,
        token,
        lambda t: services.customer_confirm(ticket=t),
        lambda: _("Thank you for confirming. This request is now closed."),
    )


@never_cache
@require_POST
def status_reject(request, token):
    return _post(
        request,
        token,
        lambda t: services.customer_reject(ticket=t, body=request.POST.get("body", "")),
        lambda: _("We are sorry it is not solved yet. We will get back to you."),
    )


@never_cache
@require_GET
def status_attachment(request, token, pk):
    attachment = selectors.status_page_attachment(ticket=_ticket(token), pk=pk)
    if attachment is None:
        raise Http404
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.filename,
        content_type=attachment.content_type,
    )
