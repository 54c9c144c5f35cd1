"""`register report`: the trend workbook read back: its numbers, charts, marking on every sheet,
encryption with a password, and small counts suppressed when publishable."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import openpyxl
from click.testing import CliRunner

from tests.test_register_helpers import add, concern, provider
from toolkit.cli import main
from toolkit.protect import decrypt_bytes

pytest_plugins = ["tests.test_register_helpers"]
PASSWORD = "otter-brisk-lantern-quarry-velvet"


def fill(register: Any) -> None:
    oak = provider("Oakview Care Home", cqc_location_id="1-1")
    rose = provider("=Rose Court", cqc_location_id="1-2")  # a name Excel would take for a formula
    add(
        register,
        *[concern(f"2026-01-{d:02d}", who=oak, types=("neglect",)) for d in range(1, 7)],
        concern("2026-03-02", who=oak, types=("physical", "neglect"), outcome="substantiated",
                outcome_date="2026-04-01"),
        concern("2026-02-10", who=rose, types=("financial",)),
        concern("2025-06-10", who=rose, types=("sexual",)),
    )  # fmt: skip


def sheets(data: bytes) -> dict[str, list[tuple[Any, ...]]]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return {s.title: list(s.iter_rows(values_only=True)) for s in book.worksheets}


def test_the_report_counts_per_month_type_and_outcome_with_charts_and_marking(
    register: Any,
) -> None:
    fill(register)
    data = register.report(start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Summary", "Per month", "By type", "By outcome"]
    for sheet in book.worksheets:
        assert "OFFICIAL-SENSITIVE" in sheet.oddHeader.center.text
        assert "OFFICIAL-SENSITIVE" in sheet.oddFooter.center.text
        assert sheet["A1"].value.startswith("OFFICIAL-SENSITIVE")
    assert len(book["Per month"]._charts) == 1
    assert len(book["By type"]._charts) == 1
    assert len(book["By outcome"]._charts) == 1
    rows = sheets(data)
    month = rows["Per month"]
    header = month[4]
    assert header == ("Month", "=Rose Court (1-2)", "Oakview Care Home (1-1)")
    assert book["Per month"].cell(5, 2).data_type == "s"  # text, not a formula
    assert month[5:] == [("2026-01", 0, 6), ("2026-02", 1, 0), ("2026-03", 0, 1)]
    assert rows["By type"][5:] == [("financial", 1), ("neglect", 7), ("physical", 1)]
    assert rows["By outcome"][5:] == [
        ("open", 7),
        ("substantiated", 1),
        ("unsubstantiated", 0),
        ("undetermined", 0),
    ]
    # the 2025 concern is outside the period
    assert ("sexual", 1) not in rows["By type"]


def test_a_publishable_report_shows_small_counts_as_under_five(register: Any) -> None:
    fill(register)
    rows = sheets(register.report(publishable=True))
    assert rows["By type"][5:] == [
        ("financial", "<5"),
        ("neglect", 7),
        ("physical", "<5"),
        ("sexual", "<5"),
    ]
    assert ("open", 8) in rows["By outcome"]
    assert ("substantiated", "<5") in rows["By outcome"]
    assert "Counts from 1 to 4 are shown as <5." in rows["Summary"][2][0]


def test_the_command_writes_an_encrypted_report(db: str, tmp_path: Path) -> None:
    from toolkit.register import open_register

    with open_register(db) as register:
        fill(register)
    password_file = tmp_path / "pw.txt"
    password_file.write_text(PASSWORD + "\n")
    out = tmp_path / "report.xlsx"
    result = CliRunner().invoke(
        main,
        ["register", "report", "--db", db, "-o", str(out), "--password-file", str(password_file)],
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{out}: report written (password protected)\n"
    assert PASSWORD not in result.output
    rows = sheets(decrypt_bytes(out.read_bytes(), PASSWORD))
    assert ("neglect", 7) in rows["By type"]
    again = CliRunner().invoke(main, ["register", "report", "--db", db, "-o", str(out)])
    assert again.exit_code == 2
    assert "already exists" in again.stderr
