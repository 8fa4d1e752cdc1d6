"""The guard on suspending for non-payment (SPEC §4), as a read the UI can call before the button is
pressed and the suspension service calls again, under lock, before it acts.

Allowed only if the customer has an invoice that is unpaid, not frozen by a dispute, not exempt,
at least the policy's suspend-step days overdue, whose earlier notices were all sent, and whose
final notice's announced impact date has come.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from billing import policy as rules
from billing.models import CollectionsPolicy, Invoice, StepAction, Subscription, SuspensionReason
from billing.selectors.lists import performed_steps, policy_latest
from core.ui.dates import format_date
from core.ui.punctuation import sentences
from partners.models import Event


@dataclass(frozen=True)
class SuspensionCheck:
    allowed: bool
    reason: str
    allowed_from: date | None = None  # when it would be allowed, if nothing else changes
    invoice_id: int | None = None  # the invoice that allows it (or would, soonest)


def suspension_check(subscription: Subscription, *, today: date | None = None) -> SuspensionCheck:
    today = today or timezone.localdate()
    refusal = _subscription_refusal(subscription)
    if refusal:
        return SuspensionCheck(False, refusal)
    customer = subscription.customer
    if customer.collections_exempt:
        return SuspensionCheck(
            False,
            _("%(customer)s is exempt from collections, so it cannot be suspended for non-payment.")
            % {"customer": customer.name},
        )
    invoices = list(
        Invoice.objects.filter(customer=customer, status=Invoice.Status.OPEN).order_by(
            "due_date", "id"
        )
    )
    if not invoices:
        return SuspensionCheck(
            False, _("%(customer)s has no unpaid invoice.") % {"customer": customer.name}
        )
    unfrozen = [invoice for invoice in invoices if not invoice.frozen]
    frozen = _frozen_text([invoice for invoice in invoices if invoice.frozen])
    if not unfrozen:
        every = _(
            "Every unpaid invoice of %(customer)s is frozen by an open dispute; suspension "
            "for non-payment is possible only once the dispute ends."
        ) % {"customer": customer.name}
        return SuspensionCheck(False, sentences(frozen, every))
    best = _best(_invoice_checks(subscription.partner_id, unfrozen, today))
    if best.allowed or not frozen:
        return best
    return SuspensionCheck(
        False, sentences(frozen, best.reason), best.allowed_from, best.invoice_id
    )


def _frozen_text(invoices: list[Invoice]) -> str:
    """Name each frozen invoice and the dispute holding it (the reason its latest hold gave)."""
    holds = {
        event.object_id: event.reason
        for event in Event.objects.filter(
            object_type="invoice", object_id__in=[i.id for i in invoices], action="frozen"
        ).order_by("id")
    }
    return sentences(
        *(
            _("Invoice %(number)s is frozen by a dispute (%(dispute)s).")
            % {"number": invoice.number, "dispute": holds.get(invoice.id, "")}
            for invoice in invoices
        )
    )


def _subscription_refusal(subscription: Subscription) -> str:
    if subscription.status == Subscription.Status.CANCELLED:
        return _("This subscription is cancelled.")
    if SuspensionReason.NON_PAYMENT in subscription.suspension_reasons:
        return _("This subscription is already suspended for non-payment.")
    return ""


def _invoice_checks(partner_id: int, invoices: list[Invoice], today: date) -> list[SuspensionCheck]:
    pinned = CollectionsPolicy.objects.in_bulk(
        {i.collections_policy_id for i in invoices if i.collections_policy_id}
    )
    current = policy_latest(partner_id=partner_id) or rules.default_policy(invoices[0].partner)
    done = performed_steps(invoice_ids=[invoice.id for invoice in invoices])
    return [
        _invoice_check(
            invoice, pinned.get(invoice.collections_policy_id, current), done[invoice.id], today
        )
        for invoice in invoices
    ]


def _best(checks: list[SuspensionCheck]) -> SuspensionCheck:
    allowed = [check for check in checks if check.allowed]
    if allowed:
        return allowed[0]
    dated = [check for check in checks if check.allowed_from]
    return min(dated, key=lambda check: check.allowed_from) if dated else checks[0]


def _invoice_check(
    invoice: Invoice, policy: CollectionsPolicy, done: dict, today: date
) -> SuspensionCheck:
    steps = policy.steps
    suspend = rules.step_of(steps, StepAction.SUSPEND)
    if suspend is None:
        return SuspensionCheck(
            False,
            _(
                "The collections policy (version %(version)s) has no suspend step, so it never "
                "allows suspension for non-payment. Publish a version that says when access "
                "is impacted."
            )
            % {"version": policy.version},
            None,
            invoice.id,
        )
    missing = [
        step
        for step in steps
        if step["action"] != StepAction.SUSPEND and (step["action"], step["after_days"]) not in done
    ]
    allowed_from = _impact(invoice, steps, done, today)
    overdue = invoice.days_overdue(today)
    if not missing and today >= allowed_from:
        return SuspensionCheck(
            True,
            ngettext(
                "Invoice %(number)s is %(days)d day overdue and every notice of the policy was "
                "sent.",
                "Invoice %(number)s is %(days)d days overdue and every notice of the policy was "
                "sent.",
                overdue,
            )
            % {"number": invoice.number, "days": overdue},
            allowed_from,
            invoice.id,
        )
    return SuspensionCheck(
        False,
        _refusal_text(invoice, suspend, missing, overdue, allowed_from),
        allowed_from,
        invoice.id,
    )


def _impact(invoice: Invoice, steps: list[dict], done: dict, today: date) -> date:
    """The announced impact date, or the one the final notice would announce if it went out
    today."""
    final = rules.step_of(steps, StepAction.FINAL_NOTICE)
    sent = done.get((final["action"], final["after_days"])) if final else None
    if sent is not None and sent.impact_on:
        return sent.impact_on
    sent_on = (
        sent.performed_on
        if sent
        else (max(invoice.due_date + timedelta(days=final["after_days"]), today) if final else None)
    )
    return rules.impact_date(steps, due_date=invoice.due_date, final_sent_on=sent_on)


def _refusal_text(
    invoice: Invoice, suspend: dict, missing: list[dict], overdue: int, allowed_from: date
) -> str:
    parts = []
    if overdue == 0:
        parts.append(
            _(
                "Invoice %(number)s is not due until %(date)s; the policy allows suspension from "
                "%(after)d days overdue."
            )
            % {
                "number": invoice.number,
                "date": format_date(invoice.due_date),
                "after": suspend["after_days"],
            }
        )
    elif overdue < suspend["after_days"]:
        parts.append(
            ngettext(
                "Invoice %(number)s is %(days)d day overdue; the policy allows suspension from "
                "%(after)d days overdue.",
                "Invoice %(number)s is %(days)d days overdue; the policy allows suspension from "
                "%(after)d days overdue.",
                overdue,
            )
            % {"number": invoice.number, "days": overdue, "after": suspend["after_days"]}
        )
    if missing:
        names = ", ".join(
            f"{StepAction(step['action']).label} "
            f"({format_date(invoice.due_date + timedelta(days=step['after_days']))})"
            for step in missing
        )
        parts.append(
            _("Notices not sent yet for invoice %(number)s: %(steps)s.")
            % {"number": invoice.number, "steps": names}
        )
    elif overdue >= suspend["after_days"]:
        parts.append(
            _(
                "The final notice for invoice %(number)s announced %(date)s as the date access "
                "will be impacted."
            )
            % {"number": invoice.number, "date": format_date(allowed_from)}
        )
    parts.append(
        _("Suspension for non-payment would be allowed from %(date)s.")
        % {"date": format_date(allowed_from)}
    )
    return sentences(*parts)
