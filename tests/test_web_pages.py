"""The papers page and a paper's form, through the app as a browser uses it (TestClient)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from tests.conftest import SAMPLES
from toolkit import kinds
from toolkit.load import load_meeting
from toolkit.web import WebSettings, create_app

KINDS = kinds.names()


class FormReader(HTMLParser):
    """What a browser would send for the page's paper form: each control's name and value
    (ticked boxes and chosen options only), in order; submit buttons are left out."""

    def __init__(self, form_id: str = "paper-form") -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.fields: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._select: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = attr.get("id") == self.form_id
        if not self.inside or "name" not in attr:
            if tag == "option" and self._select is not None and "selected" in attr:
                self.fields.append((self._select, attr.get("value", "")))
            return
        name = attr["name"]
        if tag == "input" and attr.get("type") == "checkbox":
            if "checked" in attr:
                self.fields.append((name, attr.get("value", "on")))
        elif tag == "input":
            self.fields.append((name, attr.get("value", "")))
        elif tag == "textarea":
            self._textarea, self._text = name, []
        elif tag == "select":
            self._select = name

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self._textarea is not None:
            # the HTML parser drops the newline a textarea's text starts with, as browsers do
            self.fields.append((self._textarea, "".join(self._text)))
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self.inside = False


def form_fields(html: str) -> list[tuple[str, str]]:
    reader = FormReader()
    reader.feed(html)
    return reader.fields


def with_value(fields: list[tuple[str, str]], name: str, value: str) -> list[tuple[str, str]]:
    """``fields`` with ``name`` set to ``value`` (added when the form has no such value)."""
    if any(key == name for key, _ in fields):
        return [(key, value if key == name else old) for key, old in fields]
    return [*fields, (name, value)]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder holding a copy of every sample."""
    target = tmp_path / "papers"
    shutil.copytree(SAMPLES, target)
    return target


@pytest.fixture
def client(folder: Path) -> Iterator[TestClient]:
    """A browser session on the app serving ``folder``: the token traded for a cookie."""
    settings = WebSettings(folder=folder)
    with TestClient(create_app(settings), base_url="http://127.0.0.1") as browser:
        assert browser.get(f"/?token={settings.token}").status_code == 200
        yield browser


def post(
    client: TestClient,
    url: str,
    fields: list[tuple[str, str]],
    headers: dict[str, str] | None = None,
    *,
    follow: bool = True,
) -> Response:
    """POST ``fields`` as a browser posts a form (a name may come several times, in order)."""
    kind = {"Content-Type": "application/x-www-form-urlencoded"}
    return client.post(
        url, content=urlencode(fields), headers={**kind, **(headers or {})}, follow_redirects=follow
    )


def csrf(client: TestClient) -> str:
    page = client.get("/").text
    found = re.search(r'name="csrf-token" content="([^"]+)"', page)
    assert found is not None
    return found[1]


def test_the_papers_page_lists_every_sample_with_its_status_and_due_date(
    client: TestClient,
) -> None:
    page = client.get("/").text
    for kind in kinds.every():
        assert f"{kind.name}.yaml" in page
    assert page.count("tag-complete") == len(KINDS)
    # each link says which paper it opens, not the provider alone again and again
    assert ">Larkspur House – initial meeting, 2 October 2026</a>" in page
    assert ">Larkspur House – letter, 6 October 2026</a>" in page
    assert "Minutes due by Friday 16 October 2026" in page
    # the dates as written, the check in good grammar, an overdue date not shouted
    assert "Sent on Thursday 19 November 2026, on time" in page
    assert "1 of 1 part addressed" in page
    assert "PASSED" not in page


def test_the_papers_page_says_why_a_file_does_not_load_and_what_an_incomplete_one_lacks(
    client: TestClient, folder: Path
) -> None:
    (folder / "broken.yaml").write_text("kind: initial\nprovider: {}\n", encoding="utf-8")
    (folder / "unknown.yaml").write_text("kind: minutes\n", encoding="utf-8")
    text = (folder / "initial.yaml").read_text(encoding="utf-8")
    blank_purpose = re.sub(r"(?ms)^  purpose: \|\n(    .*\n|\n)+", '  purpose: ""\n', text)
    (folder / "half.yaml").write_text(blank_purpose, encoding="utf-8")
    page = client.get("/").text
    assert page.count("Does not load") == 1  # only the file the form cannot open
    assert ">unknown.yaml</a>" in page
    assert "kind: must be initial, review" in page
    # a paper of a known kind, short of what it needs, is one to fill in
    assert ">broken.yaml (initial meeting)</a>" in page
    fix = r"\d+ problems to fix before it can be checked, the first: meeting: [^<]*\(line 1\)"
    assert re.search(fix, page)
    assert "required, but missing" in page
    assert "Incomplete" in page
    assert "empty: Purpose of meeting" in page


@pytest.mark.parametrize("kind", KINDS)
def test_a_new_paper_is_the_blank_file_of_its_kind_and_opens_its_form(
    client: TestClient, folder: Path, kind: str
) -> None:
    answer = client.post(
        "/papers",
        data={"kind": kind, "name": f"new-{kind}", "csrf_token": csrf(client)},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert answer.headers["location"].endswith(f"/papers/new-{kind}.yaml")
    written = (folder / f"new-{kind}.yaml").read_text(encoding="utf-8")
    assert written == kinds.get(kind).scaffold(f"new-{kind}.yaml")
    form = client.get(f"/papers/new-{kind}.yaml")
    assert form.status_code == 200
    assert kinds.get(kind).title in form.text


def test_a_new_paper_never_replaces_a_file(client: TestClient, folder: Path) -> None:
    before = (folder / "initial.yaml").read_bytes()
    answer = client.post(
        "/papers", data={"kind": "review", "name": "initial.yaml", "csrf_token": csrf(client)}
    )
    assert answer.status_code == 409
    assert "already exists" in answer.text
    assert (folder / "initial.yaml").read_bytes() == before


@pytest.mark.parametrize(
    "name", ["../escape.yaml", "/tmp/escape.yaml", "..", ".hidden.yaml", "sub/x.yaml", "x.txt"]
)
def test_a_new_paper_stays_in_the_folder(client: TestClient, folder: Path, name: str) -> None:
    before = sorted(p.name for p in folder.parent.rglob("*"))
    answer = client.post(
        "/papers", data={"kind": "initial", "name": name, "csrf_token": csrf(client)}
    )
    assert answer.status_code == 422
    assert sorted(p.name for p in folder.parent.rglob("*")) == before


def test_a_link_out_of_the_folder_is_neither_listed_nor_opened_nor_saved(
    client: TestClient, folder: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.yaml"
    shutil.copy(folder / "initial.yaml", outside)
    (folder / "link.yaml").symlink_to(outside)
    assert "link.yaml" not in client.get("/").text
    assert client.get("/papers/link.yaml").status_code == 404
    fields = [("csrf_token", csrf(client)), ("kind", "initial")]
    assert post(client, "/papers/link.yaml", fields).status_code == 404
    assert client.get("/papers/..%2Finitial.yaml").status_code == 404
    assert outside.read_bytes() == (folder / "initial.yaml").read_bytes()


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_has_a_form_with_every_heading_and_its_reminder(
    client: TestClient, kind: str
) -> None:
    page = client.get(f"/papers/{kind}.yaml").text
    each = kinds.get(kind)
    for target in each.check_targets()[0]:
        assert target.title.replace("&", "&amp;") in page
    for reminder in each.reminders().values():
        assert reminder.replace("'", "&#39;") in page
    assert 'aria-live="polite"' in page


def test_every_control_has_a_label(client: TestClient) -> None:
    for kind in KINDS:
        page = client.get(f"/papers/{kind}.yaml").text
        ids = set(
            re.findall(r'<(?:input|textarea|select)(?![^>]*type="hidden")[^>]*\bid="([^"]+)"', page)
        )
        labelled = set(re.findall(r'<label for="([^"]+)"', page))
        assert ids - labelled == set(), kind


@pytest.mark.parametrize("kind", KINDS)
def test_a_sample_saved_unchanged_reads_back_unchanged(
    client: TestClient, folder: Path, kind: str
) -> None:
    path = folder / f"{kind}.yaml"
    before = path.read_text(encoding="utf-8")
    fields = form_fields(client.get(f"/papers/{kind}.yaml").text)
    answer = post(client, f"/papers/{kind}.yaml", fields, follow=False)
    assert answer.status_code == 303, answer.text
    assert path.read_text(encoding="utf-8") == before
    assert load_meeting(path).meeting == load_meeting(SAMPLES / f"{kind}.yaml").meeting


def test_a_field_changed_is_one_line_changed_and_the_comments_stay(
    client: TestClient, folder: Path
) -> None:
    path = folder / "initial.yaml"
    before = path.read_text(encoding="utf-8").splitlines()
    fields = form_fields(client.get("/papers/initial.yaml").text)
    fields = with_value(fields, "provider.name", "Larkspur House Nursing Home")
    assert post(client, "/papers/initial.yaml", fields).status_code == 200
    after = path.read_text(encoding="utf-8").splitlines()
    assert [b for b, a in zip(before, after, strict=True) if a != b] == ["  name: Larkspur House"]
    assert after[0].startswith("# Record of Multi-Agency Initial Meeting")
    assert "Saved" in client.get("/papers/initial.yaml?saved=1").text


HOSTILE = (
    "Café & Tŷ Gwyn <b>bold</b> {{ 7*7 }} {% if %} <script>alert(1)</script>\n"
    "=SUM(A1:A2) +1 -1 @x 'quoted' \"double\" 🙂\n\n"
    "- a bullet: with a colon # not a comment\n"
    "  indented line \\ back\\slash"
)


def test_hostile_text_saves_and_shows_exactly_as_typed(client: TestClient, folder: Path) -> None:
    fields = form_fields(client.get("/papers/initial.yaml").text)
    fields = with_value(fields, "sections.purpose", HOSTILE)
    fields = with_value(fields, "provider.name", "=cmd|' /C calc'!A0 & <i>")
    answer = post(client, "/papers/initial.yaml", fields, follow=False)
    assert answer.status_code == 303, answer.text
    paper = load_meeting(folder / "initial.yaml").meeting
    assert paper.sections.purpose == HOSTILE
    assert paper.provider.name == "=cmd|' /C calc'!A0 & <i>"
    page = client.get("/papers/initial.yaml").text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "{{ 7*7 }}" in page  # shown as typed, never evaluated
    assert dict(form_fields(page))["sections.purpose"] == HOSTILE


def test_a_save_that_does_not_load_keeps_the_typing_and_says_what_is_wrong_by_field(
    client: TestClient, folder: Path
) -> None:
    path = folder / "initial.yaml"
    before = path.read_bytes()
    fields = form_fields(client.get("/papers/initial.yaml").text)
    fields = with_value(fields, "provider.name", "")
    fields = with_value(fields, "sections.purpose", "Typed <and> kept")
    fields = with_value(fields, "meeting.end", "09:00")
    answer = post(client, "/papers/initial.yaml", fields)
    assert answer.status_code == 422
    assert path.read_bytes() == before
    page = answer.text
    assert 'href="#f-provider-name"' in page
    assert 'id="f-provider-name-error-1"' in page
    assert 'aria-describedby="f-provider-name-error-1"' in page
    assert "must be after start 10:00" in page
    assert dict(form_fields(page))["sections.purpose"] == "Typed <and> kept"


def test_a_file_changed_on_disk_since_the_form_opened_is_not_overwritten(
    client: TestClient, folder: Path
) -> None:
    path = folder / "initial.yaml"
    fields = form_fields(client.get("/papers/initial.yaml").text)
    theirs = path.read_text(encoding="utf-8").replace("Larkspur House", "Larkspur Hall", 1)
    path.write_text(theirs, encoding="utf-8")
    answer = post(client, "/papers/initial.yaml", with_value(fields, "meeting.venue", "Mine"))
    assert answer.status_code == 409
    assert "changed since you opened it" in answer.text
    assert path.read_text(encoding="utf-8") == theirs
    assert 'value="Mine"' in answer.text


def test_saving_needs_the_session_csrf_token(client: TestClient, folder: Path) -> None:
    before = (folder / "initial.yaml").read_bytes()
    fields = [
        f for f in form_fields(client.get("/papers/initial.yaml").text) if f[0] != "csrf_token"
    ]
    assert post(client, "/papers/initial.yaml", fields).status_code == 403
    wrong = [*fields, ("csrf_token", "not-the-token")]
    assert post(client, "/papers/initial.yaml", wrong).status_code == 403
    assert client.post("/papers", data={"kind": "initial", "name": "x.yaml"}).status_code == 403
    assert (folder / "initial.yaml").read_bytes() == before
    assert not (folder / "x.yaml").exists()


def test_rows_are_added_and_removed_without_losing_what_was_typed(client: TestClient) -> None:
    fields = form_fields(client.get("/papers/initial.yaml").text)
    fields = with_value(fields, "meeting.venue", "Typed, not saved")
    added = post(client, "/papers/initial.yaml", [*fields, ("_row", "add meeting.apologies")])
    assert added.status_code == 200
    assert 'id="f-meeting-apologies-2-name"' in added.text
    assert "autofocus" in added.text
    assert 'value="Typed, not saved"' in added.text
    fields = form_fields(added.text)
    removed = post(client, "/papers/initial.yaml", [*fields, ("_row", "remove actions.0")])
    names = dict(form_fields(removed.text))
    assert names["actions.0.number"] == "2"
    assert "actions.13.number" not in names


def test_the_live_check_answers_with_the_check_or_the_problems_by_field(
    client: TestClient,
) -> None:
    token = csrf(client)
    fields = form_fields(client.get("/papers/initial.yaml").text)
    check = post(client, "/papers/initial.yaml/check", fields, headers={"X-CSRF-Token": token})
    answer = check.json()
    assert answer["complete"] is True
    assert len(answer["items"]) == 19
    assert answer["items"][5]["status"] == "not_applicable"
    blank = with_value(with_value(fields, "sections.purpose", ""), "meeting.chair.name", "")
    answer = post(
        client, "/papers/initial.yaml/check", blank, headers={"X-CSRF-Token": token}
    ).json()
    assert answer["complete"] is False
    assert answer["problems"] == [
        {
            "field": "meeting.chair.name",
            "id": "f-meeting-chair-name",
            "message": "required, but missing",
        }
    ]
    missing = post(
        client,
        "/papers/initial.yaml/check",
        with_value(fields, "sections.purpose", ""),
        headers={"X-CSRF-Token": token},
    ).json()
    assert missing["complete"] is False
    assert {"key": "purpose", "status": "empty"}.items() <= missing["items"][1].items()
    without = [field for field in fields if field[0] != "csrf_token"]
    assert post(client, "/papers/initial.yaml/check", without).status_code == 403
