"""WCAG 2.2 AA in a real browser: axe-core finds no violation on any page, and a keyboard alone
reaches every control, sees where it is, skips to the content and activates what it reaches.

The public sector accessibility regulations bind councils to WCAG 2.2 AA; axe-core checks what
a machine can, and the keyboard walk checks what axe cannot (order, reach, visible focus).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.web_browser import Served, Watched, screenshot, serve
from toolkit import kinds

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

    from toolkit.web import WebSettings

pytestmark = pytest.mark.browser
SAMPLES = Path(__file__).resolve().parent.parent / "samples"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
TODAY = "2026-12-10"
#: Every page a chair may open, by what it shows: a form for each kind of paper among them.
PAGES = {
    "papers": "/",
    **{f"form-{kind}": f"/papers/{kind}.yaml" for kind in kinds.names()},
    "pack": "/pack",
    "register": "/register",
    "provider": f"/register/providers/1-999000123?today={TODAY}",
    "alerts": f"/register/alerts?today={TODAY}",
    "unknown-provider": "/register/providers/No such home",
}
#: What a keyboard user can reach: links, controls and anything put in the tab order.
FOCUSABLE = (
    "a[href], button, input:not([type=hidden]), select, textarea, summary, "
    "[tabindex]:not([tabindex='-1'])"
)


@pytest.fixture(scope="module")
def register_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """A register of every sample paper, built once for the module: (its path, its key file)."""
    from toolkit.register import open_register

    folder = tmp_path_factory.mktemp("register")
    db, key = folder / "register.db", folder / "register.key"
    with open_register(str(db), key_out=key) as register:
        register.add_papers(sorted(SAMPLES.glob("*.yaml")))
    return str(db), key


@pytest.fixture
def web_settings(web_folder: Path, register_db: tuple[str, Path]) -> WebSettings:
    """The samples in the folder and in the register, so every page has something to show."""
    from toolkit.web import WebSettings

    for sample in SAMPLES.glob("*.yaml"):
        shutil.copy(sample, web_folder)
    db, key = register_db
    return WebSettings(folder=web_folder, db=db, key_file=key)


def assert_no_violations(page: Page) -> None:
    """axe-core's WCAG 2.2 AA rules find nothing on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page, options={"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]}
    )
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


@pytest.mark.parametrize(("name", "path"), PAGES.items(), ids=PAGES.keys())
def test_every_page_has_no_axe_violation(page: Page, name: str, path: str) -> None:
    page.goto(path)
    assert_no_violations(page)
    screenshot(page, name)


@pytest.mark.parametrize("signed_in", [True, False], ids=["not-found", "no-token"])
def test_the_error_pages_have_no_axe_violation(
    browser: Browser, served: Served, signed_in: bool
) -> None:
    """An unknown address in a session (404) and any address without the token (401): pages
    that say what to do, which break no rule of the content security policy either."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    watched = Watched()
    watched.watch(page)
    if signed_in:
        page.goto(served.signed_in)
    answer = page.goto(f"{served.url}/no-such-page")
    assert answer is not None
    assert answer.status == (404 if signed_in else 401)
    try:
        assert_no_violations(page)
        screenshot(page, "not-found" if signed_in else "no-token")
    finally:
        context.close()
    assert watched == Watched()


def test_the_page_without_a_register_has_no_axe_violation(
    browser: Browser, web_folder: Path
) -> None:
    from toolkit.web import WebSettings

    for served in serve(WebSettings(folder=web_folder)):
        context = browser.new_context()
        page = context.new_page()
        page.goto(served.signed_in)
        page.goto(f"{served.url}/register")
        assert "toolkit serve --db" in page.inner_text("main")
        assert_no_violations(page)
        screenshot(page, "no-register")
        context.close()


def focused(page: Page) -> dict[str, Any]:
    """What has the keyboard focus: its element, text, and whether its focus is drawn."""
    return page.evaluate(
        """() => {
          const e = document.activeElement;
          const style = getComputedStyle(e);
          const box = e.getBoundingClientRect();
          return {
            tag: e.tagName.toLowerCase(),
            text: (e.innerText || e.value || e.getAttribute('aria-label') || '').trim(),
            id: e.id,
            outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
            shadow: style.boxShadow !== 'none',
            shown: box.width > 0 && box.height > 0 && box.right > 0 && box.bottom > 0,
            key: e.outerHTML.slice(0, 120),
          };
        }"""
    )


def tab_through(page: Page) -> list[dict[str, Any]]:
    """Press Tab from the top of the page until the focus leaves it; what each press reached."""
    page.locator("body").focus()
    reached: list[dict[str, Any]] = []
    for _ in range(500):
        page.keyboard.press("Tab")
        now = focused(page)
        if now["tag"] == "body" or (reached and now["key"] == reached[0]["key"]):
            return reached
        reached.append(now)
    raise AssertionError("Tab never left the page")


def controls(page: Page) -> list[str]:
    """The visible, enabled controls of the page, as `focused` keys them."""
    keys: list[str] = page.eval_on_selector_all(
        FOCUSABLE,
        """els => els.filter(e => !e.disabled && e.checkVisibility())
                     .map(e => e.outerHTML.slice(0, 120))""",
    )
    return keys


@pytest.mark.parametrize(
    "path",
    [
        pytest.param("/", id="papers"),
        pytest.param(PAGES["form-initial"], id="form"),
        pytest.param(PAGES["provider"], id="provider"),
    ],
)
def test_tab_reaches_every_control_with_its_focus_drawn(page: Page, path: str) -> None:
    page.goto(path)
    reached = tab_through(page)
    assert reached[0]["text"] == "Skip to main content", "the skip link comes first"
    assert {r["key"] for r in reached} >= set(controls(page)) - {reached[0]["key"]}
    for r in reached:
        assert r["shown"], f"focus on something off screen: {r['key']}"
        assert r["outline"] or r["shadow"], f"focus not drawn: {r['key']}"


def test_the_skip_link_shows_on_focus_and_takes_the_keyboard_to_the_content(page: Page) -> None:
    page.goto(PAGES["provider"])
    page.locator("body").focus()
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.is_visible()
    box = skip.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"
    page.keyboard.press("Tab")  # the first thing after the skip is in the content, not the nav
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")


def test_enter_follows_a_link_from_the_keyboard(page: Page) -> None:
    page.goto("/register")
    page.get_by_role("link", name="Larkspur House").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/register/providers/1-999000123")
    assert page.get_by_role("heading", level=1).inner_text() == "Larkspur House"


def test_enter_on_a_forms_button_adds_a_row(page: Page) -> None:
    """The form's buttons work from the keyboard: Enter on "Add attendee" adds one, and the
    new row is where the keyboard goes next."""
    from playwright.sync_api import expect

    page.goto(PAGES["form-initial"])
    attendees = page.locator("fieldset legend", has_text=re.compile(r"^Attendee \d+$"))
    before = attendees.count()
    page.get_by_role("button", name="Add attendee").focus()
    page.keyboard.press("Enter")
    expect(attendees).to_have_count(before + 1)
