"""Every page checks the role and the tenancy: the wrong role gets 403, another partner's
object 404, and nobody signed out sees anything."""

import pytest
from django.contrib.auth import get_user_model

from partners.models import Profile
from tests.support.factories import CustomerFactory
from tests.support.web import signed_in

pytestmark = pytest.mark.django_db

PARTNER_PAGES = [
    "/customers/",
    "/customers/new/",
    "/customers/{customer}/",
    "/customers/{customer}/edit/",
]
ADMIN_PAGES = ["/members/"]
CONSOLE_PAGES = [
    "/ops/",
    "/ops/partners/new/",
    "/ops/partners/{partner}/",
    "/ops/partners/{partner}/edit/",
]
ALL_PAGES = PARTNER_PAGES + ADMIN_PAGES + CONSOLE_PAGES + ["/account/password/"]


@pytest.fixture
def urls(partner):
    customer = CustomerFactory(partner=partner)
    return lambda pages: [page.format(customer=customer.pk, partner=partner.pk) for page in pages]


def statuses(user, urls):
    client = signed_in(user)
    return {url: client.get(url).status_code for url in urls}


def test_signed_out_visitors_are_sent_to_sign_in(urls):
    client = signed_in(None)
    for url in urls(ALL_PAGES) + ["/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/login/?next="), url


def test_an_agent_opens_partner_pages_but_not_members_or_the_console(urls, agent_user):
    assert set(statuses(agent_user, urls(PARTNER_PAGES)).values()) == {200}
    assert set(statuses(agent_user, urls(ADMIN_PAGES + CONSOLE_PAGES)).values()) == {403}


def test_an_admin_also_opens_members_but_not_the_console(urls, admin_user):
    assert set(statuses(admin_user, urls(PARTNER_PAGES + ADMIN_PAGES)).values()) == {200}
    assert set(statuses(admin_user, urls(CONSOLE_PAGES)).values()) == {403}


def test_an_operator_opens_the_console_but_not_partner_pages(urls, operator_user):
    assert set(statuses(operator_user, urls(CONSOLE_PAGES)).values()) == {200}
    forbidden = signed_in(operator_user).get(urls(["/customers/"])[0])
    assert forbidden.status_code == 403
    assert b"operator console" in forbidden.content
    assert set(statuses(operator_user, urls(PARTNER_PAGES + ADMIN_PAGES)).values()) == {403}


def test_home_leads_each_role_to_its_start_page(agent_user, operator_user, partner):
    assert (
        signed_in(operator_user).get("/")["Location"] == "/ops/escalations/"
    )  # the operator's daily work
    dashboard = signed_in(agent_user).get("/")
    assert dashboard.status_code == 200
    assert b"Open tickets by status" in dashboard.content
    loner = get_user_model().objects.create_user("loner", password="pw-for-tests-1")
    no_role = signed_in(loner).get("/")
    assert no_role.status_code == 200
    assert b"no role" in no_role.content


def test_a_user_without_role_opens_no_page(urls):
    loner = get_user_model().objects.create_user("loner", password="pw-for-tests-1")
    assert set(statuses(loner, urls(PARTNER_PAGES + ADMIN_PAGES + CONSOLE_PAGES)).values()) == {403}


def test_another_partners_customer_is_not_found(other_agent_user, partner):
    customer = CustomerFactory(partner=partner)
    client = signed_in(other_agent_user)
    assert client.get(f"/customers/{customer.pk}/").status_code == 404
    assert client.get(f"/customers/{customer.pk}/edit/").status_code == 404
    response = client.post(
        f"/customers/{customer.pk}/edit/",
        {"name": "Taken over", "email": "x@example.com", "language": "en"},
    )
    assert response.status_code == 404
    customer.refresh_from_db()
    assert customer.name != "Taken over"


def test_another_partners_customers_never_show_in_the_list(other_agent_user, partner):
    CustomerFactory(partner=partner, name="Hidden Holdings")
    response = signed_in(other_agent_user).get("/customers/", {"q": "Hidden"})
    assert b"Hidden Holdings" not in response.content


def test_a_missing_partner_is_404_in_the_console(operator_user):
    assert signed_in(operator_user).get("/ops/partners/999999/").status_code == 404


def test_the_403_and_404_pages_use_the_layout(other_agent_user, partner):
    customer = CustomerFactory(partner=partner)
    client = signed_in(other_agent_user)
    not_found = client.get(f"/customers/{customer.pk}/")
    assert b'class="sidenav"' in not_found.content
    forbidden = client.get("/ops/")
    assert b'class="sidenav"' in forbidden.content and b"operator staff" in forbidden.content


def test_state_changing_urls_refuse_get(agent_user):
    client = signed_in(agent_user)
    assert client.get("/language/", {"language": "fr"}).status_code == 405
    assert client.get("/logout/").status_code == 405
    assert not Profile.objects.filter(user=agent_user, language="fr").exists()
