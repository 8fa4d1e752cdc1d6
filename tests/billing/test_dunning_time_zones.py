"""Dunning's "today" is each partner's own: at 23:30 UTC a partner in Shanghai is on the next
day while one in Los Angeles (UTC-8) is still on the day before."""

from datetime import UTC, datetime
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command

from billing import tasks
from billing.models import DunningAction
from billing.services import collections_run
from partners.selectors import partner_days
from tests.support.billing_helpers import customer_with_subscription, day, invoice_due, publish
from tests.support.factories import PartnerFactory

pytestmark = pytest.mark.django_db

# 23:30 UTC on the day before the reminder is due (due + 6 days): Shanghai (UTC+8) is already
# on due + 7, Los Angeles (UTC-8) on due + 6 at 15:30.
NOW = datetime(*day(6).timetuple()[:3], 23, 30, tzinfo=UTC)


@pytest.fixture
def invoices():
    found = {}
    for zone in ("Asia/Shanghai", "America/Los_Angeles"):
        partner = PartnerFactory(time_zone=zone)
        publish(partner)
        customer, _sub = customer_with_subscription(partner)
        found[zone] = invoice_due(customer)
    return found


def reminded(invoice) -> list:
    return list(DunningAction.objects.filter(invoice=invoice).values_list("action", "performed_on"))


def test_the_partners_differ_by_a_day_at_23_30_utc(invoices):
    assert partner_days(now=NOW) == {day(7): ["Asia/Shanghai"], day(6): ["America/Los_Angeles"]}


def test_each_partner_is_dunned_on_its_own_today(invoices):
    summary = collections_run(now=NOW)
    assert reminded(invoices["Asia/Shanghai"]) == [("reminder", day(7))]
    assert reminded(invoices["America/Los_Angeles"]) == []
    assert summary.as_of == day(7) and summary.steps == {"reminder": 1}
    # Eight hours later it is the 7th in Los Angeles too (07:30), and its reminder goes.
    collections_run(now=NOW.replace(hour=15, minute=30) + (day(7) - day(6)))
    assert reminded(invoices["America/Los_Angeles"]) == [("reminder", day(7))]
    assert reminded(invoices["Asia/Shanghai"]) == [("reminder", day(7))]


def test_a_given_day_is_the_same_day_for_every_partner(invoices):
    collections_run(as_of=day(7))
    assert reminded(invoices["America/Los_Angeles"]) == [("reminder", day(7))]
    assert reminded(invoices["Asia/Shanghai"]) == [("reminder", day(7))]


def test_the_daily_task_and_the_command_run_each_partners_today(invoices):
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        result = tasks.run_collections.delay().get()
        assert result["as_of"] == day(7).isoformat() and result["steps"] == {"reminder": 1}
        out = StringIO()
        call_command("run_collections", stdout=out)
    assert "0 steps performed" in out.getvalue()
    assert reminded(invoices["America/Los_Angeles"]) == []
