"""One meaning of "search" for every list: each word of the query must occur, in any case and at
any position, in one of the list's fields; rows come ranked by where their words were found.

Substrings, not words, so that "INV-0006-2", half a name or Chinese (written without spaces:
"账单" inside "三月账单有误") all match. The same on SQLite (``LIKE``) and PostgreSQL, where
``pg_trgm`` GIN indexes on ``UPPER(column)`` serve the ``icontains`` lookups (migration
``tickets/0003_search_indexes``) and the full-text rank of the text fields orders rows of equal
weight. A list's FilterSet says which fields it searches and what each weighs.
"""

import re
from collections.abc import Callable

from django.db import connection
from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce

MAX_WORDS = 8  # a pasted paragraph is not a query: the first words decide
NUMBER = re.compile(r"#?(\d{1,9})")
RANK = "search_rank"
TEXT_RANK = "search_text_rank"


def search_words(value: str | None) -> list[str]:
    return (value or "").split()[:MAX_WORDS]


def text_search(
    queryset,
    value: str | None,
    *,
    fields: dict[str, int],
    related: tuple[tuple[Callable, int], ...] = (),
    number_weight: int = 0,
    text_fields: tuple[str, ...] = (),
):
    """``queryset`` narrowed to rows holding every word of ``value`` and annotated with
    ``search_rank`` (the sum of the weights of the fields each word was found in).

    ``fields``: ``{lookup path: weight}``; ``related``: ``(word -> condition, weight)`` for what
    sits in other rows (a ticket's messages, as an ``Exists``); ``number_weight``: a word that is
    a number (``42``, ``#42``) also finds the row with that id. ``text_fields``: on PostgreSQL,
    their full-text rank (``search_text_rank``) breaks ties.
    """
    words = search_words(value)
    if not words:
        return queryset
    found = {
        word: word_matches(word, fields=fields, related=related, number_weight=number_weight)
        for word in words
    }
    queryset = queryset.filter(*(any_of(matches) for matches in found.values()))
    return ranked(queryset, found, text_fields=text_fields)


def word_matches(
    word: str,
    *,
    fields: dict[str, int],
    related: tuple[tuple[Callable, int], ...] = (),
    number_weight: int = 0,
) -> list[tuple]:
    """``(condition, weight)`` for each place ``word`` may be found (as ``text_search``)."""
    found = [(Q(**{f"{path}__icontains": word}), weight) for path, weight in fields.items()]
    found += [(condition(word), weight) for condition, weight in related]
    number = word_number(word)
    if number is not None and number_weight:
        found.append((Q(pk=number), number_weight))
    return found


def word_number(word: str) -> int | None:
    """The row id a word names (``42``, ``#42``), if it is one."""
    number = NUMBER.fullmatch(word)
    return int(number.group(1)) if number else None


def any_of(conditions) -> Q:
    """A row holding the word somewhere: any of ``word_matches``' conditions (or plain ones)."""
    anywhere = Q()
    for condition in conditions:
        anywhere |= condition[0] if isinstance(condition, tuple) else condition
    return anywhere


def ranked(queryset, found: dict[str, list[tuple]], *, text_fields: tuple[str, ...] = ()):
    """``queryset`` annotated with ``search_rank``: the weights of the places each word was found
    in (``found``: ``{word: word_matches(word, ...)}``), plus on PostgreSQL the full-text rank of
    ``text_fields`` to break ties."""
    scores = [
        Case(When(condition, then=Value(weight)), default=Value(0))
        for matches in found.values()
        for condition, weight in matches
    ]
    rank = scores[0]
    for score in scores[1:]:
        rank = rank + score
    queryset = queryset.annotate(**{RANK: Coalesce(rank, 0, output_field=IntegerField())})
    if text_fields and connection.vendor == "postgresql":
        queryset = queryset.annotate(**{TEXT_RANK: full_text_rank(text_fields, list(found))})
    return queryset


def full_text_rank(text_fields: tuple[str, ...], words: list[str]):
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    query = SearchQuery(" ".join(words), config="simple", search_type="plain")
    return SearchRank(SearchVector(*text_fields, config="simple"), query)


def ranked_order(queryset, order) -> tuple:
    """``order`` with the best matches first when ``queryset`` was searched."""
    annotations = queryset.query.annotations
    if RANK not in annotations:
        return tuple(order)
    first = (f"-{RANK}", f"-{TEXT_RANK}") if TEXT_RANK in annotations else (f"-{RANK}",)
    return (*first, *order)


def searched(queryset, value, **kwargs):
    """``text_search`` keeping the queryset's own order after the rank (for lists whose selector
    orders before it filters)."""
    result = text_search(queryset, value, **kwargs)
    return result.order_by(*ranked_order(result, queryset.query.order_by))
