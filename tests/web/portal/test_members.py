"""A partner admin adds members from the members page; agents cannot."""

import pytest
from django.contrib.auth import get_user_model

from partners.models import Membership
from tests.support.web import signed_in

pytestmark = pytest.mark.django_db

NEW_MEMBER = {
    "username": "li.wei",
    "email": "li.wei@partner.example",
    "password": "long-enough-pass-9",
    "role": "agent",
    "language": "zh-hans",
}


def test_an_admin_adds_an_agent_who_can_then_sign_in(admin_user, partner, client):
    response = signed_in(admin_user).post("/members/", NEW_MEMBER, follow=True)
    membership = Membership.objects.get(user__username="li.wei")
    assert (membership.partner_id, membership.role) == (partner.pk, "agent")
    assert membership.user.profile.language == "zh-hans"
    assert b"li.wei can now sign in." in response.content
    signed = client.post("/login/", {"username": "li.wei", "password": "long-enough-pass-9"})
    assert signed.status_code == 302 and signed["Location"] == "/"


def test_the_services_password_rules_show_on_the_password_field(admin_user):
    response = signed_in(admin_user).post("/members/", {**NEW_MEMBER, "password": "123"})
    assert response.status_code == 200
    assert b'id="id_password_error"' in response.content
    assert b"This password is too short." in response.content
    assert not get_user_model().objects.filter(username="li.wei").exists()


def test_a_taken_username_is_refused_on_the_username_field(admin_user, agent_user):
    response = signed_in(admin_user).post(
        "/members/", {**NEW_MEMBER, "username": agent_user.username.upper()}
    )
    assert b'id="id_username_error"' in response.content
    assert b"A user with that username already exists." in response.content


def test_an_agent_can_neither_open_nor_post_the_members_page(agent_user):
    client = signed_in(agent_user)
    assert client.get("/members/").status_code == 403
    assert client.post("/members/", NEW_MEMBER).status_code == 403
    assert not get_user_model().objects.filter(username="li.wei").exists()


def test_the_page_lists_only_the_admins_own_partner(admin_user, other_agent_user):
    content = signed_in(admin_user).get("/members/").content.decode()
    assert admin_user.username in content
    assert other_agent_user.username not in content
