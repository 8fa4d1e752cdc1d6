"""The one CSV writer: formulas defused, BOM, streamed, dated file name."""

import csv
import io
from datetime import date
from decimal import Decimal

from core.csv_export import csv_cell, csv_filename, csv_lines, csv_response


def test_it_defuses_formulas():
    for text in ("=1+1", "+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx"):
        assert csv_cell(text) == "'" + text


def test_it_leaves_numbers_dates_and_plain_text_alone():
    assert csv_cell(Decimal("-5.00")) == "-5.00"
    assert csv_cell(date(2026, 12, 1)) == "2026-12-01"
    assert csv_cell("Contoso 世纪") == "Contoso 世纪"
    assert (csv_cell(None), csv_cell(True), csv_cell(False)) == ("", "true", "false")


def test_it_writes_a_bom_then_rows_that_read_back():
    text = "".join(csv_lines(["name", "amount"], [["a,b", Decimal("1.50")], ["=x", 2]]))
    assert text.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(text[1:]))) == [
        ["name", "amount"],
        ["a,b", "1.50"],
        ["'=x", "2"],
    ]


def test_it_streams_with_a_dated_file_name():
    response = csv_response(name="invoices", header=["n"], rows=iter([[1]]))
    assert response.streaming
    assert response["Content-Disposition"].endswith(f'"{csv_filename("invoices")}"')
    assert csv_filename("invoices", date(2026, 12, 1)) == "invoices-2026-12-01.csv"
