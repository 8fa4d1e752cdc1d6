"""What each filter of the billing lists means: one FilterSet per list, applied by its selector
(``billing.selectors.lists``) to whatever filters the caller built, the API from its query
parameters (``billing/api/serializers.py``, ``*FilterInput``) or a page from its GET form
(``web/forms/billing.py``). A name means the same thing wherever it is used.

Filters come already parsed (ids as ints, flags as booleans); an empty value filters nothing, and
so does a value that does not parse.
"""

import django_filters
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from billing.models import Invoice, Statement, Subscription, SuspensionReason, SuspensionRequest
from core.filters import IdFilter
from core.search import searched


def flag(method: str):
    """A yes/no filter that narrows the list when set and filters nothing when not."""
    return django_filters.BooleanFilter(method=method)


class InvoiceFilter(django_filters.FilterSet):
    # Number, customer name or e-mail, best matches first (``core.search``); ``q`` is the pages'
    # name for the same search.
    search = django_filters.CharFilter(method="search_text")
    q = django_filters.CharFilter(method="search_text")
    status = django_filters.ChoiceFilter(choices=Invoice.Status.choices)
    customer = IdFilter(field_name="customer_id")
    currency = django_filters.CharFilter()
    overdue = flag("only_overdue")  # open and past its due date
    frozen = flag("only_frozen")  # under an open dispute

    class Meta:
        model = Invoice
        fields = []

    def search_text(self, queryset, name, value):
        return searched(
            queryset,
            value,
            fields={"number": 8, "customer__name": 4, "customer__email": 2},
            text_fields=("number",),
        )

    def only_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(status=Invoice.Status.OPEN, due_date__lt=timezone.localdate())

    def only_frozen(self, queryset, name, value):
        return queryset.filter(freeze_count__gt=0) if value else queryset


def with_reason(queryset, reason: str):
    """Subscriptions whose set of suspension reasons holds ``reason``.

    PostgreSQL answers JSON containment (``@>``); SQLite has no such operator, so there the stored
    list is matched as text (reasons are fixed codes, quoted in the JSON).
    """
    if connection.vendor == "postgresql":
        return queryset.filter(suspension_reasons__contains=[reason])
    return queryset.filter(suspension_reasons__icontains=f'"{reason}"')


class SubscriptionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search")  # offer or customer name
    status = django_filters.ChoiceFilter(choices=Subscription.Status.choices)
    reason = django_filters.ChoiceFilter(choices=SuspensionReason.choices, method="held")
    customer = IdFilter(field_name="customer_id")
    partner = IdFilter(field_name="partner_id")
    external_id = django_filters.CharFilter()  # the partner's key or a Partner Center GUID

    class Meta:
        model = Subscription
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(Q(offer__icontains=value) | Q(customer__name__icontains=value))

    def held(self, queryset, name, value):
        return with_reason(queryset, value)


class StatementFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Statement.Status.choices)
    partner = IdFilter(field_name="partner_id")
    reported = flag("only_reported")  # the partner reported its payment; the operator confirms

    class Meta:
        model = Statement
        fields = []

    def only_reported(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(status=Statement.Status.OPEN, payment_reported_at__isnull=False)


class SuspensionRequestFilter(django_filters.FilterSet):
    open = django_filters.BooleanFilter(field_name="resolved_at", lookup_expr="isnull")

    class Meta:
        model = SuspensionRequest
        fields = []
