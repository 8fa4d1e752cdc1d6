"""``manage.py run_collections [--as-of YYYY-MM-DD] [--batch-size N]``: perform every collections
step that has come due. Safe to run again, or while another run is going (they share the work).

It refuses a batch size below 1 and an as-of day in the future (its e-mails would be stamped with
a day that has not come) or outside the desk's date range, and exits non-zero, after its summary,
when any invoice failed."""

import argparse
import sys
import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from billing.services import collections_candidates, collections_run
from core.cli import date_argument
from partners.selectors import partner_days


def _date(value: str) -> date:
    day = date_argument(value)
    if day > _latest_today():
        raise argparse.ArgumentTypeError(f"{value} is in the future; collections run up to today")
    return day


def _batch_size(value: str) -> int:
    try:
        size = int(value)
    except ValueError:
        size = 0
    if size < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of at least 1")
    return size


def _latest_today() -> date:
    """The latest of the partners' todays (what the bar's total counts against)."""
    return max(partner_days(now=timezone.now()), default=timezone.localdate())


class ProgressBar:
    """A one-line bar on stderr, redrawn in place; ``total`` is the count when the run started."""

    WIDTH = 30

    def __init__(self, stream, total: int, enabled: bool):
        self.stream, self.total, self.enabled = stream, max(total, 1), enabled

    def update(self, summary) -> None:
        if not self.enabled:
            return
        done = min(summary.invoices, self.total)
        filled = self.WIDTH * done // self.total
        self.stream.write(
            f"\r[{'#' * filled}{'.' * (self.WIDTH - filled)}] {done}/{self.total} invoices, "
            f"{sum(summary.steps.values())} steps",
            ending="",
        )
        self.stream.flush()

    def finish(self) -> None:
        if self.enabled:
            self.stream.write("")


class Command(BaseCommand):
    help = (
        "Perform every collections-policy step that has come due "
        "(reminders, final notices, suspensions)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--as-of",
            type=_date,
            default=None,
            help="the day to run for every partner, YYYY-MM-DD (default: each partner's today "
            "in its time zone)",
        )
        parser.add_argument(
            "--batch-size",
            type=_batch_size,
            default=500,
            help="invoices per transaction (default 500)",
        )

    def handle(self, *args, as_of=None, batch_size=500, verbosity=1, **options):
        started = time.monotonic()
        show = verbosity >= 1 and (sys.stderr.isatty() or verbosity >= 2)
        total = show and collections_candidates(as_of=as_of or _latest_today()).count()
        bar = ProgressBar(self.stderr, total or 0, show)
        summary = collections_run(as_of=as_of, batch_size=batch_size, progress=bar.update)
        bar.finish()
        self.stdout.write(f"{summary.line()} ({time.monotonic() - started:.1f} s)")
        if summary.failed:
            raise CommandError(f"{summary.failed} invoices failed; see the log.")
