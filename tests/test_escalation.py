"""The escalation level of the West Midlands framework (issue 12, item 5): validated with
FILE:LINE, printed near the top of the record with the level's name."""

from __future__ import annotations

import io

import docx
import pytest

from tests.conftest import SAMPLES
from toolkit.decisions import ESCALATION_LEVELS
from toolkit.errors import InputError
from toolkit.load import load_meeting_text
from toolkit.render.record import render_record

INITIAL = (SAMPLES / "initial.yaml").read_text(encoding="utf-8")
#: The sample's suspension block, before which the escalation block goes.
ANCHOR = "\nsuspension:\n"


def with_escalation(block: str, text: str = INITIAL) -> str:
    assert ANCHOR in text
    return text.replace(ANCHOR, f"\nescalation:\n{block}{ANCHOR}", 1)


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def problems(text: str) -> list[str]:
    with pytest.raises(InputError) as refused:
        load_meeting_text(text, "m.yaml")
    return refused.value.lines()


def details(data: bytes) -> dict[str, str]:
    """The provider details table, label -> value."""
    table = docx.Document(io.BytesIO(data)).tables[0]
    return {row.cells[0].text: row.cells[1].text for row in table.rows}


def test_an_entry_point_without_a_reason_is_refused_at_its_line() -> None:
    text = with_escalation("  level: 4\n  entry_point: true\n")
    (problem,) = problems(text)
    assert problem.startswith(f"m.yaml:{line_of(text, '  entry_point: true')}: ")
    assert "escalation.entry_point: entering at level 4 without going through" in problem
    assert "reason" in problem


def test_a_blank_reason_is_refused_at_its_own_line() -> None:
    text = with_escalation('  level: 5\n  entry_point: true\n  reason: "  "\n')
    (problem,) = problems(text)
    assert problem.startswith(f"m.yaml:{line_of(text, '  reason:')}: escalation.reason: ")


@pytest.mark.parametrize("level", ["0", "6", "true", "four", "3.5"])
def test_a_level_is_a_whole_number_from_1_to_5(level: str) -> None:
    text = with_escalation(f"  level: {level}\n")
    (problem,) = problems(text)
    assert problem.startswith(f"m.yaml:{line_of(text, '  level:')}: escalation.level: ")
    assert "must be a level from 1 to 5" in problem
    assert "4 Multi-agency meetings regarding organisational failure" in problem


def test_an_unknown_field_gets_a_suggestion() -> None:
    (problem,) = problems(with_escalation("  level: 2\n  entry_pont: false\n"))
    assert problem.endswith("escalation.entry_pont: unknown field; did you mean 'entry_point'?")


@pytest.mark.parametrize("kind", ["initial", "review", "outcome"])
def test_every_record_prints_the_level_by_name_near_the_top(kind: str) -> None:
    text = (SAMPLES / f"{kind}.yaml").read_text(encoding="utf-8")
    text = text.replace("\nescalation:\n  level: 3\n", "\n")  # the outcome sample's own
    block = "  level: 4\n  entry_point: true\n  reason: Serious harm at night & a police case\n"
    meeting = load_meeting_text(with_escalation(block, text), "m.yaml").meeting
    assert details(render_record(meeting))["Escalation level"] == (
        "4 — Multi-agency meetings regarding organisational failure "
        "(entered at this level: Serious harm at night & a police case)"
    )


def test_a_level_reached_through_the_levels_below_is_named_alone() -> None:
    meeting = load_meeting_text(with_escalation("  level: 2\n"), "m.yaml").meeting
    assert details(render_record(meeting))["Escalation level"] == f"2 — {ESCALATION_LEVELS[2]}"


def test_a_record_without_a_level_leaves_the_row_out() -> None:
    meeting = load_meeting_text(INITIAL, "m.yaml").meeting
    rows = details(render_record(meeting))
    assert "Escalation level" not in rows
    assert rows["New admissions and placements"].startswith("Suspension imposed from")


def test_a_strategic_meeting_has_no_escalation_block() -> None:
    text = (SAMPLES / "strategic.yaml").read_text(encoding="utf-8") + "escalation: {level: 3}\n"
    (problem,) = problems(text)
    assert "escalation: unknown field" in problem
