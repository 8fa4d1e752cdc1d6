"""core.api.authentication: an API token is checked in one query that also says who the user is,
the same actor ``actor_for`` resolves on its own."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.exceptions import AuthenticationFailed

from core.actors import ActorRole, _resolve, actor_for
from core.api.authentication import TokenAuthentication
from tests.support.factories import UserFactory

pytestmark = pytest.mark.django_db


def authenticate(token: str):
    request = RequestFactory().get("/api/me/", HTTP_AUTHORIZATION=f"Token {token}")
    return TokenAuthentication().authenticate(request)


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", "root@example.com", "pw-for-tests-1")


@pytest.mark.parametrize(
    "who", ["agent_user", "admin_user", "operator_user", "superuser", "nobody"]
)
def test_the_token_and_the_actor_come_in_one_query(request, who):
    user = UserFactory() if who == "nobody" else request.getfixturevalue(who)
    token = AuthToken.objects.create(user=user)[1]
    with CaptureQueriesContext(connection) as ctx:
        signed_in, _row = authenticate(token)
        actor = actor_for(signed_in)
    assert len(ctx.captured_queries) == 1
    assert signed_in.pk == user.pk
    fresh = _resolve(get_user_model().objects.get(pk=user.pk))  # the actor found on its own
    assert (actor.role, actor.partner_id) == (fresh.role, fresh.partner_id)
    expected = {
        "agent_user": ActorRole.AGENT,
        "admin_user": ActorRole.ADMIN,
        "operator_user": ActorRole.OPERATOR,
        "superuser": ActorRole.OPERATOR,
        "nobody": None,
    }[who]
    assert actor.role == expected


def test_an_expired_token_is_refused_and_deleted(agent_user):
    row, token = AuthToken.objects.create(user=agent_user)
    AuthToken.objects.filter(pk=row.pk).update(expiry=timezone.now() - timedelta(seconds=1))
    with pytest.raises(AuthenticationFailed):
        authenticate(token)
    assert not AuthToken.objects.filter(pk=row.pk).exists()


def test_a_wrong_token_is_refused(agent_user):
    token = AuthToken.objects.create(user=agent_user)[1]
    with pytest.raises(AuthenticationFailed):
        authenticate(token[:-4] + ("0000" if not token.endswith("0000") else "1111"))


def test_an_inactive_user_is_refused(agent_user):
    token = AuthToken.objects.create(user=agent_user)[1]
    get_user_model().objects.filter(pk=agent_user.pk).update(is_active=False)
    with pytest.raises(AuthenticationFailed):
        authenticate(token)


def test_the_api_answers_a_token_with_the_users_role(api, agent_user):
    token = AuthToken.objects.create(user=agent_user)[1]
    client = api()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/tickets/").status_code == 200
    client.credentials(HTTP_AUTHORIZATION="Token nonsense")
    assert client.get("/api/tickets/").status_code == 401
