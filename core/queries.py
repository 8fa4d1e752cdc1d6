"""ORM plumbing any app's selectors share."""

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce


def count_subquery(queryset, link: str):
    """A correlated COUNT subquery: one SQL query for the whole page, whatever its length.

    ``queryset`` rows point at the annotated row through ``link`` (e.g. invoices counted per
    customer: ``count_subquery(invoices, "customer")``); a row with none counts 0.
    """
    counted = (
        queryset.filter(**{link: OuterRef("pk")})
        .order_by()
        .values(link)
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))
