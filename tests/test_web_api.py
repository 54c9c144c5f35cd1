"""The JSON API's check: the answers of `toolkit check`, and every problem as an entry."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from tests.web_app import bearer_client, paper
from toolkit import kinds
from toolkit.cli import main
from toolkit.errors import InputError
from toolkit.load import load_meeting_text


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    return bearer_client(tmp_path)


@pytest.mark.parametrize("name", kinds.names())
def test_check_answers_as_the_command_does(
    client: TestClient, samples_dir: Path, name: str
) -> None:
    answer = client.post("/api/check", json=paper(name))
    assert answer.status_code == 200, answer.text
    result = CliRunner().invoke(
        main, ["check", str(samples_dir / f"{name}.yaml"), "--format", "json"]
    )
    (command,) = json.loads(result.stdout)
    body = answer.json()
    assert body["complete"] is command["complete"]
    assert body["kind"] == command["kind"] == name
    assert body["summary"] == command["summary"]
    assert body["minutes_due"] == command["minutes_due"]
    assert body["items"] == command["headings"]
    assert body["findings"] == command["findings"]
    assert body["errors"] == [f for f in command["findings"] if f["severity"] == "error"]
    assert body["warnings"] == [f for f in command["findings"] if f["severity"] == "warning"]


def test_an_incomplete_paper_is_answered_200_with_what_it_lacks(client: TestClient) -> None:
    data = paper("initial")
    data["sections"]["purpose"] = "TBC"
    del data["sections"]["risk_assessment"]
    body = client.post("/api/check", json=data).json()
    assert body["complete"] is False
    statuses = {item["key"]: item["status"] for item in body["items"]}
    assert statuses["purpose"] == "placeholder"
    assert statuses["risk_assessment"] == "empty"
    assert "INCOMPLETE" in body["summary"]


def test_typed_text_is_checked_as_typed(client: TestClient) -> None:
    data = paper("initial")
    data["provider"]["name"] = "<script>alert(1)</script> & {{ name }}"
    data["sections"]["purpose"] = "=1+1 <b>not bold</b>"
    body = client.post("/api/check", json=data).json()
    assert body["complete"] is True
    assert next(i for i in body["items"] if i["key"] == "purpose")["status"] == "addressed"


def words_of(data: dict[str, Any]) -> list[str]:
    """What the command line says of ``data`` (as a file), one line per problem."""
    with pytest.raises(InputError) as caught:
        load_meeting_text(json.dumps(data), "m.json")
    return caught.value.problems


def test_an_invalid_paper_is_one_entry_per_problem_in_the_commands_words(
    client: TestClient,
) -> None:
    data = paper("initial")
    data["meeting"]["date"] = "next Tuesday"
    del data["meeting"]["chair"]["name"]
    data["meeting"]["attendees"][1]["emial"] = "x@example.org"
    answer = client.post("/api/check", json=data)
    assert answer.status_code == 422
    entries = answer.json()
    fields = [entry["field"] for entry in entries]
    assert sorted(fields) == sorted(
        ["meeting.date", "meeting.chair.name", "meeting.attendees[1].emial"]
    )
    lines = words_of(data)
    assert len(lines) == len(entries)
    for entry in entries:  # the same words as the command line, placed on the field
        assert any(line.endswith(f": {entry['field']}: {entry['message']}") for line in lines)
    assert "did you mean 'email'?" in entries[fields.index("meeting.attendees[1].emial")]["message"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"provider": {"name": "x"}}, "kind"),
        ({"kind": "minutes"}, "kind"),
        ({"kind": None}, "kind"),
        ({"kind": "initial", "provider": "Larkspur"}, "provider"),
    ],
    ids=["no-kind", "unknown-kind", "blank-kind", "provider-text"],
)
def test_what_is_not_a_paper_is_named(client: TestClient, body: dict[str, Any], field: str) -> None:
    answer = client.post("/api/check", json=body)
    assert answer.status_code == 422
    assert field in [entry["field"] for entry in answer.json()]


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (b"[1, 2]", "application/json"),
        (b'"initial"', "application/json"),
        (b"null", "application/json"),
        (b"{", "application/json"),
        (b"kind: initial", "text/plain"),
        (b"", "application/json"),
        (b'{"kind": "initial"' + b"}" * 3, "application/json"),
    ],
    ids=["list", "text", "null", "truncated", "yaml", "empty", "trailing"],
)
def test_a_body_that_is_no_object_is_422_in_the_same_shape(
    client: TestClient, content: bytes, content_type: str
) -> None:
    answer = client.post("/api/check", content=content, headers={"Content-Type": content_type})
    assert answer.status_code == 422
    entries = answer.json()
    assert isinstance(entries, list)
    assert entries
    assert all(set(entry) == {"field", "message"} for entry in entries)


def test_deep_nesting_is_refused_not_recursed_into(client: TestClient) -> None:
    deep: Any = "x"
    for _ in range(500):
        deep = [deep]
    answer = client.post("/api/check", json={"kind": "initial", "provider": deep})
    assert answer.status_code == 422
    assert "nested too deeply" in answer.json()[0]["message"]


@pytest.mark.parametrize("endpoint", ["/api/check", "/api/pack"])
def test_a_paper_beyond_a_meeting_files_bounds_is_refused_before_it_is_rendered(
    client: TestClient, endpoint: str
) -> None:
    # the bounds of a meeting file (2,000 entries a list, 10,000 lines of text) hold for a
    # paper sent as JSON too: 51,000 actions took 35 s and 800 MB to render
    many = paper("initial")
    action = many["actions"][0]
    many["actions"] = [{**action, "number": n} for n in range(1, 2002)]
    long = paper("initial")
    long["sections"]["purpose"] = "line\n" * 10_001
    for sent, field, words in [
        (many, "actions", "a list of 2,001 entries; a list holds at most 2,000"),
        (long, "sections.purpose", "passes 10,000 lines"),
    ]:
        body = sent if endpoint == "/api/check" else {"papers": [sent]}
        answer = client.post(endpoint, json=body)
        assert answer.status_code == 422
        [entry] = answer.json()
        assert entry["field"].endswith(field)
        assert words in entry["message"]


def test_the_openapi_description_declares_every_answer(client: TestClient) -> None:
    description = client.get("/openapi.json").json()
    check = description["paths"]["/api/check"]["post"]
    body = check["requestBody"]["content"]["application/json"]
    assert body["schema"]["properties"]["kind"]["enum"] == list(kinds.names())
    assert body["examples"]
    assert check["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/CheckAnswer"
    }
    assert check["responses"]["422"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Problems"
    }
    pack = description["paths"]["/api/pack"]["post"]
    assert "application/zip" in pack["responses"]["200"]["content"]
    assert "X-Pack-Password" in pack["responses"]["200"]["headers"]
    answer = description["components"]["schemas"]["CheckAnswer"]
    assert {"complete", "items", "errors", "warnings"} <= set(answer["required"])
    assert not any(path.startswith("/pack") for path in description["paths"])  # pages stay out
