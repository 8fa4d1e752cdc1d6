"""Signing in (and being locked out), changing the password, and choosing the language."""

import pytest
from django.conf import settings

from partners.models import Profile
from tests.support.web import signed_in

pytestmark = pytest.mark.django_db

PASSWORD = "pw-for-tests-1"


def sign_in(client, username, password=PASSWORD, **extra):
    return client.post("/login/", {"username": username, "password": password}, **extra)


def test_a_wrong_password_is_refused_with_a_clear_message(client, agent_user):
    response = sign_in(client, agent_user.username, "wrong")
    assert response.status_code == 200
    assert b"Please enter a correct username and password." in response.content
    assert b'class="error-summary"' in response.content


def test_the_wrong_password_message_is_in_the_visitors_language(client, agent_user):
    response = sign_in(client, agent_user.username, "wrong", HTTP_ACCEPT_LANGUAGE="fr")
    assert "Saisissez un nom d’utilisateur et un mot de passe valides.".encode() in response.content


def test_repeated_failures_lock_the_account_with_a_message_saying_for_how_long(client, agent_user):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, agent_user.username, "wrong").status_code == 200
    locked = sign_in(client, agent_user.username, "wrong", HTTP_ACCEPT_LANGUAGE="es")
    assert locked.status_code == 429
    assert b'id="lockout"' in locked.content and b"bloqueado durante 15 minutos" in locked.content
    assert b'<html lang="es"' in locked.content
    still_locked = sign_in(client, agent_user.username)  # the right password changes nothing now
    assert still_locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_api_gets_the_lockout_reason_as_json(api, agent_user, settings):
    client = api()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(
            "/api/auth/token/",
            {"username": agent_user.username, "password": "wrong"},
            format="json",
        )
    assert response.status_code == 429
    assert "paused for 15 minutes" in response.json()["detail"]


def test_signing_in_then_out(client, agent_user):
    assert sign_in(client, agent_user.username)["Location"] == "/"
    assert client.post("/logout/")["Location"] == "/login/"
    assert client.get("/customers/").status_code == 302


def test_a_user_changes_their_password(agent_user, client):
    web = signed_in(agent_user)
    form = {
        "old_password": PASSWORD,
        "new_password1": "a-new-secret-77",
        "new_password2": "a-new-secret-77",
    }
    response = web.post("/account/password/", form, follow=True)
    assert b"Your password has been changed." in response.content
    assert sign_in(client, agent_user.username, "a-new-secret-77").status_code == 302


def test_a_wrong_old_password_is_shown_on_its_field(agent_user):
    form = {
        "old_password": "nope",
        "new_password1": "a-new-secret-77",
        "new_password2": "a-new-secret-77",
    }
    response = signed_in(agent_user).post("/account/password/", form)
    assert b'id="id_old_password_error"' in response.content


def test_a_signed_in_user_s_language_is_kept_on_their_profile(agent_user):
    web = signed_in(agent_user)
    response = web.post("/language/", {"language": "fr", "next": "/customers/"})
    assert response["Location"] == "/customers/"
    assert Profile.objects.get(user=agent_user).language == "fr"
    web.cookies.pop(settings.LANGUAGE_COOKIE_NAME)  # the profile, not the cookie, carries it
    assert web.get("/customers/").headers["Content-Language"] == "fr"


def test_the_profile_language_wins_over_the_browser(agent_user):
    Profile.objects.create(user=agent_user, language="ru")
    web = signed_in(agent_user)
    web.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    assert web.get("/customers/", HTTP_ACCEPT_LANGUAGE="it").headers["Content-Language"] == "ru"


def test_an_anonymous_visitor_s_language_is_a_cookie(client):
    response = client.post("/language/", {"language": "zh-hans", "next": "/login/"})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hans"
    assert client.get("/login/").headers["Content-Language"] == "zh-hans"
    assert not Profile.objects.exists()


def test_an_unknown_language_changes_nothing(agent_user):
    web = signed_in(agent_user)
    web.post("/language/", {"language": "xx", "next": "/"})
    assert not Profile.objects.filter(user=agent_user).exclude(language="").exists()


def test_the_switch_offers_all_seven_languages_in_their_own_names(client):
    content = client.get("/login/").content.decode()
    for code, name in [
        ("en", "English"),
        ("zh-hans", "简体中文"),
        ("es", "Español"),
        ("fr", "Français"),
        ("it", "Italiano"),
        ("pt-br", "Português Brasileiro"),
        ("ru", "Русский"),
    ]:
        assert f'value="{code}" lang="{code}"' in content, code
        assert name in content, name


def test_an_off_site_next_is_not_followed(agent_user):
    response = signed_in(agent_user).post(
        "/language/", {"language": "it", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"
