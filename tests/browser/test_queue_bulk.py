"""The queue's action bar in Chromium: hidden until a row is ticked, the chosen action's field
only, and the ticked tickets changed through the bulk service."""

import pytest

from tests.browser.conftest import sign_in
from tests.support.factories import CustomerFactory, MembershipFactory, PartnerFactory
from tickets.models import Ticket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_ticked_tickets_get_the_priority_chosen_in_the_bar(page):
    partner = PartnerFactory()
    agent = MembershipFactory(partner=partner, role="agent").user
    customer = CustomerFactory(partner=partner)
    tickets = [
        Ticket.objects.create(
            partner=partner,
            customer=customer,
            category="other",
            subject=f"Row {n}",
            description="x",
            priority="low",
        )
        for n in range(3)
    ]
    sign_in(page, agent.username)
    page.goto("/tickets/")
    bar = page.locator("[data-bulk-bar]")
    assert bar.is_hidden()
    page.locator(f"input[name=ids][value='{tickets[0].pk}']").check()
    page.locator(f"input[name=ids][value='{tickets[2].pk}']").check()
    assert bar.is_visible()
    page.select_option("#bulk-action", "set_priority")
    assert page.locator("#bulk-priority").is_visible()
    assert page.locator("#bulk-assignee").is_hidden()
    page.select_option("#bulk-priority", "urgent")
    bar.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "2 of 2 tickets changed." in page.content()
    priorities = dict(Ticket.objects.values_list("pk", "priority"))
    assert [priorities[t.pk] for t in tickets] == ["urgent", "low", "urgent"]
