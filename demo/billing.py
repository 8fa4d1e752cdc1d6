"""Demo billing data for ``seed_demo``, written through the services: each partner's collections
policy, subscriptions, and invoices at various stages of dunning (one partly paid), then a replay of
the past weeks' daily collections runs. Safe to run again: existing invoices are kept, and dunning
never repeats a step."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from billing import policy as rules
from billing import services
from billing.models import Invoice, Subscription
from core.actors import SYSTEM
from partners.models import Customer, Partner

OFFERS = [
    "Azure Virtual Machines (China)",
    "Microsoft 365 E3 (operated by 21Vianet)",
    "Azure SQL Database",
]
# Days past due of each customer's older invoice: before the first reminder, between reminders,
# after the final notice, past the suspension day.
OVERDUE_DAYS = [45, 12, 22, 2, 35, 15, 5]
AUTO_SUSPEND = {"contoso"}  # one partner suspends automatically, the other reviews a queue


def seed_billing():
    for partner in Partner.objects.order_by("id"):
        _policy(partner)
    today = timezone.localdate()
    # The demo's own customers (those of the operator's file, demo.reconciliation, have none here).
    own = Customer.objects.filter(external_id="").select_related("partner").order_by("id")
    for index, customer in enumerate(own):
        subscription, _ = Subscription.objects.get_or_create(
            partner=customer.partner,
            customer=customer,
            offer=OFFERS[index % len(OFFERS)],
            defaults={"quantity": 5 + index},
        )
        _invoices(customer, subscription, index, today)
    # Replay the daily runs of the past weeks, so each invoice has the history it would have.
    for days_ago in range(max(OVERDUE_DAYS), -1, -1):
        services.collections_run(as_of=today - timedelta(days=days_ago))
    for index, partner in enumerate(Partner.objects.order_by("id")):
        _statements(partner, index, today)


def _policy(partner):
    if partner.collections_policies.exists():
        return
    default = rules.default_policy(partner)
    services.policy_publish(
        actor=SYSTEM,
        partner=partner,
        steps=default.steps,
        auto_suspend=partner.slug in AUTO_SUSPEND,
        descriptions=rules.default_descriptions(),
    )


def _invoices(customer, subscription, index, today):
    amount = Decimal(1200 + 150 * index)
    overdue = OVERDUE_DAYS[index % len(OVERDUE_DAYS)]
    due_dates = {2: today - timedelta(days=overdue), 0: today + timedelta(days=25)}
    for months_ago, due in due_dates.items():
        number = f"INV-{customer.id:04d}-{months_ago}"
        if Invoice.objects.filter(partner=customer.partner, number=number).exists():
            continue
        invoice = services.invoice_create(
            actor=SYSTEM,
            customer=customer,
            subscription=subscription,
            number=number,
            amount=amount,
            issue_date=due - timedelta(days=30),
            due_date=due,
        )
        if months_ago == 2 and index % 3 == 1:  # a partial payment: dunning goes on for the rest
            services.payment_record(
                actor=SYSTEM,
                invoice=invoice,
                amount=amount / 4,
                date=today - timedelta(days=1),
                reference=f"DEMO-{number}",
            )


# The operator's monthly statements to each partner: two months ago paid, last month's payment
# reported and waiting for the operator, this month's open (the last one issued).
STATEMENTS = [(-2, Decimal("18400.00")), (-1, Decimal("21250.00")), (0, Decimal("19870.50"))]


def _statements(partner, index, today):
    for months, base in STATEMENTS:
        number = f"ST-{partner.slug.upper()}-{months + 3}"
        if partner.statements.filter(number=number).exists():
            continue
        statement = services.statement_create(
            actor=SYSTEM,
            partner=partner,
            number=number,
            amount=base + 1000 * index,
            due_date=today + timedelta(days=15 + 30 * months),
        )
        if months < 0:
            services.statement_report_payment(
                actor=SYSTEM, statement=statement, reference=f"BANK-{number}"
            )
        if months == -2:
            services.statement_confirm(actor=SYSTEM, statement=statement)
