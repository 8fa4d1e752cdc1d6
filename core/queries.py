"""ORM plumbing any app's selectors share."""

from datetime import date

from django.db import connection, connections
from django.db.models import (
    Count,
    DateField,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Subquery,
    Value,
)
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


def histogram_percentiles(parts, fractions) -> dict:
    """{week (None: all of them): (count, {fraction: value})} over the union of ``parts``,
    querysets of histogram rows (``week``, ``centihours`` — the value —, ``n`` rows with it), in
    one query: the nearest-rank percentile — the first value whose running count reaches the
    fraction of the group, as PostgreSQL's ``percentile_disc`` — by window functions over the
    summed histogram, on PostgreSQL and SQLite alike (SQLite gives the weeks back as text).
    Stored histograms and ones grouped from the rows themselves add up before the ranks."""
    if not parts:
        return {}
    db = parts[0].db
    sqls, params = [], []
    for n, queryset in enumerate(parts):
        sql, found = queryset.query.get_compiler(using=db).as_sql()
        sqls.append(f"SELECT week, centihours, n FROM ({sql}) AS part{n}")
        params.extend(found)
    # Two steps, so that no sort covers every distinct value: ranks by coarse buckets (whole
    # hours) first, then the values of only the bucket each wanted rank falls in. The whole
    # period is the group keyed EVERY.
    fractions_sql = " UNION ALL ".join(
        f"SELECT {k} AS k, CAST(%s AS DOUBLE PRECISION) AS f" for k in range(len(fractions))
    )
    sql = f"""
        WITH u AS ({" UNION ALL ".join(sqls)}),
        fr AS ({fractions_sql}),
        coarse AS (
            SELECT week AS g, centihours / 100 AS b, SUM(n) AS n FROM u
            GROUP BY week, centihours / 100
            UNION ALL
            SELECT %s AS g, centihours / 100 AS b, SUM(n) AS n FROM u GROUP BY centihours / 100
        ),
        cc AS (
            SELECT g, b, n,
                   SUM(n) OVER (PARTITION BY g ORDER BY b
                                ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cum,
                   SUM(n) OVER (PARTITION BY g) AS size
            FROM coarse
        ),
        picked AS (
            SELECT g, k, f, b, below, size FROM (
                SELECT cc.g, fr.k, fr.f, cc.b, cc.cum - cc.n AS below, cc.size,
                       ROW_NUMBER() OVER (PARTITION BY cc.g, fr.k ORDER BY cc.b) AS r
                FROM cc CROSS JOIN fr
                WHERE cc.cum >= CAST(cc.size AS DOUBLE PRECISION) * fr.f
            ) AS first_bucket WHERE r = 1
        ),
        fine AS (
            SELECT p.g, p.k, p.f, p.below, p.size, u.centihours AS v, SUM(u.n) AS n
            FROM picked AS p JOIN u ON u.centihours / 100 = p.b
            WHERE p.g = u.week OR p.g = %s
            GROUP BY p.g, p.k, p.f, p.below, p.size, u.centihours
        ),
        fc AS (
            SELECT g, k, f, v, size,
                   below + SUM(n) OVER (PARTITION BY g, k ORDER BY v
                                        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cum
            FROM fine
        ),
        counted AS (SELECT g, MAX(size) AS size FROM cc GROUP BY g)
        SELECT counted.g, counted.size, fc.k, MIN(fc.v)
        FROM counted LEFT JOIN fc
          ON fc.g = counted.g AND fc.cum >= CAST(fc.size AS DOUBLE PRECISION) * fc.f
        GROUP BY counted.g, counted.size, fc.k
    """
    every = date(1, 1, 1)
    found: dict = {}
    with connections[db].cursor() as cursor:
        cursor.execute(sql, [*params, *fractions, every, every])
        for g, size, k, value in cursor.fetchall():
            g = date.fromisoformat(g) if isinstance(g, str) else g
            count, picked = found.setdefault(None if g == every else g, (int(size), {}))
            if k is not None:
                picked[fractions[k]] = value
    return found


def key_lookups_by_index() -> None:
    """For the rest of the current transaction, price a random read as a cached one
    (``SET LOCAL random_page_cost = 1.1``, PostgreSQL only; nothing outside a transaction).

    A long import looks a thousand keys up at a time (``number IN (…)`` on a unique index).
    PostgreSQL's default cost of a random page (4) is a spinning disk's: at 100,000 invoices it
    prices the thousand index probes (1.4 ms) about the same as reading the table (19 ms) and
    reads the table, twice a chunk. 1.1 is the usual setting for SSDs or a table in memory;
    it is set for the import's own transaction, not for the server."""
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL random_page_cost = 1.1")
