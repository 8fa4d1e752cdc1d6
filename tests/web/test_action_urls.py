"""A GET on an action URL (a reload or Back after a refused form left the address bar there) goes
to the page the action belongs to, never a bare 405, and changes nothing."""

import pytest

from tests.support.billing_helpers import customer_with_subscription
from tests.support.ticket_states import escalation_in
from tests.support.web import signed_in

pytestmark = pytest.mark.django_db


def test_a_get_on_a_ticket_action_goes_back_to_the_ticket(agent_user):
    escalation = escalation_in("submitted", agent_user)
    ticket_id = escalation.ticket_id
    response = signed_in(agent_user).get(f"/tickets/{ticket_id}/escalate/")
    assert response.status_code == 302 and response["Location"] == f"/tickets/{ticket_id}/"


def test_a_get_on_an_operator_action_goes_back_to_the_escalation_and_writes_nothing(
    agent_user, operator_user
):
    escalation = escalation_in("submitted", agent_user)
    response = signed_in(operator_user).get(f"/ops/escalations/{escalation.id}/take/")
    assert response["Location"] == f"/ops/escalations/{escalation.id}/"
    assert type(escalation).objects.get(pk=escalation.pk).status == "submitted"


def test_a_get_on_a_queue_action_goes_to_the_nearest_page_above_it(partner, admin_user):
    _customer, subscription = customer_with_subscription(partner)
    client = signed_in(admin_user)
    assert client.get(f"/subscriptions/{subscription.id}/suspend/")["Location"] == (
        f"/subscriptions/{subscription.id}/"
    )
    queue = client.get(f"/subscriptions/ready-to-suspend/{subscription.id}/dismiss/")
    assert queue["Location"] == "/subscriptions/ready-to-suspend/"


def test_an_action_url_still_refuses_other_methods(agent_user):
    escalation = escalation_in("submitted", agent_user)
    response = signed_in(agent_user).put(f"/tickets/{escalation.ticket_id}/escalate/")
    assert response.status_code == 405
