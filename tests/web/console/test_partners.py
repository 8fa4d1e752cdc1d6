"""Operator staff create partners and onboard their first admin from the console."""

import pytest

from partners.models import Event, Membership, Partner
from tests.support.factories import MembershipFactory
from tests.support.web import signed_in

pytestmark = pytest.mark.django_db

NEW_PARTNER = {
    "name": "Harbin Cloud",
    "slug": "harbin",
    "support_email": "help@harbin.example",
    "default_language": "ru",
    "time_zone": "Asia/Harbin",
}
ADMIN = {
    "username": "harbin-lead",
    "email": "lead@harbin.example",
    "password": "long-enough-pass-9",
    "role": "admin",
    "language": "",
}


def test_the_operator_creates_a_partner_and_is_asked_for_its_admin(operator_user):
    response = signed_in(operator_user).post("/ops/partners/new/", NEW_PARTNER, follow=True)
    partner = Partner.objects.get(slug="harbin")
    assert (partner.default_language, partner.time_zone) == ("ru", "Asia/Harbin")
    assert response.redirect_chain[-1][0] == f"/ops/partners/{partner.pk}/"
    assert b"This partner has no admin yet" in response.content
    assert Event.objects.filter(
        object_type="partner", object_id=partner.pk, action="created"
    ).exists()


def test_a_taken_slug_is_refused_on_the_slug_field(operator_user, partner):
    response = signed_in(operator_user).post(
        "/ops/partners/new/", {**NEW_PARTNER, "slug": partner.slug}
    )
    assert response.status_code == 200
    assert b'id="id_slug_error"' in response.content
    assert Partner.objects.filter(slug=partner.slug).count() == 1


def test_bad_input_is_refused_field_by_field(operator_user):
    data = {
        **NEW_PARTNER,
        "slug": "Not A Slug",
        "support_email": "nope",
        "time_zone": "Mars/Olympus",
    }
    content = signed_in(operator_user).post("/ops/partners/new/", data).content
    for field in ("slug", "support_email", "time_zone"):
        assert f'id="id_{field}_error"'.encode() in content
    assert not Partner.objects.filter(name="Harbin Cloud").exists()


def test_the_operator_onboards_the_partners_first_admin(operator_user, partner):
    response = signed_in(operator_user).post(f"/ops/partners/{partner.pk}/", ADMIN, follow=True)
    membership = Membership.objects.get(user__username="harbin-lead")
    assert (membership.partner_id, membership.role) == (partner.pk, "admin")
    assert b"harbin-lead can now sign in" in response.content
    assert b"This partner has no admin yet" not in response.content


def test_onboarding_shows_the_services_reasons(operator_user, partner):
    MembershipFactory(partner=partner, user__username="taken")
    response = signed_in(operator_user).post(
        f"/ops/partners/{partner.pk}/", {**ADMIN, "username": "taken", "password": "x"}
    )
    assert (
        b'id="id_username_error"' in response.content
        and b'id="id_password_error"' in response.content
    )


def test_the_operator_edits_a_partner(operator_user, partner):
    data = {**NEW_PARTNER, "slug": partner.slug, "name": "Renamed Partner"}
    assert (
        signed_in(operator_user).post(f"/ops/partners/{partner.pk}/edit/", data).status_code == 302
    )
    partner.refresh_from_db()
    assert partner.name == "Renamed Partner"


def test_partner_users_cannot_create_partners_or_onboard_members(admin_user, partner):
    client = signed_in(admin_user)
    assert client.post("/ops/partners/new/", NEW_PARTNER).status_code == 403
    assert client.post(f"/ops/partners/{partner.pk}/", ADMIN).status_code == 403
    assert not Partner.objects.filter(slug="harbin").exists()
    assert not Membership.objects.filter(user__username="harbin-lead").exists()


def test_the_partner_list_searches_and_flags_partners_without_admin(
    operator_user, partner, other_partner
):
    MembershipFactory(partner=partner, role="admin")
    client = signed_in(operator_user)
    content = client.get("/ops/").content.decode()
    assert partner.name in content and other_partner.name in content
    assert content.count("no admin yet") == 1
    searched = client.get("/ops/", {"q": partner.slug}).content.decode()
    assert other_partner.name not in searched


def test_the_onboarding_form_proposes_an_admin_until_there_is_one(operator_user, partner):
    client = signed_in(operator_user)
    assert client.get(f"/ops/partners/{partner.pk}/").context["form"]["role"].value() == "admin"
    MembershipFactory(partner=partner, role="admin")
    assert client.get(f"/ops/partners/{partner.pk}/").context["form"]["role"].value() == "agent"
