"""Domain errors raised by services, and the one reading of a refusal every caller shares.

Bad input is Django's ``ValidationError`` (400, per field). A refused state change is
``InvalidTransition`` and a refused business rule is ``PolicyViolation`` (both 409); a role that
may not act is ``NotAllowed`` (403). ``refusal_of`` turns any of them into a ``Refusal``, which
the API's exception handler, the web's ``service_errors``, the admin actions and the customer's
status page each show in their own way.
"""

from contextlib import contextmanager
from dataclasses import dataclass
from http import HTTPStatus

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django_fsm import TransitionNotAllowed


class DomainError(Exception):
    code = "domain_error"

    def __init__(self, detail: str):
        super().__init__(detail)
        self.detail = str(detail)


class InvalidTransition(DomainError):
    code = "invalid_transition"


class PolicyViolation(DomainError):
    code = "policy_violation"


class NotAllowed(DomainError):
    """The actor's role may not perform this action (403)."""

    code = "permission_denied"


# What a service may refuse with; anything else escaping a service is a bug, not a refusal.
REFUSALS = (ValidationError, DomainError, TransitionNotAllowed, PermissionDenied)


@dataclass(frozen=True)
class Refusal:
    status: int  # 400, 403 or 409
    code: str  # "invalid", "permission_denied", or the DomainError's code
    detail: str  # the reason on one line
    # ValidationError only: field → messages, ``NON_FIELD_ERRORS`` ("__all__") for the others.
    field_errors: dict[str, list[str]] | None = None

    @property
    def messages(self) -> list[str]:
        """Every reason, one per line: all fields' messages in order, else the detail."""
        if self.field_errors is None:
            return [self.detail]
        return [message for messages in self.field_errors.values() for message in messages]


def refusal_of(exc: Exception) -> Refusal:
    """What a refusal (one of ``REFUSALS``) means to the person who asked."""
    if isinstance(exc, ValidationError):
        per_field = hasattr(exc, "error_dict")
        fields = exc.message_dict if per_field else {NON_FIELD_ERRORS: exc.messages}
        return Refusal(HTTPStatus.BAD_REQUEST, "invalid", "; ".join(exc.messages), fields)
    if isinstance(exc, (NotAllowed, PermissionDenied)):
        detail = getattr(exc, "detail", None) or str(exc)
        return Refusal(HTTPStatus.FORBIDDEN, NotAllowed.code, detail)
    if isinstance(exc, TransitionNotAllowed):
        return Refusal(HTTPStatus.CONFLICT, InvalidTransition.code, str(exc))
    if isinstance(exc, DomainError):
        return Refusal(HTTPStatus.CONFLICT, exc.code, exc.detail)
    raise TypeError(f"not a refusal: {exc!r}")


@contextmanager
def unique_or(refusal: ValidationError):
    """Write inside a savepoint; a unique key a concurrent writer took first (the check before
    could not see it) answers ``refusal``, the same 400 as the check, rather than a 500."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError:
        raise refusal from None
