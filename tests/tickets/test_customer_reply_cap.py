"""The customer's reply length cap is the service's: every way in (status page, e-mail) meets it."""

import pytest
from django.core.exceptions import ValidationError

from tests.support.ticket_states import ticket_in
from tickets import services
from tickets.models import Message
from tickets.services.customer import CUSTOMER_BODY_MAX

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("via", ["status_page", "email"])
def test_it_refuses_a_reply_over_the_cap_on_the_body(agent_user, via):
    ticket = ticket_in("open", agent_user)
    with pytest.raises(ValidationError) as refused:
        services.customer_reply(ticket=ticket, body="x" * (CUSTOMER_BODY_MAX + 1), via=via)
    assert "body" in refused.value.message_dict
    assert not Message.objects.filter(ticket=ticket, author_kind="customer").exists()


def test_a_reply_of_exactly_the_cap_is_taken(agent_user):
    ticket = ticket_in("open", agent_user)
    message = services.customer_reply(ticket=ticket, body="x" * CUSTOMER_BODY_MAX, via="email")
    assert len(message.body) == CUSTOMER_BODY_MAX


def test_a_comment_over_the_cap_does_not_reopen_a_resolved_ticket(agent_user):
    ticket = ticket_in("resolved", agent_user)
    with pytest.raises(ValidationError):
        services.customer_reject(ticket=ticket, body="x" * (CUSTOMER_BODY_MAX + 1))
