from rest_framework.pagination import PageNumberPagination

from core.api.csv import wants_csv
from core.csv_export import serialized_csv_response


class Pagination(PageNumberPagination):
    """Pages of 25 (``?page_size=`` up to 200); a CSV request (``core.api.csv``) gets every row
    of the queryset the view hands over instead, streamed."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 200
    csv_rows = None

    def paginate_queryset(self, queryset, request, view=None):
        if wants_csv(request):
            # Kept for get_paginated_response; the view serializes an empty page, which tells
            # which serializer (and context) shapes a row.
            self.csv_rows, self.view = queryset, view
            return []
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        if self.csv_rows is None:
            return super().get_paginated_response(data)
        return csv_list_response(self.view, self.csv_rows, data)


def csv_list_response(view, rows, data):
    """The whole list as CSV. A row is what the list's serializer makes of it: the one that
    serialized the (empty) page, else the view's own (``get_serializer``) with the view's
    ``csv_represent`` for rows that are not model instances (``.values()``)."""
    serializer = getattr(getattr(data, "serializer", None), "child", None)
    represent = None
    if serializer is None:
        serializer, represent = view.get_serializer(), view.csv_represent
    path = [part for part in view.request.path.split("/") if part and part != "api"]
    return serialized_csv_response(
        name="-".join(path) or "export",
        serializer=serializer,
        rows=rows,
        represent=represent,
    )
