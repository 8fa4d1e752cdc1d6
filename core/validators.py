"""What every input is checked against, wherever it arrives (API, pages, admin, commands,
imports): one date range, text without NUL bytes, whole numbers parsed without trusting
``str.isdigit`` (``"²".isdigit()`` is true, ``int("²")`` fails)."""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext as _

DATE_MIN = date(2000, 1, 1)
DATE_MAX = date(2100, 12, 31)
ID_RANGE = {"min_value": 1, "max_value": 2**63 - 1}  # a row id: what a bigint column can hold
_WHOLE = re.compile(r"[0-9]{1,18}")  # ASCII digits only, and small enough for a bigint


def date_in_range(value: date) -> None:
    """Refuse a date outside the one range the desk accepts (2000-01-01 … 2100-12-31)."""
    if value is not None and not DATE_MIN <= value <= DATE_MAX:
        raise ValidationError(
            _("Enter a date between %(min)s and %(max)s.")
            % {"min": DATE_MIN.isoformat(), "max": DATE_MAX.isoformat()},
            code="date_range",
        )


def dates_in_range(**dates) -> None:
    """``date_in_range`` for several named dates, with the errors by field."""
    errors = {}
    for name, value in dates.items():
        try:
            date_in_range(value)
        except ValidationError as error:
            errors[name] = error.messages
    if errors:
        raise ValidationError(errors)


def has_nul(value) -> bool:
    return isinstance(value, str) and "\x00" in value


no_nul = ProhibitNullCharactersValidator()  # Django's own message, in every language


def whole_number(value) -> int | None:
    """``value`` as a non-negative int when it is plainly one (ASCII digits), else ``None``."""
    text = str(value).strip() if value is not None else ""
    return int(text) if _WHOLE.fullmatch(text) else None
