"""What a collections policy means, as pure functions: validating its steps, the default policy,
and the dates it gives one invoice. Services, selectors and the public page all build on these,
so the rules are written once.

Semantics, in short:
- a step ``{after_days, action}`` comes due ``after_days`` days after the invoice's due date;
- steps are performed in order, each at most once per invoice; a late run performs every step
  that has come due (catch-up), never skips one;
- the final notice announces an impact date, and suspension never happens before it: after a
  catch-up the customer still gets the full gap the policy puts between final notice and suspend.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from billing.models import CollectionsPolicy, StepAction

MAX_STEPS = 10
MAX_DAYS = 365
RANK = {StepAction.REMINDER: 0, StepAction.FINAL_NOTICE: 1, StepAction.SUSPEND: 2}

DEFAULT_STEPS = [
    {"after_days": 3, "action": StepAction.REMINDER.value},
    {"after_days": 10, "action": StepAction.REMINDER.value},
    {"after_days": 20, "action": StepAction.FINAL_NOTICE.value},
    {"after_days": 30, "action": StepAction.SUSPEND.value},
]
# Suspension is a partner admin's decision unless the partner opts in to automatic suspension.
DEFAULT_AUTO_SUSPEND = False
DEFAULT_DESCRIPTION = _(
    "If an invoice is not paid by its due date, we remind you by e-mail before anything else "
    "happens. If you cannot pay on time or you disagree with an invoice, contact us: an invoice "
    "under dispute is paused until the dispute is settled."
)


def description_fields() -> list[str]:
    """``description_en``, ``description_zh_hans``, … one per supported language."""
    return [build_localized_fieldname("description", code) for code in settings.LANGUAGE_CODES]


def default_descriptions() -> dict[str, str]:
    result = {}
    for code in settings.LANGUAGE_CODES:
        with translation.override(code):
            result[build_localized_fieldname("description", code)] = str(DEFAULT_DESCRIPTION)
    return result


def default_policy(partner) -> CollectionsPolicy:
    """The policy a partner starts with, unsaved: steps, manual suspension, description in every
    language.
    """
    return CollectionsPolicy(
        partner=partner,
        version=1,
        steps=[dict(step) for step in DEFAULT_STEPS],
        auto_suspend=DEFAULT_AUTO_SUSPEND,
        **default_descriptions(),
    )


def steps_validate(steps) -> list[dict]:
    """The steps, normalized and sorted as given; a ``ValidationError`` on ``steps`` says what is
    wrong.
    """
    if not isinstance(steps, list) or not steps:
        raise ValidationError({"steps": [_("Give at least one step.")]})
    if len(steps) > MAX_STEPS:
        raise ValidationError(
            {"steps": [_("A policy has at most %(max)d steps.") % {"max": MAX_STEPS}]}
        )
    clean, errors = [], []
    for number, step in enumerate(steps, 1):
        parsed = _step_parse(number, step, errors)
        if parsed:
            clean.append(parsed)
    if not errors:
        errors = _order_errors(clean)
    if errors:
        raise ValidationError({"steps": errors})
    return clean


def _step_parse(number: int, step, errors: list) -> dict | None:
    if not isinstance(step, dict) or set(step) != {"after_days", "action"}:
        errors.append(_("Step %(n)d: give exactly after_days and action.") % {"n": number})
        return None
    days, action = step["after_days"], step["action"]
    ok = True
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        errors.append(
            _("Step %(n)d: after_days must be a whole number of days from 1 to %(max)d.")
            % {"n": number, "max": MAX_DAYS}
        )
        ok = False
    if action not in StepAction.values:
        errors.append(
            _("Step %(n)d: action must be one of reminder, final_notice, suspend.") % {"n": number}
        )
        ok = False
    return {"after_days": days, "action": action} if ok else None


def _order_errors(steps: list[dict]) -> list:
    errors = []
    for number, (before, after) in enumerate(zip(steps, steps[1:], strict=False), 2):
        if after["after_days"] <= before["after_days"]:
            errors.append(
                _(
                    "Step %(n)d: after_days must be greater than the previous step's (%(days)d): "
                    "days strictly increase."
                )
                % {"n": number, "days": before["after_days"]}
            )
    actions = [step["action"] for step in steps]
    if actions.count(StepAction.SUSPEND) > 1:
        errors.append(_("At most one suspend step is allowed."))
    elif StepAction.SUSPEND in actions and actions[-1] != StepAction.SUSPEND:
        errors.append(_("The suspend step must be the last step."))
    if actions.count(StepAction.FINAL_NOTICE) > 1:
        errors.append(_("At most one final notice is allowed."))
    if StepAction.SUSPEND in actions and StepAction.FINAL_NOTICE not in actions:
        errors.append(
            _(
                "A suspend step needs a final notice before it, so the customer learns the date "
                "access will be impacted."
            )
        )
    if StepAction.FINAL_NOTICE in actions and StepAction.SUSPEND not in actions:
        errors.append(
            _(
                "A final notice announces the date access will be impacted, so a suspend step must "
                "follow it."
            )
        )
    if any(
        RANK[a] > RANK[b]
        for a, b in zip(actions, actions[1:], strict=False)
        if StepAction.SUSPEND not in (a, b)
    ):
        errors.append(_("Reminders come before the final notice."))
    return errors


def step_of(steps: list[dict], action: str) -> dict | None:
    return next((step for step in steps if step["action"] == action), None)


def impact_date(steps: list[dict], *, due_date: date, final_sent_on: date | None) -> date | None:
    """The first day access may be impacted: the suspend step's day, and never sooner after the
    final notice than the policy's gap between the two (a late final notice moves it later)."""
    suspend = step_of(steps, StepAction.SUSPEND)
    if suspend is None:
        return None
    day = due_date + timedelta(days=suspend["after_days"])
    final = step_of(steps, StepAction.FINAL_NOTICE)
    if final is not None and final_sent_on is not None:
        day = max(day, final_sent_on + timedelta(days=suspend["after_days"] - final["after_days"]))
    return day


@dataclass(frozen=True)
class Done:
    """One step already performed for an invoice."""

    performed_on: date
    impact_on: date | None = None


@dataclass
class Plan:
    perform: list[tuple[dict, date | None]] = field(
        default_factory=list
    )  # (step, impact date it announces)
    next_on: date | None = None  # when the next step comes due, if any remains
    finished: bool = False


def plan(
    steps: list[dict], *, due_date: date, done: dict[tuple[str, int], Done], as_of: date
) -> Plan:
    """Which steps one invoice owes as of ``as_of``, in order, and when the next one comes due."""
    result = Plan()
    impact = next(
        (d.impact_on for (action, _days), d in done.items() if action == StepAction.FINAL_NOTICE),
        None,
    )
    for step in steps:
        if (step["action"], step["after_days"]) in done:
            continue
        day = due_date + timedelta(days=step["after_days"])
        if step["action"] == StepAction.SUSPEND and impact is not None:
            day = max(day, impact)
        if day > as_of:
            result.next_on = day
            return result
        announced = None
        if step["action"] == StepAction.FINAL_NOTICE:
            announced = impact = impact_date(steps, due_date=due_date, final_sent_on=as_of)
        result.perform.append((step, announced))
    result.finished = True
    return result
