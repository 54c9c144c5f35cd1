"""Action numbers: one reading for meeting files and tracker cells (issue 10)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from tests.conftest import SAMPLES
from toolkit.cli import main
from toolkit.errors import InputError
from toolkit.load import load_meeting, load_meeting_text
from toolkit.model import action_number
from toolkit.render.tracker import render_tracker

#: Text that str.isdigit() (or isdecimal) accepts but that is no number in the digits 0-9.
LOOKALIKES = ["²", "①", "٣", "３", "1²"]


def update(tracker: Path) -> Any:
    """Run `toolkit tracker update TRACKER samples/review.yaml`."""
    return CliRunner().invoke(
        main, ["tracker", "update", str(tracker), str(SAMPLES / "review.yaml")]
    )


@pytest.mark.parametrize(
    ("value", "number"),
    [
        (3, 3),
        (3.0, 3),
        ("3", 3),
        (" 03 ", 3),
        (3.5, None),
        (True, None),
        ("three", None),
        ("+3", None),
        ("3_0", None),
        ("", None),
        (None, None),
        ("9" * 5000, None),
        *[(text, None) for text in LOOKALIKES],
    ],
    ids=repr,
)
def test_one_reading_of_an_action_number(value: Any, number: int | None) -> None:
    assert action_number(value) == number


@pytest.mark.parametrize("text", [*LOOKALIKES, "+3", "3_0"])
def test_the_model_reads_numbers_as_the_tracker_does(text: str) -> None:
    """A number the tracker would not match is no number in a meeting file either."""
    source = (SAMPLES / "strategic.yaml").read_text(encoding="utf-8")
    source = source.replace("number: 6\n", f"number: {text!r}\n", 1)
    assert f"number: {text!r}" in source
    with pytest.raises(InputError) as caught:
        load_meeting_text(source, "m.yaml")
    (problem,) = caught.value.problems
    assert problem.endswith("actions[0].number: must be a whole number such as 3")


@pytest.mark.parametrize("text", LOOKALIKES)
def test_a_tracker_number_in_other_digits_is_one_line_naming_the_cell(
    tmp_path: Path, text: str
) -> None:
    tracker = tmp_path / "tracker.xlsx"
    tracker.write_bytes(render_tracker(load_meeting(SAMPLES / "initial.yaml").meeting))
    workbook = openpyxl.load_workbook(tracker)
    workbook.active["B5"] = text  # action 2, typed in Excel with a superscript or a circle
    workbook.save(tracker)
    original = tracker.read_bytes()
    result = update(tracker)
    assert result.exit_code == 2, result.output
    assert "unexpected" not in result.output
    (line,) = result.output.splitlines()
    assert line.startswith(f"{tracker}: row 5, column B (Action no.): ")
    assert "digits 0-9" in line
    assert tracker.read_bytes() == original


def test_other_text_in_the_number_column_is_left_alone(tmp_path: Path) -> None:
    """Text that is no number at all (a sub-action "2a", "TBC") stays as it was, unmatched."""
    tracker = tmp_path / "tracker.xlsx"
    tracker.write_bytes(render_tracker(load_meeting(SAMPLES / "initial.yaml").meeting))
    workbook = openpyxl.load_workbook(tracker)
    workbook.active.append([None, "2a", "A sub-action typed in Excel"])
    workbook.save(tracker)
    result = update(tracker)
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(tracker).active
    assert "2a" in [row[1] for row in sheet.iter_rows(values_only=True)]
