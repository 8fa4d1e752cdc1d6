"""The operator's reconciliation file for tests: the realistic fixture (three customers of one
invoice, a credit among its lines) and single rows built from a default."""

import csv
from decimal import Decimal

from billing.reconciliation import recon_row_parse
from tests.support.paths import ROOT

FIXTURE = ROOT / "tests" / "billing" / "fixtures" / "partner_center_recon.csv"
INVOICE = "G000812345"
FIXTURE_TOTAL = Decimal("7772.76")  # the sum of its Total column
CONTOSO = "3f2b9c1e-7d4a-4e1b-9a6c-2e8f5d7b1a01"
FABRIKAM = "8c7d6e5f-4a3b-4c2d-9e1f-0a9b8c7d6e02"
NORTHWIND = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c03"
E3 = "a1c5e6f0-2b3d-4e5f-8a9b-1c2d3e4f5a01"  # Contoso's Microsoft 365 E3, 25 seats
BASIC = "b2d6f7a1-3c4e-4f6a-9b0c-2d3e4f5a6b04"  # Fabrikam's, bought then cancelled (a credit)


def fixture_rows() -> list[dict]:
    with FIXTURE.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def fixture_lines(**changes):
    """The fixture's lines, parsed, each with its row number (header = 1); ``changes`` maps a
    row number (as text: ``**{"2": {...}}``) to the cells to change in it."""
    rows = fixture_rows()
    return [
        recon_row_parse({**row, **changes.get(str(number), {})}, row_number=number)
        for number, row in enumerate(rows, start=2)
    ]


ROW = {
    "CustomerId": CONTOSO,
    "CustomerName": "Contoso China Ltd",
    "CustomerDomainName": "contoso-cn.partner.onmschina.cn",
    "InvoiceNumber": INVOICE,
    "OrderId": "order-1",
    "ProductId": "CFQ7TTC0LF8Q",
    "SkuId": "0001",
    "SkuName": "Microsoft 365 E3",
    "ChargeType": "Cycle charge",
    "UnitPrice": "230.00",
    "Quantity": "25",
    "BillableQuantity": "25",
    "Total": "5750.00",
    "Currency": "CNY",
    "SubscriptionId": E3,
    "SubscriptionDescription": "Microsoft 365 E3",
    "ChargeStartDate": "11/1/2026",
    "ChargeEndDate": "11/30/2026",
}


def row(**cells) -> dict:
    return {**ROW, **cells}


def line(**cells):
    return recon_row_parse(row(**cells))
