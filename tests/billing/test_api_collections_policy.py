"""/api/collections-policy/: partner users read it, a partner admin publishes a new version; bad
steps get a 400 that says what is wrong; a description left out falls back to English."""

import pytest

from billing.models import CollectionsPolicy
from partners.models import Event
from tests.support.billing_helpers import STEPS, customer_with_subscription, day, invoice_due, run

pytestmark = pytest.mark.django_db

URL = "/api/collections-policy/"
BODY = {
    "steps": STEPS,
    "auto_suspend": True,
    "description_en": "We chase unpaid invoices politely.",
    "description_es": "Reclamamos las facturas impagadas con cortesía.",
}


def put(client, **changes):
    return client.put(URL, {**BODY, **changes}, format="json")


def test_before_publishing_a_partner_sees_the_default_policy_and_nothing_is_written(
    api, agent_user
):
    body = api(agent_user).get(URL).json()
    assert body["published"] is False and body["version"] == 1 and body["auto_suspend"] is False
    assert [step["action"] for step in body["steps"]] == [
        "reminder",
        "reminder",
        "final_notice",
        "suspend",
    ]
    assert body["description_en"] and body["description_zh_hans"] and body["description_ru"]
    assert not CollectionsPolicy.objects.exists()


def test_an_admin_publishes_versions_and_each_is_kept(api, admin_user, partner):
    client = api(admin_user)
    first = put(client)
    assert first.status_code == 200, first.content
    assert (first.json()["version"], first.json()["published"]) == (1, True)
    second = put(client, auto_suspend=False)
    assert second.json()["version"] == 2
    assert list(
        CollectionsPolicy.objects.filter(partner=partner).values_list("version", "auto_suspend")
    ) == [(2, False), (1, True)]
    assert put(client, auto_suspend=False).json()["version"] == 2  # nothing changed: no new version
    assert Event.objects.filter(object_type="collectionspolicy", action="published").count() == 2
    assert first.json()["public_url"].endswith(f"/p/{partner.slug}/collections-policy/?version=1")


def test_a_language_left_out_falls_back_to_english(api, admin_user):
    put(api(admin_user))
    client = api(admin_user)
    assert (
        client.get(URL, HTTP_ACCEPT_LANGUAGE="es").json()["description"] == BODY["description_es"]
    )
    body = client.get(URL, HTTP_ACCEPT_LANGUAGE="fr").json()
    assert body["description"] == BODY["description_en"] and body["description_fr"] is None


@pytest.mark.parametrize(
    "steps, message",
    [
        ([], "This list may not be empty."),
        (
            [{"after_days": 0, "action": "reminder"}],
            "Ensure this value is greater than or equal to 1.",
        ),
        (
            [{"after_days": 7, "action": "reminder"}, {"after_days": 7, "action": "reminder"}],
            "Step 2: after_days must be greater than the previous step's (7): "
            "days strictly increase.",
        ),
        (
            [{"after_days": 9, "action": "reminder"}, {"after_days": 3, "action": "reminder"}],
            "Step 2: after_days must be greater than the previous step's (9): "
            "days strictly increase.",
        ),
        (
            [
                {"after_days": 7, "action": "final_notice"},
                {"after_days": 14, "action": "suspend"},
                {"after_days": 21, "action": "suspend"},
            ],
            "At most one suspend step is allowed.",
        ),
        (
            [
                {"after_days": 7, "action": "final_notice"},
                {"after_days": 14, "action": "suspend"},
                {"after_days": 21, "action": "reminder"},
            ],
            "The suspend step must be the last step.",
        ),
        (
            [{"after_days": 7, "action": "reminder"}, {"after_days": 14, "action": "suspend"}],
            "A suspend step needs a final notice before it, so the customer learns the date "
            "access will be impacted.",
        ),
        (
            [{"after_days": 7, "action": "final_notice"}],
            "A final notice announces the date access will be impacted, so a suspend step "
            "must follow it.",
        ),
        (
            [
                {"after_days": 7, "action": "final_notice"},
                {"after_days": 9, "action": "reminder"},
                {"after_days": 14, "action": "suspend"},
            ],
            "Reminders come before the final notice.",
        ),
        ([{"after_days": 7, "action": "warn"}], '"warn" is not a valid choice.'),
    ],
)
def test_bad_steps_are_refused_with_the_reason(api, admin_user, steps, message):
    response = put(api(admin_user), steps=steps)
    assert response.status_code == 400
    assert message in str(response.json()["steps"])
    assert not CollectionsPolicy.objects.exists()


def test_an_unknown_field_type_is_a_bad_request(api, admin_user):
    assert put(api(admin_user), auto_suspend="sometimes").status_code == 400
    assert api(admin_user).put(URL, {"auto_suspend": True}, format="json").json().keys() == {
        "steps"
    }


def test_only_a_partner_admin_publishes(api, agent_user, operator_user):
    assert put(api(agent_user)).status_code == 403
    assert put(api(operator_user)).status_code == 403
    assert api(operator_user).get(URL).status_code == 403
    assert api(None).get(URL).status_code == 401


def test_each_partner_reads_and_writes_only_its_own_policy(
    api, admin_user, other_agent_user, other_partner
):
    put(api(admin_user))
    body = api(other_agent_user).get(URL).json()
    assert body["published"] is False
    assert not CollectionsPolicy.objects.filter(partner=other_partner).exists()


def test_a_new_version_applies_to_invoices_not_yet_in_dunning(api, admin_user, partner):
    put(api(admin_user))
    customer, _sub = customer_with_subscription(partner)
    invoice = invoice_due(customer)
    run(day(2))  # nothing due yet under version 1 (first step at 7 days)
    put(api(admin_user), steps=[{"after_days": 2, "action": "reminder"}])
    run(day(2))
    assert list(invoice.dunning_actions.values_list("after_days", "policy__version")) == [(2, 2)]
