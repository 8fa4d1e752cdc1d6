"""Every answer carries a strict Content-Security-Policy, a Referrer-Policy and a
Permissions-Policy, and no template relies on inline script (which that policy blocks)."""

import re

import pytest

from tests.support.paths import ROOT

pytestmark = pytest.mark.django_db

TEMPLATE_DIRS = [ROOT / "web" / "templates", ROOT / "core" / "ui" / "templates"]


def directives(header: str) -> dict[str, list[str]]:
    parts = (part.strip().split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in parts}


@pytest.mark.parametrize("url", ["/login/", "/customers/", "/api/me/", "/no-such-page/"])
def test_every_answer_carries_the_security_headers(client, agent_user, url):
    client.force_login(agent_user)
    response = client.get(url)
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in policy["style-src"]
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_even_the_api_docs_load_scripts_only_from_this_site(client, agent_user):
    client.force_login(agent_user)
    policy = directives(client.get("/api/docs/")["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert not any("://" in source for source in policy["style-src"] + policy["img-src"])


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"javascript:", re.IGNORECASE)


def test_no_template_has_inline_script():
    offenders = []
    for folder in TEMPLATE_DIRS:
        for path in folder.rglob("*.html"):
            text = path.read_text()
            for pattern in (INLINE_SCRIPT, EVENT_HANDLER, JAVASCRIPT_URL):
                offenders += [
                    f"{path.relative_to(ROOT)}: {m.group(0)}" for m in pattern.finditer(text)
                ]
    assert offenders == []
