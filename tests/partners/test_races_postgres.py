"""Twenty members added at once under one username in different cases: one account, the others
the same 400 as the service's check (the database's index on the lower-cased username decides)."""

import pytest
from django.contrib.auth import get_user_model

from tests.support.races import postgres_only, race  # noqa: F401 (a fixture)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("postgres_only"),
]


def test_members_racer_and_RACER_at_once_make_one_account(partner, operator_user):
    names = ["racer", "RACER", "Racer", "rAcEr"] * 5
    responses = race(
        *[
            (
                operator_user,
                f"/api/partners/{partner.pk}/members/",
                {
                    "username": name,
                    "password": "a long and unusual passphrase 7",
                    "email": f"{name}@example.com",
                    "role": "agent",
                },
            )
            for name in names
        ]
    )
    assert sorted(r.status_code for r in responses) == [201] + [400] * 19
    refusals = {r.json()["username"][0] for r in responses if r.status_code == 400}
    assert refusals == {"A user with that username already exists."}
    assert get_user_model().objects.filter(username__iexact="racer").count() == 1
