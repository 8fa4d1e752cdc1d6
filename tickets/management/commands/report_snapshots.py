"""``manage.py report_snapshots --from YYYY-MM-DD [--to YYYY-MM-DD] [--chunk-days N]``: build (or
build again) the reports' stored days for a range — a backfill, or a rebuild after old rows
changed. ``--to`` defaults to yesterday; days that are not over are refused. The range is built
``--chunk-days`` days per transaction (default 7), each chunk replacing its days' rows."""

import argparse
import time
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.cli import date_argument
from tickets.services import report_snapshots_build


def _days(value: str) -> int:
    try:
        days = int(value)
    except ValueError:
        days = 0
    if days < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of at least 1")
    return days


class Command(BaseCommand):
    help = "Build the reports' stored days for a range of finished days."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="first", type=date_argument, required=True)
        parser.add_argument("--to", dest="last", type=date_argument)
        parser.add_argument("--chunk-days", type=_days, default=7)

    def handle(self, *args, first, last, chunk_days, **options):
        yesterday = timezone.localdate() - timedelta(days=1)
        last = last or yesterday
        if last > yesterday:
            raise CommandError(f"{last} is not over yet; the last day to store is {yesterday}")
        if first > last:
            raise CommandError(f"--from {first} is after --to {last}")
        started = time.perf_counter()
        built, day = 0, first
        while day <= last:
            end = min(day + timedelta(days=chunk_days - 1), last)
            built += report_snapshots_build(first=day, last=end)
            day = end + timedelta(days=1)
        seconds = time.perf_counter() - started
        self.stdout.write(f"Stored {built} days, {first} to {last}, in {seconds:.1f} s")
