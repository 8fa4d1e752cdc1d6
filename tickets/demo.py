"""Demo tickets for ``seed_demo``."""

from billing.models import Invoice
from tickets.models import Category, Ticket

SAMPLES = [
    (Category.INVOICE_DISPUTE, "Invoice charges 10 seats, we use 8", "high"),
    (Category.BILLING_QUESTION, "Which exchange rate applies to our invoice?", "normal"),
]


def seed_tickets():
    for invoice in Invoice.objects.select_related("customer").filter(number__endswith="-2").order_by("id")[:6]:
        category, subject, priority = SAMPLES[invoice.id % len(SAMPLES)]
        Ticket.objects.get_or_create(
            partner_id=invoice.partner_id, customer=invoice.customer, subject=subject,
            defaults={"invoice": invoice, "subscription_id": invoice.subscription_id, "category": category,
                      "priority": priority, "description": f"About invoice {invoice.number}."})
