"""Reads for partners, members and customers, always scoped to the actor.

One selector per list, ``<noun>_list(*, actor, filters=None)``, which the API and the pages both
call with the filters their query parameters or search box give; the FilterSet beside it says
what each filter means. What only a page shows (counts per row) is a separate annotation,
``<noun>_counts(...)``, that the page adds.
"""

import zoneinfo

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import OuterRef, Q
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from knox.models import AuthToken

from core.actors import Actor
from core.queries import count_subquery
from core.search import searched
from partners.models import LANGUAGE_CHOICES, Customer, Event, Membership, Partner


class PartnerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search")  # name, slug or support e-mail

    class Meta:
        model = Partner
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value) | Q(slug__icontains=value) | Q(support_email__icontains=value)
        )


def partner_list(*, actor: Actor, filters: dict | None = None):
    qs = Partner.objects.for_actor(actor).order_by("name", "id")
    return PartnerFilter(filters or {}, qs).qs


def partner_days(*, now) -> dict:
    """{each partner's today at ``now``: the time zones whose partners are on that day} (one
    query over the few distinct zones; at any instant there are at most three such days)."""
    days: dict = {}
    zones = Partner.objects.order_by().values_list("time_zone", flat=True).distinct()
    for zone in zones:
        days.setdefault(now.astimezone(zoneinfo.ZoneInfo(zone)).date(), []).append(zone)
    return days


def member_list(*, actor: Actor, partner_id: int | None = None):
    qs = Membership.objects.for_actor(actor).select_related("user", "partner")
    return qs.filter(partner_id=partner_id) if partner_id else qs


class CustomerFilter(django_filters.FilterSet):
    # Name or e-mail, best matches first (``core.search``); ``q`` is the pages' name for it.
    search = django_filters.CharFilter(method="search_text")
    q = django_filters.CharFilter(method="search_text")
    language = django_filters.ChoiceFilter(choices=LANGUAGE_CHOICES)
    collections_exempt = django_filters.BooleanFilter()
    external_id = django_filters.CharFilter()  # the partner's key or a Partner Center GUID

    class Meta:
        model = Customer
        fields = []

    def search_text(self, queryset, name, value):
        return searched(
            queryset, value, fields={"name": 8, "email": 4}, text_fields=("name", "email")
        )


def customer_list(*, actor: Actor, filters: dict | None = None):
    """Each customer with ``last_email_bounce``: the status code when the last
    e-mail to its contact e-mail bounced (``""`` delivered, ``None`` none sent)."""
    from notifications.selectors import last_email_bounce_of

    qs = (
        Customer.objects.for_actor(actor)
        .annotate(last_email_bounce=last_email_bounce_of(actor=actor, recipient=OuterRef("email")))
        .order_by("name", "id")
    )
    return CustomerFilter(filters or {}, qs).qs


def event_list_for(*, actor: Actor, obj):
    return (
        Event.objects.for_actor(actor)
        .filter(object_type=obj._meta.model_name, object_id=obj.pk)
        .select_related("actor")
        .order_by("created_at", "id")
    )


def user_language(user) -> str:
    """The language a signed-in user reads in: their own choice, else their partner's."""
    row = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .values("profile__language", "membership__partner__default_language")
        .first()
    ) or {}
    return row.get("profile__language") or row.get("membership__partner__default_language") or ""


def member_recipients(*, partner, roles=("admin", "agent")):
    """(user id, e-mail, language) for each member with an e-mail; language falls back to the
    partner's.
    """
    rows = (
        Membership.objects.filter(partner=partner, role__in=roles)
        .exclude(user__email="")
        .values_list("user_id", "user__email", "user__profile__language")
        .order_by("user_id")
    )
    return [(uid, email, lang or partner.default_language) for uid, email, lang in rows]


# --- What the pages add to a list or a panel -----------------------------------------------


def first_rows(queryset, limit: int) -> dict:
    """A dashboard panel: the first ``limit`` rows, how many there are in all, and how many more
    (two queries, whatever the count)."""
    rows = list(queryset[:limit])
    total = queryset.count()
    return {"rows": rows, "total": total, "more": max(0, total - len(rows))}


def partner_counts(*, actor: Actor) -> dict:
    """For the operator's partner list: members, admins and customers of each partner."""
    members = Membership.objects.for_actor(actor)
    return {
        "member_count": count_subquery(members, "partner"),
        "admin_count": count_subquery(members.filter(role="admin"), "partner"),
        "customer_count": count_subquery(Customer.objects.for_actor(actor), "partner"),
    }


def partner_members(*, actor: Actor, partner_id: int):
    return (
        member_list(actor=actor, partner_id=partner_id)
        .select_related("user__profile")
        .order_by("role", "user__username")
    )


def api_token_list(*, user):
    """The user's live tokens, newest first (expired ones are as good as gone)."""
    return AuthToken.objects.filter(user=user, expiry__gt=timezone.now()).order_by("-created")


def mfa_recovery_codes_left(user) -> int:
    """How many unused recovery codes the user still has (each signs in once)."""
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
