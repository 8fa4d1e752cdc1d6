"""The one money and number formatter of pages and e-mails: the reader's locale (CLDR, by Babel)
decides the separators and on which side the currency code goes — "CNY 13,200.00",
"13 200,00 CNY"."""

from decimal import Decimal, InvalidOperation

from babel import Locale, numbers
from django.utils.translation import get_language, to_locale


def babel_locale() -> Locale:
    """The active language as a Babel locale (English when Babel does not know it)."""
    try:
        return Locale.parse(to_locale(get_language() or "en"))
    except (ValueError, LookupError):
        return Locale.parse("en")


def format_number(value, decimal_pos: int | None = None) -> str:
    """``13200`` → "13,200" (en), "13 200" (ru); ``decimal_pos`` fixes the decimals."""
    locale = babel_locale()
    if decimal_pos is None:
        return numbers.format_decimal(value, locale=locale)
    pattern = "#,##0" + ("." + "0" * decimal_pos if decimal_pos else "")
    return numbers.format_decimal(value, format=pattern, locale=locale)


def format_money(amount, currency: str = "") -> str:
    """An amount with two decimals and its ISO currency code where the locale writes it."""
    try:
        value = Decimal(str(amount))
    except (InvalidOperation, ValueError):
        return str(amount)
    formatted = format_number(value, decimal_pos=2)
    if not currency:
        return formatted
    pattern = babel_locale().currency_formats["standard"].pattern
    if pattern.lstrip().startswith("¤"):
        return f"{currency} {formatted}"
    return f"{formatted} {currency}"
