"""One exception handler for the whole API: every error has a clear status and reason."""

from http import HTTPStatus

from django.core.exceptions import NON_FIELD_ERRORS
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.csrf import csrf_failure as django_csrf_failure
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.api.csv import json_again
from core.errors import REFUSALS, refusal_of


def exception_handler(exc, context):
    json_again(context["request"])  # an error is JSON, even for ``?format=csv``
    # A service's refusal becomes DRF's 400 (per field) or 403, or our 409 with its code.
    if isinstance(exc, REFUSALS):
        refusal = refusal_of(exc)
        if refusal.field_errors is not None:
            exc = exceptions.ValidationError(
                {
                    ("non_field_errors" if field == NON_FIELD_ERRORS else field): messages
                    for field, messages in refusal.field_errors.items()
                }
            )
        elif refusal.status == HTTPStatus.FORBIDDEN:
            exc = exceptions.PermissionDenied(refusal.detail or None)
        else:
            return Response({"code": refusal.code, "detail": refusal.detail}, status=refusal.status)
    return drf_exception_handler(exc, context)


@csrf_exempt  # nothing happens here: a POST without a CSRF token is the same 404 as any
def not_found(request, *args, **kwargs):
    """Any path under ``/api/`` that names no endpoint: the API's JSON 404, not the site's page."""
    return JsonResponse({"detail": str(exceptions.NotFound.default_detail)}, status=404)


def csrf_failure(request, reason=""):
    """A refused CSRF check: JSON under ``/api/`` (as every API answer), Django's page elsewhere."""
    if request.path.startswith("/api/"):
        detail = _("CSRF check failed: send a token, or the CSRF header with the session.")
        return JsonResponse({"detail": detail}, status=403)
    return django_csrf_failure(request, reason=reason)
