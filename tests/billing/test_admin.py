"""The admin changes billing state only through the services, with their rules and audit rows."""

import pytest
from django.contrib.auth import get_user_model

from billing.models import ChargeLine, Statement, Subscription
from billing.services import recon_lines_apply
from core.actors import actor_for
from partners.models import Event
from tests.support.billing_helpers import customer_with_subscription, publish
from tests.support.factories import InvoiceFactory
from tests.support.recon import fixture_lines

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = get_user_model().objects.create_superuser(
        "root", "root@operator.example", "pw-for-tests-1"
    )
    client.force_login(user)
    return client


def test_the_operator_suspends_for_fraud_from_the_admin(staff, partner):
    _customer, subscription = customer_with_subscription(partner)
    response = staff.post(
        "/admin/billing/subscription/",
        {"action": "suspend_fraud", "_selected_action": [subscription.id]},
        follow=True,
    )
    assert response.status_code == 200
    stored = Subscription.objects.get(pk=subscription.pk)
    assert (stored.status, stored.suspension_reasons) == ("suspended", ["fraud"])
    assert Event.objects.filter(
        object_type="subscription", object_id=subscription.id, action="suspended"
    ).exists()


def test_an_admin_action_refused_by_a_rule_says_why(staff, partner):
    _customer, subscription = customer_with_subscription(partner)
    response = staff.post(
        "/admin/billing/subscription/",
        {"action": "reactivate", "_selected_action": [subscription.id]},
        follow=True,
    )
    assert "Only a suspended subscription can be reactivated" in response.content.decode()


def test_a_statement_added_in_the_admin_goes_through_the_service(staff, partner):
    response = staff.post(
        "/admin/billing/statement/add/",
        {
            "partner": partner.id,
            "number": "ST-ADM-1",
            "amount": "100.00",
            "currency": "CNY",
            "due_date": "2026-05-01",
        },
    )
    assert response.status_code == 302
    statement = Statement.objects.get(number="ST-ADM-1")
    assert Event.objects.filter(
        object_type="statement", object_id=statement.id, action="created"
    ).exists()


def test_invoices_and_policies_are_read_only_in_the_admin(staff, partner):
    invoice = InvoiceFactory(partner=partner, customer=customer_with_subscription(partner)[0])
    policy = publish(partner, description_es="Política en español")
    assert staff.get(f"/admin/billing/invoice/{invoice.id}/change/").status_code == 200
    assert (
        staff.post(f"/admin/billing/invoice/{invoice.id}/change/", {"amount": "1.00"}).status_code
        == 403
    )
    page = staff.get(f"/admin/billing/collectionspolicy/{policy.id}/change/").content.decode()
    assert "Política en español" in page and "description_zh_hans" in page.replace("-", "_")
    assert staff.get("/admin/billing/collectionspolicy/add/").status_code == 403


def test_the_operator_reads_charge_lines_and_cannot_change_them(staff, partner, admin_user):
    recon_lines_apply(actor=actor_for(admin_user), partner=partner, lines=fixture_lines())
    line = ChargeLine.objects.filter(partner=partner).first()
    assert staff.get("/admin/billing/chargeline/?q=Contoso").status_code == 200
    assert staff.get(f"/admin/billing/chargeline/{line.pk}/change/").status_code == 200
    assert staff.get("/admin/billing/chargeline/add/").status_code == 403
