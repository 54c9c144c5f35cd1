"""The completeness check of meeting files: placeholders, heading matching, sign-off findings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit import kinds
from toolkit.check import Severity, Status, check_meeting
from toolkit.check.headings import (
    THRESHOLD,
    Candidate,
    Strength,
    Target,
    assign,
    normalise,
    similarity,
)
from toolkit.check.placeholders import is_placeholder, judge_text
from toolkit.load import load_meeting, load_meeting_text

SAMPLES = sorted((Path(__file__).resolve().parent.parent / "samples").glob("*.yaml"))
BEFORE_DEADLINES = dt.date(2026, 10, 3)


@pytest.mark.parametrize("path", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_every_sample_checks_complete(path: Path) -> None:
    report = check_meeting(load_meeting(path).meeting, today=BEFORE_DEADLINES, source=str(path))
    assert report.complete, report.summary()
    assert not report.errors
    assert not report.warnings  # info findings only say where the paper stands
    assert all(h.status in (Status.ADDRESSED, Status.NOT_APPLICABLE) for h in report.headings)


@pytest.mark.parametrize(
    "text",
    [
        "TBC",
        "tbc.",
        "[TBC]",
        "T.B.C.",
        "TBA",
        "To be confirmed",
        "to follow",
        "Details to follow",
        "See above",
        "As above",
        "N/A",
        "n/a",
        "Not applicable",
        "xxx",
        "XXXXXX",
        "-",
        "—",
        "...",
        "…",
        "?",
        "Lorem ipsum dolor sit amet",
        "[Insert details of concerns]",
        "Click or tap here to enter text.",
        "TBC - awaiting the police report",
    ],
)
def test_placeholders(text: str) -> None:
    assert is_placeholder(text)
    assert judge_text([text]).status is Status.PLACEHOLDER


@pytest.mark.parametrize(
    "text",
    [
        "None raised since the last meeting.",
        "No additional concerns",
        "TBC stands for 'to be confirmed' in the tracker.",
        "See above: the police lead the criminal investigation, the council the enquiry.",
        "Ŵyr Ŷwen & Co. <Ltd> {{ x }} 🙂",
        "x",
    ],
)
def test_real_text_is_not_a_placeholder(text: str) -> None:
    assert not is_placeholder(text)
    assert judge_text([text]).status is Status.ADDRESSED


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (
            "Not applicable: the home has not been inspected yet",
            "the home has not been inspected yet",
        ),
        ("N/A - no contract with the council", "no contract with the council"),
        ("Not applicable (no placements are funded)", "no placements are funded"),
    ],
)
def test_not_applicable_needs_a_reason(text: str, reason: str) -> None:
    verdict = judge_text([text, "More detail."])
    assert verdict.status is Status.NOT_APPLICABLE
    assert verdict.note == reason


@pytest.mark.parametrize("texts", [["Not applicable: TBC"], ["N/A."], ["Not applicable", "tbc"]])
def test_not_applicable_without_a_reason_is_a_placeholder(texts: list[str]) -> None:
    verdict = judge_text(texts)
    assert verdict.status is Status.PLACEHOLDER
    assert verdict.note.startswith("not applicable without a reason")


def test_not_applicable_with_the_reason_below() -> None:
    verdict = judge_text(["Not applicable.", "No council-funded residents."])
    assert verdict.status is Status.NOT_APPLICABLE
    assert verdict.note == "No council-funded residents."


def test_text_beside_a_placeholder_is_addressed_with_a_note() -> None:
    verdict = judge_text(["TBC", "The police are investigating."])
    assert verdict.status is Status.ADDRESSED
    assert '"TBC"' in verdict.note


def test_empty_text() -> None:
    assert judge_text(["", "  \n"]).status is Status.EMPTY


@pytest.mark.parametrize(
    "found",
    [
        "3. Purpose of meeting",
        "3) Purpose of meeting",
        "(iii) Purpose of meeting",
        "A. Purpose of meeting",
        "Item 3: Purpose of meeting",
        "3.1 Purpose of meeting",
        "3 Purpose of meeting",
        "PURPOSE OF MEETING:",
        "  purpose of   meeting.  ",
    ],
)
def test_numbering_case_and_punctuation_are_ignored(found: str) -> None:
    assert normalise(found) == "purpose of meeting"


def test_ampersand_is_and() -> None:
    assert normalise("Roles & responsibilities") == normalise("roles and responsibilities")


def _title(kind: str, key: str) -> str:
    return next(h.title for h in kinds.get(kind).headings if h.key == key)


@pytest.mark.parametrize(
    ("found", "key"),
    [
        ("Purpose of the meeting", "purpose"),
        ("Outcome of CQC inspection", "cqc_outcomes"),
        ("Details of safeguarding enquiries", "safeguarding_enquiries"),
        ("Risk assessment", "risk_assessment"),
        ("Resources required to support investigations", "investigation_resources"),
        ("Agree timescales for further meeting", "further_meetings"),
    ],
)
def test_close_wording_matches(found: str, key: str) -> None:
    assert similarity(found, _title("initial", key)) >= THRESHOLD


@pytest.mark.parametrize(
    ("found", "key"),
    [
        ("Details of safeguarding enquiries", "multi_agency_concerns"),
        ("Issues requiring investigation", "investigation_resources"),
        ("Action plan", "safety_actions"),
        ("Meeting details", "purpose"),
        ("Attendees", "further_meetings"),
    ],
)
def test_different_headings_do_not_match(found: str, key: str) -> None:
    assert similarity(found, _title("initial", key)) < THRESHOLD


def test_a_close_heading_does_not_steal_another() -> None:
    targets = [Target(h.key, h.title) for h in kinds.get("initial").headings]
    found = [
        Candidate(0, "Details of safeguarding enquiries", Strength.STYLED),
        Candidate(1, "Details of multi-agency concerns", Strength.STYLED),
    ]
    matches = assign(targets, found)
    assert matches["safeguarding_enquiries"].candidate.index == 0
    assert matches["multi_agency_concerns"].candidate.index == 1
    alone = assign(targets, found[:1])
    assert "multi_agency_concerns" not in alone


def test_a_later_repeat_wins_over_a_contents_list() -> None:
    targets = [Target("purpose", "Purpose of meeting")]
    found = [
        Candidate(0, "Purpose of meeting", Strength.STYLED),
        Candidate(9, "Purpose of meeting", Strength.STYLED),
    ]
    assert assign(targets, found)["purpose"].candidate.index == 9


# Meeting files ------------------------------------------------------------------------------


def _meeting(path: Path, **changes: object) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for dotted, value in changes.items():
        node = data
        *parents, last = dotted.split("__")
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        node[last] = value
    return data


def _check(data: dict, today: dt.date = BEFORE_DEADLINES):
    return check_meeting(
        load_meeting_text(yaml.safe_dump(data)).meeting, today=today, source="m.yaml"
    )


def test_each_status_from_a_meeting_file(initial_sample: Path) -> None:
    data = _meeting(initial_sample)
    data["sections"]["purpose"] = "TBC"
    data["sections"]["cqc_outcomes"] = {"not_applicable": "Not yet inspected under the new owner"}
    data["sections"]["risk_assessment"] = ""
    del data["sections"]["dsp_informed"]
    data["sections"]["further_meetings"] = "- to follow"
    report = _check(data)
    status = {h.key: h.status for h in report.headings}
    assert status["purpose"] is Status.PLACEHOLDER
    assert status["cqc_outcomes"] is Status.NOT_APPLICABLE
    assert status["risk_assessment"] is Status.EMPTY
    assert status["dsp_informed"] is Status.EMPTY
    assert status["further_meetings"] is Status.PLACEHOLDER
    assert status["convened_timing"] is Status.ADDRESSED
    assert not report.complete
    summary = report.summary()
    assert summary.startswith("15 of 19 headings addressed (1 not applicable); ")
    assert (
        "empty: Multi-agency assessment of risk, DSP informed of the outcome of the meeting"
        in summary
    )
    assert "placeholder: Purpose of meeting, Agree timescales for further meetings" in summary


def test_imposed_suspension_needs_a_review_date(initial_sample: Path) -> None:
    data = _meeting(initial_sample)
    del data["suspension"]["review_date"]
    report = _check(data)
    assert [f.code for f in report.findings] == ["suspension-review-date-missing"]
    assert report.findings[0].severity is Severity.ERROR
    assert not report.complete
    data["suspension"]["status"] = "voluntary"
    assert _check(data).complete


def test_actions_need_an_owner_and_should_have_a_due_date(initial_sample: Path) -> None:
    data = _meeting(initial_sample)
    data["actions"][0]["owner"] = "TBC"
    data["actions"][1].pop("due", None)
    report = _check(data)
    codes = {(f.code, f.severity) for f in report.findings}
    assert codes == {
        ("action-owner-missing", Severity.ERROR),
        ("action-due-missing", Severity.WARNING),
    }
    number = data["actions"][1].get("number", 2)
    assert any(f.message == f"action {number} has no due date" for f in report.findings)
    assert not report.complete


def test_attendees_whose_organisations_are_placeholders_are_not_listed(
    initial_sample: Path,
) -> None:
    """The model refuses a blank organisation, so the check used to pass "TBC" everywhere."""
    data = _meeting(initial_sample)
    for attendee in data["meeting"]["attendees"]:
        attendee["organisation"] = "TBC"
    report = _check(data)
    assert [(f.code, f.severity) for f in report.findings] == [
        ("attendees-missing", Severity.ERROR)
    ]
    assert not report.complete
    data["meeting"]["attendees"][-1]["organisation"] = "Westmere County Council"
    assert _check(data).complete


def test_a_due_date_is_only_a_warning(initial_sample: Path) -> None:
    data = _meeting(initial_sample)
    data["actions"][0].pop("due", None)
    report = _check(data)
    assert [f.code for f in report.findings] == ["action-due-missing"]
    assert report.complete


def test_minutes_deadline_passed_is_a_warning(review_sample: Path) -> None:
    meeting = load_meeting(review_sample).meeting
    due = kinds.of(meeting).due(meeting)
    on_time = check_meeting(meeting, today=due)
    assert on_time.minutes_due == due
    assert not on_time.findings
    late = check_meeting(meeting, today=due + dt.timedelta(days=3))
    assert [(f.code, f.severity) for f in late.findings] == [("minutes-overdue", Severity.WARNING)]
    assert "3 days ago" in late.findings[0].message
    assert late.complete
    assert late.to_dict()["minutes_due"] == due.isoformat()


def test_strategic_agenda_items_are_the_headings(strategic_sample: Path) -> None:
    data = _meeting(strategic_sample)
    data["notes"]["aob"] = "None"
    data["notes"]["risk_register"] = "..."
    del data["notes"]["previous_minutes"]
    report = _check(data)
    status = {h.key: h.status for h in report.headings}
    assert status["aob"] is Status.ADDRESSED
    assert status["risk_register"] is Status.PLACEHOLDER
    assert status["previous_minutes"] is Status.EMPTY
    assert report.summary().startswith("5 of 7 agenda items addressed")


def test_strategic_quorum(strategic_sample: Path) -> None:
    data = _meeting(strategic_sample)
    data["meeting"]["attendees"] = [
        a
        for a in data["meeting"]["attendees"]
        if a["organisation"] != "Westmere Integrated Care Board"
    ]
    report = _check(data)
    quorum = [f for f in report.findings if f.code == "quorum-not-met"]
    assert quorum
    assert quorum[0].severity is Severity.ERROR
    assert "Westmere Integrated Care Board" in quorum[0].message
    assert not report.complete


def test_strategic_quorum_defaults_to_the_protocols(strategic_sample: Path) -> None:
    """Without a ``quorum`` in the file: the ICB and the county council (West Sussex §4)."""
    data = _meeting(strategic_sample)
    del data["quorum"]
    council = {"name": "Ann Chair", "organisation": "West Sussex County Council (Adult Services)"}
    icb = {"name": "Bea Nurse", "organisation": "NHS Sussex Integrated Care Board"}
    data["meeting"]["chair"] = council
    data["meeting"]["attendees"] = [icb]
    assert _check(data).complete
    data["meeting"]["attendees"] = [{"name": "Cy Police", "organisation": "Sussex Police"}]
    report = _check(data)
    assert [(f.code, f.severity) for f in report.findings] == [("quorum-not-met", Severity.ERROR)]
    assert "Sussex Integrated Care Board" in report.findings[0].message
    assert "West Sussex County Council" not in report.findings[0].message
    assert not report.complete


def test_report_as_json_data(initial_sample: Path) -> None:
    report = check_meeting(load_meeting(initial_sample).meeting, today=BEFORE_DEADLINES, source="x")
    data = report.to_dict()
    assert data["complete"] is True
    assert data["kind"] == "initial"
    assert len(data["headings"]) == 19
    assert data["headings"][0] == {
        "key": "convened_timing",
        "title": _title("initial", "convened_timing"),
        "status": "addressed",
        "note": "",
    }


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_is_judged_without_error(text: str) -> None:
    for heading in kinds.get("initial").headings:
        assert 0.0 <= similarity(text, heading.title) <= 1.0
    assert judge_text(text.split("\n")).status in set(Status)
