"""Shared fixtures: a fixed cast, API clients per user.

The cast: ``operator_user``; ``admin_user`` and ``agent_user`` of ``partner``;
``other_admin_user`` and ``other_agent_user`` of ``other_partner``.
"""

import os
import socket

import pytest
from rest_framework.test import APIClient

from core.actors import actor_for
from notifications.tasks import broker_pause_reset
from tests.support.dovecot import dovecot  # noqa: F401 (a fixture for the IMAP tests)
from tests.support.factories import MembershipFactory, PartnerFactory, make_operator

IN_CI = os.environ.get("CI", "").lower() == "true"


def service_reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def require_service(name: str, host: str, port: int) -> None:
    """Skip a test whose service is down, except in CI, where a missing service is a failure."""
    if service_reachable(host, port):
        return
    message = f"{name} is not reachable on {host}:{port}"
    if IN_CI:
        pytest.fail(message + " (CI=true: a service test may not be skipped)")
    pytest.skip(message)


@pytest.fixture(autouse=True)
def _empty_cache():
    """A rolled-back test must not leave cached rows (desk settings…) for the next one."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def partner(db):
    return PartnerFactory()


@pytest.fixture
def other_partner(db):
    return PartnerFactory()


@pytest.fixture
def admin_user(partner):
    return MembershipFactory(partner=partner, role="admin").user


@pytest.fixture
def agent_user(partner):
    return MembershipFactory(partner=partner, role="agent").user


@pytest.fixture
def other_admin_user(other_partner):
    return MembershipFactory(partner=other_partner, role="admin").user


@pytest.fixture
def other_agent_user(other_partner):
    return MembershipFactory(partner=other_partner, role="agent").user


@pytest.fixture
def operator_user(db):
    return make_operator()


@pytest.fixture
def api():
    """``api(user)`` → an APIClient signed in as that user (``api(None)``: anonymous)."""

    def make(user=None):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return make


@pytest.fixture
def actor():
    return actor_for


@pytest.fixture(autouse=True)
def _outbox_broker_pause_reset():
    """A broker failure simulated in one test must not pause hand-overs in the next."""
    broker_pause_reset()
    yield
    broker_pause_reset()
