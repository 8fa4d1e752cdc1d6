"""One read path per billing list: the API's query parameters and the pages' GET forms become the
same filters of the same selector, so a filter means the same thing on both. The API refuses a
bad value (400 by field); a page ignores it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from billing import selectors
from billing.models import SuspensionRequest
from billing.services import invoice_freeze, statement_report_payment, subscription_suspend
from core.actors import SYSTEM, actor_for
from tests.support.factories import (
    CustomerFactory,
    InvoiceFactory,
    StatementFactory,
    SubscriptionFactory,
)
from tests.support.web import signed_in

pytestmark = pytest.mark.django_db

NOBODYS = 10**9  # an id no row has


def today():
    return timezone.localdate()


def ids(response):
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


@pytest.fixture
def invoices(partner):
    """Two customers: Lantern (one overdue invoice, one not yet due) and Madrid (one in EUR, not
    yet due)."""
    lantern = CustomerFactory(partner=partner, name="Lantern Ltd")
    madrid = CustomerFactory(partner=partner, name="Madrid Datos SL")
    overdue = InvoiceFactory(
        customer=lantern, number="INV-LATE", due_date=today() - timedelta(days=9)
    )
    upcoming = InvoiceFactory(
        customer=lantern, number="INV-SOON", due_date=today() + timedelta(days=9)
    )
    euros = InvoiceFactory(
        customer=madrid, number="INV-EUR", currency="EUR", due_date=today() + timedelta(days=3)
    )
    return lantern, overdue, upcoming, euros


def test_a_customer_filter_means_the_same_in_the_api_and_on_the_page(api, agent_user, invoices):
    lantern, overdue, upcoming, _euros = invoices
    api_ids = ids(api(agent_user).get("/api/invoices/", {"customer": lantern.pk}))
    page = signed_in(agent_user).get("/invoices/", {"customer": lantern.pk}).content.decode()
    assert set(api_ids) == {overdue.id, upcoming.id}
    assert "INV-LATE" in page and "INV-SOON" in page and "INV-EUR" not in page


def test_another_partners_customer_and_one_nobody_has_both_list_nothing(
    api, agent_user, invoices, other_partner
):
    theirs = CustomerFactory(partner=other_partner)
    InvoiceFactory(customer=theirs)
    client = api(agent_user)
    for customer in (theirs.pk, NOBODYS):
        assert ids(client.get("/api/invoices/", {"customer": customer})) == []
        assert ids(client.get("/api/subscriptions/", {"customer": customer})) == []


@pytest.mark.parametrize(
    "url, params, field",
    [
        ("/api/invoices/", {"status": "nonsense"}, "status"),
        ("/api/invoices/", {"customer": "x"}, "customer"),
        ("/api/subscriptions/", {"status": "nonsense"}, "status"),
        ("/api/subscriptions/", {"customer": "1.5"}, "customer"),
        ("/api/statements/", {"partner": "x"}, "partner"),
    ],
)
def test_a_bad_filter_value_is_a_400_on_that_field(api, agent_user, url, params, field):
    response = api(agent_user).get(url, params)
    assert response.status_code == 400 and field in response.json()


def test_an_empty_filter_value_filters_nothing(api, agent_user, invoices):
    client = api(agent_user)
    everything = ids(client.get("/api/invoices/"))
    assert len(everything) == 3
    assert ids(client.get("/api/invoices/", {"status": "", "customer": "", "currency": ""})) == (
        everything
    )


def test_the_api_filters_invoices_by_status_and_currency(api, agent_user, invoices):
    _lantern, overdue, upcoming, euros = invoices
    client = api(agent_user)
    assert ids(client.get("/api/invoices/", {"currency": "EUR"})) == [euros.id]
    assert ids(client.get("/api/invoices/", {"status": "paid"})) == []
    assert set(ids(client.get("/api/invoices/", {"status": "open", "currency": "CNY"}))) == {
        overdue.id,
        upcoming.id,
    }


def test_the_selector_takes_the_pages_filters_and_the_apis_alike(actor, agent_user, invoices):
    lantern, _overdue, upcoming, _euros = invoices
    invoice_freeze(actor=SYSTEM, invoice=upcoming, reason="dispute")
    agent = actor(agent_user)

    def listed(**filters):
        return {i.number for i in selectors.invoice_list(actor=agent, filters=filters)}

    assert listed() == {"INV-LATE", "INV-SOON", "INV-EUR"}
    assert listed(overdue=True) == {"INV-LATE"}
    assert listed(overdue=False, frozen=False, q="", status=None) == listed()
    assert listed(frozen=True) == {"INV-SOON"}
    assert listed(q="madrid") == {"INV-EUR"}
    assert listed(customer=lantern.pk, status="open") == {"INV-LATE", "INV-SOON"}


def test_subscriptions_keep_the_apis_order_and_the_pages_order(
    api, agent_user, operator_user, partner
):
    zed = SubscriptionFactory(customer=CustomerFactory(partner=partner, name="Zed"), offer="A")
    alpha = SubscriptionFactory(customer=CustomerFactory(partner=partner, name="Alpha"), offer="B")
    subscription_suspend(actor=actor_for(operator_user), subscription=alpha, reason="fraud")
    client = api(agent_user)
    assert ids(client.get("/api/subscriptions/")) == [zed.id, alpha.id]  # by id
    assert ids(client.get("/api/subscriptions/", {"ordering": "-id"})) == [alpha.id, zed.id]
    assert ids(client.get("/api/subscriptions/", {"status": "suspended"})) == [alpha.id]
    page = signed_in(agent_user).get("/subscriptions/").content.decode()
    assert page.index("Alpha") < page.index("Zed")  # by customer name
    console = signed_in(operator_user).get("/ops/subscriptions/", {"reason": "fraud"})
    assert "Alpha" in console.content.decode() and "Zed" not in console.content.decode()


def test_statements_filter_by_partner_for_the_operator(
    api, operator_user, agent_user, partner, other_partner
):
    mine = StatementFactory(partner=partner)
    theirs = StatementFactory(partner=other_partner)
    statement_report_payment(actor=SYSTEM, statement=theirs, reference="BANK-9")
    client = api(operator_user)
    assert ids(client.get("/api/statements/", {"partner": partner.pk})) == [mine.id]
    assert ids(client.get("/api/statements/", {"partner": NOBODYS})) == []
    assert ids(api(agent_user).get("/api/statements/", {"partner": other_partner.pk})) == []
    reported = signed_in(operator_user).get("/ops/statements/", {"reported": "on"})
    assert theirs.number in reported.content.decode()
    assert mine.number not in reported.content.decode()


def test_suspension_requests_open_by_default_newest_first_in_the_api_oldest_in_the_queue(
    api, admin_user, partner
):
    def item(name):
        invoice = InvoiceFactory(customer=CustomerFactory(partner=partner, name=name))
        return SuspensionRequest.objects.create(
            partner=partner, customer=invoice.customer, invoice=invoice
        )

    first, second, closed = item("First Ltd"), item("Second Ltd"), item("Closed Ltd")
    SuspensionRequest.objects.filter(pk=closed.pk).update(resolved_at=timezone.now())
    client = api(admin_user)
    assert ids(client.get("/api/suspension-requests/")) == [second.id, first.id]
    assert ids(client.get("/api/suspension-requests/", {"all": "1"})) == [
        closed.id,
        second.id,
        first.id,
    ]
    page = signed_in(admin_user).get("/subscriptions/ready-to-suspend/").content.decode()
    assert page.index("First Ltd") < page.index("Second Ltd") and "Closed Ltd" not in page
