"""Every page of the portal, the console and the public pages fits a 390 px phone in Russian,
Spanish and Chinese: the page never scrolls sideways, no list hides columns behind a sideways
scroll of its own (only pre/code blocks scroll inside themselves) and no box cuts its content off.

The pages come from the URL resolver (``tests/support/phone_walk.py``, which also lists the routes
that are no page, with the reason). A failure names the page and its widest elements.
"""

import pytest

from demo.management.commands.seed_demo import DEMO_PASSWORD
from tests.browser.conftest import screenshot, sign_in
from tests.support.phone_walk import seed_phone_desk, walk
from tickets.models import Ticket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
LOCALES = {"ru": "ru-RU", "es": "es-ES", "zh-hans": "zh-CN"}
# A few phone screenshots for docs/screenshots/ (taken in Spanish).
SHOTS = {
    "/": "phone-dashboard",
    "/tickets/": "phone-ticket-queue",
    "/ops/escalations/": "phone-escalation-queue-operator",
    "/policy/": "phone-policy-editor",
}

# What makes the page wider than the phone: elements past the right edge that are not inside a
# scroller of their own, innermost first; scrollers that hide content sideways; and boxes that
# cut their content off (overflow hidden, no ellipsis).
MEASURE = """() => {
  const width = document.documentElement.clientWidth;
  const name = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + [...el.classList].map(c => "." + c).join("");
  const scrolls = el => ["auto", "scroll"].includes(getComputedStyle(el).overflowX);
  const inScroller = el => {  // clipped or scrolled by an ancestor that itself fits
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement)
      if (getComputedStyle(p).overflowX !== "visible"
          && p.getBoundingClientRect().right <= width + 0.5) return true;
    return false;
  };
  const wide = [...document.querySelectorAll("body *")].filter(el => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.right > width + 0.5 && !inScroller(el);
  });
  const widest = wide.filter(el => !wide.some(o => o !== el && el.contains(o)))
    .sort((a, b) => b.getBoundingClientRect().right - a.getBoundingClientRect().right)
    .slice(0, 3)
    .map(el => name(el) + " right=" + Math.round(el.getBoundingClientRect().right)
      + " «" + (el.textContent || "").trim().slice(0, 40) + "»");
  const scrollers = [...document.querySelectorAll("body *")]
    .filter(el => scrolls(el) && el.scrollWidth > el.clientWidth + 1)
    .filter(el => !el.closest("pre, code") && el.getClientRects().length)
    .map(el => name(el) + " scrolls " + el.scrollWidth + ">" + el.clientWidth);
  // A text field whose value is longer than the box scrolls inside it, as on every screen.
  const clipped = [...document.querySelectorAll("body *")].filter(el => {
    if (el.matches("input, textarea, select")) return false;
    const style = getComputedStyle(el);
    return ["hidden", "clip"].includes(style.overflowX) && style.textOverflow !== "ellipsis"
      && style.clipPath === "none"  // visually hidden on purpose
      && el.clientWidth > 1 && el.scrollWidth > el.clientWidth + 1;
  }).map(el => name(el) + " cuts off " + el.scrollWidth + ">" + el.clientWidth);
  return {scrollWidth: document.documentElement.scrollWidth, widest, scrollers, clipped};
}"""


def phone_page(browser, live_server, language):
    context = browser.new_context(
        base_url=live_server.url, viewport=PHONE, locale=LOCALES[language], is_mobile=True
    )
    context.set_default_timeout(15_000)
    return context, context.new_page()


def visit(page, url, language):
    public = url.startswith(("/status/", "/p/"))
    page.goto(url + (("&" if "?" in url else "?") + f"lang={language}" if public else ""))
    page.wait_for_load_state("load")
    assert page.locator("html").get_attribute("lang") == language, url
    return page.evaluate(MEASURE)


@pytest.mark.parametrize("language", ["ru", "es", "zh-hans"])
def test_every_page_fits_a_phone(browser, live_server, language):
    pages = walk(seed_phone_desk(language))
    problems, walked, shots = [], [], dict(SHOTS)
    for role in dict.fromkeys(role for role, _ in pages):
        context, page = phone_page(browser, live_server, language)
        if role != "anonymous":
            sign_in(page, role, DEMO_PASSWORD)
        for url in (url for who, url in pages if who == role):
            seen = visit(page, url, language)
            walked.append(url)
            if seen["scrollWidth"] > PHONE["width"] or seen["scrollers"] or seen["clipped"]:
                problems.append(f"{role} {url}: {seen}")
            if language == "es" and role != "anonymous" and url in shots:
                screenshot(page, shots.pop(url))
        context.close()
    assert len(walked) > 40
    assert not problems, "\n".join(problems)


@pytest.fixture
def russian_desk(db):
    return seed_phone_desk("ru")


def signed_in_phone(browser, live_server):
    context, page = phone_page(browser, live_server, "ru")
    sign_in(page, "northwind-admin", DEMO_PASSWORD)
    return context, page


def in_view(page, selector) -> bool:
    top = page.locator(selector).first.evaluate("el => el.getBoundingClientRect().top")
    return 0 <= top < PHONE["height"]


def test_a_phone_folds_the_filters_and_the_menu(browser, live_server, russian_desk):
    context, page = signed_in_phone(browser, live_server)
    page.goto("/tickets/")
    assert not page.locator("form.filters").is_visible()
    assert not page.locator(".sidenav ul").first.is_visible()
    row = page.locator("table.table tbody tr").first
    assert in_view(page, "table.table tbody tr")
    assert not page.locator("table.table thead").is_visible()
    assert row.locator("td[data-label]").first.get_attribute("data-label") == "Статус"
    page.locator("details.fold--filters > summary").click()
    assert page.locator("form.filters").is_visible()
    page.locator(".sidenav summary").click()
    assert page.locator(".sidenav").get_by_role("link", name="Клиенты").is_visible()
    context.close()


def test_a_phone_reaches_the_tickets_actions_from_the_top(browser, live_server, russian_desk):
    ticket = Ticket.objects.filter(partner=russian_desk, status="open").first()
    context, page = signed_in_phone(browser, live_server)
    page.goto(f"/tickets/{ticket.pk}/")
    screenshot(page, "phone-ticket-page")
    assert in_view(page, "a[href='#ticket-actions']")
    assert not in_view(page, "#ticket-actions")
    page.locator("a[href='#ticket-actions']").click()
    assert in_view(page, "#ticket-actions")
    context.close()


def test_a_desktop_keeps_its_layout(new_page, russian_desk):
    page = new_page()
    sign_in(page, "northwind-admin", DEMO_PASSWORD)
    page.goto("/tickets/")
    assert page.locator("form.filters").is_visible()
    assert page.locator("table.table thead").is_visible()
    assert page.locator(".sidenav ul").first.is_visible()
    assert not page.locator("details.fold > summary").first.is_visible()
    assert page.locator("table.table").evaluate("el => getComputedStyle(el).display") == "table"
    ticket = Ticket.objects.filter(partner=russian_desk, status="open").first()
    page.goto(f"/tickets/{ticket.pk}/")
    assert not page.locator("a[href='#ticket-actions']").is_visible()
