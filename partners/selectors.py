"""Reads for partners, members and customers, always scoped to the actor."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from core.actors import Actor
from core.queries import count_subquery
from partners.models import Customer, Event, Membership, Partner


def partner_list(*, actor: Actor):
    return Partner.objects.for_actor(actor).order_by("name", "id")


def member_list(*, actor: Actor, partner_id: int | None = None):
    qs = Membership.objects.for_actor(actor).select_related("user", "partner")
    return qs.filter(partner_id=partner_id) if partner_id else qs


def customer_list(*, actor: Actor):
    return Customer.objects.for_actor(actor).order_by("name", "id")


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


# --- Lists and pages of the web UI -------------------------------------------------------------


def first_rows(queryset, limit: int) -> dict:
    """A dashboard panel: the first ``limit`` rows, how many there are in all, and how many more
    (two queries, whatever the count)."""
    rows = list(queryset[:limit])
    total = queryset.count()
    return {"rows": rows, "total": total, "more": max(0, total - len(rows))}


def customer_search(*, actor: Actor, query: str = ""):
    """The customer list page: name or e-mail search."""
    qs = customer_list(actor=actor)
    if query:
        qs = qs.filter(Q(name__icontains=query) | Q(email__icontains=query))
    return qs


def partner_search(*, actor: Actor, query: str = ""):
    """The operator's partner list, with member, admin and customer counts per partner."""
    qs = partner_list(actor=actor)
    if query:
        qs = qs.filter(
            Q(name__icontains=query) | Q(slug__icontains=query) | Q(support_email__icontains=query)
        )
    members = Membership.objects.for_actor(actor)
    return qs.annotate(
        member_count=count_subquery(members, "partner"),
        admin_count=count_subquery(members.filter(role="admin"), "partner"),
        customer_count=count_subquery(Customer.objects.for_actor(actor), "partner"),
    )


def partner_members(*, actor: Actor, partner_id: int):
    return (
        member_list(actor=actor, partner_id=partner_id)
        .select_related("user__profile")
        .order_by("role", "user__username")
    )
