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


@pytest.mark.django_db
def test_the_docs_load_swagger_ui_from_the_desk_itself_never_a_cdn(api, agent_user):
    page = api(agent_user).get("/api/docs/").content.decode()
    assert "cdn.jsdelivr.net" not in page and "unpkg.com" not in page
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
