"""Every route of the site from the URL resolver, and sample values that make each one a
real page of the demo desk (the route walks of tests/web/ use them)."""

import re

from django.urls import URLPattern, URLResolver, get_resolver

from billing.models import Invoice, Statement, Subscription, SuspensionRequest
from imports.models import ImportJob
from notifications.models import Activity, Notification
from partners.models import Customer, Partner
from tickets.models import Attachment, CannedReply, Escalation, Ticket

SKIP = ("admin/", "api/schema", "api/docs", "i18n/", "logout/", "healthz")
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b(?!.*\bdjango_session\b)", re.I)


def routes(patterns=None, prefix=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            yield from routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def as_path(route: str) -> str | None:
    """A router's regex route as a path route (``^tickets/(?P<pk>[^/.]+)/$`` →
    ``tickets/<pk>/``)."""
    if "\\." in route or "format" in route:  # format-suffix variants repeat the same views
        return None
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<\1>", route)
    return route.replace("^", "").replace("$", "")


def site_routes():
    paths = {as_path(r) for r in routes()}
    return sorted(r for r in paths if r is not None and not r.startswith(SKIP))


def pk_of(model, partner: Partner) -> int:
    """The id of one of the partner's rows, or an id nobody has when the demo made none."""
    row = model.objects.filter(partner=partner).order_by("pk").first()
    return row.pk if row else 10**9


def sample_values(partner: Partner):
    """Ids of the demo partner's own objects, so that pages render rather than answer 404."""
    mine = {"partner": partner}
    ticket = (
        Ticket.objects.filter(escalations__isnull=False, **mine).first()
        or Ticket.objects.filter(**mine).first()
    )
    subscription = Subscription.objects.filter(**mine).first()
    statement = Statement.objects.filter(**mine).first()
    return {
        "invoices/": Invoice.objects.filter(**mine).first().pk,
        "subscriptions/": subscription.pk,
        "ops/subscriptions/": subscription.pk,
        "ready-to-suspend/": (SuspensionRequest.objects.filter(**mine).first() or subscription).pk,
        "statements/": statement.pk,
        "ops/statements/": statement.pk,
        "partners/": partner.pk,
        "customers/": Customer.objects.filter(**mine).first().pk,
        "tickets/": ticket.pk,
        "escalations/": (Escalation.objects.filter(**mine).first() or ticket).pk,
        "attachments/": pk_of(Attachment, partner),
        "files/": pk_of(Attachment, partner),
        "canned-replies/": pk_of(CannedReply, partner),
        "notifications/": pk_of(Notification, partner),
        "suspension-requests/": pk_of(SuspensionRequest, partner),
        "activity/": pk_of(Activity, partner),
        "imports/": pk_of(ImportJob, partner),
        "slug": partner.slug,
        "token": ticket.status_token,
        "action": "resolve",
    }


def concrete(route: str, values: dict) -> str:
    def fill(match):
        name = match.group(2)
        if name in values:
            return str(values[name])
        before = route[: match.start()]
        key = max(
            (k for k in values if k.endswith("/") and before.endswith(k)), key=len, default=None
        )
        return str(values[key] if key else 1)

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", fill, route)
