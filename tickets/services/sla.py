"""Service targets: deadlines set on the ticket, breaches recorded exactly once, the auto-close
date (``tickets.services.tickets.tickets_auto_close`` closes what is due).

Targets are working time in the partner's calendar (``Partner.calendar``, ``partners.calendar``):
first response and resolution in working hours, close-the-loop in working days. Each deadline is
a stored instant with a partial index, so the periodic check reads only the few tickets still
owing something. A breach is stamped on the ticket under its row lock, then recorded (Event +
member e-mail with a stable key): a re-run or a second worker finds the stamp.

Pauses: while a ticket waits on the customer or on the operator (``PAUSED_STATES``) its clocks
stand still. ``clocks_follow`` (called by every ticket transition) keeps the working time each
running clock had left in ``sla_left`` and sets ``sla_paused_at``, which takes the ticket out of
the breach indexes; when the pause ends each clock's deadline is computed again from what it had
left, and the pause's working time is added to ``sla_paused_seconds``.
"""

from datetime import datetime, timedelta

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.actors import SYSTEM
from core.audit import event_record
from notifications.activity import ActivityKind, activity_record
from partners.calendar import WorkingCalendar, working_add, working_between, working_days_add
from tickets.models import CLOSED_STATES, DeskSettings, Ticket, TicketStatus
from tickets.services.emails import members_email

BATCH = 500


DESK_SETTINGS_SECONDS = 300  # a bound on staleness should an invalidation ever be missed


def desk_settings_for(partner_id: int) -> DeskSettings:
    """The partner's targets; an unsaved default row when the partner never changed them.

    Cached per partner in the shared cache (every web node sees an invalidation), dropped when
    the partner's row is saved or deleted (``desk_settings_forget``)."""
    key = _desk_settings_key(partner_id)
    found = cache.get(key)
    if found is None:
        found = DeskSettings.objects.filter(partner_id=partner_id).first() or DeskSettings(
            partner_id=partner_id
        )
        cache.set(key, found, DESK_SETTINGS_SECONDS)
    return found


def _desk_settings_key(partner_id: int) -> str:
    return f"tickets:desk-settings:{partner_id}"


@receiver([post_save, post_delete], sender=DeskSettings)
def desk_settings_forget(sender, instance: DeskSettings, **kwargs) -> None:
    key = _desk_settings_key(instance.partner_id)
    cache.delete(key)
    # Again after commit: a request that read the old row meanwhile may have cached it.
    transaction.on_commit(lambda: cache.delete(key))


PAUSED_STATES = (TicketStatus.PENDING_CUSTOMER, TicketStatus.ESCALATED)


def calendar_of(ticket: Ticket) -> WorkingCalendar:
    return ticket.partner.calendar


def deadlines_set(ticket: Ticket, start: datetime) -> None:
    """First-response and resolution deadlines: the partner's targets for the priority, in working
    hours from ``start`` (the ticket's creation), plus the working time its clocks were paused."""
    settings = desk_settings_for(ticket.partner_id)
    calendar = calendar_of(ticket)
    paused = timedelta(seconds=ticket.sla_paused_seconds)
    targets = {
        "first_response": settings.first_response_hours_for(ticket.priority),
        "resolution": settings.resolution_hours_for(ticket.priority),
    }
    for name, hours in targets.items():
        due = working_add(calendar, start, timedelta(hours=hours) + paused)
        setattr(ticket, SLAS[name][0], due)
        if ticket.sla_paused_at is not None:  # changed while paused: what is left changes
            left = working_between(calendar, ticket.sla_paused_at, due).total_seconds()
            others = {k: v for k, v in ticket.sla_left.items() if k != name}
            ticket.sla_left = others | ({name: left} if left and _running(ticket, name) else {})


def close_loop_start(ticket: Ticket, now: datetime) -> None:
    """The operator answered: the partner owes the customer an answer within N working days."""
    days = desk_settings_for(ticket.partner_id).close_loop_business_days
    ticket.close_loop_due = working_days_add(calendar_of(ticket), now, days)
    ticket.close_loop_met_at = None
    ticket.close_loop_breached_at = None
    # A close-the-loop clock paused by an earlier escalation is replaced, not resumed.
    ticket.sla_left = {k: v for k, v in ticket.sla_left.items() if k != "close_loop"}


def _running(ticket: Ticket, name: str) -> bool:
    """Whether clock ``name`` still runs: owed, not yet breached, with a deadline."""
    due, stamp, _owed = SLAS[name]
    if getattr(ticket, due) is None or getattr(ticket, stamp) is not None:
        return False
    if name == "first_response":
        return ticket.first_responded_at is None
    if name == "close_loop":
        return ticket.close_loop_met_at is None
    return ticket.status not in CLOSED_STATES


def clocks_follow(ticket: Ticket, before: str, now: datetime) -> dict:
    """Pause or resume the clocks when a transition enters or leaves a waiting state; returns what
    the transition's Event records about it (nothing when the clocks just keep running)."""
    was, now_paused = before in PAUSED_STATES, ticket.status in PAUSED_STATES
    if now_paused and not was:
        ticket.sla_paused_at = now
        calendar = calendar_of(ticket)
        dues = {name: getattr(ticket, SLAS[name][0]) for name in SLAS if _running(ticket, name)}
        ticket.sla_left = {
            name: working_between(calendar, now, due).total_seconds()
            for name, due in dues.items()
            if due > now  # one already overdue stays so: the check records it once resumed
        }
        return {"sla": "paused", "sla_left": ticket.sla_left}
    if was and not now_paused and ticket.sla_paused_at is not None:
        calendar = calendar_of(ticket)
        paused = working_between(calendar, ticket.sla_paused_at, now)
        ticket.sla_paused_seconds += int(paused.total_seconds())
        for name, seconds in ticket.sla_left.items():
            if _running(ticket, name):
                due = working_add(calendar, now, timedelta(seconds=seconds))
                setattr(ticket, SLAS[name][0], due)
        ticket.sla_paused_at, ticket.sla_left = None, {}
        return {"sla": "resumed", "sla_paused_seconds": int(paused.total_seconds())}
    return {}


def public_answer_recorded(ticket: Ticket, now: datetime) -> None:
    """A public message from the partner meets first response and any pending close-the-loop."""
    if ticket.first_responded_at is None:
        ticket.first_responded_at = now
    if ticket.close_loop_due is not None and ticket.close_loop_met_at is None:
        ticket.close_loop_met_at = now


def auto_close_schedule(ticket: Ticket, now: datetime) -> None:
    ticket.auto_close_at = now + timedelta(
        days=desk_settings_for(ticket.partner_id).auto_close_days
    )


# name → (deadline column, breach stamp, what "still owed" means)
SLAS = {
    "first_response": (
        "first_response_due",
        "first_response_breached_at",
        Q(first_responded_at__isnull=True),
    ),
    "resolution": ("resolution_due", "resolution_breached_at", ~Q(status__in=CLOSED_STATES)),
    "close_loop": ("close_loop_due", "close_loop_breached_at", Q(close_loop_met_at__isnull=True)),
}
SLA_LABELS = {
    "first_response": _("first response"),
    "resolution": _("resolution"),
    "close_loop": _("close the loop"),
}


def _overdue(sla: str, now: datetime):
    due, stamp, owed = SLAS[sla]
    return Ticket.objects.filter(
        owed, sla_paused_at__isnull=True, **{f"{due}__lt": now, f"{stamp}__isnull": True}
    )


def sla_check(*, now: datetime | None = None) -> int:
    """Record every breach not yet recorded; returns how many were recorded by this call."""
    now = now or timezone.now()
    return sum(
        drain(
            _overdue(sla, now).order_by(SLAS[sla][0]),
            lambda pk, sla=sla: sla_breach_record(ticket_id=pk, sla=sla, now=now),
        )
        for sla in SLAS
    )


def drain(queryset, handle) -> int:
    """Apply ``handle`` to every row of ``queryset`` in batches; a row it handled leaves the
    queryset.
    """
    done = 0
    while ids := list(queryset.values_list("pk", flat=True)[:BATCH]):
        handled = sum(handle(pk) for pk in ids)
        done += handled
        if not handled:  # everything left was changed by someone else meanwhile: nothing owed now
            break
    return done


@transaction.atomic
def sla_breach_record(*, ticket_id: int, sla: str, now: datetime) -> bool:
    ticket = (
        _overdue(sla, now)
        .filter(pk=ticket_id)
        .select_for_update(of=("self",))
        .select_related("partner", "assignee")
        .first()
    )
    if ticket is None:  # met or recorded meanwhile
        return False
    due_field, stamp, _owed = SLAS[sla]
    due = getattr(ticket, due_field)
    setattr(ticket, stamp, now)
    ticket.save(update_fields=[stamp])  # not updated_at: a breach must not reorder the queue
    event_record(
        actor=SYSTEM,
        obj=ticket,
        action="sla_breached",
        from_state=ticket.status,
        to_state=ticket.status,
        reason=f"{sla} due {due.isoformat()}",
        data={"sla": sla, "due_at": due.isoformat()},
    )
    members_email(
        ticket,
        "sla_breached",
        f"ticket:{ticket.pk}:sla:{sla}:{int(due.timestamp())}",
        {"sla": SLA_LABELS[sla], "due_at": due},
        roles=("admin",),
    )
    activity_record(kind=ActivityKind.SLA_BREACHED, target=ticket, roles=("admin",))
    return True
