"""A provider concern (one entry of the register): what it refuses, what `check` says while it is
open and once concluded, and the one-page record."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from click.testing import CliRunner

from tests.conftest import SAMPLES
from tests.office import assert_marked_top_and_bottom, pdf_pages, to_pdf
from toolkit.check import check_document, check_meeting
from toolkit.cli import main
from toolkit.errors import InputError
from toolkit.frameworks import CLASSIFICATION
from toolkit.kinds.concern import ConcernPaper
from toolkit.load import load_meeting, load_meeting_text
from toolkit.profile import Profile, Rule, use_profile
from toolkit.render import render_meeting

D = dt.date
SAMPLE = SAMPLES / "concern.yaml"


def data(**concern: Any) -> dict[str, Any]:
    """The sample concern as data, with ``concern`` fields replaced (None removes one)."""
    loaded: dict[str, Any] = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    for key, value in concern.items():
        if value is None:
            loaded["concern"].pop(key, None)
        else:
            loaded["concern"][key] = value
    return loaded


def concern(paper: dict[str, Any]) -> ConcernPaper:
    text = yaml.safe_dump(paper, sort_keys=False)
    result = load_meeting_text(text, "concern.yaml").meeting
    assert isinstance(result, ConcernPaper)
    return result


def problems(paper: dict[str, Any]) -> list[str]:
    with pytest.raises(InputError) as refused:
        concern(paper)
    return refused.value.lines()


def open_concern() -> dict[str, Any]:
    return data(outcome="open", outcome_date=None)


def test_the_sample_is_a_concluded_concern_about_the_samples_provider() -> None:
    paper = load_meeting(SAMPLE).meeting
    assert isinstance(paper, ConcernPaper)
    assert paper.concern.outcome == "substantiated"
    assert paper.provider == load_meeting(SAMPLES / "initial.yaml").meeting.provider


def test_a_concluded_concern_needs_its_outcome_date_on_its_line() -> None:
    (line,) = problems(data(outcome_date=None))
    assert line.startswith("concern.yaml:")
    assert line.endswith("concern.outcome_date: required when the outcome is substantiated")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"outcome": "open"}, "concern.outcome_date: an open concern has no outcome date"),
        ({"outcome_date": "2026-09-20"}, "concern.outcome_date: is before the concern was raised"),
        ({"types": []}, "concern.types: needs at least one entry"),
        ({"types": ["neglect", "neglect"]}, "concern.types[1]: neglect is listed twice"),
        ({"types": ["rudeness"]}, "concern.types[0]: must be 'physical'"),
        ({"source": "gossip"}, "concern.source: must be 'safeguarding'"),
        ({"service_users_referred": 2.5}, "must be a whole number"),
        ({"service_users_referred": True}, "must be a whole number"),
        ({"service_users_reviewed": -1}, "concern.service_users_reviewed: "),
        ({"service_user_names": ["Mrs A"]}, "concern.service_user_names: unknown field"),
    ],
)
def test_what_the_register_cannot_hold_is_refused(changes: dict[str, Any], message: str) -> None:
    lines = problems(data(**changes))
    assert any(message in line for line in lines), lines


def test_an_open_concern_is_warned_of_once_beyond_its_deadline() -> None:
    paper = concern(open_concern())
    early = check_meeting(paper, today=D(2026, 10, 19))
    assert {f.code: f.severity.value for f in early.findings} == {"concern-open": "info"}
    late = check_meeting(paper, today=D(2026, 10, 20))
    assert {f.code for f in late.warnings} == {"concern-open-overdue"}
    assert late.complete
    with use_profile(Profile(deadlines={"concern": Rule(56)})):
        assert not check_meeting(paper, today=D(2026, 10, 20)).warnings


def test_a_concluded_concern_says_its_outcome() -> None:
    report = check_meeting(load_meeting(SAMPLE).meeting, today=D(2027, 1, 1))
    assert [(f.code, f.message) for f in report.findings] == [
        ("concern-concluded", "substantiated on Friday 30 October 2026")
    ]


def test_a_summary_left_as_a_placeholder_is_incomplete() -> None:
    report = check_meeting(concern(data(summary="TBC")), today=D(2026, 10, 1))
    assert not report.complete


def test_new_writes_a_blank_concern_that_validates_once_filled_in(tmp_path: Path) -> None:
    target = tmp_path / "concern.yaml"
    assert CliRunner().invoke(main, ["new", "concern", "-o", str(target)]).exit_code == 0
    text = target.read_text(encoding="utf-8").replace('raised: ""', "raised: 21/09/2026")
    text = text.replace("types: []", "types: [neglect]").replace('""', '"Tŷ Gwyn & <Co>"')
    paper = concern(yaml.safe_load(text))
    assert (paper.concern.outcome, paper.concern.types) == ("open", ["neglect"])


def test_the_record_prints_the_facts_and_is_checked_like_the_file() -> None:
    (file,) = render_meeting(load_meeting(SAMPLE).meeting)
    document = docx.Document(io.BytesIO(file.data))
    facts = {row.cells[0].text: row.cells[1].text for t in document.tables for row in t.rows}
    assert facts["Raised"] == "Monday 21 September 2026"
    assert (
        facts["Types of abuse or neglect"] == "Neglect and acts of omission\nOrganisational abuse"
    )
    assert facts["Service users referred"] == "3 service users"
    assert facts["Outcome"] == "Substantiated on Friday 30 October 2026"
    report = check_document(file.data, source=file.name, today=D(2026, 10, 1))
    assert report.kind == "concern"
    assert report.complete, report.summary()


@pytest.mark.libreoffice
def test_an_open_concern_prints_on_one_marked_page(tmp_path: Path) -> None:
    (file,) = render_meeting(concern(open_concern()))
    source = tmp_path / "concern.docx"
    source.write_bytes(file.data)
    pages = pdf_pages(to_pdf(source, tmp_path))
    assert len(pages) == 1
    assert_marked_top_and_bottom(pages, CLASSIFICATION)
    assert "Open: an outcome is expected by Monday 19 October 2026" in pages[0]
