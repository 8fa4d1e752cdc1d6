"""What the ticket and escalation lists may be filtered by: one meaning for the API's query string
and the web queues' forms.

The API validates its query string with these sets (a bad value is a 400) and hands it on; a web
form hands on its own cleaned values. Either way the selector applies the set, which simply skips a
value it cannot parse. A filter left out filters nothing: an absent ``status`` is every ticket, and
the web queues ask for their default explicitly (``status="active"``, ``status="open"``).
"""

import re

import django_filters
from django.db import connection
from django.db.models import Exists, OuterRef, Q, Value
from django.db.models.functions import StrIndex, Upper
from django.db.models.lookups import GreaterThan
from django_filters.fields import MultipleChoiceField

from core.actors import Actor
from core.filters import IdFilter
from core.search import any_of, ranked, search_words, word_matches, word_number
from tickets.models import (
    OPEN_ESCALATION,
    Category,
    EscalationStatus,
    Message,
    Priority,
    TicketSearch,
    TicketStatus,
    Visibility,
)
from tickets.models.search import NEWEST
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
        others = (field for field in self.filters if field not in ("search", "q"))
        narrowed = any(self.form.cleaned_data.get(field) not in (None, "", []) for field in others)
        return search_tickets(queryset, value, actor=self.actor, narrowed=narrowed)


TICKET_SEARCH_FIELDS = {
    "subject": 8,
    "customer__name": 4,
    "customer__email": 4,
    "invoice__number": 4,
    "description": 2,
}
# A search ranks at most this many tickets, its newest matches, and counts no further: ranking
# every match of a word in most tickets costs what the partner holds (docs/benchmarks-tickets.md).
SEARCH_CANDIDATES = 200


def search_tickets(queryset, value, *, actor: Actor | None, narrowed: bool = True):
    """Tickets holding every word of ``value`` (``core.search``), ranked among the newest
    ``SEARCH_CANDIDATES`` that do. Message bodies count only among the messages the actor may
    read: internal notes for partner users, never for the operator (no actor: no messages).

    PostgreSQL finds the candidates in the tickets' search documents (``TicketSearch``: one row a
    ticket, trigram indexes), SQLite in the columns themselves; both rank with the same weights.
    ``narrowed``: ``queryset`` is more than the actor's tickets (other filters), so the candidates
    are taken among its rows; unnarrowed, the actor's documents are exactly its rows, and leaving
    the join out lets PostgreSQL see that most of a partner's documents may match.
    """
    words = search_words(value)
    if not words:
        return queryset
    documents = connection.vendor == "postgresql"
    in_messages = message_condition(actor, documents=documents)
    found = {
        word: word_matches(
            word,
            fields=TICKET_SEARCH_FIELDS,
            related=((in_messages, 1),) if in_messages else (),
            number_weight=100,
        )
        for word in words
    }
    if documents:
        # From the actor's documents (their partner index walks newest first), among the tickets
        # the other filters leave if there are any.
        scope = TicketSearch.objects.for_actor(actor) if actor else TicketSearch.objects.all()
        matching = scope.filter(*(document_condition(word, actor) for word in words))
        newest = NEWEST.asc() if actor and actor.partner_id else "-ticket"
        if narrowed or actor is None:
            matching = matching.filter(ticket__in=queryset)
        candidates = matching.order_by(newest).values("ticket")
    else:
        matching = queryset.filter(*(any_of(matches) for matches in found.values()))
        candidates = matching.order_by("-pk").values("pk")
    candidates = candidates[:SEARCH_CANDIDATES]
    return ranked(queryset.filter(pk__in=candidates), found, text_fields=("subject", "description"))


def reads_notes(actor: Actor | None) -> bool:
    return actor is not None and Visibility.INTERNAL in visible_visibilities(actor)


def message_condition(actor: Actor | None, *, documents: bool):
    """``word -> condition``: the word is in a message ``actor`` may read (``None``: no actor
    reads none). In the search document on PostgreSQL, in the messages themselves on SQLite."""
    if actor is None:
        return None
    if documents:
        notes = reads_notes(actor)

        def in_document(word):
            condition = holds("search__messages", word)
            return condition | holds("search__notes", word) if notes else condition

        return in_document
    readable = visible_visibilities(actor)
    # The actor's partner's messages only: SQLite reads that partner's bodies, not every one's.
    messages = Message.objects.for_actor(actor)

    def in_messages(word):
        return Exists(
            messages.filter(ticket=OuterRef("pk"), visibility__in=readable, body__icontains=word)
        )

    return in_messages


def document_condition(word: str, actor: Actor | None) -> Q:
    """The word somewhere in the ticket's search document (its own texts, its customer's and its
    invoice's, the messages ``actor`` may read) or the ticket's number: one table, so each text is
    one trigram index condition."""
    find = in_text if TRIGRAM.search(word) else holds
    condition = find("document", word)
    if actor is not None:
        condition |= find("messages", word)
        if reads_notes(actor):
            condition |= find("notes", word)
    number = word_number(word)
    return condition | Q(ticket_id=number) if number is not None else condition


# A run of three letters or digits: what pg_trgm can look up. A shorter word ("账单", "2-7") has
# no trigram of its own; its index condition reads a superset bigger than the partner's
# documents (170,000 rows for "1-7" at a million tickets), so it is a plain filter instead.
TRIGRAM = re.compile(r"[^\W_]{3,}")


def in_text(column: str, word: str) -> Q:
    """``word`` in an upper-cased ``TicketSearch`` text, as ``LIKE`` (its trigram index)."""
    return Q(**{f"{column}__contains": Upper(Value(word))})


def holds(column: str, word: str) -> Q:
    """``word`` in an upper-cased ``TicketSearch`` text, as ``strpos``: no index, no ``UPPER``
    of the text."""
    return Q(GreaterThan(StrIndex(column, Upper(Value(word))), 0))


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
