"""Every list endpoint costs the same number of queries whatever the page size."""

import pytest

from tests.support.factories import CustomerFactory, PartnerFactory
from tests.support.querycount import assert_constant_in_page_size

pytestmark = pytest.mark.django_db


def test_customer_list_queries_do_not_grow_with_page_size(api, agent_user, partner):
    CustomerFactory.create_batch(120, partner=partner)
    assert_constant_in_page_size(api(agent_user), "/api/customers/", 120)


def test_partner_list_queries_do_not_grow_with_page_size(api, operator_user):
    PartnerFactory.create_batch(120)
    assert_constant_in_page_size(api(operator_user), "/api/partners/", 120)
