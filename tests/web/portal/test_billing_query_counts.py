"""Every billing page costs the same number of queries whether it shows a few rows or a full
page."""

from datetime import timedelta
from decimal import Decimal

import pytest

from billing.models import SuspensionRequest
from billing.services import payment_record, statement_report_payment, subscription_suspend
from core.actors import SYSTEM, actor_for
from tests.support.billing_helpers import invoice_due, publish
from tests.support.billing_pages import eligible_for_suspension, today
from tests.support.factories import (
    CustomerFactory,
    InvoiceFactory,
    PartnerFactory,
    StatementFactory,
    SubscriptionFactory,
)
from tests.support.web import page_queries, signed_in

pytestmark = pytest.mark.django_db


def assert_same(client, url, grow):
    """Queries for ``url`` now, then after ``grow()`` adds rows; they must be equal."""
    client.get(url)  # warm-up (session, content types)
    before = page_queries(client, url)
    grow()
    after = page_queries(client, url)
    assert before == after, f"{url}: {before} queries before, {after} after adding rows"
    return after


def overdue_invoices(partner, n):
    for _ in range(n):
        invoice = invoice_due(CustomerFactory(partner=partner), due=today() - timedelta(days=40))
        payment_record(
            actor=SYSTEM, invoice=invoice, amount=Decimal("10.00"), date=today()
        )  # partly paid


def test_invoice_list(agent_user, partner):
    overdue_invoices(partner, 1)
    client = signed_in(agent_user)
    assert_same(client, "/invoices/", lambda: overdue_invoices(partner, 30))
    customer = CustomerFactory(partner=partner)
    InvoiceFactory(customer=customer)
    assert_same(
        client,
        f"/invoices/?customer={customer.pk}&overdue=on&status=open",
        lambda: [invoice_due(customer, due=today() - timedelta(days=5)) for _ in range(30)],
    )


def test_invoice_page(agent_user, partner):
    publish(partner)
    invoice = invoice_due(
        CustomerFactory(partner=partner),
        due=today() - timedelta(days=40),
        amount=Decimal("1000.00"),
    )
    payment_record(actor=SYSTEM, invoice=invoice, amount=Decimal("1.00"), date=today())
    assert_same(
        signed_in(agent_user),
        f"/invoices/{invoice.pk}/",
        lambda: [
            payment_record(actor=SYSTEM, invoice=invoice, amount=Decimal("1.00"), date=today())
            for _ in range(20)
        ],
    )


def test_subscription_list(agent_user, partner):
    SubscriptionFactory(customer__partner=partner)
    assert_same(
        signed_in(agent_user),
        "/subscriptions/",
        lambda: [SubscriptionFactory(customer__partner=partner) for _ in range(30)],
    )


def test_subscription_page(admin_user, operator_user, partner):
    customer, subscription, _invoice = eligible_for_suspension(partner)

    def grow():
        for _ in range(10):
            invoice_due(customer, due=today() - timedelta(days=3))
        subscription_suspend(
            actor=actor_for(operator_user), subscription=subscription, reason="fraud"
        )
        subscription_suspend(
            actor=actor_for(operator_user), subscription=subscription, reason="misuse"
        )

    assert_same(signed_in(admin_user), f"/subscriptions/{subscription.pk}/", grow)


def test_suspension_queue(admin_user, partner):
    def grow(n):
        for _ in range(n):
            invoice = InvoiceFactory(customer=CustomerFactory(partner=partner))
            SubscriptionFactory(customer=invoice.customer)
            SuspensionRequest.objects.create(
                partner=partner, customer=invoice.customer, invoice=invoice
            )

    grow(1)
    assert_same(signed_in(admin_user), "/subscriptions/ready-to-suspend/", lambda: grow(20))


def test_policy_editor_and_versions(admin_user, partner):
    publish(partner)
    client = signed_in(admin_user)

    def grow():
        for days in range(2, 12):
            publish(partner, steps=[{"after_days": days, "action": "reminder"}])

    assert_same(client, "/policy/", grow)
    assert_same(
        client,
        "/policy/versions/",
        lambda: [
            publish(partner, steps=[{"after_days": d, "action": "reminder"}]) for d in range(20, 40)
        ],
    )


def test_statements_and_exposure(agent_user, partner):
    StatementFactory(partner=partner)
    client = signed_in(agent_user)
    assert_same(client, "/statements/", lambda: StatementFactory.create_batch(30, partner=partner))
    assert_same(
        client,
        "/exposure/",
        lambda: (StatementFactory.create_batch(10, partner=partner), overdue_invoices(partner, 10)),
    )


def test_console_statements(operator_user):
    StatementFactory()

    def grow():
        for statement in StatementFactory.create_batch(30, partner=PartnerFactory()):
            statement_report_payment(actor=SYSTEM, statement=statement, reference="REF")

    assert_same(signed_in(operator_user), "/ops/statements/", grow)


def test_console_subscriptions(operator_user):
    SubscriptionFactory()
    assert_same(
        signed_in(operator_user),
        "/ops/subscriptions/",
        lambda: [SubscriptionFactory(customer__partner=PartnerFactory()) for _ in range(30)],
    )
