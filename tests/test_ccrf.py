"""The Concerns/Compliments Reporting Form (Barnsley procedure): what it refuses, what `check`
says of its stage and lateness, `toolkit due`, and the Word form as its reader sees it."""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from click.testing import CliRunner

from tests.conftest import SAMPLES
from tests.office import assert_marked_top_and_bottom, pdf_pages, to_pdf
from tests.test_load import FICTIONAL_EMAIL, FICTIONAL_PHONE
from toolkit import kinds
from toolkit.check import check_document, check_meeting
from toolkit.cli import main
from toolkit.errors import InputError
from toolkit.frameworks import CLASSIFICATION
from toolkit.kinds.ccrf_model import CcrfPaper
from toolkit.load import load_meeting, load_meeting_text
from toolkit.profile import Profile, Rule, use_profile
from toolkit.render import render_meeting

D = dt.date
SAMPLE = SAMPLES / "ccrf.yaml"
#: The day after the sample's concern was identified, before its form fell due.
NEXT_DAY = D(2026, 11, 19)


def data(**report: Any) -> dict[str, Any]:
    """The sample form as data, with ``report`` fields replaced (None removes one)."""
    loaded: dict[str, Any] = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    for key, value in report.items():
        if value is None:
            loaded["report"].pop(key, None)
        else:
            loaded["report"][key] = value
    return loaded


def form(paper: dict[str, Any]) -> CcrfPaper:
    result = load_meeting_text(yaml.safe_dump(paper, sort_keys=False), "form.yaml").meeting
    assert isinstance(result, CcrfPaper)
    return result


def problems(paper: dict[str, Any]) -> list[str]:
    with pytest.raises(InputError) as refused:
        form(paper)
    return refused.value.lines()


def codes(paper: CcrfPaper, today: dt.date = NEXT_DAY) -> dict[str, str]:
    return {f.code: f.severity.value for f in check_meeting(paper, today=today).findings}


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


# --- the file ----------------------------------------------------------------------------


def test_the_sample_is_a_screened_concern_with_fictional_contacts() -> None:
    paper = load_meeting(SAMPLE).meeting
    assert isinstance(paper, CcrfPaper)
    assert (paper.report.type, paper.stage()) == ("concern", "screened")
    assert paper.provider.name == load_meeting(SAMPLES / "initial.yaml").meeting.provider.name
    people = [paper.report.professional]
    assert all(FICTIONAL_PHONE.fullmatch(p.phone or "") for p in people)
    assert all(FICTIONAL_EMAIL.fullmatch(p.email or "") for p in people)


def test_a_concern_needs_abuse_suspected_and_who_at_the_provider_was_told() -> None:
    lines = problems(data(abuse_suspected=None, raised_with_provider=None))
    assert any(
        re.match(r"form\.yaml:\d+: report\.abuse_suspected: required for a concern", x)
        for x in lines
    )
    assert any("report.raised_with_provider: required for a concern" in x for x in lines)


def test_a_compliment_needs_neither() -> None:
    paper = form(data(type="compliment", abuse_suspected=None, raised_with_provider=None))
    assert paper.report.type == "compliment"
    assert "ccrf-reported" not in codes(paper)  # screened in the sample
    assert check_meeting(paper, today=D(2026, 11, 19)).complete


def test_suspected_abuse_needs_the_time_the_safeguarding_concern_was_raised() -> None:
    (line,) = problems(data(abuse_suspected=True))
    assert re.match(
        r"form\.yaml:\d+: report\.safeguarding_concern_raised: required when abuse", line
    )


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("2026-11-18", "needs a time as well as the date"),
        ("18/11/2026 25:00", "'25:00' is not a time"),
        ("yesterday at four", "is not a date and time"),
        ("2026-02-30T10:00", "not a real date"),
    ],
)
def test_a_bad_date_and_time_is_refused_on_its_line(written: str, message: str) -> None:
    (line,) = problems(data(abuse_suspected=True, safeguarding_concern_raised=written))
    text = yaml.safe_dump(
        data(abuse_suspected=True, safeguarding_concern_raised=written), sort_keys=False
    )
    number = next(i for i, x in enumerate(text.splitlines(), 1) if "safeguarding_concern" in x)
    assert line.startswith(f"form.yaml:{number}: report.safeguarding_concern_raised: ")
    assert message in line


@pytest.mark.parametrize("written", ["2026-11-18T16:30", "2026-11-18 16:30", "18/11/2026 16:30"])
def test_a_date_and_time_is_read_as_people_write_it(written: str) -> None:
    paper = form(data(abuse_suspected=True, safeguarding_concern_raised=written))
    assert paper.report.safeguarding_concern_raised == dt.datetime(2026, 11, 18, 16, 30)
    dumped = paper.model_dump(mode="json")
    assert form(dumped) == paper


def test_dates_before_the_identification_are_refused() -> None:
    lines = problems(data(submitted="2026-11-17"))
    assert any("report.submitted: is before the concern was identified" in x for x in lines)


def test_a_compliment_cannot_suspect_abuse() -> None:
    lines = problems(
        data(
            type="compliment", abuse_suspected=True, safeguarding_concern_raised="2026-11-18T16:30"
        )
    )
    assert any("report.abuse_suspected: a compliment reports good practice" in x for x in lines)


def test_there_is_no_field_for_anything_else() -> None:
    lines = problems(data(resident_name="Mrs A"))
    assert any("report.resident_name: unknown field" in x for x in lines)


# --- check: stage and lateness -------------------------------------------------------------


def test_the_stage_is_reported_screened_then_followed_up() -> None:
    reported = copy.deepcopy(data())
    del reported["screening"]
    assert codes(form(reported))["ccrf-reported"] == "info"
    assert codes(form(data()))["ccrf-screened"] == "info"
    followed = data()
    followed["follow_up"] = {"provider_contacted": "2026-11-23", "actions_confirmed": True}
    assert codes(form(followed))["ccrf-followed-up"] == "info"
    followed["follow_up"]["actions_confirmed"] = False
    assert codes(form(followed))["ccrf-actions-not-confirmed"] == "warning"


def test_a_form_sent_more_than_three_days_after_is_late() -> None:
    assert "ccrf-form-late" not in codes(form(data(submitted="2026-11-21")))
    report = check_meeting(form(data(submitted="2026-11-22")), today=D(2026, 11, 30))
    (late,) = [f for f in report.findings if f.code == "ccrf-form-late"]
    assert late.severity.value == "warning"
    assert "Sunday 22 November 2026, 1 day after it was due" in late.message
    assert report.complete  # a late form is still sent: a warning, not an error


def test_a_form_not_sent_is_overdue_only_once_the_date_has_passed() -> None:
    unsent = form(data(submitted=None))
    assert "ccrf-form-overdue" not in codes(unsent, today=D(2026, 11, 21))
    assert codes(unsent, today=D(2026, 11, 22))["ccrf-form-overdue"] == "warning"


def test_the_profile_sets_the_forms_deadline() -> None:
    late = form(data(submitted="2026-11-23"))
    assert "ccrf-form-late" in codes(late)
    with use_profile(Profile(deadlines={"ccrf": Rule(5)})):
        assert "ccrf-form-late" not in codes(late)
        assert kinds.get("ccrf").due(late) == D(2026, 11, 23)


@pytest.mark.parametrize(
    ("raised", "late"),
    [("2026-11-18T16:30", False), ("2026-11-19T23:59", False), ("2026-11-20T00:01", True)],
)
def test_a_safeguarding_concern_is_due_within_24_hours(raised: str, late: bool) -> None:
    """The form records the day identified, not the hour: the 24 hours run from its end."""
    paper = form(data(abuse_suspected=True, safeguarding_concern_raised=raised))
    found = codes(paper)
    assert ("ccrf-safeguarding-concern-late" in found) is late
    assert "ccrf-form-late" not in found


def test_suspected_abuse_without_immediate_safety_is_warned() -> None:
    paper = form(
        data(
            abuse_suspected=True,
            safeguarding_concern_raised="2026-11-18T17:00",
            immediate_safety="",
        )
    )
    assert codes(paper)["ccrf-immediate-safety-missing"] == "warning"


def test_a_placeholder_professional_is_an_error() -> None:
    paper = data()
    paper["report"]["professional"]["name"] = "TBC"
    report = check_meeting(form(paper), today=D(2026, 11, 19))
    assert "ccrf-professional-missing" in {f.code for f in report.errors}
    assert not report.complete


# --- the command line ----------------------------------------------------------------------


def test_due_by_kind_and_date() -> None:
    result = CliRunner().invoke(
        main, ["due", "--kind", "ccrf", "--date", "2026-11-18", "--today", "2026-11-20"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.strip() == (
        "concerns/compliments reporting form on Wednesday 18 November 2026: form due by "
        "Saturday 21 November 2026 (within 3 days of identification); 1 day to go"
    )


def test_due_of_a_file_counts_from_the_day_identified() -> None:
    result = CliRunner().invoke(main, ["due", str(SAMPLE), "--today", "2026-11-20"])
    assert result.exit_code == 0, result.output
    assert "form due by Saturday 21 November 2026 (within 3 days of identification)" in (
        result.output
    )


def test_new_writes_a_blank_form_that_validates_once_filled_in(tmp_path: Path) -> None:
    target = tmp_path / "form.yaml"
    result = CliRunner().invoke(main, ["new", "ccrf", "-o", str(target)])
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    text = text.replace('identified: ""', "identified: 18/11/2026")
    text = text.replace("# date: 2026-11-18", "date: 2026-11-18").replace('""', '"Zoë & <Siân>"')
    paper = form(yaml.safe_load(text))
    assert paper.report.professional.name == "Zoë & <Siân>"
    assert paper.stage() == "reported"


def test_check_prints_the_stage_and_what_falls_due() -> None:
    result = CliRunner().invoke(main, ["check", str(SAMPLE), "--today", "2026-11-20"])
    assert result.exit_code == 0, result.output
    assert "info: screened: by Marcus Fenwick-Oyelaran" in result.output
    assert "form due by Saturday 21 November 2026" in result.output


# --- the Word form -------------------------------------------------------------------------


def test_the_form_prints_each_part_and_leaves_boxes_for_what_is_not_done() -> None:
    (file,) = render_meeting(load_meeting(SAMPLE).meeting)
    text = docx_text(file.data)
    for part in (
        "1. Provider",
        "2. Professional completing the form",
        "3. Concern or compliment",
        "4. Description of the concern or compliment",
        "5. Abuse and immediate safety",
        "6. Raised with the provider's manager",
        "7. Actions agreed with the provider's manager",
        "For completion by the safeguarding team manager",
        "For completion by the contracts team",
    ):
        assert part in text
    assert "\u2612 Concern (an area for improvement)" in text
    assert "\u2612 Low level: pass to the contracts team" in text
    assert "\u2610 Yes      \u2610 No" in text  # the contracts team's choice, not yet made
    assert "Wednesday 18 November 2026" in text
    document = docx.Document(io.BytesIO(file.data))
    contacted = [
        r for t in document.tables for r in t.rows if r.cells[0].text == "Provider contacted on"
    ]
    assert contacted[0].cells[1].text == ""


def test_a_word_form_is_checked_for_its_stage() -> None:
    paper = data()
    (screened,) = render_meeting(form(paper))
    report = check_document(screened.data, source="form.docx", today=D(2026, 11, 19))
    assert report.kind == "ccrf"
    assert {f.code for f in report.findings} == {"ccrf-screened"}
    paper["follow_up"] = {"provider_contacted": "2026-11-23", "actions_confirmed": True}
    (followed,) = render_meeting(form(paper))
    report = check_document(followed.data, source="form.docx", today=D(2026, 11, 19))
    assert {f.code for f in report.findings} == {"ccrf-followed-up"}


@pytest.mark.libreoffice
def test_a_blank_compliment_form_prints_marked_with_boxes(tmp_path: Path) -> None:
    paper = data(type="compliment", abuse_suspected=None, immediate_safety=None)
    del paper["screening"]
    (file,) = render_meeting(form(paper))
    source = tmp_path / "form.docx"
    source.write_bytes(file.data)
    pages = pdf_pages(to_pdf(source, tmp_path))
    assert_marked_top_and_bottom(pages, CLASSIFICATION)
    whole = "\n".join(pages)
    assert "Compliment (good practice): Larkspur House" in whole
    assert "Not applicable: a compliment reports good practice." in whole
    assert "For completion by the contracts team" in pages[-1]
