"""Reading the operator's reconciliation file: the fixture's rows, and every bad value refused with
its column and a reason in the reader's language."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from billing.reconciliation import (
    RECON_COLUMNS,
    Reconciliation,
    latest,
    occurrences,
    recon_lines_check,
    recon_row_parse,
    reconciliation_state,
    subscription_quantity,
)
from tests.support.recon import (
    BASIC,
    CONTOSO,
    E3,
    FIXTURE_TOTAL,
    INVOICE,
    fixture_lines,
    fixture_rows,
    line,
    row,
)


def errors_of(cells: dict) -> dict:
    with pytest.raises(ValidationError) as info:
        recon_row_parse(cells)
    return info.value.message_dict


def test_the_fixture_has_every_column_it_needs():
    header = set(fixture_rows()[0])
    assert set(RECON_COLUMNS) <= header
    assert len(header) > len(RECON_COLUMNS)  # the file's other columns are there, and ignored


def test_it_reads_every_line_of_the_fixture():
    lines = fixture_lines()
    assert len(lines) == 6
    assert {line.invoice_number for line in lines} == {INVOICE}
    assert sum(line.total for line in lines) == FIXTURE_TOTAL
    assert [line.row_number for line in lines] == [2, 3, 4, 5, 6, 7]


def test_it_reads_a_line_s_values():
    first = fixture_lines()[0]
    assert (first.customer_id, first.customer_name) == (CONTOSO, "Contoso China Ltd")
    assert first.customer_domain == "contoso-cn.partner.onmschina.cn"
    assert (first.subscription_id, first.offer) == (E3, "Microsoft 365 E3")
    assert (first.charge_start, first.charge_end) == (date(2026, 11, 1), date(2026, 11, 30))
    assert (first.unit_price, first.effective_quantity) == (Decimal("230.00"), Decimal("25"))
    assert (first.total, first.currency) == (Decimal("5750.00"), "CNY")


def test_it_reads_the_credit_line_with_its_negative_total():
    credit = [line for line in fixture_lines() if line.charge_type == "Cancel"][0]
    assert credit.total == Decimal("-64.80")
    assert credit.subscription_id == BASIC


def test_the_offer_falls_back_to_the_sku_name():
    assert line(SubscriptionDescription="", SkuName="Business Basic").offer == "Business Basic"


def test_billable_quantity_wins_over_quantity():
    assert line(Quantity="1", BillableQuantity="1234.5678").effective_quantity == Decimal(
        "1234.5678"
    )
    assert line(Quantity="7", BillableQuantity="").effective_quantity == 7


@pytest.mark.parametrize(
    "text, day",
    [
        ("2/28/2026", date(2026, 2, 28)),
        ("02/28/2026 23:59", date(2026, 2, 28)),
        ("2/28/2026 11:59:59 PM", date(2026, 2, 28)),
        ("2026-02-28", date(2026, 2, 28)),
        ("2026-02-28T23:59:59.000Z", date(2026, 2, 28)),
        ("2026-02-28 00:00:00", date(2026, 2, 28)),
    ],
)
def test_it_reads_the_date_formats_the_file_uses(text, day):
    assert line(ChargeStartDate=text, ChargeEndDate=text).charge_start == day


@pytest.mark.parametrize("text", ["28.02.2026", "13/1/2026", "tomorrow", ""])
def test_it_refuses_a_date_it_cannot_read(text):
    assert "ChargeStartDate" in errors_of(row(ChargeStartDate=text))


@pytest.mark.parametrize("text", ["12,50", "1e3", "abc", "", "NaN", "10000000000000"])
def test_it_refuses_an_amount_it_cannot_read(text):
    assert "Total" in errors_of(row(Total=text))


def test_it_refuses_more_decimals_than_it_keeps():
    assert "UnitPrice" in errors_of(row(UnitPrice="0.0000001"))


def test_it_refuses_a_quantity_that_is_not_a_number():
    errors = errors_of(row(Quantity="ten", BillableQuantity="x"))
    assert {"Quantity", "BillableQuantity"} <= set(errors)


@pytest.mark.parametrize("text", ["RMB", "C", "CNY1", ""])
def test_it_refuses_a_currency_that_is_not_a_code(text):
    assert "Currency" in errors_of(row(Currency=text))


def test_it_reads_a_lower_case_currency():
    assert line(Currency=" cny ").currency == "CNY"


def test_it_names_every_bad_column_of_a_row_at_once():
    errors = errors_of(row(CustomerId="", InvoiceNumber="", Total="x", ChargeEndDate="?"))
    assert {"CustomerId", "InvoiceNumber", "Total", "ChargeEndDate"} <= set(errors)


def test_it_refuses_a_charge_that_ends_before_it_starts():
    errors = errors_of(row(ChargeStartDate="11/30/2026", ChargeEndDate="11/1/2026"))
    assert "ChargeEndDate" in errors


def test_it_refuses_a_value_too_long_for_its_field():
    assert "InvoiceNumber" in errors_of(row(InvoiceNumber="G" * 41))


def test_a_subscription_needs_a_name():
    assert "SkuName" in errors_of(row(SubscriptionDescription="", SkuName=""))


def test_its_reasons_are_in_the_reader_s_language():
    with translation.override("fr"):
        message = errors_of(row(Total="x"))["Total"][0]
    assert "Not a number" not in message


def test_the_latest_line_is_the_one_charged_last():
    early, late = line(ChargeEndDate="11/30/2026"), line(ChargeEndDate="12/14/2026")
    assert latest([late, early]) is late


def test_the_quantity_comes_from_the_latest_charge_not_a_credit_or_a_fraction():
    charge = line(BillableQuantity="25", ChargeEndDate="11/30/2026")
    more = line(BillableQuantity="30", ChargeEndDate="12/14/2026")
    credit = line(BillableQuantity="2", Total="-64.80", ChargeEndDate="12/31/2026")
    usage = line(BillableQuantity="0.5", ChargeEndDate="12/31/2026")
    assert subscription_quantity([charge, more, credit, usage]) == 30
    assert subscription_quantity([credit, usage]) is None


def test_lines_alike_are_told_apart_by_their_order():
    one, other = line(), line(OrderId="order-2")
    assert one.key == line(Total="1.00").key  # an amount is not part of what a charge is
    assert one.key != other.key
    assert occurrences([one, other, one]) == [1, 1, 2]


def test_a_subscription_under_two_customers_is_refused():
    problems = recon_lines_check([line(), line(CustomerId="someone-else")])
    assert [(index, column) for index, column, _message in problems] == [(1, "SubscriptionId")]


@pytest.mark.parametrize(
    "amount, total, other, state, difference",
    [
        ("100.00", None, False, Reconciliation.NONE, None),
        ("100.00", "100.004", False, Reconciliation.MATCHED, "0.00"),
        ("100.00", "99.50", False, Reconciliation.DIFFERS, "-0.50"),
        ("100.00", "100.00", True, Reconciliation.DIFFERS, "0.00"),
    ],
)
def test_a_statement_against_its_lines(amount, total, other, state, difference):
    result = reconciliation_state(
        amount=Decimal(amount),
        total=None if total is None else Decimal(total),
        other_currency=other,
    )
    assert result == (state, None if difference is None else Decimal(difference))
