"""core.web.service_errors: a service's refusal reaches the page the way the API reports it."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory
from django_fsm import TransitionNotAllowed

from core.errors import InvalidTransition, NotAllowed, PolicyViolation
from core.web import service_errors


class NameForm(forms.Form):
    name = forms.CharField()


@pytest.fixture
def request_():
    request = RequestFactory().post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def bound_form():
    form = NameForm({"name": "x"})
    assert form.is_valid()
    return form


def shown(request):
    return [str(message) for message in get_messages(request)]


def test_field_errors_land_on_their_fields(request_):
    form = bound_form()
    with service_errors(request_, form) as call:
        raise ValidationError({"name": ["Too plain."]})
    assert call.failed
    assert form.errors["name"] == ["Too plain."]


def test_errors_for_fields_the_form_lacks_go_on_top_named_after_the_field(request_):
    form = bound_form()
    with service_errors(request_, form):
        raise ValidationError(
            {"support_email": ["Enter a valid email address."], "__all__": ["Whole form."]}
        )
    assert form.non_field_errors() == ["support email: Enter a valid email address.", "Whole form."]


def test_a_plain_validation_error_goes_on_top_of_the_form(request_):
    form = bound_form()
    with service_errors(request_, form):
        raise ValidationError("Not now.")
    assert form.non_field_errors() == ["Not now."]


def test_without_a_form_a_validation_error_becomes_a_message(request_):
    with service_errors(request_) as call:
        raise ValidationError({"amount": ["Must be positive."]})
    assert call.failed and shown(request_) == ["Must be positive."]


@pytest.mark.parametrize(
    "error",
    [
        PolicyViolation("Not overdue long enough: allowed from 2026-12-01."),
        InvalidTransition("Not overdue long enough: allowed from 2026-12-01."),
    ],
)
def test_a_refused_rule_or_transition_is_shown_with_its_reason(request_, error):
    with service_errors(request_, bound_form()) as call:
        raise error
    assert call.failed
    assert shown(request_) == ["Not overdue long enough: allowed from 2026-12-01."]


def test_django_fsms_refusal_is_shown_too(request_):
    with service_errors(request_) as call:
        raise TransitionNotAllowed("Can't switch from state 'closed' using method 'resolve'")
    assert call.failed and "closed" in shown(request_)[0]


def test_a_role_that_may_not_act_gets_403_with_the_reason(request_):
    with pytest.raises(PermissionDenied, match="Only a partner admin"):
        with service_errors(request_):
            raise NotAllowed("Only a partner admin may do this.")


def test_success_is_not_a_failure_and_other_errors_are_not_swallowed(request_):
    with service_errors(request_) as call:
        pass
    assert not call.failed
    with pytest.raises(KeyError):
        with service_errors(request_):
            raise KeyError("a bug, not a refusal")
