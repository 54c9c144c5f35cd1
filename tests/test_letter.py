"""The letter to the provider: its file, its check, and the Word letter read back."""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
from typing import Any

import docx
import pytest
import yaml

from tests.conftest import SAMPLES
from tests.test_load import FICTIONAL_EMAIL, FICTIONAL_PHONE
from toolkit import kinds
from toolkit.check import Report, check_document, check_meeting
from toolkit.errors import InputError
from toolkit.kinds.letter import LetterPaper
from toolkit.load import load_meeting_text
from toolkit.profile import Profile, Rule, use_profile
from toolkit.render import render_meeting
from toolkit.render.marking import missing_marking

TEXT = (SAMPLES / "letter.yaml").read_text(encoding="utf-8")
#: Before the letter's date: no finding about dates that have passed.
EARLY = dt.date(2026, 10, 3)
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/\d{4}\b")


def data() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(TEXT)
    return copy.deepcopy(loaded)


def load(changed: dict[str, Any]) -> LetterPaper:
    paper = load_meeting_text(yaml.safe_dump(changed, allow_unicode=True), "l.yaml").meeting
    assert isinstance(paper, LetterPaper)
    return paper


def problems(changed: dict[str, Any]) -> list[str]:
    with pytest.raises(InputError) as refused:
        load(changed)
    return refused.value.lines()


def codes(report: Report) -> dict[str, str]:
    return {finding.code: finding.severity.value for finding in report.findings}


def letter_docx(paper: LetterPaper) -> docx.document.Document:
    (rendered,) = render_meeting(paper)
    return docx.Document(io.BytesIO(rendered.data))


def body_text(document: docx.document.Document) -> str:
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(lines)


# The file -----------------------------------------------------------------------------------


def test_the_sample_follows_the_initial_meetings_provider_and_people() -> None:
    letter = load(data())
    initial = load_meeting_text((SAMPLES / "initial.yaml").read_text("utf-8")).meeting
    assert letter.provider == initial.provider
    assert letter.letter.following_meeting == initial.meeting.date  # type: ignore[attr-defined]
    assert letter.letter.signatory.name == initial.meeting.chair.name  # type: ignore[attr-defined]
    assert letter.review_date == initial.next_meeting.date  # type: ignore[attr-defined]


def test_the_samples_contacts_cannot_reach_a_real_person() -> None:
    letter = load(data()).letter
    people = [letter.signatory, letter.to]
    phones = [person.phone for person in people if person.phone]
    emails = [person.email for person in people if person.email]
    assert phones
    assert emails
    assert all(FICTIONAL_PHONE.fullmatch(phone) for phone in phones)
    assert all(FICTIONAL_EMAIL.fullmatch(email) for email in emails)


@pytest.mark.parametrize("address", [None, "", "   "])
def test_a_letter_needs_the_providers_address(address: str | None) -> None:
    changed = data()
    changed["provider"]["address"] = address
    (problem,) = problems(changed)
    assert re.match(
        r"^l\.yaml:\d+: provider\.address: a letter needs the provider's postal", problem
    )


def test_every_problem_is_reported_at_once_by_line_and_field() -> None:
    changed = data()
    changed["concerns"][1]["timescale"] = "next week"
    changed["concerns"][2]["contract_clause"] = ""
    changed["letter"]["delivery"] = "pigeon"
    changed["letter"]["verbal_notice"] = "2026-10-09"
    del changed["sanctions"]
    del changed["review_date"]
    found = problems(changed)
    fields = [line.split(": ")[1] for line in found]
    assert sorted(fields) == sorted(
        [
            "concerns[1].timescale",
            "concerns[2].contract_clause",
            "letter.delivery",
            "letter.verbal_notice",
            "sanctions",
            "review_date",
        ]
    )
    assert all(re.match(r"^l\.yaml:\d+: ", line) for line in found)
    assert any("is after the letter's date 06/10/2026" in line for line in found)


def test_a_letter_states_at_least_one_concern() -> None:
    changed = data()
    changed["concerns"] = []
    (problem,) = problems(changed)
    assert problem.endswith("concerns: needs at least one entry")


def test_a_letter_has_no_meeting_block() -> None:
    changed = data()
    changed["meeting"] = {"date": "2026-10-02"}
    (problem,) = problems(changed)
    assert "meeting: unknown field" in problem


# The check of a file -------------------------------------------------------------------------


def test_the_sample_is_complete_and_due_again_on_its_review_date() -> None:
    report = check_meeting(load(data()), today=EARLY)
    assert report.complete, report.summary()
    assert report.findings == []
    assert report.minutes_due == dt.date(2026, 11, 6)
    assert [h.key for h in report.headings] == ["concerns", "sanctions", "meeting", "review"]


@pytest.mark.parametrize(
    ("field", "code"),
    [
        ("nature", "concern-nature-missing"),
        ("contract_clause", "concern-clause-missing"),
        ("action", "concern-action-missing"),
    ],
)
@pytest.mark.parametrize("placeholder", ["TBC", "to be confirmed", "N/A", "xxx"])
def test_a_placeholder_in_a_concern_is_an_error(field: str, code: str, placeholder: str) -> None:
    changed = data()
    changed["concerns"][2][field] = placeholder
    report = check_meeting(load(changed), today=EARLY)
    assert not report.complete
    assert codes(report) == {code: "error"}
    assert report.findings[0].message.startswith("concern 3 ")


@pytest.mark.parametrize("sanctions", ["TBC", "See above", "- tbc"])
def test_sanctions_that_say_nothing_are_an_error(sanctions: str) -> None:
    changed = data()
    changed["sanctions"] = sanctions
    report = check_meeting(load(changed), today=EARLY)
    assert codes(report) == {"sanctions-missing": "error"}
    assert {h.key: h.status.value for h in report.headings}["sanctions"] == "placeholder"


def test_a_timescale_before_the_letter_is_a_warning() -> None:
    changed = data()
    changed["concerns"][0]["timescale"] = "2026-10-01"
    changed["concerns"][1]["timescale"] = "06/10/2026"
    report = check_meeting(load(changed), today=EARLY)
    assert report.complete  # a warning only: the chair may confirm an action already due
    warnings = [f.message for f in report.warnings if f.code == "concern-timescale-early"]
    assert warnings == [
        "concern 1: its timescale, Thursday 1 October 2026, is not after the letter's date, "
        "Tuesday 6 October 2026",
        "concern 2: its timescale, Tuesday 6 October 2026, is not after the letter's date, "
        "Tuesday 6 October 2026",
    ]


def test_review_date_and_invitation_before_the_letter_are_warnings() -> None:
    changed = data()
    changed["review_date"] = "2026-10-05"
    changed["meeting_invitation"]["date"] = "2026-10-06"
    assert codes(check_meeting(load(changed), today=EARLY)) == {
        "review-date-early": "warning",
        "meeting-invitation-early": "warning",
    }


def test_a_letter_sent_late_after_its_meeting_is_a_warning_under_the_profiles_rule() -> None:
    paper = load(data())  # meeting Friday 2 October, letter Tuesday 6 October: 2 working days
    assert check_meeting(paper, today=EARLY).findings == []
    with use_profile(Profile(deadlines={"letter": Rule(1, working=True)})):
        (finding,) = check_meeting(paper, today=EARLY).findings
    assert finding.code == "letter-late"
    assert finding.message == (
        "the letter is dated Tuesday 6 October 2026; it was to be sent no later than one "
        "working day after the meeting it follows, by Monday 5 October 2026"
    )


# The Word letter ----------------------------------------------------------------------------


def test_the_letter_reads_as_a_letter() -> None:
    document = letter_docx(load(data()))
    lines = [p.text for p in document.paragraphs if p.text.strip()]
    assert lines[0] == "Westmere County Council"
    assert "Our ref: ASG/PC/2026/031" in lines
    assert "Date: 6 October 2026" in lines
    start = lines.index("BY RECORDED DELIVERY")
    assert lines[start + 1 : start + 9] == [
        "Olena Barrow",
        "Registered Manager",
        "Larkspur House",
        "Heathfield Lane Care Ltd",
        "14 Orchard Lane",
        "Hollinsford",
        "Westmere",
        "WQ4 7LH",
    ]
    assert lines[start + 9] == "Dear Ms Barrow"
    assert lines[start + 10] == "Notice of concerns and action required: Larkspur House"
    assert lines[start + 11].startswith(
        "I am writing following the multi-agency meeting about Larkspur House held on Friday "
        "2 October 2026, to confirm in writing the concerns that were given to you verbally on "
        "Friday 2 October 2026."
    )
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [
        "The concerns and the action required",
        "Sanctions for non-compliance",
        "Meeting to agree an action plan",
        "Review of progress",
    ]
    assert lines[-4:] == [
        "Yours sincerely",
        "Helen Marsh-Okafor",
        "Head of Adult Safeguarding",
        "Westmere County Council",
    ]
    assert missing_marking(document) == []


def test_the_table_numbers_each_concern_with_its_clause_action_and_date_in_words() -> None:
    paper = load(data())
    (table,) = letter_docx(paper).tables
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["No.", "Concern", "Contract clause", "Action required", "Timescale"]
    assert [row[0] for row in rows[1:]] == ["1.", "2.", "3.", "4.", "5."]
    assert (
        rows[1][2]
        == "Schedule 2 (Service Specification), clause 7.2: staffing levels and skill mix"
    )
    assert [row[4] for row in rows[1:]] == [
        "Friday 9 October 2026",
        "Tuesday 13 October 2026",
        "Friday 23 October 2026",
        "Monday 2 November 2026",
        "Friday 16 October 2026",
    ]
    assert rows[1][1] == paper.concerns[0].nature


def test_sanctions_invitation_and_review_are_written_out() -> None:
    document = letter_docx(load(data()))
    text = body_text(document)
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert bullets[0] == "a formal default notice;"
    assert len(bullets) == 4
    assert (
        "You are invited to a meeting on Tuesday 13 October 2026 at 14:00, at Committee Room 3, "
        "County Hall, Hollinsford, to discuss the concerns" in text
    )
    assert "on 01632 960101 or at helen.marsh-okafor@example.org" in text
    assert "will be reviewed on Friday 6 November 2026." in text
    assert ISO_DATE.findall(text) == []


def test_without_meeting_notice_or_invitation_the_letter_says_so_plainly() -> None:
    changed = data()
    del changed["letter"]["following_meeting"]
    del changed["letter"]["verbal_notice"]
    del changed["meeting_invitation"]
    del changed["letter"]["to"]["salutation"]
    changed["letter"]["delivery"] = "hand"
    document = letter_docx(load(changed))
    text = body_text(document)
    assert "BY HAND" in text
    assert "Dear Olena Barrow" in text
    assert "I am writing about the quality and safety of care at Larkspur House. This" in text
    assert "Meeting to agree an action plan" not in text
    assert "verbally" not in text


def test_typed_text_comes_out_exactly_as_typed() -> None:
    changed = data()
    typed = '=SUM(A1) <b>&amp; {{ x }} {% if %} Tŷ Gwyn – Siân\'s "care"'
    changed["concerns"][0]["nature"] = typed
    changed["provider"]["address"] = "Tŷ Gwyn, 1 <High> Street\nAnytown & Co"
    text = body_text(letter_docx(load(changed)))
    assert typed in text
    assert "Tŷ Gwyn\n1 <High> Street\nAnytown & Co" in text


# The check of a Word letter --------------------------------------------------------------------


def check_docx(document: docx.document.Document) -> Report:
    buffer = io.BytesIO()
    document.save(buffer)
    return check_document(buffer.getvalue(), source="letter.docx", today=EARLY)


def test_the_rendered_letter_is_recognised_and_complete() -> None:
    report = check_docx(letter_docx(load(data())))
    assert report.kind == "letter"
    assert report.complete, report.summary()
    assert report.findings == []
    assert report.minutes_due == dt.date(2026, 11, 6)


def test_a_letter_edited_to_say_nothing_is_incomplete_with_each_code() -> None:
    document = letter_docx(load(data()))
    (table,) = document.tables
    table.rows[1].cells[1].paragraphs[0].runs[0].text = "TBC"
    table.rows[2].cells[2].paragraphs[0].runs[0].text = "tbc"
    table.rows[3].cells[3].paragraphs[0].runs[0].text = "To follow"
    table.rows[4].cells[4].paragraphs[0].runs[0].text = "ASAP"
    table.rows[5].cells[4].paragraphs[0].runs[0].text = "1 October 2026"
    paragraphs = document.paragraphs
    start = next(i for i, p in enumerate(paragraphs) if p.text == "Sanctions for non-compliance")
    end = next(i for i, p in enumerate(paragraphs) if p.text == "Meeting to agree an action plan")
    for paragraph in paragraphs[start + 1 : end]:
        paragraph._p.getparent().remove(paragraph._p)
    review = next(p for p in paragraphs if p.text.startswith("Progress against the actions"))
    review.runs[0].text = "Progress will be reviewed on a date to be agreed."
    report = check_docx(document)
    assert not report.complete
    assert codes(report) == {
        "concern-nature-missing": "error",
        "concern-clause-missing": "error",
        "concern-action-missing": "error",
        "concern-timescale-missing": "error",
        "concern-timescale-early": "warning",
        "sanctions-missing": "error",
        "review-date-missing": "error",
    }
    assert {h.key: h.status.value for h in report.headings}["sanctions"] == "empty"
    assert report.minutes_due is None


def test_a_letter_without_concerns_or_its_parts_is_incomplete() -> None:
    document = letter_docx(load(data()))
    (table,) = document.tables
    for row in list(table.rows)[1:]:
        row._tr.getparent().remove(row._tr)
    for paragraph in document.paragraphs:
        if paragraph.text in ("Sanctions for non-compliance", "Review of progress"):
            paragraph._p.getparent().remove(paragraph._p)
    report = check_docx(document)
    assert {"concerns-missing", "sanctions-missing", "review-date-missing"} <= set(codes(report))
    statuses = {h.key: h.status.value for h in report.headings}
    assert statuses["sanctions"] == statuses["review"] == "missing"


# The kind in the pipeline ----------------------------------------------------------------------


def test_the_kind_words_its_due_date_for_the_cover_note_and_the_blank_file() -> None:
    kind = kinds.get("letter")
    paper = load(data())
    assert kind.summary(paper) == "letter, Larkspur House, 06/10/2026, 5 concerns"
    assert kind.due_sentence(paper) == "Progress will be reviewed on Friday 6 November 2026."
    assert kind.recipients(paper) == ["Olena Barrow, Registered Manager, Larkspur House"]
    blank = kind.scaffold("letter.yaml")
    assert blank.startswith("# Letter to the provider (notice of concerns and action required)")
    assert (
        "# Send the letter no later than five working days after the meeting it follows." in blank
    )
    assert "Minutes" not in blank
