"""`toolkit tracker update`: carrying actions across meetings without losing what people typed."""

from __future__ import annotations

import datetime as dt
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
from toolkit.protect import decrypt_bytes, encrypt_bytes, is_encrypted
from toolkit.render.tracker import render_tracker
from toolkit.tracker import TrackerRow, plan_update

PASSWORD = "correct horse battery staple"
FIRST_ROW = 4


def row(number: int, detail: str = "Audit the care plans", **fields: Any) -> TrackerRow:
    values: dict[str, Any] = {
        "meeting_date": dt.date(2026, 11, 20),
        "owner": "Bea Nurse",
        "organisation": "Westmere ICB",
        "update": None,
        "completed": None,
        "document_filed": None,
        "due": None,
        **fields,
    }
    return TrackerRow(number=number, detail=detail, **values)


def plan(existing: list[dict[str, Any]], rows: list[TrackerRow], **kwargs: Any) -> Any:
    numbered = list(enumerate(existing, start=FIRST_ROW))
    return plan_update(numbered, rows, tracker="t.xlsx", source="m.yaml", **kwargs)


def test_new_numbers_are_added_and_known_ones_matched_by_number() -> None:
    result = plan([{"number": 1, "detail": "Audit the care plans"}], [row(1), row(2)])
    assert [added.number for added in result.additions] == [2]
    assert result.conflicts == []


def test_same_number_different_detail_is_a_conflict_per_action() -> None:
    existing = [{"number": 1, "detail": "Audit the care plans"}, {"number": 2.0, "detail": "X"}]
    result = plan(existing, [row(1, "Something else"), row(2, "Y"), row(3)])
    assert len(result.conflicts) == 2
    assert result.conflicts[0].startswith("t.xlsx: action 1: row 4 says")
    assert "m.yaml says" in result.conflicts[0]
    assert all("\n" not in line for line in result.conflicts)


def test_detail_matches_ignoring_case_spacing_and_line_breaks() -> None:
    existing = [{"number": "1", "detail": "audit  the\ncare plans "}]
    assert plan(existing, [row(1)]).conflicts == []


def test_empty_cells_take_the_meetings_values() -> None:
    existing = [
        {
            "number": 1,
            "detail": "Audit the care plans",
            "meeting_date": dt.datetime(2026, 11, 20),
            "owner": "Bea Nurse",
            "organisation": "Westmere ICB",
        }
    ]
    meeting = row(1, completed=dt.date(2026, 12, 1), document_filed="Yes", update="Done.")
    changes = {(c.row, c.name): c.value for c in plan(existing, [meeting]).changes}
    assert changes == {
        (4, "completed"): dt.date(2026, 12, 1),
        (4, "document_filed"): "Yes",
        (4, "update"): "Done.",
    }


def test_cells_typed_in_excel_are_kept_and_reported() -> None:
    existing = [
        {
            "number": 1,
            "detail": "Audit the care plans",
            "document_filed": "No",
            "owner": "Cy",
            "organisation": "Westmere ICB",
        }
    ]
    result = plan(existing, [row(1, document_filed="Yes")])
    assert result.changes == []
    assert result.notes == [
        't.xlsx: action 1: kept action owner "Cy" typed in the tracker (row 4); '
        'the meeting says "Bea Nurse"',
        't.xlsx: action 1: kept if applicable relevant document filed? "No" typed in the '
        'tracker (row 4); the meeting says "Yes"',
    ]


def test_updates_are_a_dated_log_and_never_repeated() -> None:
    existing = [
        {
            "number": 1,
            "detail": "Audit the care plans",
            "meeting_date": dt.datetime(2026, 10, 2),
            "owner": "Bea Nurse",
            "organisation": "Westmere ICB",
        }
    ]
    first = plan(existing, [row(1, update="Half done.")]).changes
    assert [c.value for c in first] == ["20/11/2026: Half done."]
    existing[0]["update"] = "Typed in Excel.\n\n20/11/2026: Half done."
    assert plan(existing, [row(1, update="half  done.")]).changes == []
    later = row(1, update="All done.", meeting_date=dt.date(2026, 12, 18))
    [change] = plan(existing, [later]).changes
    assert change.value == "Typed in Excel.\n\n20/11/2026: Half done.\n\n18/12/2026: All done."


def render_to(path: Path, sample: str) -> Path:
    path.write_bytes(render_tracker(load_meeting(SAMPLES / f"{sample}.yaml").meeting))
    return path


def invoke(*args: str) -> Any:
    return CliRunner().invoke(main, ["tracker", "update", *map(str, args)])


def table(data: bytes) -> dict[int, dict[str, Any]]:
    """Action number -> header -> value, read back with openpyxl."""
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    headers = [cell.value for cell in sheet[3]]
    rows = {}
    for values in sheet.iter_rows(min_row=FIRST_ROW, values_only=True):
        if values[1] is not None:
            rows[values[1]] = dict(zip(headers, values, strict=False))
    return rows


def edit(path: Path, changes: dict[str, Any]) -> None:
    """Edit cells as a person would in Excel (openpyxl stands in for Excel)."""
    workbook = openpyxl.load_workbook(path)
    for ref, value in changes.items():
        workbook.active[ref] = value
    workbook.save(path)


def test_carry_forward_keeps_every_row_and_every_human_edit(tmp_path: Path) -> None:
    tracker = render_to(tmp_path / "tracker.xlsx", "initial")
    before = table(tracker.read_bytes())
    # people type in Excel between meetings: an update, a document filed, and a note column
    edit(tracker, {"F8": "Chased by phone 3/11", "H8": "No", "J3": "Notes", "J4": "see email"})
    result = invoke(tracker, SAMPLES / "review.yaml")
    assert result.exit_code == 0, result.output
    assert "4 actions added (11, 12, 13, 14)" in result.output
    after = table(tracker.read_bytes())
    assert set(before) <= set(after)
    for number, values in before.items():
        assert after[number]["Action detail"] == values["Action detail"]
        assert after[number]["Meeting date"] == values["Meeting date"], "first raised"
    review = {a.number: a for a in load_meeting(SAMPLES / "review.yaml").meeting.actions}
    assert after[5]["Action update"].startswith("Chased by phone 3/11\n\n06/11/2026: ")
    assert after[5]["If applicable relevant document filed?"] == "No", "typed in Excel"
    assert 'kept if applicable relevant document filed? "No"' in result.output
    assert after[1]["Notes"] == "see email", "a column people added"
    assert after[6]["Due date"].date() == review[6].due, "a due date moved at the meeting"
    assert after[11]["Meeting date"] == dt.datetime(2026, 11, 6)
    again = invoke(tracker, SAMPLES / "review.yaml")
    assert "0 actions added (none), 0 rows updated" in again.output
    assert table(tracker.read_bytes()) == after


def test_conflicts_are_all_reported_and_nothing_is_written(tmp_path: Path) -> None:
    tracker = render_to(tmp_path / "tracker.xlsx", "initial")
    original = tracker.read_bytes()
    data = yaml.safe_load((SAMPLES / "review.yaml").read_text(encoding="utf-8"))
    data["actions"][0]["detail"] = "A different action"
    data["actions"][2]["detail"] = "Another different action"
    meeting = tmp_path / "review.yaml"
    meeting.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = invoke(tracker, meeting)
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if "renumber" in line]
    assert len(lines) == 2
    assert all(line.startswith(f"{tracker}: action ") for line in lines)
    assert tracker.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["review.yaml", "tracker.xlsx"]


def test_encrypted_tracker_stays_encrypted_with_the_same_password(tmp_path: Path) -> None:
    tracker = tmp_path / "tracker.xlsx"
    plain = render_tracker(load_meeting(SAMPLES / "initial.yaml").meeting)
    tracker.write_bytes(encrypt_bytes(plain, PASSWORD))
    secret = tmp_path.parent / f"{tmp_path.name}-password.txt"
    secret.write_text(PASSWORD + "\n", encoding="utf-8")
    result = invoke(tracker, SAMPLES / "review.yaml", "--password-file", secret)
    assert result.exit_code == 0, result.output
    assert "encrypted" in result.output
    assert PASSWORD not in result.output
    data = tracker.read_bytes()
    assert is_encrypted(data)
    assert 14 in table(decrypt_bytes(data, PASSWORD))
    assert [p.name for p in tmp_path.iterdir()] == ["tracker.xlsx"], "no plaintext copy"


@pytest.mark.parametrize(
    ("password", "message"), [(None, "password protected"), ("x" * 12, "wrong password")]
)
def test_encrypted_tracker_without_the_right_password_is_refused(
    tmp_path: Path, password: str | None, message: str
) -> None:
    tracker = tmp_path / "tracker.xlsx"
    tracker.write_bytes(
        encrypt_bytes(render_to(tmp_path / "p.xlsx", "initial").read_bytes(), PASSWORD)
    )
    original = tracker.read_bytes()
    args: list[Any] = [tracker, SAMPLES / "review.yaml"]
    if password:
        secret = tmp_path.parent / f"{tmp_path.name}-wrong.txt"
        secret.write_text(password, encoding="utf-8")
        args += ["--password-file", secret]
    result = invoke(*args)
    assert result.exit_code == 2
    assert result.output.startswith(f"{tracker}: ")
    assert message in result.output
    assert tracker.read_bytes() == original


def test_a_councils_own_tracker_without_due_column_or_banner(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Meeting date", "Action no.", "Action detail", "Action owner", "Organisation"])
    sheet.append([dt.datetime(2026, 10, 2), 1, "=Old action", "Ann", "Westmere ICB"])
    tracker = tmp_path / "own.xlsx"
    workbook.save(tracker)
    data = yaml.safe_load((SAMPLES / "strategic.yaml").read_text(encoding="utf-8"))
    data["actions"] = data["actions"][:1]
    data["actions"][0]["detail"] = "=cmd|' /C calc'!A0"
    meeting = tmp_path / "m.yaml"
    meeting.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = invoke(tracker, meeting, "-o", tmp_path / "out.xlsx")
    assert result.exit_code == 0, result.output
    out = openpyxl.load_workbook(tmp_path / "out.xlsx").active
    assert [c.value for c in out[2]] == [
        dt.datetime(2026, 10, 2),
        1,
        "=Old action",
        "Ann",
        "Westmere ICB",
    ]
    added = out["C3"]
    assert added.value == "=cmd|' /C calc'!A0"
    assert added.data_type == "s"
    assert added.quotePrefix
    assert out["A3"].is_date


def test_a_missing_tracker_or_a_workbook_without_the_header(tmp_path: Path) -> None:
    result = invoke(tmp_path / "none.xlsx", SAMPLES / "review.yaml")
    assert result.exit_code == 2
    assert "no such tracker" in result.output
    other = tmp_path / "other.xlsx"
    openpyxl.Workbook().save(other)
    result = invoke(other, SAMPLES / "review.yaml")
    assert result.exit_code == 2
    assert f"{other}: no sheet has an action tracker header row" in result.output


def test_the_sample_series_carries_forward(tmp_path: Path) -> None:
    tracker = render_to(tmp_path / "tracker.xlsx", "initial")
    for sample in ("review", "strategic"):
        assert invoke(tracker, SAMPLES / f"{sample}.yaml").exit_code == 0
    rows = table(tracker.read_bytes())
    assert sorted(rows) == list(range(1, 18))
    strategic = {a.number: a for a in load_meeting(SAMPLES / "strategic.yaml").meeting.actions}
    assert rows[6]["Action completed / date completed"].date() == strategic[6].completed
    assert rows[6]["Due date"].date() == strategic[6].due


def test_an_update_marks_a_draft_tracker_as_agreed(tmp_path: Path) -> None:
    tracker = tmp_path / "tracker.xlsx"
    tracker.write_bytes(render_tracker(load_meeting(SAMPLES / "initial.yaml").meeting, draft=True))
    result = invoke(str(tracker), str(SAMPLES / "review.yaml"))
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(tracker).active
    assert sheet["A1"].value == "OFFICIAL-SENSITIVE"
    assert sheet.oddHeader.center.text == sheet.firstFooter.center.text == "OFFICIAL-SENSITIVE"


def test_an_update_marks_a_councils_own_tracker_without_touching_its_cells(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Meeting date", "Action no.", "Action detail", "Action owner", "Organisation"])
    tracker = tmp_path / "own.xlsx"
    workbook.save(tracker)
    result = invoke(str(tracker), str(SAMPLES / "initial.yaml"))
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(tracker).active
    assert sheet["A1"].value == "Meeting date"
    assert sheet.oddHeader.center.text == sheet.evenFooter.center.text == "OFFICIAL-SENSITIVE"
