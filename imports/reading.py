"""Reading an uploaded file as rows, streamed: the csv module over a UTF-8 text wrapper, or
openpyxl's read-only workbook. Neither loads the file: a 100,000-row file is read a row at a time.

``table_open`` checks what can be checked from the start of the file (its type, its header);
iterating ``Table.rows()`` yields ``(row number as in the file, {column: text})`` with the header
as row 1, skipping rows with nothing in them. A file that turns out broken further down (bad
UTF-8, a NUL byte) raises ``FileRefused`` from the iteration.
"""

import csv
import io
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_BYTES = 50 * 1024 * 1024
XLSX_MAGIC = b"PK\x03\x04"


class FileRefused(ValidationError):
    """The file as a whole cannot be imported; the message says why (a 400 on the ``file``)."""

    def __init__(self, message: str):
        super().__init__({"file": [message]})


def _cell(value) -> str:
    """A spreadsheet cell as the text a CSV would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        midnight = value.time() == datetime.min.time()
        return value.date().isoformat() if midnight else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(Decimal(repr(value)))
    return str(value)


class Table:
    def __init__(self, header: list[str], records, file_type: str):
        self.header = header
        self.file_type = file_type
        self._records = records  # an iterator of (number, [cells]) after the header

    def count(self) -> int:
        """How many rows ``rows`` would yield (those with something in them), read through."""
        records = self._records
        return sum(1 for _number, cells in records if any(str(cell).strip() for cell in cells))

    def rows(self, columns):
        """``(number, {column: stripped text})`` for the given columns (absent ones are "")."""
        index = {name: i for i, name in enumerate(self.header) if name in columns}
        for number, cells in self._records:
            if not any(str(cell).strip() for cell in cells):
                continue
            yield (
                number,
                {name: (cells[i].strip() if i < len(cells) else "") for name, i in index.items()},
            )


def _csv_records(fileobj):
    text = io.TextIOWrapper(fileobj, encoding="utf-8-sig", errors="strict", newline="")
    try:
        first = text.readline()
        dialect = _Semicolon if ";" in first and "," not in first else csv.excel
        reader = csv.reader(_chain(first, text), dialect)
        for number, cells in enumerate(reader, start=1):
            if any("\x00" in cell for cell in cells):
                raise FileRefused(_("Row %(row)s holds a NUL byte.") % {"row": number})
            yield number, cells
    except UnicodeDecodeError:
        raise FileRefused(_("The file is not UTF-8 text (CSV) nor an XLSX workbook.")) from None
    except csv.Error as error:
        message = _("The file is not a readable CSV file: %(error)s") % {"error": error}
        raise FileRefused(message) from None
    finally:
        if not text.closed:
            text.detach()  # the caller's file stays open


class _Semicolon(csv.excel):
    """What a spreadsheet writes in a locale where the comma is the decimal mark."""

    delimiter = ";"


def _chain(first: str, rest):
    yield first
    yield from rest


def _xlsx_records(fileobj):
    from openpyxl import load_workbook  # only when a workbook comes in

    try:
        workbook = load_workbook(fileobj, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - whatever openpyxl makes of a file that is not a workbook
        raise FileRefused(_("The file is not a readable XLSX workbook.")) from None
    try:
        sheet = workbook.worksheets[0]
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [_cell(value) for value in cells]
    finally:
        workbook.close()


def table_type(name: str) -> str:
    return "xlsx" if name.lower().endswith(".xlsx") else "csv"


def table_open(fileobj, name: str, *, required, size: int | None = None) -> Table:
    """The file's header checked against the ``required`` columns; its rows not yet read."""
    if size is not None and size > MAX_BYTES:
        raise FileRefused(
            _("The file is larger than %(size)s MB.") % {"size": MAX_BYTES // (1024 * 1024)}
        )
    start = fileobj.read(4)
    fileobj.seek(0)
    if not start:
        raise FileRefused(_("The file is empty."))
    lower = name.lower()
    if start == XLSX_MAGIC:
        if not lower.endswith(".xlsx"):
            raise FileRefused(_("Upload a CSV or an XLSX file."))
        records, file_type = _xlsx_records(fileobj), "xlsx"
    elif lower.endswith(".csv") or lower.endswith(".txt"):
        records, file_type = _csv_records(fileobj), "csv"
    else:
        raise FileRefused(_("Upload a CSV or an XLSX file."))
    header = next(records, None)
    if header is None:
        raise FileRefused(_("The file is empty."))
    names = [str(cell).strip() for cell in header[1]]
    _check_header(names, required)
    return Table(names, records, file_type)


def _check_header(names: list[str], required) -> None:
    missing = [name for name in required if name not in names]
    if missing:
        raise FileRefused(
            _("The header (row 1) lacks the columns: %(columns)s. It must name: %(required)s.")
            % {"columns": ", ".join(missing), "required": ", ".join(required)}
        )
    twice = sorted({name for name in names if name and names.count(name) > 1})
    if twice:
        raise FileRefused(
            _("The header (row 1) names these columns twice: %(columns)s.")
            % {"columns": ", ".join(twice)}
        )
