"""What the ticket and escalation lists may be filtered by: one meaning for the API's query string
and the web queues' forms.

The API validates its query string with these sets (a bad value is a 400) and hands it on; a web
form hands on its own cleaned values. Either way the selector applies the set, which simply skips a
value it cannot parse. A filter left out filters nothing: an absent ``status`` is every ticket, and
the web queues ask for their default explicitly (``status="active"``, ``status="open"``).
"""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django_filters.fields import MultipleChoiceField

from core.actors import Actor
from core.filters import IdFilter
from core.search import text_search
from tickets.models import (
    OPEN_ESCALATION,
    Category,
    EscalationStatus,
    Message,
    Priority,
    TicketStatus,
    Visibility,
)
from tickets.selectors.threads import visible_visibilities

ALL = "all"  # no filter on the status, said out loud (the web's "All tickets" / "All escalations")
ACTIVE = "active"  # tickets not closed: the work still in hand, resolved ones included
OPEN = "open"  # escalations not yet decided (OPEN_ESCALATION)


class OneOrMoreField(MultipleChoiceField):
    """Several values from a query string (``?status=new&status=open``), or one from a form."""

    def to_python(self, value):
        return super().to_python([value] if value and isinstance(value, str) else value)


class OneOrMore(django_filters.MultipleChoiceFilter):
    field_class = OneOrMoreField


def one_of(choices, **kwargs):
    # No joins here, so no duplicates: without distinct=False django-filter adds a DISTINCT that
    # makes PostgreSQL hash every matching row before it can take a page.
    return OneOrMore(choices=choices, distinct=False, **kwargs)


def status_filter(queryset, values, named: dict[str, Q]):
    """Rows in any of the concrete statuses in ``values`` or of a named group; ``all`` is none."""
    values = set(values)
    if ALL in values:
        return queryset
    groups = [named[name] for name in values if name in named]
    concrete = sorted(values - set(named))
    if not groups:
        return queryset.filter(status__in=concrete)
    condition = Q(status__in=concrete) if concrete else Q()
    for group in groups:
        condition |= group
    return queryset.filter(condition)


class TicketFilters(django_filters.FilterSet):
    # Plain numbers, not model choices: a choice field would validate the id against every
    # partner's rows and so tell whether another partner's customer exists.
    status = one_of(
        [*TicketStatus.choices, (ACTIVE, "any status but closed"), (ALL, "any status")],
        method="filter_status",
    )
    customer = IdFilter(field_name="customer_id")
    category = one_of(Category.choices)
    assignee = IdFilter(field_name="assignee_id")
    unassigned = django_filters.BooleanFilter(field_name="assignee", lookup_expr="isnull")
    priority = one_of(Priority.choices)
    # Subject, description, every message the actor may read, customer name and e-mail, invoice
    # number, ticket number; ``q`` is the queue form's name for the same search.
    search = django_filters.CharFilter(method="filter_search")
    q = django_filters.CharFilter(method="filter_search")

    def __init__(self, data=None, queryset=None, *, actor: Actor | None = None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.actor = actor

    def filter_status(self, queryset, name, value):
        return status_filter(queryset, value, {ACTIVE: ~Q(status=TicketStatus.CLOSED)})

    def filter_search(self, queryset, name, value):
        return search_tickets(queryset, value, actor=self.actor)


TICKET_SEARCH_FIELDS = {
    "subject": 8,
    "customer__name": 4,
    "customer__email": 4,
    "invoice__number": 4,
    "description": 2,
}


def search_tickets(queryset, value, *, actor: Actor | None):
    """Tickets holding every word of ``value`` (``core.search``). Message bodies count only among
    the messages the actor may read: internal notes for partner users, never for the operator (no
    actor: public messages only)."""
    readable = visible_visibilities(actor) if actor else (Visibility.PUBLIC,)
    # The actor's partner's messages only: PostgreSQL hashes this subquery once per word, and
    # scoped it reads that partner's matching bodies, not every partner's.
    messages = Message.objects.for_actor(actor) if actor else Message.objects.none()

    def in_messages(word):
        return Exists(
            messages.filter(ticket=OuterRef("pk"), visibility__in=readable, body__icontains=word)
        )

    return text_search(
        queryset,
        value,
        fields=TICKET_SEARCH_FIELDS,
        related=((in_messages, 1),),
        number_weight=100,
        text_fields=("subject", "description"),
    )


class EscalationFilters(django_filters.FilterSet):
    status = one_of(
        [*EscalationStatus.choices, (OPEN, "not yet decided"), (ALL, "any status")],
        method="filter_status",
    )
    partner = IdFilter(field_name="partner_id")
    ticket = IdFilter(field_name="ticket_id")
    created_before = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="lt")

    def filter_status(self, queryset, name, value):
        return status_filter(queryset, value, {OPEN: Q(status__in=OPEN_ESCALATION)})
