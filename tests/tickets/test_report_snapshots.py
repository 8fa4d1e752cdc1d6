"""The reports' stored days: every report read from stored days (and the rest computed) gives
the figures of the pure computation over the same data — for every reader, however the period is
cut — and building a day again replaces it. Data: tests/support/reports.py."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from config.schedule import BEAT_SCHEDULE
from core.actors import actor_for
from core.periods import Period, ReportFilters
from tests.support.reports import NOW, PERIOD, build_collections, build_tickets
from tickets import tasks
from tickets.models import SNAPSHOT_MODELS, ReportDay, ReportDuration, ReportSla
from tickets.selectors import report_snapshots, reports
from tickets.services import report_snapshots_build

pytestmark = pytest.mark.django_db


@pytest.fixture
def dataset(partner, other_partner):
    build_tickets(partner, other_partner)
    build_collections(partner, other_partner)


@pytest.fixture
def readers(admin_user, other_admin_user, operator_user, partner):
    operator = actor_for(operator_user)
    return {
        "admin": (actor_for(admin_user), ReportFilters(PERIOD)),
        "other admin": (actor_for(other_admin_user), ReportFilters(PERIOD)),
        "operator, every partner": (operator, ReportFilters(PERIOD)),
        "operator, one partner": (operator, ReportFilters(PERIOD, partner=partner.pk)),
    }


def every_report(readers) -> dict:
    found = {}
    for who, (actor, filters) in readers.items():
        for name, selector in reports.REPORTS.items():
            extra = {"now": NOW} if name == "sla-attainment" else {}
            found[who, name] = selector(actor=actor, filters=filters, **extra)
        page = reports.all_reports(actor=actor, filters=filters)
        page["sla-attainment"] = reports.sla_attainment(actor=actor, filters=filters, now=NOW)
        found[who, "page"] = page
    return found


@pytest.mark.parametrize(
    "first, last",
    [
        (date(2026, 1, 5), date(2026, 1, 11)),  # the first week stored, the second computed
        (date(2026, 1, 5), date(2026, 1, 14)),  # cut in the middle of a week
        (date(2025, 11, 1), date(2026, 1, 18)),  # every day stored, and days before the period
    ],
)
def test_stored_days_and_computed_ones_give_the_pure_computations_figures(
    dataset, readers, first, last
):
    live = every_report(readers)
    assert report_snapshots_build(first=first, last=last, now=NOW) == (last - first).days + 1
    assert ReportSla.objects.exists() and ReportDuration.objects.exists()
    part = report_snapshots.split(PERIOD)
    assert part.stored == Period(PERIOD.start, min(last, PERIOD.end))
    assert every_report(readers) == live


def test_a_gap_in_the_stored_days_is_computed(dataset, readers):
    live = every_report(readers)
    report_snapshots_build(first=date(2026, 1, 5), last=date(2026, 1, 7), now=NOW)
    report_snapshots_build(first=date(2026, 1, 9), last=date(2026, 1, 18), now=NOW)
    assert report_snapshots.split(PERIOD).live == Period(date(2026, 1, 8), PERIOD.end)
    assert every_report(readers) == live


def test_the_stored_figures_are_the_ones_of_their_day(dataset, partner):
    report_snapshots_build(first=date(2026, 1, 5), last=date(2026, 1, 18), now=NOW)
    first_response = ReportSla.objects.filter(partner=partner, sla="first_response")
    # t1 and t3 met in time, t2 late (week 1); t4 breached on the 13th
    assert sorted((r.day, r.met, r.missed) for r in first_response) == [
        (date(2026, 1, 5), 1, 0),
        (date(2026, 1, 6), 0, 1),
        (date(2026, 1, 7), 1, 0),
        (date(2026, 1, 13), 0, 1),
    ]
    # 1, 6, 2 and 24 hours, in hundredths of an hour, under the Monday of their week
    took = ReportDuration.objects.filter(partner=partner, measure="first_response")
    assert sorted((r.day, r.week, r.centihours) for r in took) == [
        (date(2026, 1, 5), date(2026, 1, 5), 100),
        (date(2026, 1, 6), date(2026, 1, 5), 600),
        (date(2026, 1, 7), date(2026, 1, 5), 200),
        (date(2026, 1, 13), date(2026, 1, 12), 2400),
    ]


def test_building_a_day_again_replaces_it(dataset, readers, partner):
    report_snapshots_build(first=date(2026, 1, 5), last=date(2026, 1, 18), now=NOW)
    counts = [model.objects.count() for model in SNAPSHOT_MODELS]
    report_snapshots_build(first=date(2026, 1, 5), last=date(2026, 1, 18), now=NOW)
    assert [model.objects.count() for model in SNAPSHOT_MODELS] == counts
    assert ReportDay.objects.count() == 14
    # a ticket's category changed afterwards: the stored day keeps the old one until rebuilt
    from tickets.models import Ticket

    Ticket.objects.filter(partner=partner, category="other").update(category="suspension")
    stale = every_report(readers)
    ReportDay.objects.all().delete()
    live = every_report(readers)
    assert stale != live
    report_snapshots_build(first=date(2026, 1, 5), last=date(2026, 1, 18), now=NOW)
    assert every_report(readers) == live


def test_another_time_zone_reads_no_stored_day(dataset):
    report_snapshots_build(first=date(2026, 1, 5), last=date(2026, 1, 18), now=NOW)
    with timezone.override("Europe/Moscow"):
        assert report_snapshots.split(PERIOD).stored is None
    assert report_snapshots.split(PERIOD).live is None


def test_only_finished_days_are_stored(db):
    today = timezone.localdate()
    with pytest.raises(ValueError, match="not over"):
        report_snapshots_build(first=today - timedelta(days=1), last=today)
    with pytest.raises(ValidationError):
        report_snapshots_build(first=today - timedelta(days=1), last=today - timedelta(days=2))
    assert not ReportDay.objects.exists()


def test_the_operators_reports_read_stored_days_in_a_fixed_number_of_queries(
    dataset, operator_user, django_assert_num_queries
):
    report_snapshots_build(first=date(2026, 1, 5), last=date(2026, 1, 18), now=NOW)
    operator = actor_for(operator_user)
    # the split 1, SLA 1, times 2, mix 1, escalations 1, recovery 1, aging 2, sales 1
    with django_assert_num_queries(10):
        reports.all_reports(actor=operator, filters=ReportFilters(PERIOD))
    ReportDay.objects.filter(day__gt=date(2026, 1, 11)).delete()  # the second week computed
    # and the computed days' own: SLA 3, times 0 more, mix 1, escalations 1, recovery 1,
    # aging 3, sales 1
    with django_assert_num_queries(20):
        reports.all_reports(actor=operator, filters=ReportFilters(PERIOD))


def test_the_command_builds_a_range_and_refuses_days_not_over(dataset):
    out = StringIO()
    call_command("report_snapshots", "--from", "2026-01-05", "--to", "2026-01-18", stdout=out)
    assert out.getvalue().startswith("Stored 14 days, 2026-01-05 to 2026-01-18")
    assert ReportDay.objects.count() == 14
    with pytest.raises(CommandError, match="not over"):
        call_command("report_snapshots", "--from", "2026-01-05", "--to", "2099-01-01")
    with pytest.raises(CommandError, match="after"):
        call_command("report_snapshots", "--from", "2026-01-18", "--to", "2026-01-05")
    with pytest.raises(CommandError):
        call_command("report_snapshots", "--from", "yesterday")


def test_the_nightly_task_stores_the_last_days(db, settings):
    settings.REPORT_SNAPSHOT_REFRESH_DAYS = 3
    assert (
        BEAT_SCHEDULE["tickets-report-snapshots"]["task"] == "tickets.tasks.build_report_snapshots"
    )
    assert tasks.build_report_snapshots() == 3
    yesterday = timezone.localdate() - timedelta(days=1)
    assert sorted(ReportDay.objects.values_list("day", flat=True)) == [
        yesterday - timedelta(days=2),
        yesterday - timedelta(days=1),
        yesterday,
    ]


def test_the_api_answers_the_same_json_and_csv_from_stored_days(dataset, api, operator_user):
    client = api(operator_user)
    query = {"from": "2026-01-05", "to": "2026-01-18"}

    def answers():
        found = {}
        for name in reports.REPORT_COLUMNS:
            found[name] = client.get(f"/api/reports/{name}/", query).json()
            csv = client.get(f"/api/reports/{name}/", {**query, "format": "csv"})
            found[name, "csv"] = b"".join(csv.streaming_content)
        return found

    live = answers()
    report_snapshots_build(first=date(2026, 1, 5), last=date(2026, 1, 18))
    assert report_snapshots.split(PERIOD).live is None
    assert answers() == live
