"""Demo tickets for ``seed_demo``, made through the services like real ones (events, e-mails, SLA).

Safe to run again: a ticket that already exists (same customer and subject) is left alone.
"""

from billing.models import Invoice
from core.actors import actor_for
from partners.models import Membership
from tickets import services
from tickets.models import CannedReply, Category, Channel, Ticket

SAMPLES = [
    (Category.INVOICE_DISPUTE, "Invoice charges 10 seats, we use 8", "high"),
    (Category.BILLING_QUESTION, "Which exchange rate applies to our invoice?", "normal"),
    (Category.PAYMENT_ISSUE, "Our bank transfer is not showing as paid", "urgent"),
]
CANNED = {
    "title": "Payment received",
    "body": "We have received your payment. Thank you!",
    "title_zh_hans": "已收到付款",
    "body_zh_hans": "我们已收到您的付款。谢谢！",
    "title_fr": "Paiement reçu",
    "body_fr": "Nous avons bien reçu votre paiement. Merci !",
    "title_es": "Pago recibido",
    "body_es": "Hemos recibido su pago. ¡Gracias!",
}


def _member(partner_id: int, role: str):
    return actor_for(
        Membership.objects.select_related("user")
        .filter(partner_id=partner_id, role=role)
        .order_by("id")
        .first()
        .user
    )


def seed_tickets():
    invoices = (
        Invoice.objects.select_related("customer").filter(number__endswith="-2").order_by("id")[:6]
    )
    for index, invoice in enumerate(invoices):
        category, subject, priority = SAMPLES[index % len(SAMPLES)]
        if Ticket.objects.filter(customer=invoice.customer, subject=subject).exists():
            continue
        agent = _member(invoice.partner_id, "agent")
        ticket = services.ticket_create(
            actor=agent,
            customer=invoice.customer_id,
            category=category,
            subject=subject,
            priority=priority,
            description=f"About invoice {invoice.number}.",
            invoice=invoice.pk,
            subscription=invoice.subscription_id,
            channel=Channel.WEB,
        )
        (_escalated if index == 0 else STORIES[index % len(STORIES)])(agent, ticket)
    for partner_id in Membership.objects.values_list("partner_id", flat=True).distinct():
        if not CannedReply.objects.filter(partner_id=partner_id).exists():
            services.canned_reply_create(actor=_member(partner_id, "admin"), **CANNED)


def _replied(agent, ticket):
    services.ticket_reply(
        actor=agent,
        ticket=ticket,
        visibility="internal",
        body="Checked the usage report: 8 seats active since the 3rd.",
    )
    services.ticket_reply(
        actor=agent, ticket=ticket, body="We are checking this with our billing team."
    )


def _escalated(agent, ticket):
    _replied(agent, ticket)
    services.ticket_escalate(
        actor=agent,
        ticket=ticket,
        summary="Customer billed for 10 seats, uses 8.",
        steps_taken="Compared the usage report with the invoice; the subscription shows 8.",
    )


def _waiting(agent, ticket):
    services.ticket_wait_on_customer(
        actor=agent, ticket=ticket, body="Could you send us the invoice page you mean?"
    )


def _resolved(agent, ticket):
    services.ticket_assign(actor=agent, ticket=ticket, assignee=agent.user.pk)
    services.ticket_resolve(
        actor=agent,
        ticket=ticket,
        resolution="The transfer arrived on the 12th; the invoice is now marked paid.",
    )


def _new(agent, ticket):
    """Left untouched: a fresh ticket in the queue."""


STORIES = [_replied, _waiting, _resolved, _new]  # the first ticket is escalated instead
