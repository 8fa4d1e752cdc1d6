"""Every list page costs the same number of queries whether it shows a few rows or a full page."""

import pytest

from partners.models import Profile
from tests.support.factories import (
    CustomerFactory,
    InvoiceFactory,
    MembershipFactory,
    PartnerFactory,
    SubscriptionFactory,
    TicketFactory,
)
from tests.support.web import assert_same, signed_in

pytestmark = pytest.mark.django_db


def customer_with_history(partner, rows=1):
    customer = CustomerFactory(partner=partner)
    for _ in range(rows):
        SubscriptionFactory(customer=customer)
        InvoiceFactory(customer=customer)
        TicketFactory(customer=customer, assignee=MembershipFactory(partner=partner).user)
    return customer


def test_customer_list(agent_user, partner):
    customer_with_history(partner)
    assert_same(
        signed_in(agent_user),
        "/customers/",
        lambda: [customer_with_history(partner) for _ in range(30)],
    )


def test_customer_page(agent_user, partner):
    customer = customer_with_history(partner)
    assignee = MembershipFactory(partner=partner).user

    def grow():
        for _ in range(25):
            SubscriptionFactory(customer=customer)
            InvoiceFactory(customer=customer)
            TicketFactory(customer=customer, assignee=assignee)

    assert_same(signed_in(agent_user), f"/customers/{customer.pk}/", grow)


def test_members_page(admin_user, partner):
    def grow():
        for member in MembershipFactory.create_batch(15, partner=partner):
            Profile.objects.create(user=member.user, language="fr")

    assert_same(signed_in(admin_user), "/members/", grow)


def test_dashboard(agent_user, partner):
    from billing.models import SuspensionRequest

    def grow():
        for _ in range(8):
            invoice = InvoiceFactory(customer=CustomerFactory(partner=partner))
            SuspensionRequest.objects.create(
                partner=partner, customer=invoice.customer, invoice=invoice
            )
            TicketFactory(customer=invoice.customer)

    assert_same(signed_in(agent_user), "/", grow)


def test_console_partner_list(operator_user):
    PartnerFactory()

    def grow():
        for partner in PartnerFactory.create_batch(30):
            MembershipFactory(partner=partner, role="admin")
            CustomerFactory(partner=partner)

    assert_same(signed_in(operator_user), "/ops/", grow)


def test_console_partner_page(operator_user, partner):
    MembershipFactory(partner=partner, role="admin")
    assert_same(
        signed_in(operator_user),
        f"/ops/partners/{partner.pk}/",
        lambda: MembershipFactory.create_batch(15, partner=partner),
    )
