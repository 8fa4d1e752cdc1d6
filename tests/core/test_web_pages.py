"""core.web's paging helpers: a capped count, and ?page_size= within bounds."""

import pytest
from django.test import RequestFactory

from core.web import MAX_PAGE_SIZE, PAGE_SIZE, CappedPaginator, page_size, paginate_capped


@pytest.mark.parametrize(
    ("rows", "count", "capped", "pages"),
    [(3, 3, False, "2"), (5, 5, False, "3"), (6, 5, True, "3+"), (0, 0, False, "1")],
)
def test_the_count_stops_at_the_cap(rows, count, capped, pages):
    paginator = CappedPaginator(list(range(rows)), 2, cap=5)
    assert (paginator.count, paginator.capped, paginator.pages_shown) == (count, capped, pages)


def test_a_page_past_the_cap_shows_the_last_counted_one():
    request = RequestFactory().get("/", {"page": "9"})
    page = paginate_capped(request, list(range(20)), 2, cap=5)
    assert page.number == 3 and list(page.object_list) == [4]  # rows up to the cap only


@pytest.mark.parametrize(
    ("asked", "size"),
    [("50", 50), ("1", 1), (" 7 ", 7), (str(MAX_PAGE_SIZE), MAX_PAGE_SIZE)]
    + [(value, PAGE_SIZE) for value in (str(MAX_PAGE_SIZE + 1), "0", "-3", "x", "²", "1e3", "")],
)
def test_page_size_is_a_whole_number_up_to_the_limit(asked, size):
    assert page_size(RequestFactory().get("/", {"page_size": asked})) == size
