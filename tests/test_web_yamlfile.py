"""Writing a form's data back into its meeting file keeps what a person wrote around it."""

from __future__ import annotations

import datetime as dt
import difflib
from typing import Any

import pytest

from tests.conftest import ROOT
from toolkit import kinds
from toolkit.load import load_meeting_text
from toolkit.parse import parse
from toolkit.web.yamlfile import digest, merged_text

SAMPLES = sorted((ROOT / "samples").glob("*.yaml"))


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


@pytest.mark.parametrize("path", SAMPLES, ids=lambda path: path.stem)
def test_a_file_merged_with_its_own_data_is_the_same_text(path: Any) -> None:
    text = path.read_text(encoding="utf-8")
    data, _ = parse(text, str(path))
    assert merged_text(text, data) == text


def test_one_value_changed_is_one_line_changed_and_comments_stay() -> None:
    text = kinds.get("initial").scaffold("x.yaml")
    data, _ = parse(text, "x")
    data["provider"]["name"] = "Larkspur House"
    after = merged_text(text, data)
    assert changed_lines(text, after) == [
        '-  name: ""                # required: the provider the concerns are about',
        '+  name: "Larkspur House"  # required: the provider the concerns are about',
    ]  # the file's quotes kept


def test_new_values_take_the_contracts_shape() -> None:
    text = kinds.get("initial").scaffold("x.yaml")
    data, _ = parse(text, "x")
    data["meeting"]["date"] = dt.date(2026, 11, 20)
    data["sections"]["purpose"] = "First paragraph.\n\n- a bullet\n- another"
    data["next_meeting"] = {"date": dt.date(2026, 12, 18), "start": "10:00"}
    after = merged_text(text, data)
    assert "  date: 2026-11-20        # required" in after
    assert "  purpose: |-\n    First paragraph.\n\n    - a bullet\n    - another\n" in after
    assert 'next_meeting:\n  date: 2026-12-18\n  start: "10:00"\n' in after
    reread, _ = parse(after, "x")
    assert reread["sections"]["purpose"] == data["sections"]["purpose"]
    assert reread["next_meeting"]["start"] == "10:00"


def test_a_date_written_day_first_stays_as_written_when_unchanged() -> None:
    text = "kind: initial\nmeeting:\n  date: 20/11/2026  # UK\n"
    assert (
        merged_text(text, {"kind": "initial", "meeting": {"date": dt.date(2026, 11, 20)}}) == text
    )


def test_blanks_the_data_leaves_out_stay_and_values_it_leaves_out_go() -> None:
    text = 'kind: initial\nprovider:\n  name: A\n  company: ""   # if different\n  address: B\n'
    after = merged_text(text, {"kind": "initial", "provider": {"name": "A"}})
    assert after == 'kind: initial\nprovider:\n  name: A\n  company: ""   # if different\n'


def test_new_list_items_follow_the_files_indentation() -> None:
    flush = "kind: initial\nrecipients:\n- A\n"
    indented = "kind: initial\nrecipients:\n  - A\n"
    for text in (flush, indented):
        after = merged_text(text, {"kind": "initial", "recipients": ["A", "B"]})
        assert after == text + text.splitlines()[-1].replace("A", "B") + "\n"


HOSTILE = [
    "& < > {{ x }} {% y %} <script>alert(1)</script>",
    "=SUM(A1:A9)",
    "- not a list",
    "# not a comment",
    "key: not a mapping",
    "'single' \"double\" `back`",
    "Tŷ Gwyn, Ysbyty Gwynedd, café, naïve, Zoë 🙂",
    "  leading spaces\nand a second line",
    "trailing spaces   \nline two\n",
    "null",
    "true",
    "2026-11-20",
    "10:00",
    "@at %percent !bang *star |pipe >greater",
    "\\ back \\n slash",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_any_text_reads_back_exactly_as_written(text: str) -> None:
    blank = kinds.get("initial").scaffold("x.yaml")
    data, _ = parse(blank, "x")
    data["sections"]["purpose"] = text
    after = merged_text(blank, data)
    reread, _ = parse(after, "x")
    assert reread["sections"]["purpose"] == text
    assert after.count("\n") > 100  # the comments are still there


def test_a_file_that_is_not_plain_yaml_is_written_afresh() -> None:
    text = "kind: initial\nprovider: &p {name: A}\ncopy: *p\n"
    after = merged_text(text, {"kind": "initial", "provider": {"name": "B"}})
    assert after == "kind: initial\nprovider:\n  name: B\n"


def test_the_sample_with_a_changed_value_still_loads() -> None:
    path = ROOT / "samples" / "strategic.yaml"
    text = path.read_text(encoding="utf-8")
    data, _ = parse(text, "x")
    data["notes"]["aob"] = "None."
    after = merged_text(text, data)
    assert load_meeting_text(after).meeting.notes["aob"] == "None."  # type: ignore[attr-defined]
    assert len(changed_lines(text, after)) == 4  # the two lines of the block, and its header
    assert digest(after) != digest(text)
