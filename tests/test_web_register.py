"""The register's pages (`serve --db`) on real registers, SQLCipher and PostgreSQL: what a chair
reads on each page, hostile names shown as typed, the register opened once, and the pages
without a register or with one that cannot be opened."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.test_register_helpers import add, meeting, provider
from toolkit.register import open_register
from toolkit.web import WebSettings, create_app

#: The fixtures (db: a fresh register location on each engine) live with the register helpers.
pytest_plugins = ["tests.test_register_helpers"]
TODAY = "2026-12-10"
HOSTILE = "<script>alert(1)</script> & {{ 7*7 }} =SUM(A1)"


def client_for(folder: Path, db: str | None = None, key_file: Path | None = None) -> TestClient:
    """A client of a new app, sending the bearer token (the pages are the same for a session)."""
    settings = WebSettings(folder=folder, db=db, key_file=key_file)
    return TestClient(
        create_app(settings),
        base_url="http://127.0.0.1",
        headers={"Authorization": f"Bearer {settings.token}"},
    )


@pytest.fixture
def sampled(db: str, samples_dir: Path) -> str:
    """A register holding every sample paper (one provider, Larkspur House)."""
    with open_register(db) as register:
        register.add_papers(sorted(samples_dir.glob("*.yaml")))
    return db


@pytest.fixture
def client(sampled: str, tmp_path: Path) -> Iterator[TestClient]:
    with client_for(tmp_path, sampled) as opened:
        yield opened


def main_text(html: str) -> str:
    """The words of the page's main part, tags dropped and spaces collapsed."""
    main = html[html.index("<main") : html.index("</main>")]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def test_the_providers_page_links_each_provider_to_its_history(client: TestClient) -> None:
    answer = client.get("/register")
    assert answer.status_code == 200
    assert "<caption>Providers in the register (1)</caption>" in answer.text
    assert 'href="http://127.0.0.1/register/providers/1-999000123">Larkspur House</a>' in (
        answer.text
    )
    assert "Heathfield Lane Care Ltd 1-999000123 7" in main_text(answer.text)


@pytest.mark.parametrize("asked", ["1-999000123", "larkspur  house"])
def test_a_providers_history_is_in_captioned_tables_with_uk_dates(
    client: TestClient, asked: str
) -> None:
    answer = client.get(f"/register/providers/{asked}", params={"today": TODAY})
    assert answer.status_code == 200
    text = main_text(answer.text)
    assert text.startswith("Larkspur House All providers · as on 10 December 2026")
    for caption in ("Concerns by outcome", "Concerns by type", "Meetings, oldest first"):
        assert f"<caption>{caption}</caption>" in answer.text
    assert "Initial 2 October 2026 16 October 2026 not recorded" in text
    assert "Outcome 12 March 2027 26 March 2027 not recorded" in text
    assert "Substantiated 1" in text
    assert "Escalation level Level 3 (from 12 March 2027)" in text
    assert "Actions 21 in all: 10 open, 6 overdue" in text
    assert "Alerts (9)" in text
    assert "Minutes overdue: the minutes of the initial meeting" in text
    assert not re.search(r"\d{4}-\d\d-\d\d", text), "a date shown as ISO"


def test_a_decision_and_levels_are_shown_as_a_chair_reads_them(db: str, tmp_path: Path) -> None:
    with open_register(db) as register:
        add(
            register,
            meeting(
                "strategic",
                "2026-11-20",
                escalation={"level": 4, "entry_point": True, "reason": "two new concerns"},
                suspension={
                    "status": "imposed",
                    "measure": "suspension",
                    "decided": "2026-11-20",
                    "review_date": "2026-12-04",
                },
            ),
        )
    with client_for(tmp_path, db) as client:
        answer = client.get("/register/providers/Oakview Care Home", params={"today": TODAY})
    text = main_text(answer.text)
    assert "Placements Imposed suspension, decided 20 November 2026, to be reviewed by " \
        "4 December 2026" in text  # fmt: skip
    assert "<caption>Escalation levels, oldest first</caption>" in answer.text
    assert "4 20 November 2026 Yes two new concerns" in text
    assert "Suspension review due:" in text


def test_the_alerts_page_lists_every_alert_with_the_rules_in_words(client: TestClient) -> None:
    answer = client.get("/register/alerts", params={"today": TODAY})
    assert answer.status_code == 200
    text = main_text(answer.text)
    assert "as on 10 December 2026" in text
    assert "9 alerts about 1 provider." in text
    assert "<caption>Alerts about Larkspur House (9)</caption>" in answer.text
    assert "Action overdue action 1 (Olena Barrow, Registered Manager) was due by " \
        "20 November 2026" in text  # fmt: skip
    assert "3 or more concerns raised within 12 months" in text
    assert "no meeting has been held since" in text


def test_a_day_with_no_alerts_says_so(client: TestClient) -> None:
    text = main_text(client.get("/register/alerts", params={"today": "2026-10-01"}).text)
    assert "No alerts:" in text


def test_hostile_names_are_shown_as_typed_and_their_links_lead_back(
    db: str, tmp_path: Path
) -> None:
    """Escaped, never run or evaluated; a name with / ? # & still reaches its own page."""
    names = [HOSTILE, "Oak/Ash? Care #2 & Co"]
    with open_register(db) as register:
        for name in names:
            add(register, meeting("initial", "2026-10-02", who=provider(name)))
    with client_for(tmp_path, db) as client:
        listing = client.get("/register").text
        alerts = client.get("/register/alerts", params={"today": TODAY}).text
        for html in (listing, alerts):
            assert "<script>alert(1)" not in html
            assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; {{ 7*7 }} =SUM(A1)" in html
            assert "49" not in main_text(html)
        for link in re.findall(r'href="(http://127.0.0.1/register/providers/[^"]+)"', alerts):
            page = client.get(link.replace("&amp;", "&"), params={"today": TODAY})
            assert page.status_code == 200, link
        shown = {main_text(client.get(link.replace("&amp;", "&")).text).split(" All ")[0]
                 for link in re.findall(r'href="(http://127.0.0.1/register/providers/[^"]+)"',
                                        listing)}  # fmt: skip
    assert shown == {
        "&lt;script&gt;alert(1)&lt;/script&gt; &amp; {{ 7*7 }} =SUM(A1)",
        "Oak/Ash? Care #2 &amp; Co",
    }


def test_an_unknown_provider_is_a_404_page_naming_near_misses(client: TestClient) -> None:
    answer = client.get("/register/providers/Larkspur Hose")
    assert answer.status_code == 404
    assert "no provider 'Larkspur Hose' in the register (did you mean 'Larkspur House'?)" in (
        main_text(answer.text).replace("&#39;", "'")
    )


def test_a_date_that_is_not_one_is_a_400_page(client: TestClient) -> None:
    answer = client.get("/register/alerts", params={"today": "12/31/2026"})
    assert answer.status_code == 400
    assert "there is no month 31" in answer.text


def test_without_a_register_the_pages_say_how_to_start_one(tmp_path: Path) -> None:
    with client_for(tmp_path) as client:
        for path in ("/register", "/register/alerts", "/register/providers/Larkspur House"):
            answer = client.get(path)
            assert answer.status_code == 200, path
            assert "toolkit serve --db register.db --key-file register.key" in answer.text


def test_a_register_that_will_not_open_is_a_503_naming_it_never_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    db, right, wrong = tmp_path / "r.db", tmp_path / "right.key", tmp_path / "wrong.key"
    with open_register(str(db), key_out=right):
        pass
    wrong.write_text("x" * 64 + "\n")
    with client_for(tmp_path, str(db), wrong) as client:
        answer = client.get("/register")
    assert answer.status_code == 503
    assert f"{db}: the key does not open this register" in answer.text
    assert "x" * 64 not in answer.text
    assert right.read_text().strip() not in answer.text


def test_a_new_register_tells_where_its_key_was_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    with client_for(tmp_path, str(tmp_path / "new.db")) as client:
        answer = client.get("/register")
    assert answer.status_code == 200
    assert "A new register was created, and its key was written to" in answer.text
    assert "The register holds no providers yet." in main_text(answer.text)


def test_the_register_is_opened_once_and_closed_with_the_app(
    sampled: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages served side by side share one register (one engine and its pool); the app's
    lifespan disposes of it when the app stops."""
    import toolkit.register

    opened: list[Any] = []

    def counting(*args: Any, **kwargs: Any) -> Any:
        opened.append(open_register(*args, **kwargs))
        return opened[-1]

    monkeypatch.setattr(toolkit.register, "open_register", counting)
    statuses: list[int] = []
    with client_for(tmp_path, sampled) as client:
        pages = ["/register", "/register/alerts", "/register/providers/1-999000123"] * 3
        threads = [
            threading.Thread(target=lambda p=p: statuses.append(client.get(p).status_code))
            for p in pages
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert client.app.state.register.get() is opened[0]  # type: ignore[attr-defined]
    assert statuses == [200] * len(pages)
    assert len(opened) == 1
    assert opened[0].engine.pool.checkedin() == 0  # disposed: no connection left open
