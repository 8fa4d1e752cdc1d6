"""One exception handler for the whole API: every error has a clear status and reason."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django_fsm import TransitionNotAllowed
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import DomainError, InvalidTransition, NotAllowed


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(_validation_detail(exc))
    elif isinstance(exc, (NotAllowed, DjangoPermissionDenied)):
        exc = exceptions.PermissionDenied(getattr(exc, "detail", None) or str(exc) or None)
    elif isinstance(exc, TransitionNotAllowed):
        exc = InvalidTransition(str(exc))
    if isinstance(exc, DomainError):
        return Response({"code": exc.code, "detail": exc.detail}, status=status.HTTP_409_CONFLICT)
    return drf_exception_handler(exc, context)


def _validation_detail(exc: DjangoValidationError):
    if hasattr(exc, "error_dict"):
        return {
            ("non_field_errors" if field == "__all__" else field): messages
            for field, messages in exc.message_dict.items()
        }
    return {"non_field_errors": exc.messages}
