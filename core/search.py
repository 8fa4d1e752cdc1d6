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
    scores = []
    for word in words:
        found = [(Q(**{f"{path}__icontains": word}), weight) for path, weight in fields.items()]
        found += [(condition(word), weight) for condition, weight in related]
        number = NUMBER.fullmatch(word)
        if number and number_weight:
            found.append((Q(pk=int(number.group(1))), number_weight))
        anywhere = Q()
        for condition, weight in found:
            anywhere |= condition
            scores.append(Case(When(condition, then=Value(weight)), default=Value(0)))
        queryset = queryset.filter(anywhere)
    rank = scores[0]
    for score in scores[1:]:
        rank = rank + score
    queryset = queryset.annotate(**{RANK: Coalesce(rank, 0, output_field=IntegerField())})
    if text_fields and connection.vendor == "postgresql":
        queryset = queryset.annotate(**{TEXT_RANK: full_text_rank(text_fields, words)})
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
