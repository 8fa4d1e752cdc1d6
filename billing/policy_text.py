"""A collections policy in plain words, in the active language: what happens on which day, and
when access to the subscriptions is impacted. Used by the public page (and any screen that shows
a policy), so the wording is the same everywhere."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from billing import policy as rules
from billing.models import DATA_RETENTION_DAYS, CollectionsPolicy, StepAction


@dataclass(frozen=True)
class StepText:
    after_days: int
    action: str
    when: str
    what: str


def _when(days: int) -> str:
    return ngettext("%(days)d day after the due date", "%(days)d days after the due date", days) % {
        "days": days
    }


def _what(action: str, *, auto_suspend: bool, partner_name: str) -> str:
    if action == StepAction.REMINDER:
        return _("We send you a payment reminder by e-mail.")
    if action == StepAction.FINAL_NOTICE:
        return _(
            "We send you a final notice by e-mail. It states the date from which access to your "
            "subscriptions will be impacted if the invoice is still unpaid."
        )
    if auto_suspend:
        return _(
            "If the invoice is still unpaid, your subscriptions are suspended: access is impacted "
            "from this day."
        )
    return _(
        "If the invoice is still unpaid, %(partner)s may suspend your subscriptions: access can be "
        "impacted from this day."
    ) % {"partner": partner_name}


def steps_text(policy: CollectionsPolicy, partner_name: str) -> list[StepText]:
    return [
        StepText(
            step["after_days"],
            step["action"],
            _when(step["after_days"]),
            _what(step["action"], auto_suspend=policy.auto_suspend, partner_name=partner_name),
        )
        for step in policy.steps
    ]


def impact_text(policy: CollectionsPolicy) -> list[str]:
    """When access is impacted, stated plainly (the policy's duty 3 in SPEC §1)."""
    suspend = rules.step_of(policy.steps, StepAction.SUSPEND)
    final = rules.step_of(policy.steps, StepAction.FINAL_NOTICE)
    if suspend is None:
        return [
            _("Under this policy, access to your subscriptions is never suspended for non-payment.")
        ]
    gap = suspend["after_days"] - final["after_days"]
    return [
        ngettext(
            "Access to your subscriptions is impacted at the earliest %(days)d day after an unpaid "
            "invoice's due date.",
            "Access to your subscriptions is impacted at the earliest %(days)d days after an "
            "unpaid invoice's due date.",
            suspend["after_days"],
        )
        % {"days": suspend["after_days"]},
        ngettext(
            "You always receive the final notice at least %(days)d day before access is impacted.",
            "You always receive the final notice at least %(days)d days before access is impacted.",
            gap,
        )
        % {"days": gap},
        _("Access is restored automatically as soon as the overdue balance is paid in full."),
        ngettext(
            "The data of a subscription that stays suspended is deleted %(days)d day after the "
            "suspension.",
            "The data of a subscription that stays suspended is deleted %(days)d days after the "
            "suspension.",
            DATA_RETENTION_DAYS,
        )
        % {"days": DATA_RETENTION_DAYS},
    ]


def notes_text() -> list[str]:
    return [
        _(
            "While an invoice is disputed, it is paused: no reminder is sent for it and it never "
            "leads to a suspension."
        ),
        _(
            "A partial payment is welcome, but the steps above continue until the invoice is paid "
            "in full."
        ),
    ]
