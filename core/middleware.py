"""Input no view should ever see: a NUL byte in the path (404: no such page) or in any query or
form value (400). PostgreSQL cannot store or compare a NUL, so it would otherwise surface as a
500 wherever a view passes the value on. JSON bodies are checked by ``core.api.parsers``."""

from django.http import Http404, HttpResponseBadRequest, JsonResponse, QueryDict
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _

from core.validators import has_nul, no_nul


def _nul_in(query) -> bool:
    return any(has_nul(key) or any(has_nul(v) for v in values) for key, values in query.lists())


class HostileInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_nul(request.path):
            raise Http404("No such page.")
        try:
            hostile = _nul_in(request.GET) or (request.method == "POST" and _nul_in(_form(request)))
        except MultiPartParserError:  # e.g. a multipart body with no boundary
            return _bad_request(request, _("The request body is not a valid multipart form."))
        if hostile:
            return _bad_request(request, str(no_nul.message))
        return self.get_response(request)


def _bad_request(request, message: str):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=400)
    return HttpResponseBadRequest(message)


def _form(request):
    """The posted form's values; a body that is no form (JSON, a signed webhook's raw bytes) is
    left unread, so that the view can still read ``request.body``."""
    if request.content_type not in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return QueryDict()
    return request.POST
