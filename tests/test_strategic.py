"""Strategic group agenda and minutes (Word), and the quorum rule, read back as a reader would."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn

from tests.conftest import SAMPLES
from tests.office import assert_marked_top_and_bottom, pdf_pages, to_pdf
from toolkit import kinds
from toolkit.dates import long_date
from toolkit.frameworks import CLASSIFICATION
from toolkit.kinds.strategic import AGENDA, DEFAULT_QUORUM, StrategicMeeting
from toolkit.load import load_meeting
from toolkit.quorum import same_organisation
from toolkit.render import render_meeting
from toolkit.render.marking import missing_marking
from toolkit.render.strategic import CONFIRM_AGENDA, render_agenda, render_minutes

DATA = Path(__file__).parent / "data"
INQUORATE = DATA / "strategic_inquorate.yaml"


def strategic(**fields: Any) -> StrategicMeeting:
    """A minimal strategic meeting, validated by the model."""
    data: dict[str, Any] = {
        "kind": "strategic",
        "provider": {"name": "Brambles Lodge"},
        "meeting": {
            "date": "2026-11-20",
            "chair": {"name": "Ada Chair", "organisation": "West Sussex County Council"},
            "attendees": [
                {"name": "Bea Nurse", "organisation": "NHS Sussex Integrated Care Board"}
            ],
        },
        **fields,
    }
    return StrategicMeeting.model_validate(data)


def open_docx(data: bytes) -> Any:
    return docx.Document(io.BytesIO(data))


def texts(document: Any) -> list[str]:
    """Every paragraph of the body and of its tables, in order."""
    found = [p.text for p in document.paragraphs]
    for table in document.tables:
        found += [cell.text for row in table.rows for cell in row.cells]
    return found


def table_rows(table: Any) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


@pytest.fixture(scope="module")
def sample() -> StrategicMeeting:
    meeting = load_meeting(SAMPLES / "strategic.yaml").meeting
    assert isinstance(meeting, StrategicMeeting)
    return meeting


def test_agenda_has_the_meeting_details_items_leads_and_the_chairs_note(
    sample: StrategicMeeting,
) -> None:
    document = open_docx(render_agenda(sample))
    body = texts(document)
    assert document.paragraphs[0].text == sample.group
    assert document.paragraphs[0].style.name == "Title"
    details = dict(table_rows(document.tables[0]))
    assert details["Date"] == "Friday 20 November 2026"
    assert details["Time"] == "14:00 to 15:30"
    assert details["Venue"] == "Microsoft Teams"
    assert details["Provider"].startswith(sample.provider.name)
    assert details["Chair"].startswith(sample.meeting.chair.name)
    items = table_rows(document.tables[1])
    assert items[0] == ["No.", "Item", "Lead"]
    expected = [[f"{n}.", e.item, e.lead] for n, e in enumerate(sample.agenda_items(), start=1)]
    assert items[1:] == expected
    assert len(expected) == 7, "the sample includes the QASIG item"
    assert CONFIRM_AGENDA in body


def test_default_agenda_leaves_out_qasig_unless_included() -> None:
    def items(meeting: StrategicMeeting) -> list[str]:
        return [row[1] for row in table_rows(open_docx(render_agenda(meeting)).tables[1])[1:]]

    draft = [item.item for item in AGENDA]
    assert items(strategic()) == [item.item for item in AGENDA if not item.optional]
    assert items(strategic(include_qasig=True)) == draft


#: The protocol's Appendix i, as printed there (item 5 only "if appropriate").
APPENDIX_I = [
    ("Introductions and declarations of interest", "Chair"),
    ("Minutes of last meeting", "Chair"),
    ("Action tracker", "Chair/All"),
    ("Discussion/updates", "All"),
    (
        "Feedback from Quality Assurance Safeguarding Information Group (QASIG)",
        "Chair or designated lead",
    ),
    ("Strategic risk register", "Chair or designated lead"),
    ("Any other business", "All"),
]


@pytest.mark.parametrize("include_qasig", [True, False])
def test_default_agenda_is_the_seven_items_of_appendix_i_in_order(include_qasig: bool) -> None:
    rows = table_rows(open_docx(render_agenda(strategic(include_qasig=include_qasig))).tables[1])
    expected = [item for item in APPENDIX_I if include_qasig or "QASIG" not in item[0]]
    assert len(expected) == (7 if include_qasig else 6)
    assert rows[1:] == [
        [f"{number}.", item, lead] for number, (item, lead) in enumerate(expected, start=1)
    ]


def test_custom_agenda_replaces_the_draft_in_its_own_order() -> None:
    meeting = load_meeting(INQUORATE).meeting
    rows = table_rows(open_docx(render_agenda(meeting)).tables[1])[1:]
    assert rows == [
        ["1.", "Risk to residents <now> & next steps", "Chair"],
        ["2.", "Welcome {{ name }}", "All"],
        ["3.", "Any other business", ""],
    ]


def test_minutes_attendance_apologies_and_quorum(sample: StrategicMeeting) -> None:
    document = open_docx(render_minutes(sample))
    attendance = table_rows(document.tables[1])
    names = [row[0] for row in attendance[1:]]
    assert names[0] == sample.meeting.chair.name
    assert names[1:-1] == [person.name for person in sample.meeting.attendees]
    apologies = [row[0] for row in table_rows(document.tables[2])[1:]]
    assert apologies == [person.name for person in sample.meeting.apologies]
    body = texts(document)
    assert any(text.startswith("The meeting was quorate: Westmere County Council") for text in body)


def test_a_chair_and_minute_taker_listed_as_attendees_appear_once() -> None:
    meeting = strategic(
        meeting={
            "date": "2026-11-20",
            "chair": {"name": "Ada Chair", "role": "Head of Safeguarding"},
            "minute_taker": {"name": "Cy Scribe"},
            "attendees": [
                {"name": " ada  CHAIR", "organisation": "West Sussex County Council"},
                {"name": "Bea Nurse", "organisation": "NHS Sussex Integrated Care Board"},
                {"name": "Cy Scribe", "organisation": "West Sussex County Council"},
            ],
        }
    )
    rows = table_rows(open_docx(render_minutes(meeting)).tables[1])[1:]
    assert [row[0] for row in rows] == ["Ada Chair", "Bea Nurse", "Cy Scribe"]
    assert rows[0][1] == "Head of Safeguarding (Chair)"
    assert rows[2][1] == "Minutes"


def test_minutes_of_an_inquorate_meeting_name_the_missing_organisation() -> None:
    document = open_docx(render_minutes(load_meeting(INQUORATE).meeting))
    [statement] = [p.text for p in document.paragraphs if "quorate" in p.text]
    assert statement.startswith("The meeting was NOT quorate: West Sussex County Council was")
    assert "Sussex Integrated Care Board and West Sussex County Council must be" in statement


def test_each_item_is_a_heading_with_its_notes_as_paragraphs_and_bullets() -> None:
    meeting = load_meeting(INQUORATE).meeting
    document = open_docx(render_minutes(meeting))
    paragraphs = document.paragraphs
    headings = [p.text for p in paragraphs if p.style.name == "Heading 1"]
    items = ["1. Risk to residents <now> & next steps", "2. Welcome {{ name }}"]
    assert headings[2:5] == [*items, "3. Any other business"]
    start = [p.text for p in paragraphs].index(items[0])
    following = [(p.style.name, p.text) for p in paragraphs[start + 1 : start + 6]]
    assert following == [
        ("Normal", "Lead: Chair"),
        (
            "Normal",
            '=SUM(A1:A9) is what the provider\'s spreadsheet showed; "quotes" & <angle> '
            "{% if x %} stay.\nA second line of the same paragraph, with Welsh ŵ ŷ and an "
            "emoji 😀.",
        ),
        ("List Bullet", "first bullet & more"),
        ("List Bullet", "second bullet {{ x }}"),
        ("Heading 1", items[1]),
    ]
    assert "@mention and +44 1632 960000 and -5 beds" in [p.text for p in paragraphs]
    assert "No notes recorded." in [p.text for p in paragraphs]


def test_minutes_list_the_actions_and_the_deadline(sample: StrategicMeeting) -> None:
    document = open_docx(render_minutes(sample))
    actions = table_rows(document.tables[-1])
    assert actions[0] == ["No.", "Action", "Owner", "Due", "Update"]
    assert [row[0] for row in actions[1:]] == [str(a.number) for a in sample.actions]
    assert [row[1] for row in actions[1:]] == [a.detail for a in sample.actions]
    assert actions[1][2] == f"{sample.actions[0].owner}\n{sample.actions[0].organisation}"
    due = long_date(kinds.of(sample).due(sample))
    assert due == "Friday 27 November 2026", "five working days after the meeting"
    assert any(due in text for text in texts(document))


@pytest.mark.parametrize("render", [render_agenda, render_minutes])
@pytest.mark.parametrize("draft", [False, True])
def test_every_page_is_marked(render: Any, draft: bool) -> None:
    document = open_docx(render(load_meeting(INQUORATE).meeting, draft=draft))
    assert missing_marking(document) == []
    header = document.sections[0].header.paragraphs
    assert CLASSIFICATION + (" DRAFT" if draft else "") in [p.text for p in header]


@pytest.mark.parametrize("render", [render_agenda, render_minutes])
def test_papers_look_like_the_records_and_number_their_pages(render: Any) -> None:
    # python-docx's headings keep their theme font (Calibri Light) beside a font set by name,
    # so the titles and headings printed in another font than the records; no page numbers.
    document = open_docx(render(load_meeting(INQUORATE).meeting))
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Header", "Footer"):
        fonts = document.styles[name].element.rPr.rFonts
        assert fonts.get(qn("w:ascii")) == "Arial", name
        assert fonts.get(qn("w:asciiTheme")) is None, name
    footer = document.sections[0].footer
    fields = [f.get(qn("w:instr")) for f in footer._element.iter(qn("w:fldSimple"))]
    assert fields == [" PAGE ", " NUMPAGES "]
    assert footer.paragraphs[0].text.startswith("Page ")
    assert footer.paragraphs[-1].text == CLASSIFICATION


def test_an_items_lead_line_stays_with_its_notes() -> None:
    document = open_docx(render_minutes(load_meeting(INQUORATE).meeting))
    leads = [p for p in document.paragraphs if p.text.startswith("Lead: ")]
    assert leads
    assert all(p.paragraph_format.keep_with_next for p in leads)


def test_render_meeting_writes_agenda_minutes_and_tracker(sample: StrategicMeeting) -> None:
    names = [rendered.name for rendered in render_meeting(sample)]
    assert names == [
        "2026-11-20 Larkspur House - Agenda.docx",
        "2026-11-20 Larkspur House - Minutes.docx",
        "2026-11-20 Larkspur House - Action tracker.xlsx",
    ]


@pytest.mark.parametrize(
    ("required", "present", "same"),
    [
        ("West Sussex County Council", "west sussex county council (Adults)", True),
        ("Sussex Integrated Care Board", "NHS Sussex Integrated Care Board", True),
        ("Health & Care Trust", "Westmere Health and Care Trust", True),
        ("West Sussex County Council", "Council", False),
        ("West Sussex County Council", "East Sussex County Council", False),
        ("Sussex Integrated Care Board", "Sussex ICB", False),
    ],
)
def test_organisation_names_match_as_whole_words(required: str, present: str, same: bool) -> None:
    assert same_organisation(required, present) is same


def test_quorum_counts_the_chair_not_the_apologies() -> None:
    assert strategic().missing_quorum() == []
    apologies = [{"name": "Cy", "organisation": "West Sussex County Council"}]
    meeting = strategic(meeting={**strategic().meeting.model_dump(), "apologies": apologies})
    assert meeting.missing_quorum() == []
    absent = strategic(quorum=["Sussex Police", *DEFAULT_QUORUM])
    assert absent.missing_quorum() == ["Sussex Police"]


@pytest.mark.libreoffice
@pytest.mark.parametrize("render", [render_agenda, render_minutes])
def test_printed_pages_are_marked_top_and_bottom(tmp_path: Path, render: Any) -> None:
    meeting = load_meeting(SAMPLES / "strategic.yaml").meeting
    source = tmp_path / f"{render.__name__}.docx"
    source.write_bytes(render(meeting))
    pages = pdf_pages(to_pdf(source, tmp_path))
    if render is render_minutes:
        assert len(pages) > 1, "the minutes of the sample run to several pages"
    assert_marked_top_and_bottom(pages, CLASSIFICATION)


@pytest.mark.parametrize("render", [render_agenda, render_minutes])
def test_characters_word_cannot_hold_never_corrupt_the_file(render: Any) -> None:
    meeting = strategic(
        notes={"aob": "Bell\x07 here"},
        actions=[{"detail": "Do\x0b it", "owner": "Bea\x01", "organisation": "Westmere ICB"}],
    )
    document = open_docx(render(meeting))
    assert not any("\x07" in text or "\x0b" in text for text in texts(document))
