"""The billing panels the partner dashboard includes: receivables by age beside what is owed to the
operator, and the open "ready to suspend" items, from ``billing.selectors.dashboard_panels``."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from billing.models import SuspensionRequest
from billing.selectors import dashboard_panels
from core.actors import actor_for
from tests.support.billing_helpers import invoice_due
from tests.support.billing_pages import today
from tests.support.factories import CustomerFactory, InvoiceFactory, StatementFactory

pytestmark = pytest.mark.django_db


def queue_item(partner):
    invoice = invoice_due(CustomerFactory(partner=partner), due=today() - timedelta(days=30))
    return SuspensionRequest.objects.create(
        partner=partner, customer=invoice.customer, invoice=invoice
    )


def render(panels):
    return render_to_string("portal/billing/dashboard/_exposure.html", panels) + render_to_string(
        "portal/billing/dashboard/_ready_to_suspend.html", panels
    )


def test_the_panels_show_receivables_by_age_beside_statements_and_the_queue(
    agent_user, partner, other_partner
):
    invoice_due(
        CustomerFactory(partner=partner), due=today() - timedelta(days=70), amount=Decimal("400.00")
    )
    StatementFactory(partner=partner, number="ST-9", amount=Decimal("1000.00"))
    StatementFactory(partner=other_partner, number="ST-OTHER")
    item = queue_item(partner)
    queue_item(other_partner)
    panels = dashboard_panels(actor=actor_for(agent_user), today=today())
    [chart] = panels["billing_exposure"]["charts"]
    by_key = {segment["key"]: segment for segment in chart["segments"]}
    # 400 at 61-90 days and the queued customer's 1,200 at 30 days: 1,600 owed to the partner, the
    # larger side, so it sets the scale for both bars.
    assert chart["receivable"] == Decimal("1600.00")
    assert (by_key["61-90"]["amount"], by_key["61-90"]["percent"]) == (Decimal("400.00"), "25.00")
    assert (by_key["0-30"]["amount"], by_key["0-30"]["percent"]) == (Decimal("1200.00"), "75.00")
    assert (chart["owed"], chart["owed_percent"]) == (Decimal("1000.00"), "62.50")
    assert (
        panels["billing_ready_to_suspend"]["rows"] == [item]
        and panels["billing_ready_to_suspend"]["total"] == 1
    )
    page = render(panels)
    assert "ST-9" in page and "ST-OTHER" not in page and "61–90 days past due" in page
    assert item.customer.name in page and "30 days overdue" in page


def test_the_panels_cost_the_same_queries_with_many_rows(agent_user, partner):
    actor = actor_for(agent_user)
    queue_item(partner)
    StatementFactory(partner=partner)

    def cost():
        with CaptureQueriesContext(connection) as ctx:
            render(dashboard_panels(actor=actor, today=today()))
        return len(ctx.captured_queries)

    before = cost()
    for _ in range(12):
        queue_item(partner)
        StatementFactory(partner=partner)
        InvoiceFactory(customer=CustomerFactory(partner=partner), currency="USD")
    panels = dashboard_panels(actor=actor, today=today())
    assert (
        panels["billing_ready_to_suspend"]["more"] == 8
        and panels["billing_exposure"]["more_statements"] == 8
    )
    assert cost() == before


def test_empty_panels_say_so(agent_user):
    page = render(dashboard_panels(actor=actor_for(agent_user), today=today()))
    assert "Nothing owed either way" in page and "Nothing waiting" in page
