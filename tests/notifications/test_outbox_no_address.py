"""A customer without a contact e-mail (known only from the operator's file): what would have
been sent is still written, ``failed`` with the reason, never handed over, never retried."""

import pytest
from django.core import mail
from django.db import transaction

from core.actors import actor_for
from core.errors import InvalidTransition
from mailgate.services.common import speaks_for
from notifications.models import Notification
from notifications.services import (
    Email,
    notification_queue,
    notification_retry,
    notifications_queue_many,
)
from tests.support.email_context import context_for
from tests.support.factories import CustomerFactory
from tickets.services import ticket_create

pytestmark = pytest.mark.django_db(transaction=True)


def queue(partner, key="t1:received", recipient=""):
    return notification_queue(
        partner=partner,
        kind="ticket_received",
        recipient=recipient,
        language="en",
        context=context_for("ticket_received", ticket_id=1),
        key=key,
    )


def test_an_e_mail_to_nobody_is_recorded_as_not_sent(partner):
    with transaction.atomic():
        row = queue(partner)
    row.refresh_from_db()
    assert (row.status, row.recipient, row.attempts) == ("failed", "", 0)
    assert row.last_error and row.subject  # the reason, and what the customer was not told
    assert mail.outbox == []


def test_a_batch_sends_the_others_and_records_the_one_to_nobody(partner):
    emails = [
        Email(
            partner=partner,
            kind="ticket_received",
            recipient=recipient,
            language="en",
            context=context_for("ticket_received", ticket_id=n),
            key=f"ticket:{n}:received",
        )
        for n, recipient in enumerate(["a@customer.example", "", "b@customer.example"])
    ]
    with transaction.atomic():
        assert len(notifications_queue_many(emails=emails)) == 3
    statuses = dict(Notification.objects.values_list("recipient", "status"))
    assert statuses == {"a@customer.example": "sent", "": "failed", "b@customer.example": "sent"}
    assert len(mail.outbox) == 2


def test_it_cannot_be_retried(partner, operator_user):
    with transaction.atomic():
        row = queue(partner)
    with pytest.raises(InvalidTransition):
        notification_retry(actor=actor_for(operator_user), notification=row)
    assert Notification.objects.get().status == "failed"


def test_a_ticket_for_a_customer_without_an_e_mail_opens_and_records_its_e_mail(
    partner, agent_user
):
    customer = CustomerFactory(partner=partner, email="")
    ticket = ticket_create(
        actor=actor_for(agent_user),
        customer=customer.pk,
        category="billing_question",
        subject="Seats",
        description="How many seats are we paying for?",
    )
    assert ticket.pk
    row = Notification.objects.get(kind="ticket_received")
    assert (row.status, row.recipient) == ("failed", "")
    assert mail.outbox == []


def test_no_sender_speaks_for_a_customer_without_an_e_mail(partner):
    customer = CustomerFactory(partner=partner, email="")
    assert not speaks_for(customer, "")
    assert not speaks_for(customer, "someone@example.com")
