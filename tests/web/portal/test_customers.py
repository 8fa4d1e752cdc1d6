"""Partner users list, search, open, create and edit customers in the web UI, through the
same service and rules as the API."""

from datetime import date, timedelta

import pytest

from partners.models import Customer, Event
from tests.support.factories import (
    CustomerFactory,
    InvoiceFactory,
    SubscriptionFactory,
    TicketFactory,
)
from tests.support.web import signed_in

pytestmark = pytest.mark.django_db

VALID = {"name": "Hangzhou Rain Ltd", "email": "billing@rain.example", "language": "zh-hans"}


def test_an_agent_creates_a_customer_of_their_own_partner(agent_user, partner):
    response = signed_in(agent_user).post("/customers/new/", VALID, follow=True)
    customer = Customer.objects.get(name="Hangzhou Rain Ltd")
    assert customer.partner_id == partner.pk and customer.language == "zh-hans"
    assert response.redirect_chain[-1][0] == f"/customers/{customer.pk}/"
    assert b"Hangzhou Rain Ltd created." in response.content
    assert Event.objects.filter(
        object_type="customer", object_id=customer.pk, action="created"
    ).exists()


def test_it_shows_a_bad_e_mail_next_to_the_field_and_saves_nothing(agent_user):
    response = signed_in(agent_user).post("/customers/new/", {**VALID, "email": "not-an-address"})
    assert response.status_code == 200
    assert b'id="id_email_error"' in response.content
    assert b'aria-invalid="true"' in response.content
    assert b"Enter a valid email address." in response.content
    assert not Customer.objects.filter(name=VALID["name"]).exists()


def test_an_unknown_language_is_refused_with_a_reason(agent_user):
    response = signed_in(agent_user).post("/customers/new/", {**VALID, "language": "xx"})
    assert b"Select a valid choice" in response.content
    assert not Customer.objects.exists()


def test_an_agent_cannot_exempt_a_customer_from_collections(agent_user):
    response = signed_in(agent_user).post("/customers/new/", {**VALID, "collections_exempt": "on"})
    assert response.status_code == 302
    assert Customer.objects.get(name=VALID["name"]).collections_exempt is False


def test_an_admin_can_exempt_a_customer(admin_user):
    signed_in(admin_user).post("/customers/new/", {**VALID, "collections_exempt": "on"})
    assert Customer.objects.get(name=VALID["name"]).collections_exempt is True


def test_an_agent_edits_a_customer_and_keeps_its_exemption(agent_user, partner):
    customer = CustomerFactory(partner=partner, collections_exempt=True)
    data = {"name": "Renamed Ltd", "email": customer.email, "language": "fr"}
    response = signed_in(agent_user).post(f"/customers/{customer.pk}/edit/", data)
    assert response.status_code == 302
    customer.refresh_from_db()
    assert (customer.name, customer.language, customer.collections_exempt) == (
        "Renamed Ltd",
        "fr",
        True,
    )
    event = Event.objects.get(object_type="customer", object_id=customer.pk, action="updated")
    assert event.data == {"fields": ["language", "name"]}


def test_saving_an_unchanged_form_records_nothing(agent_user, partner):
    customer = CustomerFactory(partner=partner)
    data = {"name": customer.name, "email": customer.email, "language": customer.language}
    signed_in(agent_user).post(f"/customers/{customer.pk}/edit/", data)
    assert not Event.objects.filter(object_type="customer", action="updated").exists()


def test_search_matches_name_or_e_mail(agent_user, partner):
    CustomerFactory(partner=partner, name="Alpha Cloud", email="a@alpha.example")
    CustomerFactory(partner=partner, name="Beta Data", email="ops@gamma.example")
    client = signed_in(agent_user)
    by_name = client.get("/customers/", {"q": "alpha"}).content
    assert b"Alpha Cloud" in by_name and b"Beta Data" not in by_name
    by_mail = client.get("/customers/", {"q": "gamma"}).content
    assert b"Beta Data" in by_mail and b"Alpha Cloud" not in by_mail
    assert b"No customer matches" in client.get("/customers/", {"q": "zzz"}).content


def test_the_list_is_paginated_and_keeps_the_search(agent_user, partner):
    CustomerFactory.create_batch(30, partner=partner, name="Acme")
    client = signed_in(agent_user)
    first = client.get("/customers/", {"q": "Acme"})
    assert first.context["page"].paginator.count == 30
    assert len(first.context["page"].object_list) == 25
    assert b"?q=Acme&amp;page=2" in first.content
    second = client.get("/customers/", {"q": "Acme", "page": 2})
    assert len(second.context["page"].object_list) == 5
    assert client.get("/customers/", {"page": "99"}).status_code == 200


def test_the_list_counts_what_an_agent_scans_for(agent_user, partner):
    customer = CustomerFactory(partner=partner)
    SubscriptionFactory(customer=customer)
    InvoiceFactory(
        customer=customer,
        issue_date=date.today() - timedelta(days=45),
        due_date=date.today() - timedelta(days=15),
    )
    InvoiceFactory(
        customer=customer, issue_date=date.today(), due_date=date.today() + timedelta(days=30)
    )
    TicketFactory(customer=customer)
    row = signed_in(agent_user).get("/customers/").context["page"].object_list[0]
    assert (row.active_subscriptions, row.overdue_invoices, row.open_tickets) == (1, 1, 1)


def test_the_customer_page_shows_its_subscriptions_invoices_and_tickets(agent_user, partner):
    customer = CustomerFactory(partner=partner)
    SubscriptionFactory(customer=customer, offer="Azure SQL Database")
    InvoiceFactory(
        customer=customer,
        number="INV-LATE",
        issue_date=date.today() - timedelta(days=45),
        due_date=date.today() - timedelta(days=15),
    )
    TicketFactory(customer=customer, subject="Why two charges?")
    neighbour = CustomerFactory(partner=partner)
    TicketFactory(customer=neighbour, subject="Someone else's question")
    content = signed_in(agent_user).get(f"/customers/{customer.pk}/").content.decode()
    assert (
        "Azure SQL Database" in content and "INV-LATE" in content and "Why two charges?" in content
    )
    assert "15 days overdue" in content
    assert (
        "Someone else&#x27;s question" not in content and "Someone else's question" not in content
    )


def test_a_customer_without_an_e_mail_says_so(agent_user, partner):
    customer = CustomerFactory(partner=partner, email="", domain="rain.partner.onmschina.cn")
    page = signed_in(agent_user).get(f"/customers/{customer.pk}/")
    assert b"data-no-email" in page.content and b"mailto:" not in page.content
    assert b"rain.partner.onmschina.cn" in page.content


def test_a_customer_may_be_saved_without_an_e_mail(agent_user):
    response = signed_in(agent_user).post("/customers/new/", {**VALID, "email": ""})
    assert response.status_code == 302
    assert Customer.objects.get(name=VALID["name"]).email == ""
