"""The OpenAPI schema builds without warnings and is served with the docs."""

import pytest
from django.core.management import call_command


def test_the_schema_generates_without_warnings(tmp_path):
    call_command(
        "spectacular", "--fail-on-warn", "--validate", "--file", str(tmp_path / "schema.yml")
    )
    assert "/api/tickets/{id}/escalate/" in (tmp_path / "schema.yml").read_text()


@pytest.mark.django_db
def test_the_schema_and_docs_are_served(api, agent_user):
    assert api(agent_user).get("/api/schema/").status_code == 200
    assert api(agent_user).get("/api/docs/").status_code == 200
