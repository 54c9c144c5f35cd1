"""The Word records of initial and review meetings, read back as a reader and Word would."""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import SAMPLES
from tests.office import assert_marked_top_and_bottom, page_lines, pdf_pages, to_pdf
from toolkit import kinds
from toolkit.errors import TemplateError
from toolkit.frameworks import CLASSIFICATION
from toolkit.kinds.initial import InitialMeeting
from toolkit.load import load_meeting, load_meeting_text
from toolkit.render.marking import missing_marking
from toolkit.render.record import render_record, template_path
from toolkit.text import is_blank, split_blocks

TRICKY = (
    "Fish & chips <b>bold</b> > \"quoted\" 'single'\n"
    "{{ x }} and {% if %} and {_{ and {#c#}\n"
    "=SUM(A1:A2) ŵ ŷ Siân 🙂\ttab  two  spaces"
)


def minimal(kind: str = "initial", **extra: Any) -> dict[str, Any]:
    """The smallest valid meeting of ``kind`` (fictional people)."""
    return {
        "kind": kind,
        "provider": {"name": "Elm Court"},
        "meeting": {
            "date": "2026-11-20",
            "start": "10:00",
            "chair": {"name": "A. Chair"},
            "attendees": [{"name": "C. Nurse", "organisation": "Anyshire ICB"}],
        },
        **extra,
    }


def meeting_of(data: dict[str, Any]) -> Any:
    return load_meeting_text(yaml.safe_dump(data, allow_unicode=True)).meeting


def open_docx(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def body_texts(document: docx.document.Document) -> list[str]:
    return [p.text for p in document.paragraphs]


def headings(document: docx.document.Document) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]


@pytest.fixture(scope="module")
def initial_record() -> docx.document.Document:
    return open_docx(render_record(load_meeting(SAMPLES / "initial.yaml").meeting))


def test_initial_headings_in_framework_order_in_a_heading_style(initial_record: Any) -> None:
    titles = [h.title for h in kinds.get("initial").headings]
    found = [text for text in headings(initial_record) if text in titles]
    assert found == titles
    styles = {p.style.name for p in initial_record.paragraphs if p.text in titles}
    assert styles == {"Heading 1"}


def test_initial_title_details_and_properties(initial_record: Any) -> None:
    texts = body_texts(initial_record)
    assert texts[0] == "Record of Multi-Agency Initial Meeting"
    assert initial_record.paragraphs[0].style.name == "Title"
    details = initial_record.tables[1]
    rows = {row.cells[0].text: row.cells[1].text for row in details.rows}
    assert rows["Date"] == "Friday 2 October 2026"
    assert rows["Time"] == "10:00 to 12:45"
    assert rows["Chair"].startswith("Helen Marsh-Okafor, Head of Adult Safeguarding")
    minutes = "Minutes to be agreed and shared by Friday 16 October 2026, within 14 days of the"
    assert f"{minutes} meeting." in texts
    properties = initial_record.core_properties
    assert properties.title == kinds.get("initial").title
    assert properties.subject == "Larkspur House"
    assert properties.category == properties.keywords == CLASSIFICATION
    assert properties.comments == ""
    now = dt.datetime.now(dt.UTC)
    assert abs(properties.created - now) < dt.timedelta(hours=1)  # not the template's date


def test_attendees_and_action_plan_tables(initial_record: Any) -> None:
    sample = load_meeting(SAMPLES / "initial.yaml").meeting
    attendees = initial_record.tables[2]
    assert [c.text for c in attendees.rows[0].cells] == [
        "Name",
        "Role",
        "Organisation",
        "Email",
        "Phone",
    ]
    assert [row.cells[0].text for row in attendees.rows[1:]] == [
        person.name for person in sample.meeting.attendees
    ]
    actions = initial_record.tables[3]
    assert [c.text for c in actions.rows[0].cells] == [
        "No.",
        "Action detail",
        "Owner",
        "Organisation",
        "Due",
    ]
    first = sample.actions[0]
    assert [c.text for c in actions.rows[1].cells] == [
        "1",
        first.detail.strip(),
        first.owner,
        first.organisation,
        f"{first.due:%d/%m/%Y}",
    ]
    assert len(actions.rows) == len(sample.actions) + 1


def test_provider_meeting_details_apologies_and_provider_attendance(initial_record: Any) -> None:
    sample = load_meeting(SAMPLES / "initial.yaml").meeting
    provider = {row.cells[0].text: row.cells[1].text for row in initial_record.tables[0].rows}
    assert {key: provider[key] for key in list(provider)[:6]} == {
        "Provider": sample.provider.name,
        "Company": sample.provider.company,
        "Service type": sample.provider.service_type,
        "Client group": sample.provider.client_group,
        "Address": sample.provider.address,
        "CQC location ID": sample.provider.cqc_location_id,
    }
    details = {row.cells[0].text: row.cells[1].text for row in initial_record.tables[1].rows}
    assert details["Venue"] == "Committee Room 3, County Hall, Hollinsford & Microsoft Teams"
    assert details["Minute-taker"] == (
        "Priya Raghavan, Business Support Officer, Adult Safeguarding, Westmere County Council"
    )
    texts = body_texts(initial_record)
    apologies = texts[texts.index("Apologies") + 1 : texts.index("Provider attendance")]
    assert apologies == [
        f"{person.name}, {person.role}, {person.organisation}"
        for person in sample.meeting.apologies
    ]
    assert texts[texts.index("Provider attendance") + 1] == sample.meeting.provider_attendance


def bullet_format(document: docx.document.Document, paragraph: Any) -> str | None:
    """The number format Word shows for ``paragraph`` through its style's list (None: no list)."""
    style = paragraph.style.element
    num_id = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
    if num_id is None:
        return None
    numbering = document.part.numbering_part.element
    [num] = [
        n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == num_id.get(qn("w:val"))
    ]
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    [abstract] = [
        a
        for a in numbering.findall(qn("w:abstractNum"))
        if a.get(qn("w:abstractNumId")) == abstract_id
    ]
    return abstract.find(f"{qn('w:lvl')}/{qn('w:numFmt')}").get(qn("w:val"))


def test_bullets_are_a_real_word_bullet_list(initial_record: Any) -> None:
    """A List Bullet paragraph is only a list in Word if its style points at a bullet numbering."""
    bullets = [p for p in initial_record.paragraphs if p.style.name == "List Bullet"]
    assert {bullet_format(initial_record, p) for p in bullets} == {"bullet"}
    normal = next(p for p in initial_record.paragraphs if p.style.name == "Normal")
    assert bullet_format(initial_record, normal) is None


def test_no_iso_dates_and_no_raw_bullets(initial_record: Any) -> None:
    texts = body_texts(initial_record)
    assert not [t for t in texts if re.search(r"\b\d{4}-\d{2}-\d{2}\b", t)]
    assert not [t for t in texts if t.lstrip().startswith(("- ", "* "))]
    bullets = [p for p in initial_record.paragraphs if p.style.name == "List Bullet"]
    assert len(bullets) > 10


def test_action_plan_is_in_a_landscape_section_and_every_section_is_marked(
    initial_record: Any,
) -> None:
    sections = initial_record.sections
    assert len(sections) == 2
    assert sections[0].page_width < sections[0].page_height
    assert sections[1].page_width > sections[1].page_height
    assert missing_marking(initial_record) == []
    assert sections[0].header.paragraphs[0].text == CLASSIFICATION
    assert sections[0].footer.paragraphs[-1].text == CLASSIFICATION


def test_markings_match_and_rows_of_contacts_never_split(initial_record: Any) -> None:
    # The footer marking came out in Normal (11 pt) under a 9 pt header marking, and an
    # attendee's row was cut in two at the foot of page 1.
    section = initial_record.sections[0]
    assert section.header.paragraphs[0].style.name == "Header"
    assert section.footer.paragraphs[-1].style.name == "Footer"
    sizes = {initial_record.styles[name].font.size for name in ("Header", "Footer")}
    assert len(sizes) == 1
    for row in initial_record.tables[2].rows[1:]:
        assert row._tr.trPr is not None
        assert row._tr.trPr.find(qn("w:cantSplit")) is not None
    # The circulation list ended a record alone on a last page, parted from its heading.
    last_row = initial_record.tables[-1].rows[-1]
    assert last_row._tr.trPr.find(qn("w:cantSplit")) is not None
    assert last_row.cells[0].paragraphs[0].text == "Circulation"


def test_review_record_has_its_title_headings_and_previous_meeting() -> None:
    meeting = meeting_of(minimal("review", previous_meeting="2026-11-06"))
    document = open_docx(render_record(meeting, draft=True))
    assert body_texts(document)[0] == "Record of Multi-Agency Review Meeting"
    titles = [h.title for h in kinds.get("review").headings]
    assert [t for t in headings(document) if t in titles] == titles
    rows = {row.cells[0].text: row.cells[1].text for row in document.tables[1].rows}
    assert rows["Previous meeting"] == "Friday 6 November 2026"
    minutes = "Minutes to be agreed and shared by Friday 27 November 2026, within 7 days of the"
    assert f"{minutes} meeting." in body_texts(document)
    assert document.sections[0].header.paragraphs[0].text == CLASSIFICATION + " DRAFT"
    assert missing_marking(document) == []


def test_tricky_text_comes_out_exactly_as_typed() -> None:
    sections = {
        "purpose": TRICKY,
        "safeguarding_enquiries": f"Intro\n\n- {TRICKY.splitlines()[0]}\n- {{{{ y }}}}",
        "multi_agency_concerns": {"not_applicable": "No concerns & none <pending>"},
    }
    data = minimal(sections=sections)
    data["provider"]["name"] = "Tŷ Bach & Sons {{ evil }}"
    data["meeting"]["attendees"][0]["role"] = "{% for x in y %}"
    data["actions"] = [{"detail": TRICKY, "owner": "=cmd|' /C calc'!A0", "organisation": "O&P"}]
    document = open_docx(render_record(meeting_of(data)))
    texts = body_texts(document)
    assert TRICKY in texts
    assert "Not applicable: No concerns & none <pending>" in texts
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert bullets == [TRICKY.splitlines()[0], "{{ y }}"]
    assert "Tŷ Bach & Sons {{ evil }}, Friday 20 November 2026" in texts
    assert document.core_properties.subject == "Tŷ Bach & Sons {{ evil }}"
    assert document.tables[2].rows[1].cells[1].text == "{% for x in y %}"
    action = document.tables[3].rows[1].cells
    assert [action[1].text, action[2].text, action[3].text] == [
        TRICKY,
        "=cmd|' /C calc'!A0",
        "O&P",
    ]


def test_empty_sections_say_not_recorded() -> None:
    document = open_docx(render_record(meeting_of(minimal())))
    texts = body_texts(document)
    purpose = texts.index("Purpose of meeting")
    assert texts[purpose + 1] == "Not recorded."
    assert "None recorded." in texts  # apologies
    assert "No actions were recorded." in texts


def test_characters_xml_cannot_hold_never_corrupt_the_file() -> None:
    data = minimal(sections={"purpose": "before\x00\x0b\x1fafter"})
    meeting = InitialMeeting.model_validate(data)  # bypasses the loader's cleaning
    texts = body_texts(open_docx(render_record(meeting)))
    assert "beforeafter" in texts


def test_missing_or_broken_template_is_a_template_error(tmp_path: Path) -> None:
    meeting = meeting_of(minimal())
    with pytest.raises(TemplateError, match=r"appendix1/record\.docx: no such template"):
        render_record(meeting, templates=tmp_path)
    broken = template_path("initial", tmp_path)
    broken.parent.mkdir()
    broken.write_text("not a zip")
    with pytest.raises(TemplateError, match="not a Word .docx document"):
        render_record(meeting, templates=tmp_path)
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("word/document.xml", "<w:document")
    with pytest.raises(TemplateError, match="not a readable Word .docx document"):
        render_record(meeting, templates=tmp_path)


def custom_template(tmp_path: Path, body: str) -> Path:
    path = template_path("initial", tmp_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    document = docx.Document()
    document.add_paragraph(body)
    document.save(path)
    return tmp_path


@pytest.mark.parametrize(
    "body",
    [
        "{{ provider.__class__.__mro__ }}",
        "{{ ''.__class__.__subclasses__() }}",
        "{{ provider.name|safe }}",
        "{{ no_such_name }}",
        "{% if %}",
    ],
    ids=["dunder", "subclasses", "safe", "undefined", "syntax"],
)
def test_custom_template_cannot_escape_the_sandbox(tmp_path: Path, body: str) -> None:
    folder = custom_template(tmp_path, body)
    with pytest.raises(TemplateError, match=r"record\.docx: template error"):
        render_record(meeting_of(minimal()), templates=folder)


def test_custom_template_renders_and_is_marked(tmp_path: Path) -> None:
    folder = custom_template(tmp_path, "Council record for {{ provider.name|upper }}")
    data = minimal()
    data["provider"]["name"] = "a & b <c>"
    document = open_docx(render_record(meeting_of(data), templates=folder))
    assert body_texts(document) == ["Council record for A & B <C>"]
    assert missing_marking(document) == []


def awkward_templates(folder: Path) -> Path:
    """The toolkit's template with a different first page and odd/even pages switched on."""
    document = docx.Document(str(template_path("initial")))
    document.settings.odd_and_even_pages_header_footer = True
    document.sections[0].different_first_page_header_footer = True
    target = template_path("initial", folder)
    target.parent.mkdir(parents=True)
    document.save(target)
    return folder


@pytest.mark.libreoffice
@pytest.mark.parametrize("awkward", [False, True], ids=["toolkit-template", "first-and-even"])
def test_long_record_is_marked_at_top_and_bottom_of_every_page(
    tmp_path: Path, awkward: bool
) -> None:
    sample = yaml.safe_load((SAMPLES / "initial.yaml").read_text(encoding="utf-8"))
    # Deep copies: shared date objects would be dumped as YAML aliases, which the loader refuses.
    sample["actions"] = [copy.deepcopy(action) for action in sample["actions"] * 4]
    for number, action in enumerate(sample["actions"], start=1):
        action["number"] = number
    templates = awkward_templates(tmp_path / "templates") if awkward else None
    source = tmp_path / "long.docx"
    source.write_bytes(render_record(meeting_of(sample), templates=templates))
    pages = pdf_pages(to_pdf(source, tmp_path))
    assert len(pages) >= 5
    assert_marked_top_and_bottom(pages, CLASSIFICATION)
    if not awkward:
        for number, page in enumerate(pages, start=1):
            assert page_lines(page)[-2] == f"Page {number} of {len(pages)}"


@pytest.mark.libreoffice
def test_the_initial_sample_runs_to_several_pages(tmp_path: Path) -> None:
    source = tmp_path / "initial.docx"
    source.write_bytes(render_record(load_meeting(SAMPLES / "initial.yaml").meeting))
    pages = pdf_pages(to_pdf(source, tmp_path))
    assert len(pages) >= 5
    assert_marked_top_and_bottom(pages, CLASSIFICATION)
    # The circulation list was cut from its heading, its tail alone on the last page.
    recipients = load_meeting(SAMPLES / "initial.yaml").meeting.circulation.recipients
    last = page_lines(pages[-1])
    assert "Circulation" in last
    assert all(any(line.endswith(name) for line in last) for name in recipients)


TYPED = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("{}%#_&<>\"'=-* \n\tŵŷ🙂")),
        st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")),
    ),
    max_size=60,
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TYPED)
def test_any_typed_text_comes_out_as_its_paragraphs_and_bullets(text: str) -> None:
    document = open_docx(render_record(meeting_of(minimal(sections={"purpose": text}))))
    paragraphs = document.paragraphs
    start = next(i for i, p in enumerate(paragraphs) if p.text == "Purpose of meeting") + 1
    end = next(i for i, p in enumerate(paragraphs) if i >= start and _is_heading(p))
    found = [(p.style.name == "List Bullet", p.text) for p in paragraphs[start:end]]
    blocks = [] if is_blank(text) else split_blocks(text)
    expected = [(b.kind == "bullet", b.text) for b in blocks] or [(False, "Not recorded.")]
    assert found == expected


def _is_heading(paragraph: Any) -> bool:
    return paragraph.style.name.startswith("Heading")


def _action_table(document: docx.document.Document) -> Any:
    return next(t for t in document.tables if t.rows[0].cells[0].text == "No.")


def test_review_action_plan_shows_progress_and_completion() -> None:
    meeting = load_meeting(SAMPLES / "review.yaml").meeting
    table = _action_table(open_docx(render_record(meeting)))
    header = [cell.text for cell in table.rows[0].cells]
    assert header == [
        "No.", "Action detail", "Owner", "Organisation", "Due", "Progress", "Completed",
    ]  # fmt: skip
    first = meeting.actions[0]
    row = [cell.text for cell in table.rows[1].cells]
    assert row[0] == str(first.number)
    assert first.update
    assert row[5] == "\n".join(block.text for block in split_blocks(first.update))
    assert row[6] == f"{first.completed:%d/%m/%Y}"
    open_action = next(a for a in meeting.actions if a.completed is None and not a.update)
    row = [cell.text for cell in table.rows[meeting.actions.index(open_action) + 1].cells]
    assert row[5:] == ["", ""]


def test_initial_action_plan_keeps_the_five_columns(initial_record: Any) -> None:
    header = [cell.text for cell in _action_table(initial_record).rows[0].cells]
    assert header == ["No.", "Action detail", "Owner", "Organisation", "Due"]
