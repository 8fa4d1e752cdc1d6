"""Ticket filters and a stable ordering (every order ends with the id as tie-breaker)."""

import django_filters
from rest_framework.filters import OrderingFilter

from tickets.models import Category, EscalationStatus, Priority, TicketStatus
from tickets.selectors import with_priority_rank


def one_of(choices):
    # No joins here, so no duplicates: without distinct=False django-filter adds a DISTINCT that
    # makes PostgreSQL hash every matching row before it can take a page.
    return django_filters.MultipleChoiceFilter(choices=choices, distinct=False)


class TicketFilter(django_filters.FilterSet):
    # Plain numbers, not model choices: a choice field would validate the id against every
    # partner's rows and so tell whether another partner's customer exists.
    status = one_of(TicketStatus.choices)
    customer = django_filters.NumberFilter(field_name="customer_id")
    category = one_of(Category.choices)
    assignee = django_filters.NumberFilter(field_name="assignee_id")
    unassigned = django_filters.BooleanFilter(field_name="assignee", lookup_expr="isnull")
    priority = one_of(Priority.choices)


class EscalationFilter(django_filters.FilterSet):
    status = one_of(EscalationStatus.choices)
    partner = django_filters.NumberFilter(field_name="partner_id")
    ticket = django_filters.NumberFilter(field_name="ticket_id")


class StableOrdering(OrderingFilter):
    """``?ordering=`` with aliases (``priority`` sorts by rank, not by name) and ``-id``
    appended."""

    aliases = {"priority": "priority_rank", "-priority": "-priority_rank"}

    def get_ordering(self, request, queryset, view):
        ordering = super().get_ordering(request, queryset, view)
        if not ordering:
            return ordering  # the selector's own order, already stable
        ordering = [self.aliases.get(field, field) for field in ordering]
        return ordering if any(f.lstrip("-") == "id" for f in ordering) else [*ordering, "-id"]

    def filter_queryset(self, request, queryset, view):
        ordering = self.get_ordering(request, queryset, view)
        if not ordering:
            return queryset
        if any(field.lstrip("-") == "priority_rank" for field in ordering):
            queryset = with_priority_rank(queryset)
        return queryset.order_by(*ordering)
