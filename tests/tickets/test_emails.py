"""The customer's e-mails of SPEC §5: one per cause, in their language, with the status link;
queued in the same transaction as the change, never twice, never with an internal note."""

import pytest
from django.conf import settings
from django.core import mail

from core.actors import actor_for
from core.errors import InvalidTransition
from notifications.models import Notification
from tests.support.ticket_states import new_ticket, ticket_in
from tickets import services
from tickets.models import Ticket

pytestmark = pytest.mark.django_db


def kinds():
    return list(Notification.objects.order_by("id").values_list("kind", flat=True))


def test_a_tickets_life_sends_each_customer_email_once_in_the_customers_language(agent_user):
    agent = actor_for(agent_user)
    ticket = new_ticket(agent_user, language="ru")
    services.ticket_reply(actor=agent, ticket=ticket, body="We are checking.")
    services.ticket_wait_on_customer(actor=agent, ticket=ticket, body="Which month?")
    services.customer_reply(ticket=ticket, body="March.")
    escalation = services.ticket_escalate(actor=agent, ticket=ticket, summary="s", steps_taken="t")
    services.escalation_withdraw(actor=agent, escalation=escalation, reason="Found it ourselves")
    services.ticket_resolve(actor=agent, ticket=ticket, resolution="Credited 2 seats.")
    services.customer_confirm(ticket=ticket)
    assert kinds() == [
        "ticket_received",
        "ticket_reply",
        "ticket_waiting",
        "ticket_escalated",
        "ticket_resolved",
        "ticket_closed",
    ]
    customer = Ticket.objects.select_related("customer").get(pk=ticket.pk).customer
    status_url = f"{settings.SITE_URL}/status/{ticket.status_token}/"
    for notification in Notification.objects.all():
        assert (notification.recipient, notification.language) == (customer.email, "ru")
        assert status_url in notification.body_text


def test_the_resolution_email_carries_the_resolution_text(agent_user):
    ticket = ticket_in("open", agent_user)
    services.ticket_resolve(
        actor=actor_for(agent_user), ticket=ticket, resolution="We credited two seats."
    )
    assert "We credited two seats." in Notification.objects.get(kind="ticket_resolved").body_text


def test_the_reply_email_carries_the_public_message(agent_user):
    ticket = ticket_in("new", agent_user)
    services.ticket_reply(
        actor=actor_for(agent_user), ticket=ticket, body="Your March invoice is correct."
    )
    assert (
        "Your March invoice is correct." in Notification.objects.get(kind="ticket_reply").body_text
    )


def test_a_canned_reply_goes_out_in_the_customers_language(agent_user, admin_user):
    canned = services.canned_reply_create(
        actor=actor_for(admin_user),
        title="Paid",
        body="Payment received.",
        body_fr="Paiement reçu.",
    )
    french, russian = new_ticket(agent_user, language="fr"), new_ticket(agent_user, language="ru")
    agent = actor_for(agent_user)
    assert (
        services.ticket_reply(actor=agent, ticket=french, canned_reply=canned.pk).body
        == "Paiement reçu."
    )
    assert (
        services.ticket_reply(actor=agent, ticket=russian, canned_reply=canned.pk).body
        == "Payment received."
    )


def test_the_operators_decision_tells_the_partners_members(agent_user, admin_user):
    from tests.support.ticket_states import escalation_in

    escalation_in("resolved", agent_user)
    recipients = set(
        Notification.objects.filter(kind="escalation_resolved").values_list("recipient", flat=True)
    )
    assert recipients == {agent_user.email, admin_user.email}


def test_the_operators_question_tells_the_partners_members_without_quoting_it(
    agent_user, admin_user
):
    # Operator messages stay in the desk (SPEC §5: no operator-only text in any e-mail);
    # the e-mail says a question is waiting and links to the ticket.
    from tests.support.ticket_states import escalation_in

    escalation = escalation_in("info_requested", agent_user)
    notification = Notification.objects.filter(kind="escalation_info_requested").first()
    assert notification is not None and "Which seats?" not in notification.body_text
    assert f"/tickets/{escalation.ticket_id}/" in notification.body_text


@pytest.mark.django_db(transaction=True)
def test_the_email_is_sent_after_commit_and_a_refused_change_sends_nothing(agent_user):
    ticket = ticket_in("open", agent_user)
    mail.outbox.clear()
    services.ticket_resolve(actor=actor_for(agent_user), ticket=ticket, resolution="Done.")
    assert [m.subject for m in mail.outbox] == [
        Notification.objects.get(kind="ticket_resolved").subject
    ]
    with pytest.raises(InvalidTransition):
        services.ticket_resolve(
            actor=actor_for(agent_user), ticket=Ticket.objects.get(pk=ticket.pk), resolution="Again"
        )
    assert (
        len(mail.outbox) == 1 and Notification.objects.filter(kind="ticket_resolved").count() == 1
    )
