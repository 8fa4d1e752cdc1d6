"""``/``: where each role starts. The partner's dashboard is composed here, at the top of the
dependency graph (tickets → billing → partners), because its panels read every app: ``partners``
may not import tickets or billing, so it only provides the template and its panel includes.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from billing import selectors as billing_selectors
from core.actors import actor_for
from core.web import role_required
from partners.selectors import first_rows
from tickets import selectors
from tickets.models import TicketStatus
from web.portal.activity import needs_you

PANEL_ROWS = 6


@login_required
def home(request):
    actor = actor_for(request.user)
    if actor.is_operator:
        return redirect("console-escalation-list")  # the operator's daily work
    if actor.is_partner_user:
        return dashboard(request)
    return render(request, "portal/no_role.html")


def _status_bars(actor) -> list[dict]:
    counts = selectors.ticket_status_counts(actor=actor)
    queue = reverse("ticket-list")
    return [
        {
            "status": value,
            "label": label,
            "value": counts.get(value, 0),
            "href": f"{queue}?{urlencode({'status': value})}",
        }
        for value, label in TicketStatus.choices
        if value != TicketStatus.CLOSED
    ]


@role_required("partner")
def dashboard(request):
    actor = request.actor
    bars = _status_bars(actor)
    now = timezone.now()
    context = {
        "now": now,
        "ticket_bars": bars,
        "ticket_bars_max": max([bar["value"] for bar in bars] + [0]),
        "open_ticket_total": sum(bar["value"] for bar in bars),
        "sla_breaches": first_rows(selectors.sla_breaches(actor=actor, now=now), PANEL_ROWS),
        "close_loop_due": first_rows(selectors.close_loop_owed(actor=actor), PANEL_ROWS),
        "needs_you": needs_you(actor),
    }
    context.update(billing_selectors.dashboard_panels(actor=actor, today=timezone.localdate()))
    return render(request, "portal/dashboard.html", context)
