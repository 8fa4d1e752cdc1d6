"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Nothing is downloaded: Playwright's Python package brings its driver, and the browser is the
system one (``/usr/bin/chromium``, or ``CHROMIUM_PATH``). Without it the tests skip locally and
fail under ``CI=true``. Screenshots go to ``docs/screenshots/``.
"""

import os
from pathlib import Path

import pytest

from tests.conftest import IN_CI

PASSWORD = "pw-for-tests-1"  # tests.support.factories.UserFactory's password
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 800}


def chromium_path() -> str:
    return os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module.

    Playwright's sync API keeps an asyncio loop running in this thread, so Django would refuse
    the ORM calls tests make to set up data (SynchronousOnlyOperation). The ORM is still used
    synchronously, so DJANGO_ALLOW_ASYNC_UNSAFE is set, but only while the browser runs: the
    module scope ends it before other tests (``check --deploy`` rejects the variable).
    """
    path = chromium_path()
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        message = f"Chromium is not installed at {path} (set CHROMIUM_PATH)"
        if IN_CI:
            pytest.fail(message + " (CI=true: browser tests may not be skipped)")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def new_page(browser, live_server):
    """``new_page()`` → a page in a fresh browser (own cookies), pointed at the live server."""
    contexts = []

    def make(locale: str = "en-US"):
        context = browser.new_context(base_url=live_server.url, viewport=VIEWPORT, locale=locale)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


def sign_in(page, username: str, password: str = PASSWORD):
    """Sign in through the real form; returns the page the person lands on."""
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    return page


def sign_out(page):
    page.locator("details.menu:not(.langswitch) > summary").click()
    page.locator("form[action='/logout/'] button").click()
    page.wait_for_url("**/login/")


def screenshot(page, name: str) -> Path:
    """Save a full-page PNG of what the person sees now, as docs/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_load_state("load")
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
