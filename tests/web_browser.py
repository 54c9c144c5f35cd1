"""Browser fixtures: the app under uvicorn on a free port, and Debian's Chromium driven by
Playwright, signed in as a chair who opened the address `toolkit serve` printed.

Loaded for every test module by ``pytest_plugins`` in conftest.py. One browser serves the whole
session (starting Chromium costs about a second); each test gets its own app, folder and browser
context (cookies), so no test sees another's session or files. Mark browser tests
``@pytest.mark.browser``. Without /usr/bin/chromium they are skipped, except in CI (``$CI`` set),
where they fail: .ci/run installs it, so its absence there is a broken machine, not a choice.
Every page fails its test when it opens a dialog (``alert(1)`` from a paper's text), throws an
uncaught script error, or breaks the content security policy.
"""

from __future__ import annotations

import dataclasses
import os
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Playwright

    from toolkit.web import WebSettings

CHROMIUM = Path("/usr/bin/chromium")
#: A folder to keep full-page screenshots of the pages tests visit, to look at them as a chair
#: would (``TOOLKIT_SHOTS=/tmp/shots pytest -m browser``); unset, none is taken.
SHOTS_ENV = "TOOLKIT_SHOTS"
#: Headless as root in a container: no sandbox and no GPU; nothing fetched from Google.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def require_chromium() -> Path:
    """Debian's Chromium; skip when it is absent, except in CI (fail), as `require_soffice`."""
    if CHROMIUM.exists():
        return CHROMIUM
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} must be installed in CI (.ci/run installs the chromium package)")
    pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")


@dataclass(frozen=True)
class Served:
    """A running app: its settings (folder, token) and the address to open."""

    settings: WebSettings
    url: str

    @property
    def signed_in(self) -> str:
        """The address `toolkit serve` prints: the token in it opens a session."""
        return f"{self.url}/?token={self.settings.token}"


def serve(settings: WebSettings) -> Iterator[Served]:
    """Run ``create_app(settings)`` under uvicorn in a thread on a free 127.0.0.1 port until
    the generator is closed, as `toolkit serve` does (socket bound first, no access log)."""
    import uvicorn

    from toolkit.web import create_app

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    settings = dataclasses.replace(settings, port=port)
    config = uvicorn.Config(
        create_app(settings),
        access_log=False,
        log_level="warning",
        server_header=False,
        http="h11",
        ws="none",
        lifespan="on",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    try:
        for _ in range(200):
            if server.started or not thread.is_alive():
                break
            thread.join(0.025)
        assert server.started, "the app did not start under uvicorn"
        yield Served(settings, f"http://127.0.0.1:{port}")
    finally:
        server.should_exit = True
        thread.join(10)
        listener.close()


@pytest.fixture
def web_folder(tmp_path: Path) -> Path:
    """The folder the app reads and saves meeting files in (empty; a test may fill it)."""
    folder = tmp_path / "papers"
    folder.mkdir()
    return folder


@pytest.fixture
def web_settings(web_folder: Path) -> WebSettings:
    """The app's settings; a module overrides this fixture to serve a register (``db``)."""
    from toolkit.web import WebSettings

    return WebSettings(folder=web_folder)


@pytest.fixture
def served(web_settings: WebSettings) -> Iterator[Served]:
    """The app, running for this test."""
    yield from serve(web_settings)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as running:
        yield running


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """One headless Chromium for the session."""
    launched = playwright.chromium.launch(
        executable_path=str(require_chromium()), args=CHROMIUM_ARGS, headless=True
    )
    yield launched
    launched.close()


@dataclass
class Watched:
    """What a page did that no page of this app may do; each list must stay empty."""

    dialogs: list[str] = dataclasses.field(default_factory=list)
    errors: list[str] = dataclasses.field(default_factory=list)
    refusals: list[str] = dataclasses.field(default_factory=list)

    def watch(self, page: Page) -> None:
        def dialog(shown: Any) -> None:
            self.dialogs.append(f"{shown.type}: {shown.message}")
            shown.dismiss()

        def console(message: Any) -> None:
            if "Content Security Policy" in message.text:
                self.refusals.append(message.text)

        page.on("dialog", dialog)
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("console", console)


@pytest.fixture
def page(browser: Browser, served: Served) -> Iterator[Page]:
    """A page signed in to ``served`` (the token traded for a session cookie), on the papers
    list; it fails the test if any page it shows opens a dialog, throws, or breaks the CSP."""
    context = browser.new_context(
        base_url=served.url,
        accept_downloads=True,
        viewport={"width": 1280, "height": 900},
        locale="en-GB",  # date boxes show day/month/year, as a chair's browser here does
        timezone_id="Europe/London",
    )
    context.set_default_timeout(10_000)
    opened = context.new_page()
    watched = Watched()
    watched.watch(opened)
    opened.goto(served.signed_in)
    try:
        yield opened
    finally:
        context.close()
    assert watched.dialogs == [], "a page opened a dialog (text run as script?)"
    assert watched.errors == [], "a page threw a script error"
    assert watched.refusals == [], "a page broke the content security policy"


def screenshot(page: Page, name: str) -> None:
    """Keep a full-page screenshot of ``page`` as NAME.png in $TOOLKIT_SHOTS, when it is set."""
    folder = os.environ.get(SHOTS_ENV)
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)
