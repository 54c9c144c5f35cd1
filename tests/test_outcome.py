"""The Outcome and Lessons Learned meeting (issue 12, item 1): its headings, deadline, sample
and record, read back as a chair would read them (the contract test covers the rest)."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import docx
import pytest

from tests.conftest import SAMPLES
from tests.office import assert_marked_top_and_bottom, page_lines, pdf_pages, to_pdf
from toolkit import kinds
from toolkit.check import check_document
from toolkit.frameworks import CLASSIFICATION
from toolkit.kinds.outcome import HEADINGS
from toolkit.load import load_meeting
from toolkit.profile import active, load_profile, use_profile
from toolkit.render.record import render_record

#: The contract's keys, in its order (shared/spec/meeting-input.md, kind: outcome).
CONTRACT_KEYS = [
    "purpose",
    "action_plan_complete",
    "sustained_safe_standard",
    "investigation_outcomes",
    "suspension_outcome",
    "lessons_learned",
    "good_practice",
    "communication",
    "ongoing_monitoring",
    "minutes_circulation",
    "dsp_informed",
]


@pytest.fixture(scope="module")
def outcome() -> object:
    return load_meeting(SAMPLES / "outcome.yaml").meeting


@pytest.fixture(scope="module")
def record(outcome: object) -> bytes:
    return render_record(outcome)  # type: ignore[arg-type]


def _text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_headings_are_the_contracts_eleven_in_order() -> None:
    assert [heading.key for heading in HEADINGS] == CONTRACT_KEYS
    assert kinds.get("outcome").section_keys() == tuple(CONTRACT_KEYS)
    assert all(heading.prompt and len(heading.prompt) <= 100 for heading in HEADINGS)


def test_minutes_are_due_in_14_days_unless_the_profile_says_otherwise(tmp_path: Path) -> None:
    kind = kinds.get("outcome")
    assert kind.due_after(dt.date(2027, 3, 12)) == dt.date(2027, 3, 26)
    profile = tmp_path / "ours.toml"
    profile.write_text("[deadlines]\noutcome = { days = 10 }\n", encoding="utf-8")
    with use_profile(load_profile(profile, kinds=kinds.names())):
        assert active().deadline_for("outcome", kind.deadline).days == 10
        assert kind.due_after(dt.date(2027, 3, 12)) == dt.date(2027, 3, 22)


def test_the_sample_continues_the_larkspur_story(outcome: object) -> None:
    review = load_meeting(SAMPLES / "review.yaml").meeting
    assert outcome.provider == review.provider  # type: ignore[attr-defined]
    assert outcome.meeting.chair == review.meeting.chair  # type: ignore[attr-defined]
    assert outcome.previous_meeting > review.meeting.date  # type: ignore[attr-defined]
    numbers = [action.number for action in outcome.actions]  # type: ignore[attr-defined]
    assert min(numbers) > max(action.number for action in review.actions)
    assert any(action.completed for action in outcome.actions)  # type: ignore[attr-defined]


def test_the_record_reads_as_the_end_of_the_procedure(record: bytes) -> None:
    text = _text(record)
    assert "Record of the Outcome and Lessons Learned Meeting" in text
    assert "Friday 15 January 2027" in text  # the previous meeting, written out
    assert "3 — Quality / contractual intervention" in text
    assert "None: this meeting concludes the procedure." in text
    assert "Progress" in text  # the action plan shows progress, as a review's does
    assert "Friday 26 March 2027, within 14 days of the meeting" in text
    assert "Placement decision" not in text  # no restriction was recorded in 4LSAB's terms
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text), "an ISO date in the record"


def test_the_record_checks_complete_and_is_found_by_its_title(record: bytes) -> None:
    report = check_document(record, source="o.docx", today=dt.date(2027, 3, 12))
    assert report.kind == "outcome"
    assert report.complete, report.summary()
    assert len(report.headings) == 11


@pytest.mark.libreoffice
def test_every_page_is_marked_and_no_heading_is_left_at_a_page_foot(
    record: bytes, tmp_path: Path
) -> None:
    source = tmp_path / "outcome.docx"
    source.write_bytes(record)
    pages = pdf_pages(to_pdf(source, tmp_path))
    assert_marked_top_and_bottom(pages, CLASSIFICATION)
    titles = {heading.title for heading in HEADINGS}
    for number, page in enumerate(pages, start=1):
        body = [line for line in page_lines(page) if not line.startswith("Page ")][1:-1]
        assert body, f"page {number} is empty"
        assert not any(title.startswith(body[-1]) for title in titles), (
            f"page {number} ends with a heading: {body[-1]!r}"
        )
