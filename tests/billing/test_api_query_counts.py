"""Every billing list costs the same number of queries at page size 10 and 100."""

import pytest

from billing.models import SuspensionRequest
from tests.support.factories import (
    CustomerFactory,
    InvoiceFactory,
    StatementFactory,
    SubscriptionFactory,
)
from tests.support.querycount import assert_constant_in_page_size

pytestmark = pytest.mark.django_db


@pytest.fixture
def customers(partner):
    return CustomerFactory.create_batch(5, partner=partner)


def test_invoice_list(api, agent_user, partner, customers):
    for index in range(110):
        InvoiceFactory(customer=customers[index % 5], partner=partner)
    assert assert_constant_in_page_size(api(agent_user), "/api/invoices/", 110) <= 3


def test_subscription_list_for_a_partner_and_for_the_operator(
    api, agent_user, operator_user, partner, customers
):
    for index in range(110):
        SubscriptionFactory(customer=customers[index % 5], partner=partner)
    assert assert_constant_in_page_size(api(agent_user), "/api/subscriptions/", 110) <= 3
    assert assert_constant_in_page_size(api(operator_user), "/api/subscriptions/", 110) <= 3


def test_statement_list(api, operator_user, partner):
    StatementFactory.create_batch(110, partner=partner)
    assert assert_constant_in_page_size(api(operator_user), "/api/statements/", 110) <= 3


def test_suspension_request_list(api, admin_user, partner, customers):
    for index in range(110):
        invoice = InvoiceFactory(customer=customers[index % 5], partner=partner)
        SuspensionRequest.objects.create(
            partner=partner, customer=invoice.customer, invoice=invoice
        )
    assert assert_constant_in_page_size(api(admin_user), "/api/suspension-requests/", 110) <= 3
