"""The service and collections reports on the hand-built dataset of tests/support/reports.py.

Week 1 is Monday 5 January 2026, week 2 Monday 12 January; hours are worked out in comments."""

from datetime import date
from decimal import Decimal

import pytest

from core.actors import actor_for
from core.periods import ReportFilters
from tests.support.reports import FILTERS, NOW, PERIOD, build_collections, build_tickets
from tickets.selectors import reports

W1, W2 = date(2026, 1, 5), date(2026, 1, 12)


@pytest.fixture
def dataset(partner, other_partner):
    build_tickets(partner, other_partner)
    build_collections(partner, other_partner)


def _by(rows, *keys):
    return {tuple(row[k] for k in keys): row for row in rows}


@pytest.mark.django_db
def test_it_counts_sla_targets_met_and_missed_by_the_week_they_fell_due(dataset, admin_user):
    rows = _by(
        reports.sla_attainment(actor=actor_for(admin_user), filters=FILTERS, now=NOW),
        "week",
        "sla",
    )
    # first response, week 1: t1 and t3 in time, t2 two hours late; week 2: t4 breached
    assert (rows[W1, "first_response"]["met"], rows[W1, "first_response"]["missed"]) == (2, 1)
    assert rows[W1, "first_response"]["attainment"] == 66.7
    assert rows[W2, "first_response"]["attainment"] == 0.0
    # resolution, week 1: t1 in time, t2 late, t3 overdue and unresolved; week 2: nothing due
    assert (rows[W1, "resolution"]["met"], rows[W1, "resolution"]["missed"]) == (1, 2)
    assert rows[W2, "resolution"]["attainment"] is None
    # close the loop, week 2: t3 met, t4 breached
    assert rows[W2, "close_loop"]["attainment"] == 50.0
    assert rows[W1, "close_loop"]["met"] + rows[W1, "close_loop"]["missed"] == 0


@pytest.mark.django_db
def test_it_gives_the_median_and_p90_of_response_and_resolution_hours(dataset, admin_user):
    found = reports.response_times(actor=actor_for(admin_user), filters=FILTERS)
    rows = _by(found, "week", "measure")
    # first response: week 1 took 1, 6 and 2 hours; week 2 24 hours (t5 has no answer yet)
    assert rows[W1, "first_response"] == {
        "week": W1,
        "measure": "first_response",
        "tickets": 3,
        "median_hours": 2.0,
        "p90_hours": 6.0,
    }
    assert (rows[W2, "first_response"]["median_hours"], rows[W2, "first_response"]["tickets"]) == (
        24.0,
        1,
    )
    overall = rows[None, "first_response"]  # 1, 2, 6, 24: nearest rank 2 and 4
    assert (overall["tickets"], overall["median_hours"], overall["p90_hours"]) == (4, 2.0, 24.0)
    resolution = rows[None, "resolution"]  # t1 24 h, t2 72 h
    assert (resolution["median_hours"], resolution["p90_hours"]) == (24.0, 72.0)
    assert rows[W2, "resolution"]["median_hours"] is None


@pytest.mark.django_db
def test_the_operator_sees_every_partner_or_the_one_chosen(dataset, operator_user, partner):
    operator = actor_for(operator_user)
    everyone = _by(reports.response_times(actor=operator, filters=FILTERS), "week", "measure")
    # the other partner's ticket took 100 hours: 1, 2, 6, 24, 100 → median 6
    assert everyone[None, "first_response"]["median_hours"] == 6.0
    one = ReportFilters(PERIOD, partner=partner.pk)
    chosen = _by(reports.response_times(actor=operator, filters=one), "week", "measure")
    assert chosen[None, "first_response"]["median_hours"] == 2.0


@pytest.mark.django_db
def test_it_counts_tickets_by_category_and_channel(dataset, admin_user):
    mix = reports.ticket_mix(actor=actor_for(admin_user), filters=FILTERS)
    categories = {r["category"]: r["tickets"] for r in mix["tickets-by-category"]}
    channels = {r["channel"]: r["tickets"] for r in mix["tickets-by-channel"]}
    assert categories == {
        "billing_question": 1,
        "invoice_dispute": 2,
        "payment_issue": 1,
        "refund_request": 0,  # the other partner's
        "suspension": 0,
        "other": 1,
    }
    assert channels == {"web": 2, "api": 1, "email": 1, "unrecorded": 1}


@pytest.mark.django_db
def test_it_sums_escalation_outcomes_and_credits_by_currency(dataset, admin_user):
    rows = reports.escalation_outcomes(actor=actor_for(admin_user), filters=FILTERS)
    assert [(r["outcome"], r["escalations"], r["currency"], r["credits"]) for r in rows] == [
        ("upheld", 1, "CNY", Decimal("100.00")),  # the 999 of December is outside the period
        ("partially_upheld", 1, "EUR", Decimal("50.00")),  # no invoice: the credit note's
        ("rejected", 1, "", None),
        ("withdrawn", 1, "", None),
    ]


@pytest.mark.django_db
def test_it_attributes_each_payment_to_the_last_dunning_step_before_it(dataset, admin_user):
    rows = reports.REPORTS["dunning-recovery"](actor=actor_for(admin_user), filters=FILTERS)
    assert [(r["currency"], r["step"], r["after_days"], r["recovered"]) for r in rows] == [
        ("CNY", "", None, Decimal("400.00")),  # paid before any step
        ("CNY", "reminder", 3, Decimal("300.00")),
        ("CNY", "final_notice", 10, Decimal("500.00")),
    ]


@pytest.mark.django_db
def test_it_ages_the_receivables_at_each_week_end(dataset, admin_user):
    found = reports.REPORTS["aging"](actor=actor_for(admin_user), filters=FILTERS)
    rows = _by(found, "week_end", "currency")
    first, second = date(2026, 1, 11), date(2026, 1, 18)
    # CNY: 1000 due 31 Dec, 300 paid by the 11th, 800 by the 18th; the paid 400 and the void
    # invoice owe nothing. EUR: 600 due on the 15th, 100 credited on the 16th.
    assert (rows[first, "CNY"]["0-30"], rows[first, "CNY"]["total"]) == (700, 700)
    assert rows[second, "CNY"]["total"] == 200
    assert (rows[first, "EUR"]["not_due"], rows[first, "EUR"]["0-30"]) == (600, 0)
    assert (rows[second, "EUR"]["not_due"], rows[second, "EUR"]["0-30"]) == (0, 500)


@pytest.mark.django_db
def test_it_computes_days_sales_outstanding_per_currency(dataset, admin_user):
    rows = _by(reports.REPORTS["dso"](actor=actor_for(admin_user), filters=FILTERS), "currency")
    # CNY: 200 owed at the end / 400 invoiced in 14 days; EUR: 500 / 600 × 14
    assert (rows[("CNY",)]["dso"], rows[("EUR",)]["dso"]) == (7.0, 11.7)


@pytest.mark.django_db
def test_a_partner_admin_never_counts_another_partners_money(dataset, other_admin_user):
    actor = actor_for(other_admin_user)
    recovered = reports.REPORTS["dunning-recovery"](actor=actor, filters=FILTERS)
    assert [(r["step"], r["recovered"]) for r in recovered] == [("", Decimal("5000.00"))]
    escalations = reports.escalation_outcomes(actor=actor, filters=FILTERS)
    assert [(r["outcome"], r["credits"]) for r in escalations] == [("upheld", Decimal("7.00"))]
