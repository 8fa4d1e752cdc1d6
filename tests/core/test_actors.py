"""core.actors: the guard methods every service asks, and the role checks of pages."""

import pytest

from core.actors import NOBODY, SYSTEM, Actor, ActorRole
from core.errors import NotAllowed

OPERATOR = Actor(user=None, role=ActorRole.OPERATOR, partner_id=None)
ADMIN = Actor(user=None, role=ActorRole.ADMIN, partner_id=1)
AGENT = Actor(user=None, role=ActorRole.AGENT, partner_id=1)
OTHER_ADMIN = Actor(user=None, role=ActorRole.ADMIN, partner_id=2)


def refused(guard, *args, **kwargs) -> str | None:
    try:
        guard(*args, **kwargs)
    except NotAllowed as exc:
        return exc.detail
    return None


def test_require_operator():
    assert refused(OPERATOR.require_operator) is None
    assert refused(ADMIN.require_operator) == "Only operator staff may do this."
    assert refused(SYSTEM.require_operator) == "Only operator staff may do this."
    assert refused(SYSTEM.require_operator, allow_system=True) is None


def test_require_member_of():
    assert refused(AGENT.require_member_of, 1) is None
    assert refused(AGENT.require_member_of, 2) == "Only the partner's users may do this."
    assert refused(AGENT.require_member_of, 1, admin=True) == "Only a partner admin may do this."
    assert refused(ADMIN.require_member_of, 1, admin=True) is None
    assert refused(OPERATOR.require_member_of, None) is not None
    assert refused(SYSTEM.require_member_of, 1, allow_system=True) is None


def test_require_partner_user():
    assert (
        refused(AGENT.require_partner_user) is None and refused(ADMIN.require_partner_user) is None
    )
    assert refused(OPERATOR.require_partner_user) == "Only partner users may do this."
    assert refused(NOBODY.require_partner_user) == "Only partner users may do this."


def test_require_operator_or_admin_of():
    assert refused(OPERATOR.require_operator_or_admin_of, 1) is None
    assert refused(ADMIN.require_operator_or_admin_of, 1) is None
    for actor in (AGENT, OTHER_ADMIN, SYSTEM):
        assert (
            refused(actor.require_operator_or_admin_of, 1)
            == "Only the operator or this partner's admin may do this."
        )


@pytest.mark.parametrize(
    "guard",
    [
        lambda message: AGENT.require_operator(message=message),
        lambda message: OPERATOR.require_member_of(1, message=message),
        lambda message: AGENT.require_member_of(1, admin=True, message=message),
        lambda message: OPERATOR.require_partner_user(message=message),
        lambda message: AGENT.require_operator_or_admin_of(1, message=message),
    ],
)
def test_an_app_may_word_the_refusal_its_own_way(guard):
    assert refused(guard, "Only partner users manage customers.") == (
        "Only partner users manage customers."
    )
