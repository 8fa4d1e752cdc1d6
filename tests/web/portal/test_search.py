"""The header's search box: tickets, customers and invoices at once, words marked, the partner's
own rows only, a fixed number of queries."""

import pytest

from tests.support.factories import CustomerFactory, InvoiceFactory, TicketFactory
from tests.support.web import page_queries, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def found(partner, other_partner):
    customer = CustomerFactory(partner=partner, name="Moskva Trade", email="buh@moskva.example")
    InvoiceFactory(customer=customer, number="INV-0006-2")
    TicketFactory(customer=customer, subject="Card <b>declined</b> in Moskva")
    TicketFactory(customer=CustomerFactory(partner=other_partner), subject="Moskva elsewhere")
    return customer


def test_it_finds_all_three_kinds_and_marks_the_words(agent_user, found):
    page = signed_in(agent_user).get("/search/", {"q": "moskva"})
    assert page.status_code == 200
    sections = page.context["sections"]
    assert [t.subject for t in sections["tickets"]["rows"]] == ["Card <b>declined</b> in Moskva"]
    assert [c.name for c in sections["customers"]["rows"]] == ["Moskva Trade"]
    assert [i.number for i in sections["invoices"]["rows"]] == ["INV-0006-2"]
    html = page.content.decode()
    assert "Card &lt;b&gt;declined&lt;/b&gt; in <mark>Moskva</mark>" in html
    assert "<mark>Moskva</mark> Trade" in html
    assert "elsewhere" not in html


def test_the_header_has_the_search_box_for_partner_users(agent_user):
    html = signed_in(agent_user).get("/tickets/").content.decode()
    assert 'action="/search/"' in html


def test_an_empty_search_runs_no_query_on_the_lists(agent_user, found):
    page = signed_in(agent_user).get("/search/", {"q": "  "})
    assert page.status_code == 200 and "sections" not in page.context


def test_the_operator_may_not_search_partner_rows(operator_user):
    assert signed_in(operator_user).get("/search/", {"q": "x"}).status_code == 403


def test_it_costs_the_same_queries_whatever_it_finds(agent_user, found, partner):
    client = signed_in(agent_user)
    client.get("/search/?q=moskva")
    before = page_queries(client, "/search/?q=moskva")
    for n in range(12):
        customer = CustomerFactory(partner=partner, name=f"Moskva {n}")
        InvoiceFactory(customer=customer)
        TicketFactory(customer=customer, subject=f"Moskva {n}")
    assert page_queries(client, "/search/?q=moskva") == before
    assert before <= 12, before  # sign-in, role, the header's count; two per section
