"""Packs from the web app: a zip built in memory, encrypted, marked, the password kept apart."""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from fastapi.testclient import TestClient

from tests.web_app import BASE_URL, app_over, bearer_client, paper, unzipped
from toolkit.files import ZIP_MAGIC
from toolkit.protect import decrypt_bytes, is_encrypted
from toolkit.render.marking import missing_marking

PASSWORD = "correct-horse-battery-staple-orchid"
CLASSIFICATION = "OFFICIAL-SENSITIVE"


@pytest.fixture
def empty_tmpdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder made the temporary folder of everything in this process."""
    folder = tmp_path / "tmpdir"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    return bearer_client(tmp_path)


def assert_a_sealed_pack(members: dict[str, bytes], password: str, *, draft: bool = False) -> None:
    """Every paper encrypted (nothing plain), opening with ``password``, marked; the manifest
    lists each with its digest; the password is nowhere in the pack."""
    mark = f"{CLASSIFICATION} DRAFT" if draft else CLASSIFICATION
    manifest = json.loads(members.pop("manifest.json"))
    note = members.pop("cover-note.txt").decode("utf-8")
    assert note.startswith(f"Subject: {mark}: ")
    assert manifest["classification"] == mark
    listed = {f["name"]: f["sha256"] for m in manifest["meetings"] for f in m["files"]}
    assert set(listed) == set(members)
    assert members
    for name, data in members.items():
        assert hashlib.sha256(data).hexdigest() == listed[name]
        assert is_encrypted(data)
        assert not data.startswith(ZIP_MAGIC)
        plain = decrypt_bytes(data, password)
        if name.endswith(".docx"):
            assert missing_marking(docx.Document(io.BytesIO(plain))) == []
            assert (
                "DRAFT"
                in "".join(
                    p.text for p in docx.Document(io.BytesIO(plain)).sections[0].header.paragraphs
                )
            ) is draft
        else:
            sheet = openpyxl.load_workbook(io.BytesIO(plain)).active
            assert sheet.oddHeader.center.text == mark
    for data in [*members.values(), note.encode(), json.dumps(manifest).encode()]:
        assert password.encode() not in data


def test_the_api_packs_in_memory_with_a_generated_password(
    client: TestClient, empty_tmpdir: Path
) -> None:
    answer = client.post("/api/pack", json={"papers": [paper("initial")]})
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/zip"
    assert re.fullmatch(
        r'attachment; filename="pack-[-0-9]+\.zip"', answer.headers["content-disposition"]
    )
    password = answer.headers["x-pack-password"]
    members = unzipped(answer.content)
    assert sorted(members) == sorted(
        [
            "2026-10-02 Larkspur House - Initial meeting record.docx",
            "2026-10-02 Larkspur House - Action tracker.xlsx",
            "manifest.json",
            "cover-note.txt",
        ]
    )
    assert_a_sealed_pack(members, password)
    assert list(empty_tmpdir.iterdir()) == []  # nothing, not even a temporary file


def test_a_given_password_is_used_and_never_sent_back(client: TestClient) -> None:
    answer = client.post(
        "/api/pack", json={"papers": [paper("review"), paper("strategic")], "password": PASSWORD}
    )
    assert answer.status_code == 200, answer.text
    assert "x-pack-password" not in answer.headers
    assert PASSWORD.encode() not in answer.content
    members = unzipped(answer.content)
    assert len(json.loads(members["manifest.json"])["meetings"]) == 2
    assert_a_sealed_pack(members, PASSWORD)


def test_incomplete_papers_are_refused_one_entry_each(client: TestClient) -> None:
    first, second = paper("initial"), paper("review")
    first["sections"]["purpose"] = "TBC"
    second["sections"] = {}
    answer = client.post("/api/pack", json={"papers": [first, second, paper("strategic")]})
    assert answer.status_code == 422
    entries = answer.json()
    assert [entry["field"] for entry in entries] == ["papers[0]", "papers[1]"]
    assert all(entry["message"].startswith("not packed: ") for entry in entries)
    assert "placeholder: Purpose of meeting" in entries[0]["message"]
    assert "x-pack-password" not in answer.headers


def test_a_draft_packs_an_incomplete_paper_marked_draft(client: TestClient) -> None:
    data = paper("initial")
    data["sections"]["purpose"] = "TBC"
    answer = client.post("/api/pack", json={"papers": [data], "password": PASSWORD, "draft": True})
    assert answer.status_code == 200, answer.text
    assert_a_sealed_pack(unzipped(answer.content), PASSWORD, draft=True)


def test_the_providers_copy_is_added_when_asked(client: TestClient) -> None:
    body = {"papers": [paper("initial")], "password": PASSWORD, "provider_copy": True}
    members = unzipped(client.post("/api/pack", json=body).content)
    assert any("provider" in name.lower() for name in members)
    assert_a_sealed_pack(members, PASSWORD)


@pytest.mark.parametrize("password", ["x7Kq", "password12345", "aaaaaaaaaaaaaaaa"])
def test_a_weak_password_is_refused_on_its_field(client: TestClient, password: str) -> None:
    answer = client.post("/api/pack", json={"papers": [paper("initial")], "password": password})
    assert answer.status_code == 422
    (entry,) = answer.json()
    assert entry["field"] == "password"
    assert password not in entry["message"]


def test_invalid_papers_are_named_by_their_place_in_the_body(client: TestClient) -> None:
    broken = paper("initial")
    del broken["provider"]
    answer = client.post("/api/pack", json={"papers": [paper("review"), broken, {"kind": 3}]})
    assert answer.status_code == 422
    fields = [entry["field"] for entry in answer.json()]
    assert fields == ["papers[1].provider", "papers[2].kind"]


def test_two_papers_writing_one_file_are_refused(client: TestClient) -> None:
    answer = client.post("/api/pack", json={"papers": [paper("initial"), paper("initial")]})
    assert answer.status_code == 422
    assert "would write" in answer.json()[0]["message"]


@pytest.mark.parametrize(
    "body",
    [{"papers": []}, {}, {"papers": [paper("initial")], "extra": 1}, {"papers": "x"}],
    ids=["none", "missing", "unknown-field", "not-a-list"],
)
def test_a_malformed_request_is_422(client: TestClient, body: dict[str, Any]) -> None:
    answer = client.post("/api/pack", json=body)
    assert answer.status_code == 422
    assert all(set(entry) == {"field", "message"} for entry in answer.json())


# The pack page ------------------------------------------------------------------------------


@pytest.fixture
def folder(tmp_path: Path, samples_dir: Path) -> Path:
    folder = tmp_path / "meetings"
    folder.mkdir()
    for name in ("initial", "review"):
        shutil.copy(samples_dir / f"{name}.yaml", folder)
    (folder / "notes.txt").write_text("not a meeting file", encoding="utf-8")
    return folder


def browser(folder: Path) -> tuple[TestClient, str]:
    """A client that opened the printed address (a session), and the page's CSRF token."""
    app, web = app_over(folder)
    client = TestClient(app, base_url=BASE_URL)
    client.get(f"/pack?token={web.token}&paper=review.yaml")
    page = client.get("/pack?paper=review.yaml")
    found = re.search(r'<meta name="csrf-token" content="([^"]+)">', page.text)
    assert found
    return client, found.group(1)


def test_the_pack_page_lists_the_folders_meeting_files(folder: Path) -> None:
    client, _ = browser(folder)
    page = client.get("/pack?paper=review.yaml")
    assert page.status_code == 200
    boxes = re.findall(
        r'<input type="checkbox" id="paper-\d+" name="files" value="([^"]+)"( checked)?>', page.text
    )
    assert boxes == [("initial.yaml", ""), ("review.yaml", " checked")]
    assert "notes.txt" not in page.text
    assert "Download pack" in page.text
    assert re.search(r'<div id="pack-status" role="status" aria-live="polite">', page.text)
    assert 'src="http://127.0.0.1:8765/static/pack.js"' in page.text
    assert "<script>" not in page.text  # the CSP forbids inline script and style
    assert "style=" not in page.text


def test_the_pack_page_downloads_the_ticked_files(folder: Path, empty_tmpdir: Path) -> None:
    client, csrf = browser(folder)
    answer = client.post(
        "/pack", json={"files": ["initial.yaml", "review.yaml"]}, headers={"X-CSRF-Token": csrf}
    )
    assert answer.status_code == 200, answer.text
    members = unzipped(answer.content)
    sources = [m["source"] for m in json.loads(members["manifest.json"])["meetings"]]
    assert sources == ["initial.yaml", "review.yaml"]
    assert_a_sealed_pack(members, answer.headers["x-pack-password"])
    assert list(empty_tmpdir.iterdir()) == []


def test_the_pack_page_needs_its_csrf_token(folder: Path) -> None:
    client, _ = browser(folder)
    answer = client.post("/pack", json={"files": ["initial.yaml"]})
    assert answer.status_code == 403


@pytest.mark.parametrize("name", ["../initial.yaml", "notes.txt", "/etc/passwd", "absent.yaml"])
def test_the_pack_page_reads_nothing_outside_the_folders_meeting_files(
    folder: Path, name: str
) -> None:
    client, csrf = browser(folder)
    answer = client.post("/pack", json={"files": [name]}, headers={"X-CSRF-Token": csrf})
    assert answer.status_code == 422
    (entry,) = answer.json()
    assert entry["message"] == f"{name}: no such meeting file in the folder"


def test_the_pack_page_neither_lists_nor_packs_a_link_out_of_the_folder(
    folder: Path, tmp_path: Path, samples_dir: Path
) -> None:
    # the papers page leaves links out (they may lead to a file never meant to be shown); the
    # pack page lists the same files, so a link cannot be packed and emailed either
    elsewhere = tmp_path / "elsewhere.yaml"
    shutil.copy(samples_dir / "outcome.yaml", elsewhere)
    (folder / "linked.yaml").symlink_to(elsewhere)
    client, csrf = browser(folder)
    assert "linked.yaml" not in client.get("/pack").text
    answer = client.post("/pack", json={"files": ["linked.yaml"]}, headers={"X-CSRF-Token": csrf})
    assert answer.status_code == 422
    (entry,) = answer.json()
    assert entry["message"] == "linked.yaml: no such meeting file in the folder"


def test_the_pack_page_lists_the_problems_of_each_file(folder: Path) -> None:
    text = (folder / "review.yaml").read_text(encoding="utf-8")
    (folder / "review.yaml").write_text(
        text.replace("kind: review", "kind: reveiw"), encoding="utf-8"
    )
    client, csrf = browser(folder)
    answer = client.post(
        "/pack", json={"files": ["initial.yaml", "review.yaml"]}, headers={"X-CSRF-Token": csrf}
    )
    assert answer.status_code == 422
    (entry,) = answer.json()
    assert entry["field"] == "kind"
    assert re.match(
        rf"{re.escape(str(folder / 'review.yaml'))}:\d+: kind: must be ", entry["message"]
    )
