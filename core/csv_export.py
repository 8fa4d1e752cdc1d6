"""CSV out: one writer for every export (list APIs, list pages, reports).

Rows are streamed, never built in memory; a cell a spreadsheet would run as a formula (one that
starts with ``= + - @``, a tab or a carriage return) is prefixed with ``'`` (OWASP's advice); the
file starts with a UTF-8 byte-order mark so that Excel reads Chinese and Cyrillic right, and its
name carries the date.

``serialized_csv_response`` writes a list as its API serializer shows it (the columns are the
serializer's fields): the list APIs' ``?format=csv`` (``core.api.csv``) and the pages' "Export CSV"
both use it, so an export has the same columns wherever it is taken.
"""

import csv
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone
from rest_framework import serializers

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


class _Echo:
    """File-like: write returns what it is given (the csv module's streaming idiom)."""

    def write(self, value: str) -> str:
        return value


def csv_cell(value) -> str:
    """The text of one cell: None empty, booleans as true/false, formulas defused."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (date, Decimal, int, float)):
        return str(value)  # numbers and dates are never formulas; "-5.00" stays a number
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_lines(header: Sequence[str], rows: Iterable[Sequence]) -> Iterator[str]:
    """The BOM and header line, then one line per row, as they are written."""
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow([csv_cell(name) for name in header])
    for row in rows:
        yield writer.writerow([csv_cell(value) for value in row])


def csv_filename(name: str, day: date | None = None) -> str:
    return f"{name}-{(day or timezone.localdate()).isoformat()}.csv"


def csv_response(
    *, name: str, header: Sequence[str], rows: Iterable[Sequence]
) -> StreamingHttpResponse:
    """A streamed ``text/csv`` download called ``<name>-<today>.csv``."""
    response = StreamingHttpResponse(
        csv_lines(header, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{csv_filename(name)}"'
    return response


# --- A list as its serializer shows it: the columns of the API's list serializer ---------------

CHUNK = 1000  # rows fetched and shaped at a time: memory stays flat, prefetches run per chunk


def serializer_columns(serializer, prefix: str = "") -> list[str]:
    """The readable fields of ``serializer``; a nested object's fields become ``name.field``."""
    columns = []
    for name, field in serializer.fields.items():
        if field.write_only:
            continue
        if isinstance(field, serializers.Serializer):  # one nested object (not a list of them)
            columns += serializer_columns(field, prefix=f"{prefix}{name}.")
        else:
            columns.append(prefix + name)
    return columns


NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")  # how DRF represents a decimal ("-5.00")


def _flat(value):
    """A cell for one represented value: a decimal string as the number it is, a list of plain
    values joined, anything else nested as JSON (``csv_cell`` defuses what would read as a
    formula)."""
    if isinstance(value, str) and NUMBER.fullmatch(value):
        return Decimal(value)
    if isinstance(value, (list, tuple)):
        if all(item is None or isinstance(item, (str, int, float, Decimal)) for item in value):
            return "; ".join("" if item is None else str(item) for item in value)
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value


def cell_of(represented: dict, column: str):
    """The cell of ``column`` (``name`` or ``name.field``) in one represented row."""
    value = represented
    for part in column.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return _flat(value)


def _chunks(rows: Iterable, size: int) -> Iterator[list]:
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def iterate(rows: Iterable) -> Iterable:
    """A queryset's rows one chunk at a time (``.iterator()``), never the whole result at once."""
    if isinstance(rows, QuerySet):
        return rows.iterator(chunk_size=CHUNK)
    return rows


def serialized_csv_response(
    *, name: str, serializer, rows: Iterable, represent: Callable | None = None
) -> StreamingHttpResponse:
    """Every row of ``rows`` (a queryset: streamed with ``.iterator()``) as ``serializer`` (an
    instance, for its fields and context) represents it, one column per readable field.

    ``represent`` turns a chunk of rows into dicts when the list is not shaped by the serializer
    itself (a list read as ``.values()`` rows); by default, ``serializer.to_representation``.
    """
    columns = serializer_columns(serializer)
    represent = represent or (lambda chunk: [serializer.to_representation(row) for row in chunk])

    def lines():
        for chunk in _chunks(iterate(rows), CHUNK):
            for represented in represent(chunk):
                yield [cell_of(represented, column) for column in columns]

    return csv_response(name=name, header=columns, rows=lines())
