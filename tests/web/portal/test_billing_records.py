"""Billing records typed in on pages: a partner admin creates a subscription from the customer
page, edits its offer, quantity and external id, and creates an invoice; refusals land on the
fields; agents see no buttons and get 403; another partner's objects are 404. Customers' external
id and domain are on the customer form and page."""

from datetime import date

import pytest

from billing.models import Invoice, Subscription
from partners.models import Customer
from tests.support.factories import CustomerFactory, InvoiceFactory, SubscriptionFactory
from tests.support.web import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def customer(partner):
    return CustomerFactory(partner=partner)


@pytest.fixture
def subscription(customer):
    return SubscriptionFactory(customer=customer, external_id="SUB-1")


INVOICE = {
    "number": "INV-77",
    "amount": "1200.00",
    "currency": "cny",
    "issue_date": "2026-03-01",
    "due_date": "2026-03-31",
}


def test_an_admin_creates_a_subscription_from_the_customer_page(admin_user, customer):
    client = signed_in(admin_user)
    page = client.get(f"/customers/{customer.pk}/")
    assert f'href="/customers/{customer.pk}/subscriptions/new/"'.encode() in page.content
    response = client.post(
        f"/customers/{customer.pk}/subscriptions/new/",
        {"offer": "Microsoft 365 E3", "quantity": "12", "external_id": "pc-1"},
        follow=True,
    )
    subscription = Subscription.objects.get(customer=customer)
    assert (subscription.offer, subscription.quantity, subscription.status) == (
        "Microsoft 365 E3",
        12,
        "active",
    )
    assert subscription.external_id == "pc-1"
    assert response.redirect_chain[-1][0] == f"/subscriptions/{subscription.pk}/"
    assert b"Subscription Microsoft 365 E3 created." in response.content


def test_a_taken_external_id_and_a_bad_quantity_show_by_their_fields(
    admin_user, customer, subscription
):
    url = f"/customers/{customer.pk}/subscriptions/new/"
    client = signed_in(admin_user)
    response = client.post(url, {"offer": "Azure plan", "quantity": "2", "external_id": "SUB-1"})
    assert response.status_code == 200
    assert b'id="id_external_id_error"' in response.content
    assert b"A subscription with this external id already exists." in response.content
    response = client.post(url, {"offer": "Azure plan", "quantity": "0"})
    assert b'id="id_quantity_error"' in response.content
    assert Subscription.objects.count() == 1


def test_an_admin_edits_a_subscription(admin_user, subscription):
    client = signed_in(admin_user)
    assert (
        f'href="/subscriptions/{subscription.pk}/edit/"'.encode()
        in client.get(f"/subscriptions/{subscription.pk}/").content
    )
    form = client.get(f"/subscriptions/{subscription.pk}/edit/").context["form"]
    assert form["external_id"].value() == "SUB-1"
    response = client.post(
        f"/subscriptions/{subscription.pk}/edit/",
        {"offer": subscription.offer, "quantity": "8", "external_id": "SUB-8"},
        follow=True,
    )
    assert b"Subscription saved." in response.content
    subscription.refresh_from_db()
    assert (subscription.quantity, subscription.external_id) == (8, "SUB-8")


def test_an_edit_to_a_taken_external_id_is_shown_and_saves_nothing(
    admin_user, customer, subscription
):
    SubscriptionFactory(customer=customer, external_id="SUB-2")
    response = signed_in(admin_user).post(
        f"/subscriptions/{subscription.pk}/edit/",
        {"offer": "Changed", "quantity": "3", "external_id": "SUB-2"},
    )
    assert b'id="id_external_id_error"' in response.content
    subscription.refresh_from_db()
    assert (subscription.offer, subscription.external_id) == ("Azure Virtual Machines", "SUB-1")


def test_an_admin_creates_an_invoice_for_a_customer(admin_user, customer, subscription):
    client = signed_in(admin_user)
    assert b'href="/invoices/new/"' in client.get("/invoices/").content
    page = client.get(f"/invoices/new/?customer={customer.pk}")
    assert page.context["form"]["customer"].value() == customer.pk
    assert list(page.context["form"].fields["subscription"].queryset) == [subscription]
    data = {**INVOICE, "customer": customer.pk, "subscription": subscription.pk}
    response = client.post("/invoices/new/", data, follow=True)
    invoice = Invoice.objects.get(number="INV-77")
    assert (invoice.customer, invoice.subscription, invoice.currency) == (
        customer,
        subscription,
        "CNY",
    )
    assert invoice.due_date == date(2026, 3, 31) and invoice.status == "open"
    assert response.redirect_chain[-1][0] == f"/invoices/{invoice.pk}/"


def test_the_subscriptions_offered_are_the_chosen_customers(admin_user, customer, subscription):
    client = signed_in(admin_user)
    blank = client.get("/invoices/new/")
    assert b'data-refresh="customer-subscriptions"' in blank.content
    assert b'name="subscription"' not in blank.content
    chosen = client.get(f"/invoices/new/?customer={customer.pk}")
    assert b'name="subscription"' in chosen.content and b"SUB-1" in chosen.content


def test_the_services_refusals_land_on_the_invoice_fields(admin_user, customer):
    InvoiceFactory(customer=customer, number="INV-77")
    client = signed_in(admin_user)
    data = {**INVOICE, "customer": customer.pk, "due_date": "2026-02-01"}
    response = client.post("/invoices/new/", data)
    assert response.status_code == 200
    assert b'id="id_number_error"' in response.content
    assert b'id="id_due_date_error"' in response.content
    data = {**INVOICE, "customer": customer.pk, "currency": "1$3"}
    response = client.post("/invoices/new/", data)
    assert b'id="id_currency_error"' in response.content
    assert Invoice.objects.count() == 1


def test_another_partners_customer_is_not_a_choice(admin_user, other_partner):
    theirs = CustomerFactory(partner=other_partner)
    client = signed_in(admin_user)
    response = client.post("/invoices/new/", {**INVOICE, "customer": theirs.pk})
    assert b'id="id_customer_error"' in response.content
    assert not Invoice.objects.exists()
    assert client.get(f"/customers/{theirs.pk}/subscriptions/new/").status_code == 404
    sub = SubscriptionFactory(customer=theirs)
    assert client.get(f"/subscriptions/{sub.pk}/edit/").status_code == 404


def test_agents_see_no_buttons_and_get_403(agent_user, customer, subscription):
    client = signed_in(agent_user)
    for page in (f"/customers/{customer.pk}/", f"/subscriptions/{subscription.pk}/", "/invoices/"):
        content = client.get(page).content
        assert b"/subscriptions/new/" not in content and b"/invoices/new/" not in content
        assert b"/edit/" not in content or page.startswith("/customers/")
    for url in (
        f"/customers/{customer.pk}/subscriptions/new/",
        f"/subscriptions/{subscription.pk}/edit/",
        "/invoices/new/",
    ):
        assert client.get(url).status_code == 403
        assert client.post(url, {"offer": "x", "quantity": "1"}).status_code == 403
    subscription.refresh_from_db()
    assert subscription.offer == "Azure Virtual Machines"
    assert not Subscription.objects.exclude(pk=subscription.pk).exists()


def test_a_customer_gets_an_external_id_and_a_domain(agent_user, partner):
    client = signed_in(agent_user)
    data = {
        "name": "Contoso",
        "email": "ap@contoso.example",
        "language": "en",
        "external_id": "0f8e-guid",
        "domain": "contoso.partner.onmschina.cn",
    }
    response = client.post("/customers/new/", data, follow=True)
    customer = Customer.objects.get(name="Contoso")
    assert (customer.external_id, customer.domain) == ("0f8e-guid", data["domain"])
    assert b"contoso.partner.onmschina.cn" in response.content and b"0f8e-guid" in response.content
    other = client.post("/customers/new/", {**data, "name": "Copy"})
    assert b'id="id_external_id_error"' in other.content
    assert not Customer.objects.filter(name="Copy").exists()


def test_the_new_pages_cost_a_fixed_number_of_queries(
    admin_user, customer, subscription, django_assert_max_num_queries
):
    client = signed_in(admin_user)
    client.get("/invoices/")  # warm-up: session, content types
    for url in (
        f"/customers/{customer.pk}/subscriptions/new/",
        f"/subscriptions/{subscription.pk}/edit/",
        f"/invoices/new/?customer={customer.pk}",
    ):
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200


@pytest.mark.parametrize("value", ["²", "-1", "9" * 25, "x"])
def test_a_customer_that_is_no_number_chooses_no_customer(admin_user, subscription, value):
    response = signed_in(admin_user).get("/invoices/new/", {"customer": value})
    assert response.status_code == 200
    assert response.context["customer"] is None
    assert subscription.offer not in response.content.decode()
