"""The lists' query parameters: checked against the selectors' filter sets, and a stable ordering
(every order ends with the id as tie-breaker)."""

from django_filters import utils
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.filters import OrderingFilter

from tickets.selectors import with_priority_rank


class FilterParams(DjangoFilterBackend):
    """``?status=…&customer=…`` checked with the view's ``filterset_class`` (a bad value is a 400)
    and documented from it in the schema.

    It filters nothing itself: the view hands the query string to its selector, which applies the
    same filter set (``tickets.selectors.filters``), so the API and the pages share one meaning.
    """

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is not None and not filterset.is_valid():
            raise utils.translate_validation(filterset.errors)
        return queryset


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
