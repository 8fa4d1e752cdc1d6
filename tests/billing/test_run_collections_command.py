"""``manage.py run_collections [--as-of]`` and the daily Celery task both run the dunning
service."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from billing import tasks
from billing.models import DunningAction
from billing.services import dunning
from config.schedule import BEAT_SCHEDULE
from tests.support.billing_helpers import customer_with_subscription, day, invoice_due, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def overdue(partner):
    publish(partner)
    customer, _sub = customer_with_subscription(partner)
    return invoice_due(customer)


def call(*args, **kwargs):
    out, err = StringIO(), StringIO()
    call_command("run_collections", *args, stdout=out, stderr=err, **kwargs)
    return out.getvalue(), err.getvalue()


def test_the_command_runs_as_of_a_given_day_and_prints_a_one_line_summary(overdue):
    out, _err = call("--as-of", day(14).isoformat())
    lines = out.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"Collections as of {day(14)}: 1 invoices checked")
    assert "2 steps performed (reminder 1, final_notice 1, suspend 0)" in lines[0]
    again, _err = call("--as-of", day(14).isoformat())
    assert "0 invoices checked" in again and "0 steps performed" in again


def test_the_command_draws_a_progress_bar_when_asked_to_be_verbose(overdue):
    _out, err = call("--as-of", day(7).isoformat(), verbosity=2)
    assert "[" + "#" * 30 + "] 1/1 invoices, 1 steps" in err


def test_the_command_refuses_a_malformed_date(overdue):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call("--as-of", "05/01/2026")
    assert not DunningAction.objects.exists()


def test_the_celery_task_runs_collections_and_reports_the_summary(overdue):
    result = tasks.run_collections.delay(day(7).isoformat()).get()
    assert result["steps"] == {"reminder": 1} and result["as_of"] == day(7).isoformat()
    assert DunningAction.objects.filter(invoice=overdue).count() == 1


def test_beat_runs_collections_and_the_data_deletion_reminders_daily():
    tasks_scheduled = {entry["task"] for entry in BEAT_SCHEDULE.values()}
    assert {
        "billing.tasks.run_collections",
        "billing.tasks.send_data_deletion_reminders",
    } <= tasks_scheduled


@pytest.mark.parametrize("size", ["0", "-1", "many"])
def test_the_command_refuses_a_batch_size_below_one(overdue, size):
    with pytest.raises(CommandError, match="at least 1"):
        call("--as-of", day(14).isoformat(), "--batch-size", size)
    assert not DunningAction.objects.exists()


@pytest.mark.parametrize("as_of", ["9999-12-31", "1999-12-31"])
def test_the_command_refuses_a_day_outside_the_date_range(overdue, as_of):
    with pytest.raises(CommandError, match="2000-01-01"):
        call("--as-of", as_of)
    assert not DunningAction.objects.exists()


def test_the_command_refuses_a_day_in_the_future(overdue):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(CommandError, match="future"):
        call("--as-of", tomorrow.isoformat())
    assert not DunningAction.objects.exists()


def test_the_command_exits_non_zero_after_its_summary_when_an_invoice_failed(overdue, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a template that cannot render")

    monkeypatch.setattr(dunning, "_batch_perform", broken)
    out = StringIO()
    with pytest.raises(CommandError, match="1 invoices failed"):
        call_command("run_collections", "--as-of", day(14).isoformat(), stdout=out)
    assert "1 invoices failed (see the log)" in out.getvalue()
