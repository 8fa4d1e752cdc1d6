"""Import files built in the test: a CSV (with or without BOM) or an XLSX made with openpyxl."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_bytes(rows, *, bom: bool = False) -> bytes:
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    return (b"\xef\xbb\xbf" if bom else b"") + text.getvalue().encode()


def csv_file(rows, *, name: str = "import.csv", bom: bool = False) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, csv_bytes(rows, bom=bom), content_type="text/csv")


def xlsx_bytes(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def xlsx_file(rows, *, name: str = "import.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, xlsx_bytes(rows), content_type=XLSX)


def table_file(rows, file_type: str):
    return xlsx_file(rows) if file_type == "xlsx" else csv_file(rows)
