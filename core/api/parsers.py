"""The API's JSON parser: DRF's, refusing what would otherwise fail deep inside a view — nesting
deeper than any payload of the desk (Python's parser would hit its recursion limit: a 500) and
NUL bytes in keys or strings (PostgreSQL cannot store them). Both answer 400."""

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from core.validators import has_nul, no_nul

MAX_DEPTH = 32


def _refusal(data) -> str:
    """Why ``data`` is refused ('' when it is not), walked without recursion."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            return str(ParseError.default_detail)  # "Malformed request.", in DRF's catalogs
        if isinstance(value, dict):
            if any(has_nul(key) for key in value):
                return str(no_nul.message)
            stack.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)
        elif has_nul(value):
            return str(no_nul.message)
    return ""


class DeskJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError() from None
        refusal = _refusal(data)
        if refusal:
            raise ParseError(refusal)
        return data
