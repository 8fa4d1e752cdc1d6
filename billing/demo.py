"""Demo billing data for ``seed_demo``: subscriptions and invoices, some of them overdue."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from billing.models import Invoice, Subscription
from partners.models import Customer

OFFERS = ["Azure Virtual Machines (China)", "Microsoft 365 E3 (operated by 21Vianet)", "Azure SQL Database"]


def seed_billing():
    today = timezone.localdate()
    for index, customer in enumerate(Customer.objects.select_related("partner").order_by("id")):
        subscription, _ = Subscription.objects.get_or_create(
            partner=customer.partner, customer=customer, offer=OFFERS[index % len(OFFERS)],
            defaults={"quantity": 5 + index})
        for months_ago, overdue in ((2, True), (0, False)):
            issue = today - timedelta(days=30 * months_ago + 15 * overdue)
            Invoice.objects.get_or_create(
                partner=customer.partner, number=f"INV-{customer.id:04d}-{months_ago}",
                defaults={"customer": customer, "subscription": subscription,
                          "amount": Decimal(1200 + 150 * index), "issue_date": issue,
                          "due_date": issue + timedelta(days=30)})
