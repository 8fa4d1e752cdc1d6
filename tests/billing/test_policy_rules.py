"""The policy's pure rules, for every policy and every run schedule (hypothesis): each step at most
once, in order, never before its day, and never suspending sooner after the final notice than the
policy promises."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from billing.policy import DEFAULT_STEPS, Done, plan, steps_validate

DUE = date(2026, 1, 1)


@st.composite
def policies(draw):
    days = sorted(draw(st.sets(st.integers(1, 120), min_size=1, max_size=6)))
    with_suspend = len(days) >= 2 and draw(st.booleans())
    actions = ["reminder"] * len(days)
    if with_suspend:
        actions[-2:] = ["final_notice", "suspend"]
    return [{"after_days": d, "action": a} for d, a in zip(days, actions, strict=True)]


run_gaps = st.lists(st.integers(1, 25), min_size=1, max_size=30)


def simulate(steps, gaps):
    done, log, today = {}, [], DUE
    for gap in gaps:
        today += timedelta(days=gap)
        for step, impact in plan(steps, due_date=DUE, done=done, as_of=today).perform:
            key = (step["action"], step["after_days"])
            assert key not in done, "a step was performed twice"
            done[key] = Done(today, impact)
            log.append((step, today, impact))
    return log, today


@settings(max_examples=300, deadline=None)
@given(policies(), run_gaps)
def test_steps_happen_once_in_order_and_never_early(steps, gaps):
    assert steps_validate(steps) == steps
    log, last_run = simulate(steps, gaps)
    performed = [step for step, _on, _impact in log]
    assert performed == steps[: len(performed)], "out of order or skipped"
    for step, on, _impact in log:
        assert on >= DUE + timedelta(days=step["after_days"])
    due_by_now = [
        s
        for s in steps
        if s["action"] != "suspend" and DUE + timedelta(days=s["after_days"]) <= last_run
    ]
    assert len([s for s in performed if s["action"] != "suspend"]) == len(due_by_now), (
        "a due notice was skipped"
    )


@settings(max_examples=300, deadline=None)
@given(policies(), run_gaps)
def test_suspension_never_comes_sooner_after_the_final_notice_than_promised(steps, gaps):
    log, _ = simulate(steps, gaps)
    sent = {step["action"]: (step, on, impact) for step, on, impact in log}
    if "suspend" in sent:
        final, final_on, impact = sent["final_notice"]
        suspend, suspend_on, _none = sent["suspend"]
        assert (
            suspend_on
            >= impact
            >= final_on + timedelta(days=suspend["after_days"] - final["after_days"])
        )


def test_the_default_policy_is_valid():
    assert steps_validate([dict(s) for s in DEFAULT_STEPS]) == DEFAULT_STEPS


@pytest.mark.parametrize(
    "steps",
    [
        "reminder",
        [{"after_days": 7}],
        [{"after_days": "7", "action": "reminder"}],
        [{"after_days": True, "action": "reminder"}],
        [{"after_days": 400, "action": "reminder"}],
        [{"after_days": 7, "action": "reminder", "extra": 1}],
        [{"after_days": d, "action": "reminder"} for d in range(1, 13)],
    ],
)
def test_malformed_steps_are_refused(steps):
    with pytest.raises(ValidationError) as error:
        steps_validate(steps)
    assert "steps" in error.value.message_dict
