"""``?format=csv`` on every list of the API: every row the list's filters, tenancy and order
give, streamed, not one page.

Three pieces, none in a view:

- ``CsvRenderer`` makes ``csv`` a format DRF knows (``?format=csv`` or ``Accept: text/csv``);
- ``ContentNegotiation`` offers it only to a list: a viewset's ``list`` action, one of the GET
  actions a view names in ``csv_actions`` (a nested list such as an invoice's payments), or an
  ``APIView`` with ``csv_list = True``, so ``?format=csv`` elsewhere is the 404 DRF gives any
  unknown format;
- ``core.api.pagination.Pagination`` answers a CSV request with the whole filtered queryset the
  view hands it instead of a page, through ``core.csv_export.serialized_csv_response``: the
  columns are the list serializer's fields.

An error (401, 403, 400 on a filter) is still JSON: ``core.api.errors`` sets the renderer back.
"""

from rest_framework import renderers
from rest_framework.negotiation import DefaultContentNegotiation

from core.csv_export import cell_of, csv_lines

CSV_FORMAT = "csv"


class CsvRenderer(renderers.BaseRenderer):
    """What DRF negotiates for ``?format=csv``. A paginated list never reaches it (the pagination
    streams the rows); a list a view answers whole (no pagination) is written here, its rows'
    keys as the columns."""

    media_type = "text/csv"
    format = CSV_FORMAT
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        rows = data if isinstance(data, list) else [data]
        rows = [row for row in rows if isinstance(row, dict)]
        columns = list(dict.fromkeys(key for row in rows for key in row))
        lines = csv_lines(columns, ([cell_of(row, name) for name in columns] for row in rows))
        return "".join(lines).encode(self.charset)


def lists_as_csv(view, method: str) -> bool:
    """Whether a ``method`` request of ``view`` is a list that may answer CSV (a plain
    ``APIView`` answering a list opts in with ``csv_list = True``)."""
    if method not in ("GET", "HEAD"):
        return False
    if getattr(view, "csv_list", False):
        return True
    action = getattr(view, "action", None)
    return action == "list" or action in getattr(view, "csv_actions", ())


class ContentNegotiation(DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        if not lists_as_csv(request.parser_context.get("view"), request.method):
            renderers = [r for r in renderers if not isinstance(r, CsvRenderer)]
        return super().select_renderer(request, renderers, format_suffix)


def wants_csv(request) -> bool:
    renderer = getattr(request, "accepted_renderer", None)
    return isinstance(renderer, CsvRenderer)


def json_again(request) -> None:
    """An error answers JSON, whatever format the request asked for."""
    if wants_csv(request):
        request.accepted_renderer = renderers.JSONRenderer()
        request.accepted_media_type = renderers.JSONRenderer.media_type
