"""``manage.py import_billing --partner SLUG --kind KIND FILE [--dry-run] [--user USERNAME]``:
import a CSV or XLSX file into a partner's book, in this process, with a progress bar on stderr.

It goes through the same services as ``POST /api/imports/`` (the job is recorded like one) and
acts as a partner admin: ``--user``, or the partner's only admin. It exits 1 with every error
when the file or any row is refused (nothing is then written)."""

import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from core.actors import actor_for
from imports.kinds import KINDS
from imports.services import import_job_create, import_job_run
from partners.models import Membership, Partner


class ProgressBar:
    WIDTH = 30

    def __init__(self, stream, enabled: bool):
        self.stream, self.enabled = stream, enabled

    def update(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        total = max(total, done, 1)
        filled = self.WIDTH * done // total
        bar = "#" * filled + "." * (self.WIDTH - filled)
        self.stream.write(f"\r[{bar}] {done}/{total} rows", ending="")
        self.stream.flush()

    def finish(self) -> None:
        if self.enabled:
            self.stream.write("")


def _admin(partner: Partner, username: str | None):
    admins = Membership.objects.filter(partner=partner, role="admin").select_related("user")
    if username:
        admins = admins.filter(user__username=username)
    found = list(admins[:2])
    if len(found) != 1:
        raise CommandError(
            f"{username!r} is not an admin of {partner.slug}"
            if username
            else f"{partner.slug} has {'no' if not found else 'several'} admins; name one: --user"
        )
    return found[0].user


class Command(BaseCommand):
    help = "Import customers, subscriptions, invoices or payments from a CSV or XLSX file."

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .csv (UTF-8) or .xlsx file")
        parser.add_argument("--partner", required=True, help="the partner's slug")
        parser.add_argument("--kind", required=True, choices=sorted(KINDS))
        parser.add_argument("--dry-run", action="store_true", help="validate and count only")
        parser.add_argument("--user", help="the partner admin to act as (default: the only one)")

    def handle(self, *args, file, partner, kind, dry_run=False, user=None, verbosity=1, **opts):
        found = Partner.objects.filter(slug=partner).first()
        if found is None:
            raise CommandError(f"no partner {partner!r}")
        actor = actor_for(_admin(found, user))
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"no file {file}")
        with path.open("rb") as handle:
            try:
                job = import_job_create(
                    actor=actor,
                    kind=kind,
                    file=File(handle, name=path.name),
                    dry_run=dry_run,
                    enqueue=False,
                )
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
        bar = ProgressBar(self.stderr, verbosity >= 1 and (sys.stderr.isatty() or verbosity >= 2))
        job = import_job_run(job_id=job.pk, on_progress=bar.update)
        bar.update(job.processed_rows, job.total_rows)
        bar.finish()
        summary = (
            f"import {job.pk} {job.status}{' (dry run)' if job.dry_run else ''}: "
            f"{job.created} created, {job.updated} updated, {job.unchanged} unchanged, "
            f"{job.failed} invalid rows of {job.total_rows}"
        )
        self.stdout.write(summary)
        if job.status != job.Status.DONE:
            for error in job.errors:
                where = f"row {error['row']}" if error["row"] else "file"
                column = f", {error['column']}" if error["column"] else ""
                self.stderr.write(f"{where}{column}: {error['message']}")
            raise CommandError("nothing was imported")
