"""Punctuation that is not the same in every language, for text put together from pieces: a label
and its value ("Status: open", "状态：open", "Statut : ouvert") and two sentences side by side
("…paid yet. It is now…", "…尚未付款。已逾期…": Chinese puts no space after a full stop).

A colon or a space written in a template outside the translated string is the usual cause of
"状态:" and "。 " in Chinese pages; ``tests/web/test_punctuation.py`` looks for them."""

from django.utils.translation import get_language

LABEL_SEPARATOR = {"zh-hans": "：", "fr": "\N{NO-BREAK SPACE}: "}
SENTENCE_SEPARATOR = {"zh-hans": ""}


def label_separator() -> str:
    return LABEL_SEPARATOR.get(get_language() or "en", ": ")


def sentence_separator() -> str:
    return SENTENCE_SEPARATOR.get(get_language() or "en", " ")


def labelled(label) -> str:
    """``"Status"`` → "Status: ", "状态：", "Statut : " — the value follows."""
    return f"{label}{label_separator()}"


def sentences(*parts) -> str:
    """Sentences side by side, spaced the way the language spaces them; empty parts dropped."""
    return sentence_separator().join(str(part) for part in parts if str(part).strip())
