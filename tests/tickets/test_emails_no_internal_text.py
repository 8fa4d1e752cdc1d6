"""No e-mail ever carries an internal note or an operator-only message (SPEC §5)."""

import pytest
from django.conf import settings
from django.db import transaction

from notifications.kinds import KINDS, NEVER_RENDERED
from notifications.models import Notification
from notifications.rendering import render_email
from notifications.services import notification_queue, notify_partner_members
from partners.models import Partner
from tests.support.email_context import context_for
from tests.support.factories import MembershipFactory, TicketFactory
from tickets.models import Escalation, Message

INTERNAL = "INTERNAL-NOTE: customer is a late payer, push hard"
OPERATOR = "OPERATOR-ONLY: partner margin on this deal is 4%"


def leaky_context(kind):
    """The caller's context, with operator-only text where the first contract asked for it."""
    return context_for(kind, **{key: OPERATOR for key in NEVER_RENDERED})


@pytest.mark.parametrize("language", settings.LANGUAGE_CODES)
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_operator_only_text_handed_to_the_outbox_is_never_rendered(kind, language):
    partner = Partner(name="Blue Sky Cloud", support_email="help@bluesky.example")
    parts = render_email(partner=partner, kind=kind, language=language, context=leaky_context(kind))
    assert not any(OPERATOR in part for part in parts)


@pytest.mark.django_db(transaction=True)
def test_the_outbox_after_a_ticket_flow_holds_no_internal_or_operator_text(partner):
    """The calls a ticket flow makes, with the context built from what the customer may see."""
    MembershipFactory(partner=partner, role="admin")
    ticket = TicketFactory(partner=partner, customer__partner=partner, customer__language="ru")
    customer = ticket.customer
    public = Message.objects.create(
        partner=partner,
        ticket=ticket,
        author_kind="partner",
        visibility="public",
        body="We are checking the seats on your invoice.",
    )
    Message.objects.create(
        partner=partner, ticket=ticket, author_kind="partner", visibility="internal", body=INTERNAL
    )
    Message.objects.create(
        partner=partner, ticket=ticket, author_kind="partner", visibility="operator", body=OPERATOR
    )
    escalation = Escalation.objects.create(
        partner=partner,
        ticket=ticket,
        summary=OPERATOR,
        steps_taken=INTERNAL,
        response=OPERATOR,
        outcome="upheld",
    )
    base = {
        "customer_name": customer.name,
        "ticket_id": ticket.pk,
        "subject": ticket.subject,
        "status_url": f"https://desk.example/status/{ticket.status_token}/",
    }
    latest_public = ticket.messages.filter(visibility="public").latest("created_at", "id").body
    with transaction.atomic():
        for kind, extra in [
            ("ticket_received", {}),
            ("ticket_reply", {"message": latest_public}),
            ("ticket_escalated", {}),
            ("ticket_resolved", {"resolution": public.body}),
        ]:
            notification_queue(
                partner=partner,
                kind=kind,
                recipient=customer.email,
                language=customer.language,
                context={**base, **extra},
                key=f"ticket:{ticket.pk}:{kind}",
            )
        notify_partner_members(
            partner=partner,
            kind="escalation_resolved",
            key=f"escalation:{escalation.pk}:resolved",
            context={
                **context_for("escalation_resolved"),
                "ticket_id": ticket.pk,
                "escalation_id": escalation.pk,
                "response": escalation.response,
                "question": OPERATOR,
            },
        )
    rows = list(Notification.objects.all())
    assert len(rows) == 5
    for row in rows:
        for part in (row.subject, row.body_text, row.body_html):
            assert INTERNAL not in part and OPERATOR not in part
    assert any(public.body in row.body_text for row in rows if row.kind == "ticket_reply")
