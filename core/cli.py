"""What the management commands share."""

import argparse
from datetime import date

from django.core.exceptions import ValidationError

from core.validators import date_in_range


def date_argument(value: str) -> date:
    """A command-line date: YYYY-MM-DD within the desk's range, or argparse's usage error."""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a date in the form YYYY-MM-DD"
        ) from None
    try:
        date_in_range(day)
    except ValidationError as error:
        raise argparse.ArgumentTypeError(" ".join(error.messages)) from None
    return day
