"""Error pages: a browser that opens an address without the token, or one the app does not
have, gets a page saying what to do; the API, its description and the pages' scripts keep JSON.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.test_web_security import assert_guarded, open_session
from tests.web_app import BASE_URL, app_over

#: What a browser sends when it opens an address.
BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


@pytest.fixture
def client(tmp_path: Path) -> tuple[TestClient, str]:
    """A browser without a session yet, and the token that opens one."""
    app, settings = app_over(tmp_path)
    return TestClient(app, base_url=BASE_URL, follow_redirects=False), settings.token


def assert_page(html: str, title: str) -> None:
    """A whole page: in English, titled, with a first-level heading."""
    assert html.startswith("<!doctype html>")
    assert '<html lang="en-GB">' in html
    assert f"<title>{title} – Provider concerns toolkit</title>" in html
    assert f"<h1>{title}</h1>" in html


@pytest.mark.parametrize("path", ["/", "/pack", "/papers/x.yaml", "/static/app.css", "/nowhere"])
def test_an_address_without_the_token_is_a_page_saying_what_to_open(
    client: tuple[TestClient, str], path: str
) -> None:
    browser, _ = client
    answer = browser.get(path, headers=BROWSER)
    assert answer.status_code == 401
    assert answer.headers["content-type"] == "text/html; charset=utf-8"
    assert_guarded(answer)
    assert_page(answer.text, "Open the toolkit from its address")
    text = re.sub(r"<[^>]+>", "", answer.text)
    assert "Open the address printed by toolkit serve" in text
    # it stands alone: its stylesheet and links would be refused too, and it shows no paper
    assert "/static/" not in answer.text
    assert "OFFICIAL-SENSITIVE" not in answer.text


@pytest.mark.parametrize("path", ["/api/check", "/api/nowhere", "/openapi.json"])
def test_the_api_is_refused_in_json_even_to_a_browser(
    client: tuple[TestClient, str], path: str
) -> None:
    browser, _ = client
    answer = browser.get(path, headers=BROWSER)
    assert answer.status_code == 401
    assert answer.json()["detail"].startswith("This address needs the token")


def test_an_unknown_address_in_a_session_is_a_page_of_the_app(
    client: tuple[TestClient, str],
) -> None:
    browser, token = client
    open_session(browser, token)
    answer = browser.get("/no-such-page", headers=BROWSER)
    assert answer.status_code == 404
    assert_guarded(answer)
    assert_page(answer.text, "Page not found")
    assert answer.text.count("OFFICIAL-SENSITIVE") == 2  # marked as every page of the app
    assert 'href="http://127.0.0.1:8765/static/app.css"' in answer.text
    assert 'href="http://127.0.0.1:8765/">list of papers</a>' in answer.text


def test_an_unknown_api_address_and_a_scripts_request_keep_json(
    client: tuple[TestClient, str],
) -> None:
    browser, token = client
    open_session(browser, token)
    assert browser.get("/api/nowhere", headers=BROWSER).json() == {"detail": "Not Found"}
    script = {"Accept": "application/json", "X-CSRF-Token": "stale"}
    refused = browser.post("/pack", json={"files": []}, headers=script)
    assert refused.status_code == 403
    assert refused.json()["detail"].startswith("Refused: the form is out of date")


def test_a_form_without_its_csrf_token_is_refused_with_a_page(
    client: tuple[TestClient, str],
) -> None:
    browser, token = client
    open_session(browser, token)
    answer = browser.post("/papers", data={"kind": "initial", "name": "a"}, headers=BROWSER)
    assert answer.status_code == 403
    assert_page(answer.text, "Request refused")
    assert "the form is out of date" in answer.text


def test_a_post_from_another_site_is_refused_with_a_page(
    client: tuple[TestClient, str],
) -> None:
    browser, _ = client
    answer = browser.post(
        "/papers", headers={**BROWSER, "Sec-Fetch-Site": "cross-site"}, data={"kind": "initial"}
    )
    assert answer.status_code == 403
    assert_guarded(answer)
    assert_page(answer.text, "Request refused")
    assert "came from another site" in answer.text
