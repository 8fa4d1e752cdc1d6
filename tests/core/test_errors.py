"""core.errors.refusal_of: one reading of a refusal for the API, the pages, the admin and the
customer's status page."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_fsm import TransitionNotAllowed

from core.errors import (
    REFUSALS,
    DomainError,
    InvalidTransition,
    NotAllowed,
    PolicyViolation,
    Refusal,
    refusal_of,
)


def test_a_validation_error_is_a_400_per_field():
    refusal = refusal_of(ValidationError({"amount": ["Too big."], "__all__": ["Not now."]}))
    assert refusal == Refusal(
        400,
        "invalid",
        "Too big.; Not now.",
        {
            "amount": ["Too big."],
            "__all__": ["Not now."],
        },
    )
    assert refusal.messages == ["Too big.", "Not now."]


def test_a_plain_validation_error_is_a_non_field_error():
    refusal = refusal_of(ValidationError(["Not now.", "Nor later."]))
    assert refusal.status == 400 and refusal.field_errors == {"__all__": ["Not now.", "Nor later."]}
    assert refusal.messages == ["Not now.", "Nor later."]


@pytest.mark.parametrize(
    "error, code",
    [
        (InvalidTransition("Closed already."), "invalid_transition"),
        (PolicyViolation("Closed already."), "policy_violation"),
        (DomainError("Closed already."), "domain_error"),
    ],
)
def test_a_refused_transition_or_rule_is_a_409_with_its_code(error, code):
    assert refusal_of(error) == Refusal(409, code, "Closed already.")
    assert refusal_of(error).messages == ["Closed already."]


def test_django_fsms_refusal_is_an_invalid_transition():
    refusal = refusal_of(TransitionNotAllowed("Can't switch from state 'closed'"))
    assert refusal == Refusal(409, "invalid_transition", "Can't switch from state 'closed'")


@pytest.mark.parametrize(
    "error", [NotAllowed("Only operator staff."), PermissionDenied("Only operator staff.")]
)
def test_a_role_that_may_not_act_is_a_403(error):
    assert refusal_of(error) == Refusal(403, "permission_denied", "Only operator staff.")


def test_anything_else_is_a_bug_not_a_refusal():
    assert not isinstance(KeyError("x"), REFUSALS)
    with pytest.raises(TypeError):
        refusal_of(KeyError("x"))
