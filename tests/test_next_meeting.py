"""The optional next_meeting field: validated, and printed written out in records and minutes."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

from toolkit.errors import InputError
from toolkit.load import load_meeting, load_meeting_text
from toolkit.render.record import render_record
from toolkit.render.strategic import render_minutes

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def _text(data: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def test_the_record_prints_the_next_meeting_written_out() -> None:
    meeting = load_meeting(SAMPLES / "review.yaml").meeting
    assert "Friday 4 December 2026 at 10:00, Microsoft Teams" in _text(render_record(meeting))


def test_the_minutes_print_the_next_meeting_under_its_heading() -> None:
    meeting = load_meeting(SAMPLES / "strategic.yaml").meeting
    text = _text(render_minutes(meeting))
    assert "Next meeting\nFriday 18 December 2026 at 14:00, Microsoft Teams" in text


def test_without_next_meeting_the_record_points_to_the_section_that_agreed_it() -> None:
    text = (SAMPLES / "initial.yaml").read_text(encoding="utf-8")
    start = text.index("\nnext_meeting:")
    end = text.index("\ncirculation:")
    meeting = load_meeting_text(text[:start] + text[end:]).meeting
    assert meeting.next_meeting is None
    assert "As agreed under “Agree timescales for further meetings” above." in _text(
        render_record(meeting)
    )


def test_a_next_meeting_needs_a_real_date() -> None:
    text = (SAMPLES / "initial.yaml").read_text(encoding="utf-8")
    text = text.replace("next_meeting:\n  date: 2026-11-06", "next_meeting:\n  date: 31/11/2026")
    with pytest.raises(InputError) as caught:
        load_meeting_text(text, "m.yaml")
    (line,) = caught.value.lines()
    assert line.startswith("m.yaml:")
    assert ": next_meeting.date: " in line
