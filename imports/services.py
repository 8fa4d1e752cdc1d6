"""Import jobs: accept a file (checked up front, stored through the storage API, queued after
commit) and run it — every row through the services the API uses, in ONE transaction that is
rolled back when any row is invalid or the job is a dry run, so a failed import writes nothing.

Progress (``processed_rows``) cannot be written to the job's row from inside that transaction:
no other request would see it before the commit. It goes to the cache instead (Redis in
production, shared by the web and the worker), after every chunk of ``CHUNK`` rows;
``job_progress`` reads it back. The row count is known before the transaction begins (counted at
upload for a CSV, by a first streaming pass for a workbook) and is committed with the ``running``
status.

The rows are written as the admin who uploaded the file: the audit trail of every customer,
subscription, invoice and payment names them.
"""

import logging
import uuid

from django.core.cache import cache
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.actors import Actor, actor_for
from core.audit import event_record
from core.errors import REFUSALS, refusal_of
from core.queries import key_lookups_by_index
from imports.kinds import KINDS, Context
from imports.models import ImportJob
from imports.reading import FileRefused, table_open, table_type
from notifications.activity import ActivityKind, activity_record
from partners.rules import RowsRefused
from partners.selectors import user_language

logger = logging.getLogger(__name__)
CHUNK = 1000  # rows whose keyed records are found together, written together, then told
PROGRESS_TTL = 24 * 3600


def progress_key(job_id: int) -> str:
    return f"imports:progress:{job_id}"


def job_progress(job: ImportJob) -> int:
    """Rows processed so far: the cache while the job runs, the job's row once it is over."""
    if job.status == ImportJob.Status.RUNNING:
        return cache.get(progress_key(job.pk), job.processed_rows)
    return job.processed_rows


def _kind(name: str):
    kind = KINDS.get(name)
    if kind is None:
        raise ValidationError(
            {"kind": [_("Choose one of: %(kinds)s.") % {"kinds": ", ".join(KINDS)}]}
        )
    return kind


def file_check(*, kind_name: str, file, name: str) -> int:
    """Refuse (``ValidationError`` on ``kind`` or ``file``) what cannot be imported at all; the
    number of data rows of a CSV (read through once: that also proves it is UTF-8), or 0 for a
    workbook (counted by the job)."""
    kind = _kind(kind_name)
    table = table_open(file, name, required=kind.columns, size=file.size)
    try:
        if table.file_type == "csv":
            rows = table.count()
        else:
            rows = 1 if next(table.rows(kind.columns), None) else 0
    finally:
        file.seek(0)
    if not rows:
        raise FileRefused(_("The file has a header but no rows to import."))
    return rows if table.file_type == "csv" else 0


@transaction.atomic
def import_job_create(
    *, actor: Actor, kind: str, file, dry_run: bool = False, enqueue: bool = True
) -> ImportJob:
    """Queue an import of ``file`` for the actor's partner (its admins only); without
    ``enqueue`` the caller runs it (``import_job_run``), as the command does."""
    actor.require_member_of(
        actor.partner_id, admin=True, message=_("Only a partner admin may import records.")
    )
    name = (getattr(file, "name", "") or "upload")[-255:]
    total = file_check(kind_name=kind, file=file, name=name)
    job = ImportJob(
        partner_id=actor.partner_id,
        kind=kind,
        dry_run=dry_run,
        file_name=name,
        language=user_language(actor.user) or translation.get_language() or "en",
        total_rows=total,
        created_by=actor.user,
    )
    job.file.save(f"{uuid.uuid4().hex}.{table_type(name)}", file, save=False)
    job.save()
    event_record(actor=actor, obj=job, action="import_queued", to_state=job.status)
    job_id = job.pk

    def _enqueue():
        from imports.tasks import import_run  # the task calls back into this module

        import_run.delay(job_id)

    if enqueue:
        transaction.on_commit(_enqueue, robust=True)
    return job


class _Rollback(Exception):
    """Leaves the job's transaction: a dry run, or at least one invalid row."""


def _row_errors(number: int | None, exc: Exception, kind) -> list[dict]:
    refusal = refusal_of(exc)
    fields = refusal.field_errors or {NON_FIELD_ERRORS: [refusal.detail]}
    return [
        {
            "row": number,
            "column": "" if name == NON_FIELD_ERRORS else kind.column_of.get(name, name),
            "message": str(message),
        }
        for name, messages in fields.items()
        for message in messages
    ]


def _chunks(rows, size: int):
    chunk = []
    for item in rows:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class _Run:
    """A job's counts and errors as its rows are read, and its progress, told after every chunk
    of rows to the cache (and to ``on_progress``, the command's bar)."""

    def __init__(self, job: ImportJob, on_progress=None):
        self.job, self.on_progress = job, on_progress
        self.counts = {"created": 0, "updated": 0, "unchanged": 0, "failed": 0, "processed": 0}
        self.errors: list[dict] = []

    def row_done(self, outcome: str | list | None) -> None:
        """``outcome``: a count's name, the row's errors, or None (counted later, as a whole)."""
        if isinstance(outcome, list):
            self.counts["failed"] += 1
            self.errors += outcome
        elif outcome:
            self.counts[outcome] += 1
        self.counts["processed"] += 1

    def chunk_done(self) -> None:
        cache.set(progress_key(self.job.pk), self.counts["processed"], PROGRESS_TTL)
        if self.on_progress:
            self.on_progress(self.counts["processed"], self.job.total_rows)

    def result(self) -> dict:
        return {**self.counts, "errors": self.errors}


def _apply(job: ImportJob, actor: Actor, kind, on_progress=None) -> dict:
    run = _Run(job, on_progress)
    context = Context(actor=actor, partner_id=job.partner_id)
    try:
        with transaction.atomic(), job.file.open("rb") as handle:
            key_lookups_by_index()  # a chunk's thousand keys through their unique index
            table = table_open(handle, job.file_name, required=kind.columns)
            rows = table.rows(kind.columns + kind.optional)
            if getattr(kind, "whole_file", False):
                _whole_file(context, kind, rows, run)
            else:
                _by_row(context, kind, rows, run)
            if run.errors or job.dry_run:
                raise _Rollback
    except _Rollback:
        pass
    return run.result()


def _by_row(context: Context, kind, rows, run: _Run) -> None:
    seen: dict[str, int] = {}
    for chunk in _chunks(rows, CHUNK):
        context.found.clear()  # what this chunk's rows name, in a query per lookup
        for name, column in kind.prefetch.items():
            context.prefetch(name, [row.get(column, "") for _number, row in chunk])
        if hasattr(kind, "apply_many"):
            outcomes = _many(context, kind, seen, chunk)
        else:
            outcomes = [_row(context, kind, seen, number, row) for number, row in chunk]
        for outcome in outcomes:
            run.row_done(outcome)
        run.chunk_done()


def _many(context: Context, kind, seen: dict, chunk: list) -> list:
    """A chunk's outcomes (``created`` / ``updated`` / ``unchanged``, or a row's errors; None for
    a good row of a chunk the batch refused, which wrote nothing): each row parsed, then the
    parsed ones through the kind's batch service at once."""
    outcomes: list = [None] * len(chunk)
    parsed = []  # (position in the chunk, the row's values)
    for position, (number, row) in enumerate(chunk):
        try:
            _key_once(kind, seen, number, row)
            parsed.append((position, kind.parse(context, row)))
        except REFUSALS as exc:
            outcomes[position] = _row_errors(number, exc, kind)
    if not parsed:
        return outcomes
    try:
        results = kind.apply_many(context, [values for _position, values in parsed])
    except RowsRefused as exc:
        for index, refusal in exc.rows.items():
            position = parsed[index][0]
            outcomes[position] = _row_errors(chunk[position][0], refusal, kind)
        return outcomes
    except REFUSALS as exc:  # the batch as a whole (a key a rival took since the lookup): once
        outcomes[parsed[0][0]] = _row_errors(None, exc, kind)
        return outcomes
    for (position, _values), result in zip(parsed, results, strict=True):
        outcomes[position] = result
    return outcomes


def _whole_file(context: Context, kind, rows, run: _Run) -> None:
    """A kind whose rows only mean something together (the operator's reconciliation file):
    every row parsed, then, when all are good, the lines applied at once by its service."""
    lines = []
    for number, row in rows:
        try:
            lines.append(kind.parse(row, number))
        except ValidationError as exc:
            run.row_done(_row_errors(number, exc, kind))
        else:
            run.row_done(None)
        if run.counts["processed"] % CHUNK == 0:
            run.chunk_done()
    if run.errors:
        return
    try:
        run.counts.update(kind.apply_all(context, lines))
    except REFUSALS as exc:
        rows = getattr(exc, "rows", None)  # billing.reconciliation.ReconLinesRefused keeps them
        if rows:
            run.counts["failed"] += len({row for row, _column, _message in rows})
            run.errors += [
                {"row": row, "column": column, "message": str(message)}
                for row, column, message in rows
            ]
        else:
            run.errors += _row_errors(None, exc, kind)


def _row(context: Context, kind, seen: dict, number: int, row: dict) -> str | list[dict]:
    """``created`` / ``updated`` / ``unchanged``, or the row's errors."""
    try:
        _key_once(kind, seen, number, row)
        return kind.apply(context, row)
    except REFUSALS as exc:
        return _row_errors(number, exc, kind)


def _key_once(kind, seen: dict, number: int, row: dict) -> None:
    """Refuse a key an earlier row of the file has (``seen``: key → its row)."""
    key = row.get(kind.key, "")
    if key in seen:
        raise ValidationError({kind.key: [_("Row %(row)s has the same key.") % {"row": seen[key]}]})
    if key:
        seen[key] = number


def _start(job_id: int) -> ImportJob | None:
    """Claim a queued job (a task delivered twice runs it once) and count its rows."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).update(
        status=ImportJob.Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return None
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if not job.total_rows:
        kind = KINDS[job.kind]
        with job.file.open("rb") as handle:
            job.total_rows = table_open(handle, job.file_name, required=kind.columns).count()
        job.save(update_fields=["total_rows"])
    return job


def import_job_run(*, job_id: int, on_progress=None) -> ImportJob | None:
    """Run a queued job to ``done`` or ``failed``; ``None`` when it is not queued."""
    with translation.override(_language(job_id)):
        try:
            job = _start(job_id)
        except FileRefused as exc:
            return _finish(ImportJob.objects.get(pk=job_id), _file_failure(exc))
        if job is None:
            return None
        kind = KINDS[job.kind]
        actor = actor_for(job.created_by)
        try:
            outcome = _apply(job, actor, kind, on_progress)
        except FileRefused as exc:
            outcome = _file_failure(exc)
        except Exception:  # a job never stays "running": it fails, and the error is logged
            logger.exception("import job %s stopped", job_id)
            outcome = _file_failure(FileRefused(_("The import stopped on an unexpected error.")))
        return _finish(job, outcome)


def _language(job_id: int) -> str:
    return ImportJob.objects.filter(pk=job_id).values_list("language", flat=True).first() or "en"


def _file_failure(exc: FileRefused) -> dict:
    return {
        "failed": 0,
        "processed": 0,
        "errors": [{"row": None, "column": "", "message": m} for m in exc.messages],
    }


@transaction.atomic
def _finish(job: ImportJob, outcome: dict) -> ImportJob:
    failed = bool(outcome["errors"])
    job.status = ImportJob.Status.FAILED if failed else ImportJob.Status.DONE
    for name in ("created", "updated", "unchanged"):  # a failed import wrote nothing
        setattr(job, name, 0 if failed else outcome.get(name, 0))
    job.failed = outcome["failed"]
    job.processed_rows = outcome["processed"]
    job.errors = outcome["errors"]
    job.finished_at = timezone.now()
    job.save()
    cache.delete(progress_key(job.pk))
    if job.created_by_id:  # the uploader's inbox: the job's page, done or failed
        activity_record(
            kind=ActivityKind.IMPORT_FINISHED,
            target=job,
            summary=f"{job.file_name} ({job.get_status_display()})",
            user_ids=[job.created_by_id],
        )
    event_record(
        actor=actor_for(job.created_by),
        obj=job,
        action="import_finished",
        from_state=ImportJob.Status.RUNNING,
        to_state=job.status,
        data={name: getattr(job, name) for name in ("created", "updated", "unchanged", "failed")},
    )
    return job
