import pytest
from django.test import Client

from partners.models import Customer, Event
from tests.support.factories import CustomerFactory

pytestmark = pytest.mark.django_db

NEW = {"name": "Lantern Ltd", "email": "ap@lantern.example", "language": "zh-hans"}


def test_agent_creates_a_customer_in_their_partner(api, agent_user, partner):
    response = api(agent_user).post("/api/customers/", NEW, format="json")
    assert response.status_code == 201
    body = response.json()
    assert body == {
        "id": body["id"],
        **NEW,
        "collections_exempt": False,
        "credit_balance": "0.00",
        "credit_currency": "",
        "external_id": "",
        "domain": "",
        "contacts": [],
        "email_bounce": None,
    }
    customer = Customer.objects.get(pk=body["id"])
    assert customer.partner == partner
    assert Event.objects.filter(
        object_type="customer", object_id=customer.id, action="created"
    ).exists()


@pytest.mark.parametrize(
    "body, field",
    [
        ({**NEW, "language": "de"}, "language"),
        ({**NEW, "email": "no-at-sign"}, "email"),
        ({"email": "a@b.example"}, "name"),
    ],
)
def test_it_rejects_bad_customer_input(api, agent_user, body, field):
    response = api(agent_user).post("/api/customers/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()


def test_it_creates_a_customer_without_an_e_mail(api, agent_user):
    # The operator's file knows no e-mail; the customer's e-mails are then recorded as not sent.
    response = api(agent_user).post("/api/customers/", {"name": "No Mail"}, format="json")
    assert response.status_code == 201, response.content
    assert Customer.objects.get(pk=response.json()["id"]).email == ""


def test_it_never_shows_other_partners_customers(api, agent_user, partner, other_partner):
    mine = CustomerFactory(partner=partner)
    theirs = CustomerFactory(partner=other_partner)
    client = api(agent_user)
    ids = [row["id"] for row in client.get("/api/customers/").json()["results"]]
    assert ids == [mine.id]
    assert client.get(f"/api/customers/{theirs.id}/").status_code == 404
    assert (
        client.patch(f"/api/customers/{theirs.id}/", {"name": "x"}, format="json").status_code
        == 404
    )
    assert (
        client.get("/api/customers/", {"ordering": "-id", "language": theirs.language}).json()[
            "count"
        ]
        == 1
    )


def test_only_an_admin_exempts_a_customer_from_collections(api, agent_user, admin_user, partner):
    customer = CustomerFactory(partner=partner)
    url = f"/api/customers/{customer.id}/"
    assert (
        api(agent_user).patch(url, {"collections_exempt": True}, format="json").status_code == 403
    )
    assert (
        api(admin_user)
        .patch(url, {"collections_exempt": True}, format="json")
        .json()["collections_exempt"]
    )


def test_operator_has_no_customer_endpoint(api, operator_user):
    assert api(operator_user).get("/api/customers/").status_code == 403


def test_it_does_not_delete_customers(api, admin_user, partner):
    customer = CustomerFactory(partner=partner)
    assert api(admin_user).delete(f"/api/customers/{customer.id}/").status_code == 405


def test_the_list_filters_by_language_and_exemption_and_refuses_a_bad_value(
    api, agent_user, partner
):
    french = CustomerFactory(partner=partner, language="fr", collections_exempt=True)
    english = CustomerFactory(partner=partner, language="en")
    client = api(agent_user)

    def ids(**params):
        response = client.get("/api/customers/", params)
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()["results"]]

    assert ids(language="fr") == [french.id]
    assert ids(collections_exempt="true") == [french.id]
    assert ids(collections_exempt="false") == [english.id]
    assert sorted(ids(collections_exempt="", language="")) == sorted([french.id, english.id])
    response = client.get("/api/customers/", {"language": "xx"})
    assert response.status_code == 400 and "language" in response.json()


def test_a_customer_created_without_a_language_gets_the_partners_default(api, agent_user, partner):
    partner.default_language = "zh-hans"
    partner.save(update_fields=["default_language"])
    body = {"name": "Lotus Trading", "email": "ap@lotus.example"}
    response = api(agent_user).post("/api/customers/", body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["language"] == "zh-hans"
    page = Client()
    page.force_login(agent_user)
    form = page.get("/customers/new/").context["form"]
    assert form["language"].value() == "zh-hans"


def test_the_external_id_and_domain_are_read_and_written(api, agent_user):
    client = api(agent_user)
    body = {**NEW, "external_id": "0f8e-guid", "domain": "lantern.partner.onmschina.cn"}
    response = client.post("/api/customers/", body, format="json")
    assert response.status_code == 201, response.content
    created = response.json()
    assert (created["external_id"], created["domain"]) == (body["external_id"], body["domain"])
    response = client.patch(
        f"/api/customers/{created['id']}/", {"external_id": "K-2", "domain": ""}, format="json"
    )
    assert response.status_code == 200, response.content
    assert (response.json()["external_id"], response.json()["domain"]) == ("K-2", "")


def test_a_taken_external_id_is_a_field_error(api, agent_user, partner):
    CustomerFactory(partner=partner, external_id="K-1")
    response = api(agent_user).post("/api/customers/", {**NEW, "external_id": "K-1"}, format="json")
    assert response.status_code == 400 and "external_id" in response.json()
    response = api(agent_user).post("/api/customers/", {**NEW, "domain": "x" * 254}, format="json")
    assert response.status_code == 400 and "domain" in response.json()


def test_the_list_filters_by_external_id(api, agent_user, partner, other_partner):
    mine = CustomerFactory(partner=partner, external_id="K-1")
    CustomerFactory(partner=partner, external_id="K-2")
    CustomerFactory(partner=other_partner, external_id="K-1")
    body = api(agent_user).get("/api/customers/", {"external_id": "K-1"}).json()
    assert [row["id"] for row in body["results"]] == [mine.id]
