"""Dunning: for every unpaid, unfrozen, non-exempt invoice, perform each policy step that has come
due and was not performed yet — once, in order, catching up after missed days.

"Once" is a fact of the database (``dunning_step_once``: one row per invoice and step), not a hope.
Work goes in set-based batches (a fixed number of queries per batch, plus the outbox's own per
e-mail); each batch locks its invoices with ``SKIP LOCKED`` on PostgreSQL, so two overlapping runs
share the work instead of repeating it. Each batch is one transaction: a failure rolls back its
steps and e-mails together, and the next run does them.
"""

import logging
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from billing import emails
from billing import policy as rules
from billing.models import CollectionsPolicy, DunningAction, Invoice, StepAction
from billing.selectors import performed_steps
from billing.services.dunning_suspend import suspend_steps
from billing.services.policy import policy_ensure
from core.actors import SYSTEM
from core.audit import event_row, events_write
from partners.models import Partner
from partners.selectors import member_recipients, partner_days

BATCH_SIZE = 500
logger = logging.getLogger(__name__)


@dataclass
class RunSummary:
    as_of: date
    invoices: int = 0  # invoices examined
    batches: int = 0
    steps: Counter = field(default_factory=Counter)
    subscriptions_suspended: int = 0
    ready_to_suspend: int = 0
    emails: int = 0
    failed: int = 0  # invoices left for the next run because performing their steps raised

    def add(self, other: "RunSummary") -> None:
        for name in (
            "invoices",
            "batches",
            "subscriptions_suspended",
            "ready_to_suspend",
            "emails",
            "failed",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.steps.update(other.steps)

    def line(self) -> str:
        steps = ", ".join(f"{action} {self.steps[action]}" for action in StepAction.values)
        return (
            f"Collections as of {self.as_of}: {self.invoices} invoices checked in {self.batches} "
            f"batches; {sum(self.steps.values())} steps performed ({steps}); "
            f"{self.subscriptions_suspended} subscriptions suspended; {self.ready_to_suspend} "
            f"ready to suspend; {self.emails} e-mails queued"
            + (
                f"; {self.failed} invoices failed (see the log), left for the next run."
                if self.failed
                else "."
            )
        )

    def as_dict(self) -> dict:
        return {**asdict(self), "as_of": self.as_of.isoformat(), "steps": dict(self.steps)}


def collections_candidates(*, as_of: date, zones: list[str] | None = None):
    """Open invoices that may owe a step on ``as_of``: past due, no dispute hold, customer not
    exempt, and not waiting for a later day (``dunning_next_on``) or finished; only of partners
    in ``zones`` (time zones) when given."""
    invoices = Invoice.objects.filter(
        status=Invoice.Status.OPEN,
        dunning_done=False,
        freeze_count=0,
        customer__collections_exempt=False,
        due_date__lt=as_of,
    ).filter(Q(dunning_next_on__isnull=True) | Q(dunning_next_on__lte=as_of))
    return invoices if zones is None else invoices.filter(partner__time_zone__in=zones)


def collections_run(
    *,
    as_of: date | None = None,
    now: datetime | None = None,
    batch_size: int = BATCH_SIZE,
    progress=None,
) -> RunSummary:
    """Perform what is due. ``as_of`` runs one given day for every partner (a replay); without
    it each partner runs its own today at ``now``: a partner in Los Angeles is still on
    yesterday when one in Shanghai has started today."""
    if as_of is not None:
        return _collections_run(as_of, None, batch_size, progress)
    summary = None
    for day, zones in sorted(partner_days(now=now or timezone.now()).items()):
        part = _collections_run(day, zones, batch_size, progress)
        if summary is not None:
            part.add(summary)
        summary = part  # as_of: the latest partner's day
    return summary or RunSummary(as_of=timezone.localdate())


def _collections_run(as_of: date, zones, batch_size: int, progress) -> RunSummary:
    summary = RunSummary(as_of=as_of)
    _policies_ensure(as_of, zones)
    cache = _PolicyCache()
    last_id = 0
    while True:
        ids = _batch_run(as_of, zones, last_id, batch_size, cache, summary)
        if not ids:
            return summary
        last_id = ids[-1]
        summary.batches += 1
        if progress:
            progress(summary)


def _batch_run(
    as_of: date, zones, after_id: int, size: int, cache: "_PolicyCache", summary: RunSummary
) -> list[int]:
    """One batch in one transaction. If it fails, its invoices are retried one by one, so a single
    bad row (say, an e-mail that cannot be rendered) costs only itself, not the batch or the rest of
    the run."""
    ids = []
    try:
        with transaction.atomic():
            batch = _batch_lock(as_of, zones, after_id, size)
            ids = [invoice.id for invoice in batch]
            delta = _batch_perform(batch, as_of, cache)
        summary.add(delta)
    except Exception:
        logger.exception(
            "Collections batch after invoice %s failed; retrying its invoices one by one.", after_id
        )
        for invoice_id in ids:
            _invoice_retry(invoice_id, as_of, zones, cache, summary)
    return ids


def _invoice_retry(
    invoice_id: int, as_of: date, zones, cache: "_PolicyCache", summary: RunSummary
) -> None:
    try:
        with transaction.atomic():
            batch = _batch_lock(as_of, zones, invoice_id - 1, 1, only=invoice_id)
            delta = _batch_perform(batch, as_of, cache) if batch else RunSummary(as_of=as_of)
        summary.add(delta)
    except Exception:
        logger.exception(
            "Collections for invoice %s failed; it is left for the next run.", invoice_id
        )
        summary.failed += 1


def _policies_ensure(as_of: date, zones) -> None:
    """A partner that never published a policy gets the default one before its first dunning
    step."""
    partner_ids = set(
        collections_candidates(as_of=as_of, zones=zones)
        .order_by()
        .values_list("partner_id", flat=True)
        .distinct()
    )
    have = set(
        CollectionsPolicy.objects.filter(partner_id__in=partner_ids)
        .order_by()
        .values_list("partner_id", flat=True)
        .distinct()
    )
    for partner in Partner.objects.filter(id__in=partner_ids - have):
        policy_ensure(partner=partner)


def _batch_lock(
    as_of: date, zones, after_id: int, size: int, only: int | None = None
) -> list[Invoice]:
    qs = (
        collections_candidates(as_of=as_of, zones=zones)
        .filter(id__gt=after_id)
        .select_related("customer")
        .order_by("id")
    )
    if only is not None:
        qs = qs.filter(id=only)
    if connection.features.has_select_for_update_skip_locked:
        qs = qs.select_for_update(skip_locked=True, of=("self",), no_key=True)
    return list(qs[:size])


class _PolicyCache:
    """Partners and their policy versions, loaded once per partner for the whole run."""

    def __init__(self):
        self.partners, self.current, self.by_id, self.recipients = {}, {}, {}, {}

    def load(self, batch: list[Invoice]) -> None:
        missing = {invoice.partner_id for invoice in batch} - set(self.partners)
        if not missing:
            return
        self.partners.update(Partner.objects.in_bulk(missing))
        for policy in CollectionsPolicy.objects.filter(partner_id__in=missing).order_by(
            "partner_id", "version"
        ):
            self.current[policy.partner_id] = self.by_id[policy.id] = policy

    def policy_for(self, invoice: Invoice) -> CollectionsPolicy | None:
        return self.by_id.get(invoice.collections_policy_id) or self.current.get(invoice.partner_id)

    def admins(self, partner_id: int) -> list[tuple[int, str, str]]:
        """The partner's admins (id, e-mail, language), looked up once per run, not once per
        e-mail."""
        if partner_id not in self.recipients:
            self.recipients[partner_id] = member_recipients(
                partner=self.partners[partner_id], roles=emails.ADMINS
            )
        return self.recipients[partner_id]


@dataclass
class _Work:
    actions: list = field(default_factory=list)
    events: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    notices: list = field(default_factory=list)  # (invoice, policy, step, impact_on), in step order
    suspends: list = field(default_factory=list)  # (invoice, policy)


def _batch_perform(batch: list[Invoice], as_of: date, cache: _PolicyCache) -> RunSummary:
    """Perform what the batch owes; returns its counts (added to the run's only once committed)."""
    summary = RunSummary(as_of=as_of, invoices=len(batch))
    cache.load(batch)
    done = performed_steps(invoice_ids=[invoice.id for invoice in batch])
    work = _Work()
    for invoice in batch:
        policy = cache.policy_for(invoice)
        if policy is not None:
            _invoice_plan(invoice, policy, done.get(invoice.id, {}), as_of, work, summary)
    DunningAction.objects.bulk_create(work.actions)
    events_write(work.events)
    _bookkeeping_write(work.changed)
    summary.emails += emails.queue_many(
        [
            emails.invoice_notice_email(
                partner=cache.partners[invoice.partner_id],
                customer=invoice.customer,
                invoice=invoice,
                step=step,
                policy=policy,
                days_overdue=invoice.days_overdue(as_of),
                impact_on=impact_on,
            )
            for invoice, policy, step, impact_on in _latest_notices(work.notices)
        ]
    )
    suspend_steps(work.suspends, as_of, cache, summary)
    return summary


def _latest_notices(notices: list) -> list:
    """One e-mail per invoice: after a catch-up (the run missed days, so one invoice owes two
    reminders and the final notice at once) every step is recorded, but the customer gets only
    the latest step's notice, the one that says where things stand now."""
    latest = {}
    for notice in notices:  # in step order, so the last one per invoice wins
        latest[notice[0].id] = notice
    return list(latest.values())


BOOKKEEPING_CHUNK = 1000


def _bookkeeping_write(invoices: list[Invoice]) -> None:
    """Store each invoice's pinned policy, next step date and done flag in one statement per chunk.

    ``bulk_update`` would build a CASE per row and field, which costs more to compile than the
    whole rest of a batch; an UPDATE joined to a VALUES list is one short statement instead.
    """
    typed = (
        "(%s::bigint, %s::bigint, %s::date, %s::boolean)"
        if connection.vendor == "postgresql"
        else "(%s, %s, %s, %s)"
    )
    table = Invoice._meta.db_table
    for start in range(0, len(invoices), BOOKKEEPING_CHUNK):
        chunk = invoices[start : start + BOOKKEEPING_CHUNK]
        values = ", ".join([typed] * len(chunk))
        params = [
            value
            for i in chunk
            for value in (i.id, i.collections_policy_id, i.dunning_next_on, i.dunning_done)
        ]
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH v (id, policy_id, next_on, done) AS (VALUES {values}) "
                f"UPDATE {table} SET collections_policy_id = v.policy_id, "
                "dunning_next_on = v.next_on, dunning_done = v.done "
                f"FROM v WHERE {table}.id = v.id",
                params,
            )


def _invoice_plan(
    invoice: Invoice,
    policy: CollectionsPolicy,
    done: dict,
    as_of: date,
    work: _Work,
    summary: RunSummary,
) -> None:
    plan = rules.plan(policy.steps, due_date=invoice.due_date, done=done, as_of=as_of)
    pinned = invoice.collections_policy_id or (policy.id if plan.perform else None)
    if (pinned, plan.next_on, plan.finished) != (
        invoice.collections_policy_id,
        invoice.dunning_next_on,
        invoice.dunning_done,
    ):
        invoice.collections_policy_id, invoice.dunning_next_on, invoice.dunning_done = (
            pinned,
            plan.next_on,
            plan.finished,
        )
        work.changed.append(invoice)
    for step, impact_on in plan.perform:
        work.actions.append(
            DunningAction(
                partner_id=invoice.partner_id,
                invoice=invoice,
                policy=policy,
                action=step["action"],
                after_days=step["after_days"],
                due_on=invoice.due_date + timedelta(days=step["after_days"]),
                performed_on=as_of,
                impact_on=impact_on,
            )
        )
        work.events.append(
            event_row(
                actor=SYSTEM,
                obj=invoice,
                action=f"dunning_{step['action']}",
                data={
                    "after_days": step["after_days"],
                    "policy_version": policy.version,
                    "days_overdue": invoice.days_overdue(as_of),
                    "impact_on": impact_on and impact_on.isoformat(),
                },
            )
        )
        summary.steps[step["action"]] += 1
        if step["action"] == StepAction.SUSPEND:
            work.suspends.append((invoice, policy))
        else:
            work.notices.append((invoice, policy, step, impact_on))
