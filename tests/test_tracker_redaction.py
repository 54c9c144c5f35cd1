"""The tracker's hidden record: nothing of a deleted row can be recovered from it (issue 14).

The attacks here hold the file and know the algorithm (`Record`), as anyone reading the
toolkit's source would, and try every value a small dictionary holds: the sample's own owners,
organisations and dates, which is the best case for an attacker.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from click.testing import CliRunner

from tests.conftest import SAMPLES
from toolkit.cli import main
from toolkit.load import load_meeting
from toolkit.render.tracker import RECORD_SHEET, render_tracker
from toolkit.tracker import Record, key_from_text

FIRST_ROW = 4


def record_of(path: Path) -> tuple[Any, dict[int, dict[str, str]]]:
    """The record sheet's key cell and its digests by action number, read with openpyxl."""
    sheet = openpyxl.load_workbook(path)[RECORD_SHEET]
    assert sheet.sheet_state == "veryHidden"
    digests = {}
    for number, pairs in sheet.iter_rows(min_row=2, max_col=2, values_only=True):
        digests[number] = dict(pair.split("=") for pair in pairs.split())
    return sheet["C1"].value, digests


def dictionary() -> list[Any]:
    """Every owner, organisation, filed label and due date of the samples, and a year of days."""
    words: list[Any] = ["Yes", "No", "N/A"]
    for sample in ("initial", "review", "strategic"):
        for action in load_meeting(SAMPLES / f"{sample}.yaml").meeting.actions:
            words += [action.owner, action.organisation, action.due, action.completed]
    start = dt.date(2026, 9, 1)
    words += [start + dt.timedelta(days=n) for n in range(366)]
    return [word for word in words if word is not None]


def visible_texts(path: Path) -> set[str]:
    """Every text in a sheet people can see: what an attacker may try as an action's detail."""
    workbook = openpyxl.load_workbook(path)
    return {
        value
        for sheet in workbook.worksheets
        if sheet.sheet_state == "visible"
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if isinstance(value, str)
    }


def recovered(path: Path) -> dict[int, set[Any]]:
    """By action number, the dictionary values whose digest is in the record: the attack."""
    key, digests = record_of(path)
    record = Record(key_from_text(key), digests)
    legacy = Record(None, digests)
    found: dict[int, set[Any]] = {}
    words = dictionary()
    details = ["", *visible_texts(path)]
    for number, written in digests.items():
        for name, digest in written.items():
            for word in words:
                guesses = [legacy.digests_of(number, "", {name: word})[name]]
                guesses += [record.digests_of(number, d, {name: word})[name] for d in details]
                if digest in guesses:
                    found.setdefault(number, set()).add(word)
    return found


def update(tracker: Path, meeting: Path) -> Any:
    return CliRunner().invoke(main, ["tracker", "update", str(tracker), str(meeting)])


def one_new_action(path: Path) -> Path:
    data = yaml.safe_load((SAMPLES / "review.yaml").read_text(encoding="utf-8"))
    data["actions"] = [{"number": 50, "detail": "A new one", "owner": "Ann", "organisation": "X"}]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def delete_action(path: Path, number: int) -> dict[str, Any]:
    """Delete the row of action ``number`` in "Excel"; return what it held."""
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    headers = [cell.value for cell in sheet[FIRST_ROW - 1]]
    for row in sheet.iter_rows(min_row=FIRST_ROW):
        if row[1].value == number:
            held = dict(zip(headers, (cell.value for cell in row), strict=False))
            sheet.delete_rows(row[0].row)
            workbook.save(path)
            return held
    raise AssertionError(f"no action {number}")


@pytest.fixture
def tracker(tmp_path: Path) -> Path:
    path = tmp_path / "tracker.xlsx"
    path.write_bytes(render_tracker(load_meeting(SAMPLES / "initial.yaml").meeting))
    return path


def test_the_attack_works_on_rows_in_plain_view(tracker: Path) -> None:
    """Where the row (and so its detail) is there, the values are in view anyway."""
    action = load_meeting(SAMPLES / "initial.yaml").meeting.actions[0]
    assert {action.owner, action.organisation, action.due} <= recovered(tracker)[action.number]


def test_a_row_deleted_in_excel_cannot_be_recovered_from_the_record(tracker: Path) -> None:
    held = delete_action(tracker, 3)
    assert held["Action owner"] in dictionary()
    found = recovered(tracker)
    assert 3 not in found, f"recovered {found.get(3)} of a deleted row"
    _, digests = record_of(tracker)
    assert 3 in digests, "the record is as it was: only the next update can drop it"


def test_the_record_holds_no_digit(tracker: Path) -> None:
    """Nothing in it reads as a number, a date or a computed result to a search of the file."""
    key, digests = record_of(tracker)
    texts = [key, *(digest for written in digests.values() for digest in written.values())]
    assert not any(char.isdigit() for text in texts for char in text)


def test_no_digest_is_of_a_value_alone(tracker: Path) -> None:
    """An unkeyed digest of a short value is its value to anyone with a dictionary."""
    _, digests = record_of(tracker)
    every = {digest for written in digests.values() for digest in written.values()}
    plain = Record(None, {}).digests_of(0, "", {str(i): w for i, w in enumerate(dictionary())})
    assert every.isdisjoint(plain.values())


def test_an_update_drops_what_belongs_to_a_deleted_row(tracker: Path, tmp_path: Path) -> None:
    delete_action(tracker, 3)
    result = update(tracker, one_new_action(tmp_path / "m.yaml"))
    assert result.exit_code == 0, result.output
    key, digests = record_of(tracker)
    sheet = openpyxl.load_workbook(tracker).active
    shown = {row[1] for row in sheet.iter_rows(min_row=FIRST_ROW, values_only=True) if row[1]}
    assert 3 not in shown
    assert set(digests) == shown
    assert len(key_from_text(key) or b"") == 16


def test_an_update_drops_the_digest_of_a_cell_changed_in_excel(
    tracker: Path, tmp_path: Path
) -> None:
    workbook = openpyxl.load_workbook(tracker)
    workbook.active[f"D{FIRST_ROW}"] = "Someone Else"  # action 1's owner
    workbook.save(tracker)
    _, before = record_of(tracker)
    assert "owner" in before[1]
    result = update(tracker, one_new_action(tmp_path / "m.yaml"))
    assert result.exit_code == 0, result.output
    _, after = record_of(tracker)
    assert "owner" not in after[1]
    assert "organisation" in after[1], "the cells nobody changed keep theirs"
    assert openpyxl.load_workbook(tracker).active[f"D{FIRST_ROW}"].value == "Someone Else"


def test_a_record_from_before_keyed_digests_still_merges_and_is_replaced(tracker: Path) -> None:
    """A tracker written by an earlier toolkit: plain digests, no key (its header has two
    cells). Its untouched cells still take the meeting's values, once, and it is rekeyed."""
    workbook = openpyxl.load_workbook(tracker)
    old = workbook[RECORD_SHEET]
    old.delete_rows(1, old.max_row)
    old.delete_cols(3)
    old.append(["number", "digests of the values the toolkit wrote"])
    names = dict(zip(["due", "owner", "organisation"], "IDE", strict=True))
    for row in workbook.active.iter_rows(min_row=FIRST_ROW, values_only=False):
        number = row[1].value
        values = {name: workbook.active[f"{col}{row[0].row}"].value for name, col in names.items()}
        pairs = " ".join(
            f"{name}={hashlib.blake2b(plain_text(value).encode(), digest_size=6).hexdigest()}"
            for name, value in sorted(values.items())
            if value is not None
        )
        old.append([number, pairs])
    workbook.save(tracker)
    result = update(tracker, SAMPLES / "review.yaml")
    assert result.exit_code == 0, result.output
    review = {a.number: a for a in load_meeting(SAMPLES / "review.yaml").meeting.actions}
    sheet = openpyxl.load_workbook(io.BytesIO(tracker.read_bytes())).active
    due = {row[1]: row[8] for row in sheet.iter_rows(min_row=FIRST_ROW, values_only=True)}
    assert due[6].date() == review[6].due, "a due date moved at the meeting moves"
    key, _ = record_of(tracker)
    assert len(key_from_text(key) or b"") == 16


def plain_text(value: Any) -> str:
    """How the earlier toolkit wrote a value before digesting it."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return " ".join(str(value).split()).casefold()
