"""/api/suspension-requests/: the partner's "ready to suspend" queue, its own only; an admin
dismisses.
"""

import pytest

from billing.models import SuspensionRequest
from tests.support.factories import CustomerFactory, InvoiceFactory

pytestmark = pytest.mark.django_db

URL = "/api/suspension-requests/"


def item(partner):
    invoice = InvoiceFactory(customer=CustomerFactory(partner=partner), partner=partner)
    return SuspensionRequest.objects.create(
        partner=partner, customer=invoice.customer, invoice=invoice
    )


def test_partner_users_see_their_open_items_only(api, agent_user, partner, other_partner):
    mine, theirs = item(partner), item(other_partner)
    client = api(agent_user)
    assert [row["id"] for row in client.get(URL).json()["results"]] == [mine.id]
    assert client.get(f"{URL}{theirs.id}/").status_code == 404
    assert client.post(f"{URL}{theirs.id}/dismiss/", {}, format="json").status_code == 404


def test_an_admin_dismisses_an_item_and_it_leaves_the_open_queue(
    api, admin_user, agent_user, partner
):
    mine = item(partner)
    assert api(agent_user).post(f"{URL}{mine.id}/dismiss/", {}, format="json").status_code == 403
    response = api(admin_user).post(
        f"{URL}{mine.id}/dismiss/", {"note": "payment plan agreed"}, format="json"
    )
    assert response.status_code == 200 and response.json()["resolution"] == "dismissed"
    assert api(admin_user).get(URL).json()["count"] == 0
    assert api(admin_user).get(URL, {"all": "1"}).json()["count"] == 1
    again = api(admin_user).post(f"{URL}{mine.id}/dismiss/", {}, format="json")
    assert again.status_code == 409


def test_the_operator_has_no_suspension_queue(api, operator_user):
    assert api(operator_user).get(URL).status_code == 403
