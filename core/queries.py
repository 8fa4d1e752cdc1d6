"""ORM plumbing any app's selectors share."""

from django.db import connections
from django.db.models import (
    Aggregate,
    Count,
    DateField,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber


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


class Seconds(Func):
    """``end - start`` in seconds, as a float, on PostgreSQL and SQLite alike."""

    arity = 2
    output_field = FloatField()

    def as_sql(self, compiler, connection, **extra):
        return self._sql(compiler, connection, "EXTRACT(EPOCH FROM ({0} - {1}))")

    def as_sqlite(self, compiler, connection, **extra):
        return self._sql(compiler, connection, "((julianday({0}) - julianday({1})) * 86400.0)")

    def _sql(self, compiler, connection, template: str):
        parts = [compiler.compile(expression) for expression in self.get_source_expressions()]
        sql = template.format(*(part for part, _params in parts))
        return sql, tuple(param for _part, params in parts for param in params)


class PercentileDisc(Aggregate):
    """PostgreSQL's ``percentile_disc(f) WITHIN GROUP (ORDER BY x)``: the first value whose rank
    reaches ``f`` of the group (nearest rank, no interpolation)."""

    function = "percentile_disc"
    output_field = FloatField()

    def __init__(self, expression, fraction: float, **extra):
        self.fraction = float(fraction)
        super().__init__(expression, **extra)

    def as_sql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.get_source_expressions()[0])
        return f"percentile_disc({self.fraction!r}) WITHIN GROUP (ORDER BY {sql})", params


def percentiles(queryset, value, fractions, group=None) -> dict:
    """{group value: {fraction: value}} of ``value`` over ``queryset``, in the database.

    PostgreSQL: one grouped query with ``percentile_disc``. Elsewhere (SQLite): the same nearest
    rank by window functions — each row's rank and its group's size — keeping only the rows at
    a wanted rank, so at most ``len(fractions)`` rows per group leave the database. ``group`` is
    an expression (None: one group, keyed None)."""
    one = group is None
    rows = queryset.order_by().annotate(
        _value=value, _group=Value(0, output_field=IntegerField()) if one else group
    )
    rows = rows.filter(_value__isnull=False)
    if connections[queryset.db].vendor == "postgresql":
        found = rows.values("_group").annotate(
            **{f"p{n}": PercentileDisc("_value", f) for n, f in enumerate(fractions)}
        )
        return {
            None if one else row["_group"]: {f: row[f"p{n}"] for n, f in enumerate(fractions)}
            for row in found
        }
    partition = [] if one else [F("_group")]
    ranked = rows.annotate(
        _rank=Window(RowNumber(), partition_by=partition, order_by=[F("_value").asc()]),
        _size=Window(Count("pk"), partition_by=partition),
    )
    # rank r holds fraction f when r - 1 < f * size <= r (the first rank whose share reaches f)
    wanted = Q()
    for fraction in fractions:
        share = ExpressionWrapper(F("_size") * fraction, output_field=FloatField())
        wanted |= Q(_rank__gte=share, _rank__lt=share + 1)
    result: dict = {}
    for row in ranked.filter(wanted).values("_group", "_value", "_rank", "_size"):
        for fraction in fractions:
            if row["_rank"] - 1 < row["_size"] * fraction <= row["_rank"]:
                result.setdefault(None if one else row["_group"], {})[fraction] = row["_value"]
    return result


class Centihours(Func):
    """A duration in seconds as whole hundredths of an hour, halves rounded up: the resolution
    the reports show hours in, the same on PostgreSQL and SQLite (a histogram's bucket)."""

    arity = 1
    output_field = IntegerField()

    def as_sql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.get_source_expressions()[0])
        return f"CAST(FLOOR(({sql}) / 36 + 0.5) AS BIGINT)", params

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.get_source_expressions()[0])
        value = f"(({sql}) / 36.0 + 0.5)"  # no FLOOR in every SQLite: truncate, then step down
        return f"(CAST({value} AS INTEGER) - ({value} < CAST({value} AS INTEGER)))", params * 3


class MondayOf(Func):
    """The Monday of a date (weeks start on Monday, as in core.periods)."""

    arity = 1
    output_field = DateField()

    def as_sql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.get_source_expressions()[0])
        return f"(({sql}) - CAST(EXTRACT(ISODOW FROM ({sql})) AS INTEGER) + 1)", params * 2

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.get_source_expressions()[0])
        shift = f"((CAST(strftime('%%w', {sql}) AS INTEGER) + 6) %% 7)"
        return f"date({sql}, '-' || {shift} || ' days')", params * 2
