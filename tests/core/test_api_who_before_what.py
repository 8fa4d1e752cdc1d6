"""Who may act is checked before what they sent: a wrong role with an incomplete body is 403, not
400 — the caller learns they may not act, not which field to fill in."""

import pytest

from tests.support.billing_helpers import customer_with_subscription
from tests.support.ticket_states import escalation_in

pytestmark = pytest.mark.django_db


def test_a_partner_admin_resolving_an_escalation_with_an_empty_body_is_refused_403(
    agent_user, admin_user, api
):
    escalation = escalation_in("in_review", agent_user)
    response = api(admin_user).post(f"/api/escalations/{escalation.id}/resolve/", {}, format="json")
    assert response.status_code == 403, response.content
    assert response.json() == {"detail": "Only operator staff may do this."}


@pytest.mark.parametrize("action", ["suspend", "cancel"])
def test_an_agent_suspending_or_cancelling_with_an_empty_body_is_refused_403(
    partner, agent_user, api, action
):
    _customer, subscription = customer_with_subscription(partner)
    response = api(agent_user).post(
        f"/api/subscriptions/{subscription.id}/{action}/", {}, format="json"
    )
    assert response.status_code == 403, response.content


def test_the_operator_with_an_empty_body_still_learns_which_field_is_missing(
    agent_user, operator_user, api
):
    escalation = escalation_in("in_review", agent_user)
    response = api(operator_user).post(
        f"/api/escalations/{escalation.id}/resolve/", {}, format="json"
    )
    assert response.status_code == 400 and "outcome" in response.json()
