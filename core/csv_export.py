"""CSV out: one writer for every export (list APIs, list pages, reports).

Rows are streamed, never built in memory; a cell a spreadsheet would run as a formula (one that
starts with ``= + - @``, a tab or a carriage return) is prefixed with ``'`` (OWASP's advice); the
file starts with a UTF-8 byte-order mark so that Excel reads Chinese and Cyrillic right, and its
name carries the date.
"""

import csv
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal

from django.http import StreamingHttpResponse
from django.utils import timezone

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
