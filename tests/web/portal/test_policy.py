"""The collections policy editor: every partner user reads it, a partner admin edits the steps,
automatic suspension and the description in each language, previews the public page with the
draft, and publishes a new version; the refusals are the API's own."""

import html

import pytest
from django.utils import translation

from billing.models import CollectionsPolicy
from tests.support.billing_helpers import STEPS, publish
from tests.support.web import signed_in

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "zh_hans", "es", "fr", "it", "pt_br", "ru"]


def form_data(steps, auto_suspend=False, blank_rows=2, **descriptions):
    rows = [*steps, *([{}] * blank_rows)]
    data = {
        "steps-TOTAL_FORMS": len(rows),
        "steps-INITIAL_FORMS": 0,
        "steps-MIN_NUM_FORMS": 0,
        "steps-MAX_NUM_FORMS": 10,
    }
    for n, step in enumerate(rows):
        data[f"steps-{n}-after_days"] = step.get("after_days", "")
        data[f"steps-{n}-action"] = step.get("action", "")
        if step.get("DELETE"):
            data[f"steps-{n}-DELETE"] = "on"
    if auto_suspend:
        data["auto_suspend"] = "on"
    data.update(
        {f"description_{code}": descriptions.get(f"description_{code}", "") for code in LANGUAGES}
    )
    return data


def messages_in(errors):
    """Every message of a DRF error body, nested ({"0": {"after_days": [...]}}) or flat."""
    if isinstance(errors, str):
        yield errors
    elif isinstance(errors, dict):
        for value in errors.values():
            yield from messages_in(value)
    else:
        for value in errors:
            yield from messages_in(value)


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_an_agent_reads_the_policy_but_may_not_change_it(agent_user, partner):
    publish(partner, description_en="We chase unpaid invoices politely.")
    client = signed_in(agent_user)
    page = text(client.get("/policy/"))
    assert "Only a partner admin can change the policy." in page
    assert "21 days after the due date" in page and "We chase unpaid invoices politely." in page
    assert 'name="steps-TOTAL_FORMS"' not in page
    forced = client.post("/policy/", form_data(STEPS))
    assert forced.status_code == 403
    assert CollectionsPolicy.objects.filter(partner=partner).count() == 1


def test_an_admin_publishes_a_new_version_and_customers_read_it_in_spanish(
    admin_user, partner, client
):
    publish(partner)
    steps = [
        {"after_days": 5, "action": "reminder"},
        {"after_days": 15, "action": "final_notice"},
        {"after_days": 25, "action": "suspend"},
        {"after_days": 10, "action": "reminder"},
    ]  # a row added at the bottom
    response = signed_in(admin_user).post(
        "/policy/",
        form_data(
            steps,
            auto_suspend=True,
            description_en="Pay on time, please.",
            description_es="Pague a tiempo, por favor.",
        ),
        follow=True,
    )
    assert "Version 2 is published. Customers see it now." in text(response)
    policy = CollectionsPolicy.objects.get(partner=partner, version=2)
    assert [step["after_days"] for step in policy.steps] == [5, 10, 15, 25]  # read in day order
    assert (
        policy.auto_suspend
        and policy.description_es == "Pague a tiempo, por favor."
        and policy.description_fr is None
    )
    public = text(client.get(f"/p/{partner.slug}/collections-policy/", HTTP_ACCEPT_LANGUAGE="es"))
    assert "Pague a tiempo, por favor." in public and "10 días después del vencimiento" in public


@pytest.mark.parametrize(
    "steps",
    [
        [{"after_days": 7, "action": "reminder"}, {"after_days": 21, "action": "suspend"}],
        [{"after_days": 7, "action": "reminder"}, {"after_days": 14, "action": "final_notice"}],
        [{"after_days": 7, "action": "reminder"}, {"after_days": 7, "action": "reminder"}],
        [
            {"after_days": 3, "action": "final_notice"},
            {"after_days": 9, "action": "final_notice"},
            {"after_days": 20, "action": "suspend"},
        ],
        [{"after_days": 400, "action": "reminder"}],
    ],
)
def test_bad_steps_get_the_same_reasons_as_from_the_api(admin_user, partner, api, steps):
    publish(partner)
    from_api = api(admin_user).put(
        "/api/collections-policy/", {"steps": steps, "auto_suspend": False}, format="json"
    )
    assert from_api.status_code == 400
    page = text(signed_in(admin_user).post("/policy/", form_data(steps)))
    reasons = list(messages_in(from_api.json()["steps"]))
    assert reasons
    for reason in reasons:
        assert reason in page
    assert "Please check what you entered" in page
    assert CollectionsPolicy.objects.filter(partner=partner).count() == 1


def test_a_half_filled_row_or_a_word_for_a_day_is_pointed_out(admin_user, partner):
    client = signed_in(admin_user)
    page = text(client.post("/policy/", form_data([{"after_days": 7, "action": ""}])))
    assert "Step 1: action must be one of reminder, final_notice, suspend." in page
    page = text(client.post("/policy/", form_data([{"after_days": "seven", "action": "reminder"}])))
    assert "Enter a whole number." in page and 'value="seven"' in page
    assert not CollectionsPolicy.objects.filter(partner=partner).exists()


def test_a_removed_row_is_left_out(admin_user, partner):
    steps = [*STEPS, {"after_days": 3, "action": "reminder", "DELETE": True}]
    signed_in(admin_user).post("/policy/", form_data(steps))
    assert CollectionsPolicy.objects.get(partner=partner).steps == STEPS


def test_the_preview_shows_the_draft_in_the_chosen_language_without_publishing(admin_user, partner):
    publish(partner)
    data = form_data(
        [{"after_days": 9, "action": "reminder"}], description_es="Borrador en español."
    )
    page = text(
        signed_in(admin_user).post("/policy/", {**data, "preview": "1", "preview_language": "es"})
    )
    assert "draft, not published" in page
    with translation.override("es"):
        heading = translation.gettext("Collections policy of %(partner)s") % {
            "partner": partner.name
        }
    assert heading != f"Collections policy of {partner.name}" and heading in page
    assert "Borrador en español." in page and "9 días después del vencimiento" in page
    assert (
        "el acceso a sus suscripciones nunca se suspende por impago" in page
    )  # a policy with no suspend step
    assert (
        'value="Borrador en español."' not in page and "Borrador en español.</textarea>" in page
    )  # still in the form
    assert CollectionsPolicy.objects.filter(partner=partner).count() == 1


def test_a_preview_of_bad_steps_shows_the_reasons_instead(admin_user, partner):
    data = form_data(
        [{"after_days": 7, "action": "reminder"}, {"after_days": 21, "action": "suspend"}]
    )
    page = text(
        signed_in(admin_user).post("/policy/", {**data, "preview": "1", "preview_language": "en"})
    )
    assert (
        "A suspend step needs a final notice before it" in page
        and "draft, not published" not in page
    )


def test_publishing_the_same_content_keeps_the_version(admin_user, partner):
    policy = publish(partner, auto_suspend=False)
    data = form_data(
        STEPS,
        **{
            f"description_{code}": getattr(policy, f"description_{code}") or ""
            for code in LANGUAGES
        },
    )
    page = text(signed_in(admin_user).post("/policy/", data, follow=True))
    assert "Nothing changed: version 1 stays in force." in page
    assert CollectionsPolicy.objects.filter(partner=partner).count() == 1


def test_before_the_first_publication_the_standard_policy_is_shown_and_nothing_is_written(
    agent_user, partner
):
    page = text(signed_in(agent_user).get("/policy/"))
    assert "The standard policy applies" in page and "30 days after the due date" in page
    assert not CollectionsPolicy.objects.filter(partner=partner).exists()


def test_the_versions_page_links_each_version_as_customers_saw_it(agent_user, partner):
    publish(partner)
    publish(partner, steps=[{"after_days": 5, "action": "reminder"}])
    page = text(signed_in(agent_user).get("/policy/versions/"))
    assert f"/p/{partner.slug}/collections-policy/?version=1" in page
    assert f"/p/{partner.slug}/collections-policy/?version=2" in page and "in force" in page


def test_each_partner_edits_only_its_own_policy(other_agent_user, admin_user, partner):
    publish(partner, description_en="Our own words.")
    page = text(signed_in(other_agent_user).get("/policy/"))
    assert "Our own words." not in page
    signed_in(admin_user).post("/policy/", form_data([{"after_days": 5, "action": "reminder"}]))
    assert CollectionsPolicy.objects.filter(partner=partner).count() == 2
    assert not CollectionsPolicy.objects.exclude(partner=partner).exists()


def test_a_tampered_steps_form_is_refused_not_a_500(admin_user, partner):
    client = signed_in(admin_user)
    too_many = form_data(
        [{"after_days": n, "action": "reminder"} for n in range(1, 13)], blank_rows=0
    )
    too_many["steps-TOTAL_FORMS"] = 12
    assert "Please submit at most 10 forms." in text(client.post("/policy/", too_many))
    no_management = {
        key: value
        for key, value in form_data(STEPS).items()
        if not key.startswith("steps-") or "-0-" in key
    }
    response = client.post("/policy/", no_management)
    assert response.status_code == 200 and "ManagementForm data is missing" in text(response)
    assert not CollectionsPolicy.objects.filter(partner=partner).exists()
