"""The API docs page works from the package alone: Swagger UI renders under the page's CSP."""

import pytest

from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_swagger_renders_with_no_csp_violation_and_no_other_origin(page, agent_user, live_server):
    problems, origins = [], set()
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.on("request", lambda r: origins.add(r.url.split("/")[2]))
    sign_in(page, agent_user.username)
    page.goto("/api/docs/")
    page.locator(".swagger-ui .info .title").wait_for()
    page.locator(".opblock-tag").first.wait_for()
    assert origins == {live_server.url.split("/")[2]}
    assert problems == []
