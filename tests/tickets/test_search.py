"""``?search=``: one meaning for the ticket, customer and invoice lists, in the API and the pages,
on SQLite and PostgreSQL alike (this file runs in both passes): every word found somewhere the
reader may look, as a substring (Chinese has no spaces), best matches first, tenant-scoped."""

import pytest

from core.actors import actor_for
from tests.support.factories import CustomerFactory, InvoiceFactory, TicketFactory
from tickets import selectors
from tickets.models import Message, Visibility

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(partner, other_partner):
    moscow = CustomerFactory(partner=partner, name="OOO Moskva Trade", email="buh@moskva.example")
    lantern = CustomerFactory(partner=partner, name="Lantern Ltd", email="ap@lantern.example")
    invoice = InvoiceFactory(customer=lantern, number="INV-0006-2")
    rows = {
        "moscow": TicketFactory(customer=moscow, subject="Card declined", description="Retry?"),
        "invoice": TicketFactory(
            customer=lantern, invoice=invoice, subject="Credit note", description="Refund it"
        ),
        "chinese": TicketFactory(customer=lantern, subject="三月账单有误", description="请核对"),
        "subject": TicketFactory(customer=lantern, subject="Moskva office move"),
        "note": TicketFactory(customer=lantern, subject="Plain", description="Nothing here"),
        "theirs": TicketFactory(
            customer=CustomerFactory(partner=other_partner, name="Moskva Other"),
            subject="Moskva INV-0006-2 账单",
        ),
    }
    for visibility, body in [
        (Visibility.INTERNAL, "customer is slow payer: watch zebra"),
        (Visibility.OPERATOR, "operator zulu question"),
        (Visibility.PUBLIC, "public yankee reply"),
    ]:
        Message.objects.create(
            partner=partner,
            ticket=rows["note"],
            author_kind="partner",
            body=body,
            visibility=visibility,
        )
    return {name: ticket.pk for name, ticket in rows.items()}


def api_ids(client, url, search):
    response = client.get(url, {"search": search})
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


@pytest.mark.parametrize(
    "search, expected",
    [
        ("Moskva", ["subject", "moscow"]),  # the subject outranks the customer's name
        ("moskva", ["subject", "moscow"]),
        ("INV-0006-2", ["invoice"]),
        ("0006", ["invoice"]),
        ("账单", ["chinese"]),
        ("lantern.example", None),  # the customer's e-mail: every Lantern ticket
        ("refund credit", ["invoice"]),  # every word, anywhere
        ("refund moskva", []),
        ("zebra", ["note"]),  # an internal note: partner users read it
        ("zulu", ["note"]),
        ("yankee", ["note"]),
        ("ddd", []),
    ],
)
def test_it_finds_tickets_by_anything_they_hold_best_first(
    api, agent_user, corpus, search, expected
):
    found = api_ids(api(agent_user), "/api/tickets/", search)
    if expected is None:
        expected = ["invoice", "chinese", "subject", "note"]
        assert sorted(found) == sorted(corpus[name] for name in expected)
    else:
        assert found == [corpus[name] for name in expected]
    assert corpus["theirs"] not in found


def test_it_finds_a_ticket_by_its_number_first(api, agent_user, corpus):
    number = corpus["note"]
    assert api_ids(api(agent_user), "/api/tickets/", f"#{number}")[0] == number
    assert corpus["theirs"] not in api_ids(api(agent_user), "/api/tickets/", str(corpus["theirs"]))


def test_it_never_searches_internal_notes_for_the_operator(operator_user, agent_user, corpus):
    def found(user, word):
        return set(selectors.ticket_list(actor=actor_for(user), filters={"search": word}))

    assert {t.pk for t in found(agent_user, "zebra")} == {corpus["note"]}
    assert found(operator_user, "zebra") == set()
    assert {t.pk for t in found(operator_user, "zulu")} == {corpus["note"]}


def test_it_searches_customers_and_invoices_of_the_partner_only(api, agent_user, corpus):
    client = api(agent_user)
    customers = client.get("/api/customers/", {"search": "moskva"}).json()["results"]
    assert [c["name"] for c in customers] == ["OOO Moskva Trade"]
    invoices = client.get("/api/invoices/", {"search": "INV-0006-2"}).json()["results"]
    assert [i["number"] for i in invoices] == ["INV-0006-2"]
    assert client.get("/api/invoices/", {"search": "lantern"}).json()["count"] == 1
    assert client.get("/api/customers/", {"search": "Other"}).json()["count"] == 0


def test_the_queue_page_searches_the_same_way(agent_user, corpus):
    from tests.support.web import signed_in

    response = signed_in(agent_user).get("/tickets/", {"q": "INV-0006-2"})
    assert [t.pk for t in response.context["page"].object_list] == [corpus["invoice"]]


def test_a_long_search_is_a_400_not_a_500(api, agent_user, corpus):
    response = api(agent_user).get("/api/invoices/", {"search": "x" * 201})
    assert response.status_code == 400


def test_a_search_ranks_and_counts_only_its_newest_matches(api, agent_user, partner, monkeypatch):
    from tickets.selectors import filters

    monkeypatch.setattr(filters, "SEARCH_CANDIDATES", 3)
    customer = CustomerFactory(partner=partner)
    made = [TicketFactory(customer=customer, subject=f"Walrus {n}").pk for n in range(5)]
    TicketFactory(customer=customer, subject="Nothing alike")
    response = api(agent_user).get("/api/tickets/", {"search": "walrus"}).json()
    assert response["count"] == 3
    assert sorted(row["id"] for row in response["results"]) == sorted(made[-3:])


def test_a_search_with_filters_takes_its_candidates_among_the_filtered(
    api, agent_user, partner, monkeypatch
):
    from tickets.selectors import filters

    monkeypatch.setattr(filters, "SEARCH_CANDIDATES", 2)
    customer = CustomerFactory(partner=partner)
    urgent = TicketFactory(customer=customer, subject="Walrus", priority="urgent").pk
    for _ in range(3):
        TicketFactory(customer=customer, subject="Walrus", priority="low")
    found = api(agent_user).get("/api/tickets/", {"search": "walrus", "priority": "urgent"})
    assert [row["id"] for row in found.json()["results"]] == [urgent]


@pytest.mark.postgres
class TestTheSearchDocumentOnPostgres:
    """PostgreSQL searches ``TicketSearch`` rows its triggers keep: whoever writes a ticket, a
    message, a customer or an invoice, a search finds what they hold now."""

    @pytest.fixture(autouse=True)
    def _postgres(self):
        from django.db import connection

        if connection.vendor != "postgresql":
            pytest.skip("SQLite searches the columns themselves; run with DATABASE_URL=postgres://")

    def found(self, user, word):
        return {t.pk for t in selectors.ticket_list(actor=actor_for(user), filters={"q": word})}

    def test_it_follows_a_renamed_customer(self, agent_user, corpus):
        from partners.models import Customer

        moscow = Customer.objects.get(name="OOO Moskva Trade")
        moscow.name, moscow.email = "OOO Kazan Trade", "buh@kazan.example"
        moscow.save()
        assert self.found(agent_user, "kazan") == {corpus["moscow"]}
        assert self.found(agent_user, "buh@moskva") == set()

    def test_it_follows_the_ticket_its_invoice_and_its_messages(
        self, agent_user, operator_user, corpus
    ):
        from tickets.models import Ticket, TicketSearch

        ticket = Ticket.objects.get(pk=corpus["moscow"])
        ticket.subject, ticket.invoice = "Walrus", InvoiceFactory(customer=ticket.customer)
        ticket.save()
        assert self.found(agent_user, "walrus") == {ticket.pk}
        assert self.found(agent_user, ticket.invoice.number) == {ticket.pk}
        assert self.found(agent_user, "declined") == set()
        message = Message.objects.create(
            partner=ticket.partner,
            ticket=ticket,
            author_kind="partner",
            body="narwhal",
            visibility=Visibility.INTERNAL,
        )
        assert self.found(agent_user, "narwhal") == {ticket.pk}
        assert self.found(operator_user, "narwhal") == set()
        message.visibility = Visibility.PUBLIC
        message.save()
        assert self.found(operator_user, "narwhal") == {ticket.pk}
        assert TicketSearch.objects.get(pk=ticket.pk).notes == ""
        message.delete()
        assert self.found(agent_user, "narwhal") == set()

    def test_a_deleted_ticket_takes_its_document_along(self, corpus):
        from tickets.models import Ticket, TicketSearch

        Ticket.objects.filter(pk=corpus["note"]).first().messages.all().delete()
        Ticket.objects.filter(pk=corpus["note"]).delete()
        assert not TicketSearch.objects.filter(pk=corpus["note"]).exists()
