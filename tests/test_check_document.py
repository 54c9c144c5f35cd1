"""The completeness check of Word records: generated, edited in Word, or written from scratch.

Every record here is a real .docx built or edited with python-docx, then read back by the check.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from toolkit import kinds
from toolkit.check import Severity, Status, check_document
from toolkit.errors import DocumentError
from toolkit.kinds.base import MeetingKind
from toolkit.kinds.strategic import AGENDA
from toolkit.load import load_meeting

TODAY = dt.date(2026, 10, 3)
SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def _bytes(document: Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _check(document: Document, kind: str | None = None, today: dt.date = TODAY):
    return check_document(_bytes(document), source="record.docx", kind=kind, today=today)


def _statuses(report) -> dict[str, Status]:
    return {h.key: h.status for h in report.headings}


def _bold(document: Document, text: str) -> Paragraph:
    paragraph = document.add_paragraph()
    paragraph.add_run(text).bold = True
    return paragraph


def build(
    kind: str = "initial",
    *,
    texts: dict[str, list[str]] | None = None,
    heading: str = "styled",
    title: bool = True,
    details: bool = True,
) -> Document:
    """A record as a person might write it in Word: title, details, attendees, the framework
    headings (styled, bold or plain) each with its text, and an action plan."""
    document = docx.Document()
    if title:
        document.add_heading(kinds.get(kind).title, 0)
    if details:
        table = document.add_table(rows=0, cols=2)
        for label, value in (
            ("Date", "Friday 2 October 2026"),
            ("Chair", "A. Chair, Head of Safeguarding"),
        ):
            cells = table.add_row().cells
            cells[0].text, cells[1].text = label, value
        document.add_heading("Attendees", 1)
        people = document.add_table(rows=2, cols=3)
        for cell, text in zip(
            people.rows[0].cells + people.rows[1].cells,
            ["Name", "Role", "Organisation", "C. Nurse", "Quality Lead", "Anyshire ICB"],
            strict=True,
        ):
            cell.text = text
    titles = (
        [(item.key, item.item) for item in AGENDA]
        if kind == "strategic"
        else [(h.key, h.title) for h in kinds.get(kind).headings]
    )
    for key, text in titles:
        if heading == "styled":
            document.add_heading(text, 1)
        elif heading == "bold":
            _bold(document, text)
        else:
            document.add_paragraph(text)
        for paragraph in (texts or {}).get(key, [f"What the meeting said about {key}."]):
            document.add_paragraph(paragraph)
    if details:
        document.add_heading("Action plan", 1)
        plan = document.add_table(rows=2, cols=5)
        for cell, text in zip(
            plan.rows[0].cells + plan.rows[1].cells,
            ["No.", "Action detail", "Owner", "Organisation", "Due"]
            + ["1", "Review care plans", "C. Nurse", "Anyshire ICB", "09/10/2026"],
            strict=True,
        ):
            cell.text = text
    return document


def _heading(document: Document, title: str) -> Paragraph:
    return next(p for p in document.paragraphs if p.text == title)


def _under(document: Document, title: str) -> list[Paragraph]:
    """The paragraphs after a heading up to the next Heading-styled paragraph."""
    paragraphs = document.paragraphs
    start = paragraphs.index(next(p for p in paragraphs if p.text == title)) + 1
    found = []
    for paragraph in paragraphs[start:]:
        if paragraph.style.name.startswith("Heading"):
            break
        found.append(paragraph)
    return found


def _remove(paragraph: Paragraph) -> None:
    paragraph._p.getparent().remove(paragraph._p)


#: The kinds whose papers are meeting records: `build` writes one of them.
MEETINGS = [kind.name for kind in kinds.every() if isinstance(kind, MeetingKind)]
PURPOSE = "Purpose of meeting"
CQC = "Outcomes from CQC inspections"


# Records built in the test -------------------------------------------------------------------


@pytest.mark.parametrize("kind", MEETINGS)
@pytest.mark.parametrize("heading", ["styled", "bold", "plain"])
def test_a_full_record_is_complete(kind: str, heading: str) -> None:
    report = _check(build(kind, heading=heading))
    assert report.kind is kind
    assert report.complete, report.summary()
    assert set(_statuses(report).values()) == {Status.ADDRESSED}
    assert report.minutes_due is not None


def test_each_status_from_a_real_document() -> None:
    document = build(
        texts={
            "purpose": ["TBC"],
            "cqc_outcomes": [
                "Not applicable: the home has not been inspected since it changed hands"
            ],
            "risk_assessment": [],
            "further_meetings": ["Lorem ipsum dolor sit amet."],
        }
    )
    _remove(_heading(document, "Details of multi-agency concerns"))
    report = _check(document)
    status = _statuses(report)
    assert status["purpose"] is Status.PLACEHOLDER
    assert status["cqc_outcomes"] is Status.NOT_APPLICABLE
    assert status["risk_assessment"] is Status.EMPTY
    assert status["further_meetings"] is Status.PLACEHOLDER
    assert status["multi_agency_concerns"] is Status.MISSING
    assert status["convened_timing"] is Status.ADDRESSED
    notes = {h.key: h.note for h in report.headings}
    assert notes["cqc_outcomes"] == "the home has not been inspected since it changed hands"
    assert notes["purpose"] == 'only placeholder text: "TBC"'
    assert not report.complete
    assert report.summary().startswith(
        "15 of 19 headings addressed (1 not applicable); "
        "missing: Details of multi-agency concerns; "
    )


def test_renumbered_and_recased_headings() -> None:
    document = build()
    for number, heading in enumerate(kinds.get("initial").headings, start=1):
        paragraph = _heading(document, heading.title)
        paragraph.text = (
            f"{number}. {heading.title.upper()}"
            if number % 2
            else f"({number}) {heading.title.lower()}"
        )
    report = _check(document)
    assert report.complete, report.summary()
    assert all(h.note == "" for h in report.headings)


def test_close_wording_is_matched_and_noted() -> None:
    document = build()
    _heading(document, PURPOSE).text = "3) Purpose of the meeting"
    _heading(document, CQC).text = "Outcome of CQC inspection"
    report = _check(document)
    assert report.complete
    notes = {h.key: h.note for h in report.headings}
    assert notes["purpose"] == 'found as "3) Purpose of the meeting"'
    assert notes["cqc_outcomes"] == 'found as "Outcome of CQC inspection"'


def test_a_close_heading_does_not_take_a_deleted_ones_place() -> None:
    document = build()
    _heading(
        document, "Details of safeguarding enquiries / outcome of safeguarding investigations"
    ).text = "Details of safeguarding enquiries"
    _remove(_heading(document, "Details of multi-agency concerns"))
    status = _statuses(_check(document))
    assert status["safeguarding_enquiries"] is Status.ADDRESSED
    assert status["multi_agency_concerns"] is Status.MISSING


@pytest.mark.parametrize(
    ("cells", "status"),
    [
        (("Why", "To share what each agency knows."), Status.ADDRESSED),
        (("TBC", "-"), Status.PLACEHOLDER),
    ],
    ids=["text", "placeholders"],
)
def test_text_moved_into_a_table(cells: tuple[str, str], status: Status) -> None:
    document = build()
    for paragraph in _under(document, PURPOSE):
        _remove(paragraph)
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = cells
    _heading(document, PURPOSE)._p.addnext(table._tbl)
    report = _check(document)
    assert _statuses(report)["purpose"] is status
    assert report.complete is (status is Status.ADDRESSED)


def test_a_form_with_headings_in_table_cells() -> None:
    document = docx.Document()
    document.add_heading(kinds.get("review").title, 0)
    form = document.add_table(rows=0, cols=2)
    for number, heading in enumerate(kinds.get("review").headings, start=1):
        cells = form.add_row().cells
        cells[0].text = f"{number}. {heading.title}"
        cells[1].text = "TBC" if heading.key == "risk_review" else f"Discussed {heading.key}."
    report = _check(document)
    assert report.kind == "review"
    status = _statuses(report)
    assert status.pop("risk_review") is Status.PLACEHOLDER
    assert set(status.values()) == {Status.ADDRESSED}


def test_an_added_section_ends_the_one_before() -> None:
    document = build(texts={"purpose": []})
    added = document.add_heading("Additional notes", 1)
    _heading(document, PURPOSE)._p.addnext(added._p)
    added._p.addnext(document.add_paragraph("Notes that are not about the purpose.")._p)
    report = _check(document)
    assert _statuses(report)["purpose"] is Status.EMPTY
    assert "Additional notes" in report.extra_headings


def test_sub_headings_and_extra_paragraphs_stay_in_their_section() -> None:
    document = build(texts={"multi_agency_concerns": []})
    heading = _heading(document, "Details of multi-agency concerns")
    sub = document.add_heading("Police", 3)
    heading._p.addnext(sub._p)
    sub._p.addnext(document.add_paragraph("The police are investigating.")._p)
    assert _check(document).complete


def test_a_record_written_from_scratch_without_a_title() -> None:
    document = build("review", heading="bold", title=False)
    report = _check(document)
    assert report.kind == "review"
    assert report.complete, report.summary()


@pytest.mark.parametrize(
    ("kind", "key", "prose"),
    [
        (
            "initial",
            "convened_timing",
            "Convened after the Strategic Provider Concerns Group of 1 September escalated it.",
        ),
        (
            "review",
            "purpose",
            "To review progress since the Record of Multi-Agency Initial Meeting of 2 October.",
        ),
    ],
    ids=["strategic", "initial"],
)
def test_prose_naming_another_kind_does_not_decide_the_kind(
    kind: str, key: str, prose: str
) -> None:
    """A record without a title was taken for the kind its first paragraphs mentioned."""
    report = _check(build(kind, title=False, texts={key: [prose]}))
    assert report.kind is kind
    assert report.complete, report.summary()


def test_a_plain_title_line_names_the_kind_before_the_headings_do() -> None:
    document = build("initial", title=False)
    first = document.paragraphs[0].insert_paragraph_before(
        "Record of Multi-Agency Review Meeting - Larkspur House"
    )
    assert first.style.name == "Normal"
    assert _check(document).kind == "review"


def test_kind_given_overrides_the_title() -> None:
    report = _check(build("review"), kind="initial")
    assert report.kind == "initial"
    assert len(report.headings) == len(kinds.get("initial").headings)
    assert not report.complete


def test_a_document_that_is_no_record() -> None:
    document = docx.Document()
    document.add_paragraph("Shopping list")
    document.add_paragraph("Milk, bread.")
    with pytest.raises(DocumentError, match=r"^record.docx: no framework heading found"):
        _check(document)
    report = _check(document, kind="initial")
    assert set(_statuses(report).values()) == {Status.MISSING}


@pytest.mark.parametrize("data", [b"", b"not a zip at all", b"PK\x03\x04broken"])
def test_unreadable_documents(data: bytes) -> None:
    with pytest.raises(DocumentError, match=r"^broken.docx: "):
        check_document(data, source="broken.docx")


def test_a_contents_list_does_not_hide_the_sections() -> None:
    document = build(texts={"purpose": ["TBC"]})
    first = document.paragraphs[1]
    for heading in reversed(kinds.get("initial").headings):
        entry = document.add_paragraph(heading.title)
        first._p.addprevious(entry._p)
    assert _statuses(_check(document))["purpose"] is Status.PLACEHOLDER


# Sign-off facts read from the record ---------------------------------------------------------


def test_sign_off_facts_found_in_the_record() -> None:
    report = _check(build())
    assert report.findings == []
    assert report.minutes_due == dt.date(2026, 10, 16)


def test_sign_off_facts_not_found_are_warnings() -> None:
    report = _check(build(details=False))
    codes = {(f.code, f.severity) for f in report.findings}
    assert codes == {
        ("date-not-found", Severity.WARNING),
        ("chair-not-found", Severity.WARNING),
        ("attendees-not-found", Severity.WARNING),
    }
    assert report.minutes_due is None
    assert report.complete


def test_actions_without_owner_or_due_date() -> None:
    document = build()
    plan = document.tables[-1]
    row = plan.add_row().cells
    for cell, text in zip(row, ["2", "Visit the home at night", "TBC", "", ""], strict=True):
        cell.text = text
    report = _check(document)
    found = {(f.code, f.severity, f.message) for f in report.findings}
    assert found == {
        ("action-owner-missing", Severity.ERROR, "action 2 has no owner"),
        ("action-organisation-missing", Severity.ERROR, "action 2 has no organisation"),
        ("action-due-missing", Severity.WARNING, "action 2 has no due date"),
    }
    assert not report.complete


def test_an_attendees_table_without_organisations() -> None:
    document = build()
    document.tables[1].cell(1, 2).text = ""
    report = _check(document)
    assert [f.code for f in report.findings] == ["attendees-missing"]
    assert not report.complete


@pytest.mark.parametrize("organisation", ["TBC", "-", "to be confirmed"])
def test_an_attendees_table_with_placeholder_organisations(organisation: str) -> None:
    document = build()
    document.tables[1].cell(1, 2).text = organisation
    report = _check(document)
    assert [f.code for f in report.findings] == ["attendees-missing"]


def test_minutes_overdue_from_the_record_date() -> None:
    report = _check(build(), today=dt.date(2026, 10, 20))
    assert [(f.code, f.severity) for f in report.findings] == [
        ("minutes-overdue", Severity.WARNING)
    ]
    assert report.complete


# Records generated by the toolkit, then edited in Word -----------------------------------------


def _generated(kind: str) -> Document:
    from toolkit.render.record import render_record

    data = render_record(load_meeting(SAMPLES / f"{kind}.yaml").meeting)
    return docx.Document(io.BytesIO(data))


@pytest.mark.parametrize("kind", ["initial", "review"])
def test_generated_records_check_complete(kind: str) -> None:
    report = _check(_generated(kind), today=dt.date(2026, 9, 1))
    assert report.kind is kind
    assert report.complete, report.summary()
    assert report.findings == []
    assert set(_statuses(report).values()) <= {Status.ADDRESSED, Status.NOT_APPLICABLE}


def _delete(document: Document) -> None:
    _remove(_heading(document, PURPOSE))


def _renumber(document: Document) -> None:
    for number, heading in enumerate(kinds.get("initial").headings, start=1):
        paragraph = _heading(document, heading.title)
        paragraph.text = f"{number}. {heading.title.upper()}"


def _to_table(document: Document) -> None:
    texts = [p.text for p in _under(document, PURPOSE)]
    for paragraph in _under(document, PURPOSE):
        _remove(paragraph)
    table = document.add_table(rows=len(texts), cols=1)
    for row, text in zip(table.rows, texts, strict=True):
        row.cells[0].text = text
    _heading(document, PURPOSE)._p.addnext(table._tbl)


def _tbc(document: Document) -> None:
    first, *rest = _under(document, PURPOSE)
    first.text = "TBC"
    for paragraph in rest:
        _remove(paragraph)


def _emptied(document: Document) -> None:
    for paragraph in _under(document, PURPOSE):
        _remove(paragraph)


def _bold_normal(document: Document) -> None:
    paragraph = _heading(document, PURPOSE)
    paragraph.style = document.styles["Normal"]
    for run in paragraph.runs:
        run.bold = True


def _no_review_date(document: Document) -> None:
    cell = next(
        c
        for t in document.tables
        for r in t.rows
        for c in r.cells
        if c.text.startswith("Suspension imposed")
    )
    cell.text = "Suspension imposed from Friday 2 October 2026"


EDITS: dict[str, tuple[Callable[[Document], None], Status]] = {
    "heading deleted": (_delete, Status.MISSING),
    "renumbered and upper case": (_renumber, Status.ADDRESSED),
    "text moved into a table": (_to_table, Status.ADDRESSED),
    "text replaced by TBC": (_tbc, Status.PLACEHOLDER),
    "text deleted": (_emptied, Status.EMPTY),
    "heading as bold Normal text": (_bold_normal, Status.ADDRESSED),
}


@pytest.mark.parametrize(("edit", "expected"), EDITS.values(), ids=EDITS.keys())
def test_generated_record_edited_in_word(
    edit: Callable[[Document], None], expected: Status
) -> None:
    document = _generated("initial")
    edit(document)
    report = _check(document, today=dt.date(2026, 9, 1))
    status = _statuses(report)
    assert status.pop("purpose") is expected
    assert set(status.values()) <= {Status.ADDRESSED, Status.NOT_APPLICABLE}
    assert report.complete is (expected is Status.ADDRESSED)


def test_generated_record_suspension_without_review_date() -> None:
    document = _generated("initial")
    _no_review_date(document)
    report = _check(document, today=dt.date(2026, 9, 1))
    assert [(f.code, f.severity) for f in report.findings] == [
        ("suspension-review-date-missing", Severity.ERROR)
    ]
    assert not report.complete


def test_a_section_the_generator_printed_as_not_recorded(initial_sample: Path) -> None:
    from toolkit.render.record import render_record

    meeting = load_meeting(initial_sample).meeting
    sections = meeting.sections.model_copy(update={"purpose": None})
    data = render_record(meeting.model_copy(update={"sections": sections}))
    report = check_document(data, source="record.docx", today=dt.date(2026, 9, 1))
    purpose = next(h for h in report.headings if h.key == "purpose")
    assert purpose.status is Status.EMPTY
    assert purpose.note == 'the record says "Not recorded."'


def test_user_text_in_notes_is_kept_exactly(capsys: pytest.CaptureFixture[str]) -> None:
    reason = "Ŵyr & <Ŷwen> {{ x }} {% if %} =SUM(A1) 🙂 “quoted”"
    report = _check(build(texts={"cqc_outcomes": [f"Not applicable: {reason}"]}))
    assert next(h for h in report.headings if h.key == "cqc_outcomes").note == reason
    assert capsys.readouterr() == ("", "")  # the library never prints


def test_a_councils_own_heading_style_and_outline_levels() -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = build(texts={"purpose": []})
    style = document.styles.add_style("Record Heading", WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Heading 2"]
    for heading in kinds.get("initial").headings[::2]:
        _heading(document, heading.title).style = style
    added = document.add_paragraph("Notes added by the chair")
    added.style = document.styles["Normal"]
    added._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="0"/>'))
    _heading(document, PURPOSE)._p.addnext(added._p)
    added._p.addnext(document.add_paragraph("Text under the chair's own heading.")._p)
    report = _check(document)
    assert _statuses(report)["purpose"] is Status.EMPTY  # the outline-level heading ends it
    assert "Notes added by the chair" in report.extra_headings
    status = _statuses(report)
    status.pop("purpose")
    assert set(status.values()) == {Status.ADDRESSED}


def test_text_in_a_content_control_counts() -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = build(texts={"purpose": []})
    control = parse_xml(
        f"<w:sdt {nsdecls('w')}><w:sdtContent><w:p><w:r><w:t>Typed into a form field."
        "</w:t></w:r></w:p></w:sdtContent></w:sdt>"
    )
    _heading(document, PURPOSE)._p.addnext(control)
    assert _statuses(_check(document))["purpose"] is Status.ADDRESSED


def test_a_sentence_starting_with_a_heading_is_no_heading() -> None:
    document = build("strategic", heading="plain")
    _remove(_heading(document, "Action tracker"))
    under = _under(document, "Minutes of last meeting")
    under[-1].text = "Action tracker reviewed at length; all actions are on track."
    assert _statuses(_check(document))["action_tracker"] is Status.MISSING


# Strategic group minutes generated by the toolkit ---------------------------------------------


def _minutes(**changes: object) -> bytes:
    from toolkit.render.strategic import render_minutes

    meeting = load_meeting(SAMPLES / "strategic.yaml").meeting
    return render_minutes(meeting.model_copy(update=changes))


def test_generated_minutes_check_complete() -> None:
    report = check_document(_minutes(), source="minutes.docx", today=dt.date(2026, 11, 21))
    assert report.kind == "strategic"
    assert report.complete, report.summary()
    assert report.findings == []
    assert [h.key for h in report.headings] == [
        "introductions",
        "previous_minutes",
        "action_tracker",
        "discussion",
        "qasig_feedback",
        "risk_register",
        "aob",
    ]
    assert report.minutes_due == dt.date(2026, 11, 27)


def test_minutes_item_without_notes_is_empty_despite_its_lead_line() -> None:
    meeting = load_meeting(SAMPLES / "strategic.yaml").meeting
    notes = {key: text for key, text in meeting.notes.items() if key != "risk_register"}
    report = check_document(_minutes(notes=notes), source="m.docx", today=dt.date(2026, 11, 21))
    item = next(h for h in report.headings if h.key == "risk_register")
    assert item.status is Status.EMPTY
    assert item.note == 'the record says "No notes recorded."'


def test_minutes_of_a_meeting_that_was_not_quorate() -> None:
    meeting = load_meeting(SAMPLES / "strategic.yaml").meeting
    details = meeting.meeting.model_copy(
        update={
            "attendees": [
                a
                for a in meeting.meeting.attendees
                if "Integrated Care Board" not in a.organisation
            ]
        }
    )
    report = check_document(_minutes(meeting=details), source="m.docx", today=dt.date(2026, 11, 21))
    assert [(f.code, f.severity) for f in report.findings] == [("quorum-not-met", Severity.ERROR)]
    assert "Westmere Integrated Care Board" in report.findings[0].message
    assert not report.complete


def test_minutes_without_a_quoracy_statement() -> None:
    report = _check(build("strategic"))
    assert [(f.code, f.severity) for f in report.findings] == [
        ("quorum-not-found", Severity.WARNING)
    ]
    assert report.complete


def test_an_agenda_is_refused() -> None:
    from toolkit.render.strategic import render_agenda

    data = render_agenda(load_meeting(SAMPLES / "strategic.yaml").meeting)
    with pytest.raises(DocumentError, match=r"^agenda.docx: is an agenda, not minutes"):
        check_document(data, source="agenda.docx")


# Edited in Word: text boxes, tracked changes, hidden text (issue 14, item 13) -----------------

_NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


def _xml(text: str):
    from docx.oxml import parse_xml

    return parse_xml(text)


def _text_box_run(text: str):
    """A run holding a text box as Word saves it: the shape, and a VML copy for old readers."""
    content = f"<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>"
    return _xml(
        f'<w:r {_NS}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        '<wp:anchor><wp:docPr id="7" name="Text Box 7"/><a:graphic><a:graphicData '
        'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f"<wps:wsp><wps:txbx>{content}</wps:txbx></wps:wsp></a:graphicData></a:graphic>"
        "</wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>"
        f"{content}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )


def _blocks(document: Document) -> list[str]:
    from toolkit.check.docx_reader import read_record

    return [block.text for block in read_record(_bytes(document), "record.docx").blocks]


def test_a_text_box_at_a_heading_is_read_once_after_it() -> None:
    document = build(texts={"purpose": []})
    _heading(document, PURPOSE)._p.append(_text_box_run("Agreed by all: the home is unsafe."))
    blocks = _blocks(document)
    assert blocks.count("Agreed by all: the home is unsafe.") == 1
    assert blocks[blocks.index(PURPOSE) + 1] == "Agreed by all: the home is unsafe."
    assert _statuses(_check(document))["purpose"] is Status.ADDRESSED


def test_a_text_box_in_a_section_counts_once_and_a_vml_only_box_is_read() -> None:
    document = build(texts={"purpose": ["Placed below the heading."]})
    paragraph = _under(document, PURPOSE)[0]._p
    paragraph.append(
        _xml(
            f"<w:r {_NS}><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>Old style box"
            "</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
        )
    )
    blocks = _blocks(document)
    assert "Placed below the heading." in blocks
    assert blocks.count("Old style box") == 1


def _tracked(tag: str, text: str, *, deleted: bool = False) -> object:
    t = "w:delText" if deleted else "w:t"
    return _xml(
        f'<{tag} {_NS} w:id="9" w:author="A. Chair" w:date="2026-10-02T10:00:00Z">'
        f'<w:r><{t} xml:space="preserve">{text}</{t}></w:r></{tag}>'
    )


def test_text_moved_away_under_tracked_changes_does_not_count() -> None:
    document = build(texts={"purpose": ["Moved to another section."], "cqc_outcomes": []})
    old = _under(document, PURPOSE)[0]._p
    for run in old.findall(qn("w:r")):
        old.remove(run)
    old.append(_tracked("w:moveFrom", "Moved to another section."))
    new = document.add_paragraph()._p
    _heading(document, CQC)._p.addnext(new)
    new.append(_tracked("w:moveTo", "Moved to another section."))
    status = _statuses(_check(document))
    assert status["purpose"] is Status.EMPTY
    assert status["cqc_outcomes"] is Status.ADDRESSED


def test_deleted_and_inserted_text_under_tracked_changes() -> None:
    document = build(texts={"purpose": ["Kept."], "cqc_outcomes": ["Gone."]})
    gone = _under(document, CQC)[0]._p
    for run in gone.findall(qn("w:r")):
        gone.remove(run)
    gone.append(_tracked("w:del", "Gone.", deleted=True))
    gone.append(_tracked("w:del", "Deleted, though written as plain text by another tool."))
    heading = _heading(document, PURPOSE)._p
    heading.append(_tracked("w:ins", " (restated)"))
    status = _statuses(_check(document))
    assert status["cqc_outcomes"] is Status.EMPTY
    assert status["purpose"] is Status.ADDRESSED
    assert f"{PURPOSE} (restated)" in _blocks(document)


def test_hidden_text_is_not_printed_so_not_addressed() -> None:
    document = build(texts={"purpose": ["Hidden from the page."]})
    _under(document, PURPOSE)[0].runs[0].font.hidden = True
    assert _statuses(_check(document))["purpose"] is Status.EMPTY


def test_hidden_text_by_character_or_paragraph_style() -> None:
    from docx.enum.style import WD_STYLE_TYPE

    document = build(texts={"purpose": ["Hidden by a character style."], "cqc_outcomes": []})
    secret = document.styles.add_style("Secret", WD_STYLE_TYPE.CHARACTER)
    secret.font.hidden = True
    _under(document, PURPOSE)[0].runs[0].style = secret
    hidden_paragraph = document.styles.add_style("Hidden note", WD_STYLE_TYPE.PARAGRAPH)
    hidden_paragraph.font.hidden = True
    note = document.add_paragraph("Hidden by a paragraph style.", style=hidden_paragraph)
    shown = note.add_run(" Shown again.")
    shown.font.hidden = False
    _heading(document, CQC)._p.addnext(note._p)
    assert _statuses(_check(document))["purpose"] is Status.EMPTY
    assert "Shown again." in _blocks(document)
    assert "Hidden by a paragraph style." not in " ".join(_blocks(document))
