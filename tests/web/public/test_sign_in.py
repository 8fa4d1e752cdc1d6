import pytest

pytestmark = pytest.mark.django_db


def test_sign_in_page_renders(client):
    response = client.get("/login/")
    assert response.status_code == 200
    assert b'name="username"' in response.content


def test_home_requires_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_agent_signs_in_and_sees_their_partner(client, agent_user, partner):
    response = client.post(
        "/login/", {"username": agent_user.username, "password": "pw-for-tests-1"}, follow=True
    )
    assert response.status_code == 200
    assert partner.name.encode() in response.content


def test_sign_in_page_speaks_the_visitors_language(client):
    response = client.get("/login/", HTTP_ACCEPT_LANGUAGE="es")
    assert response.headers["Content-Language"] == "es"
