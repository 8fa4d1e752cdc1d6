"""The house's shape, read from the code: which app may import which, small files, no views in
the domain apps.

Dependencies point one way: ``web`` and ``demo`` on top; then tickets → billing → partners →
core (imports → billing too, beside tickets and mailgate), and every domain app →
notifications, which knows only partners and core; ``core`` knows no app. Every import
counts, the ones inside functions too: an import moved into a function to dodge a cycle is
still the cycle.
"""

import ast
from pathlib import Path

import pytest

from tests.support.paths import ROOT

DOMAIN = ("partners", "notifications", "billing", "tickets")
APPS = ("core", *DOMAIN, "mailgate", "imports", "web", "demo")
# app → the project apps it must never import
FORBIDDEN = {
    "core": {*DOMAIN, "mailgate", "imports", "web", "demo"},
    "partners": {"billing", "tickets", "mailgate", "imports", "web", "demo"},
    "notifications": {"billing", "tickets", "mailgate", "imports", "web", "demo"},
    "billing": {"tickets", "mailgate", "imports", "web", "demo"},
    "tickets": {"mailgate", "imports", "web", "demo"},
    "mailgate": {"imports", "web", "demo"},
    "imports": {"tickets", "mailgate", "web", "demo"},  # files in: imports → billing → partners
}
MAX_LINES = 400


# Longer than MAX_LINES when this test was written, and not this test's to split: each may not
# grow, and its entry goes once it fits (the test says so).
def python_files(app: str):
    return sorted((ROOT / app).rglob("*.py"))


def relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def imported_modules(source: str, package: list[str]) -> list[tuple[int, str]]:
    """(line, dotted module) of every import in ``source``, at any depth, relative ones resolved
    from ``package`` (the importing module's package)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            found.append((node.lineno, ".".join([*base, *filter(None, [node.module])])))
    return sorted(found)


def offences(app: str) -> list[str]:
    forbidden = FORBIDDEN[app]
    return [
        f"{relative(path)}:{line} imports {module}"
        for path in python_files(app)
        for line, module in imported_modules(
            path.read_text(), list(path.parent.relative_to(ROOT).parts)
        )
        if module.split(".")[0] in forbidden
    ]


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_imports_point_one_way(app):
    assert offences(app) == [], (
        f"{app} may not import {sorted(FORBIDDEN[app])}; move the shared piece down a layer"
    )


def test_the_import_reader_sees_function_level_and_relative_imports():
    source = (
        "import os\n"
        "from .errors import NotAllowed\n"
        "from .. import queries\n"
        "def f():\n"
        "    from billing import models\n"
    )
    assert imported_modules(source, ["core", "api"]) == [
        (1, "os"),
        (2, "core.api.errors"),
        (3, "core"),
        (5, "billing"),
    ]


def test_no_app_file_is_longer_than_one_sitting():
    lengths = {
        relative(path): len(path.read_text().splitlines())
        for app in APPS
        for path in python_files(app)
        if "migrations" not in path.parts
    }
    too_long = {name: n for name, n in lengths.items() if n > MAX_LINES}
    assert too_long == {}, f"longer than {MAX_LINES} lines: {too_long}; split by what they serve"


def test_the_domain_apps_have_no_views():
    """Pages live in web/; a domain app serves through services, selectors and its api/."""
    views = [relative(path) for app in DOMAIN for path in (ROOT / app).rglob("views*.py")]
    assert views == []
