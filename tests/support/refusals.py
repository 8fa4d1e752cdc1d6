"""What a single-row service or its batch twin refused, in one shape, so a test can hold the two
to the same answer."""

from django.core.exceptions import ValidationError

from core.errors import NotAllowed
from partners.rules import RowsRefused


def refusal(call) -> dict:
    """What ``call()`` refused, as the caller sees it: the fields' messages, or a 403's reason
    (a batch of one row: that row's)."""
    try:
        call()
    except RowsRefused as exc:
        assert list(exc.rows) == [0]
        return _refusal_of(exc.rows[0])
    except (ValidationError, NotAllowed) as exc:
        return _refusal_of(exc)
    raise AssertionError("not refused")


def _refusal_of(exc) -> dict:
    if isinstance(exc, ValidationError):
        return exc.message_dict
    return {"403": exc.detail}
