"""Where a Word record's sections start and end (toolkit/check/sections.py), at the edges the
mutation run (scripts/mutation.py) found untested."""

from __future__ import annotations

import pytest
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn

from tests.test_check_document import (
    CQC,
    PURPOSE,
    _check,
    _heading,
    _remove,
    _statuses,
    _under,
    build,
)
from toolkit import kinds
from toolkit.check import Status
from toolkit.errors import DocumentError


@pytest.mark.parametrize("heading", ["bold", "plain"])
def test_a_contents_entry_inside_a_section_does_not_pull_in_the_next_heading(
    heading: str,
) -> None:
    """Skipping a contents entry once lost count of the paragraphs, so the next heading's
    title was read as text of the section above: "TBC" and a title looked addressed."""
    document = build(heading=heading, texts={"purpose": ["TBC"]})
    contents = document.styles.add_style("TOC 1", WD_STYLE_TYPE.PARAGRAPH)
    entry = document.add_paragraph(f"{CQC}\t3", style=contents)
    _heading(document, "TBC")._p.addnext(entry._p)
    statuses = _statuses(_check(document))
    assert statuses["purpose"] is Status.PLACEHOLDER
    assert statuses["safeguarding_enquiries"] is Status.ADDRESSED


#: A label ("Purpose of meeting: ...") longer than this is prose that happens to hold a colon.
LABEL_CHARS = 60


def _leads(document: Document, *, bold: bool) -> Document:
    """The record with its framework headings written at the start of their first paragraph:
    every heading in bold, or those short enough for a label, "Purpose of meeting: TBC"."""
    for heading in kinds.get("initial").headings:
        if not bold and len(heading.title) > LABEL_CHARS:
            continue
        paragraph = _heading(document, heading.title)
        text = paragraph._p.getnext()
        rest = "".join(node.text or "" for node in text.iter(qn("w:t")))
        paragraph.clear()
        paragraph.add_run(heading.title if bold else f"{heading.title}: ").bold = bold
        paragraph.add_run(f" {rest}" if bold else rest)
        text.getparent().remove(text)
    return document


@pytest.mark.parametrize("bold", [True, False], ids=["bold", "label"])
def test_headings_written_at_the_start_of_a_paragraph_are_found(bold: bool) -> None:
    document = _leads(build(heading="plain", texts={"purpose": ["TBC"]}), bold=bold)
    assert _heading(document, f"{PURPOSE}: TBC" if not bold else f"{PURPOSE} TBC")
    statuses = _statuses(_check(document))
    assert statuses.pop("purpose") is Status.PLACEHOLDER
    assert set(statuses.values()) == {Status.ADDRESSED}


def test_a_heading_at_the_start_of_a_paragraph_takes_the_paragraphs_below_it() -> None:
    document = _leads(
        build(heading="plain", texts={"purpose": ["TBC", "Agreed: a visit."]}), bold=False
    )
    assert _statuses(_check(document))["purpose"] is Status.ADDRESSED


REVIEW = kinds.get("review").title


@pytest.mark.parametrize(("extra", "kind"), [(29, "review"), (30, "initial")])
def test_a_plain_title_line_may_add_thirty_characters_to_the_title(extra: int, kind: str) -> None:
    """ "Record of ... Review Meeting - Larkspur House" names the kind; longer, it is prose."""
    document = build("initial", title=False)
    document.paragraphs[0].insert_paragraph_before(f"{REVIEW} {'x' * extra}")
    assert _check(document).kind == kind


@pytest.mark.parametrize(("before", "kind"), [(39, "review"), (40, "initial")])
def test_the_title_is_looked_for_in_the_first_forty_paragraphs(before: int, kind: str) -> None:
    document = build("initial", title=False, details=False)
    first = document.paragraphs[0]
    title = first.insert_paragraph_before()
    title.add_run(REVIEW).bold = True
    for number in range(before):
        title.insert_paragraph_before(f"Line {number}.")
    assert _check(document).kind == kind


@pytest.mark.parametrize(("before", "refused"), [(4, True), (5, False)])
def test_an_agenda_names_itself_in_its_first_five_paragraphs(before: int, refused: bool) -> None:
    document = build("strategic", title=False, details=False)
    first = document.paragraphs[0]
    agenda = first.insert_paragraph_before("Agenda: Larkspur House")
    for number in range(before):
        agenda.insert_paragraph_before(f"Line {number}.")
    if refused:
        with pytest.raises(DocumentError, match=r"^record.docx: is an agenda, not minutes or a"):
            _check(document)
    else:
        assert _check(document).kind == "strategic"


def test_an_agenda_in_a_table_at_the_top_is_no_agenda() -> None:
    document = build("strategic", title=False, details=False)
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "Agenda item"
    document.paragraphs[0]._p.addprevious(table._tbl)
    assert _check(document).kind == "strategic"


def test_a_heading_found_in_other_words_is_noted_beside_the_verdict() -> None:
    document = build(texts={"purpose": ["TBC"]})
    _heading(document, PURPOSE).text = "2. The purpose of this meeting"
    purpose = next(h for h in _check(document).headings if h.key == "purpose")
    assert purpose.status is Status.PLACEHOLDER
    assert purpose.note == 'only placeholder text: "TBC"; found as "2. The purpose of this meeting"'


def test_a_record_without_any_framework_heading_names_the_kinds_to_give() -> None:
    document = build(title=False, details=False, heading="plain")
    for paragraph in document.paragraphs:
        paragraph.text = "Nothing here."
    with pytest.raises(DocumentError) as raised:
        _check(document)
    assert str(raised.value) == (
        "record.docx: no framework heading found, so the kind of paper is unknown; "
        f"give its kind ({kinds.names_text()})"
    )


@pytest.mark.parametrize(("bold", "status"), [(True, Status.ADDRESSED), (False, Status.MISSING)])
def test_a_heading_at_a_paragraphs_start_in_other_words_must_be_bold(
    bold: bool, status: Status
) -> None:
    """A bold start may word the heading its own way; a plain "Label:" must match closely,
    or any sentence with a colon could take a heading's place."""
    document = build(heading="plain", texts={"cqc_outcomes": []})
    heading = _heading(document, CQC)
    heading.clear()
    heading.add_run("Results of CQC inspections" + ("" if bold else ":")).bold = bold
    heading.add_run(" Rated good in May.")
    assert _statuses(_check(document))["cqc_outcomes"] is status


@pytest.mark.parametrize(("length", "status"), [(250, Status.ADDRESSED), (251, Status.MISSING)])
def test_a_paragraph_longer_than_a_heading_can_be_is_prose(length: int, status: Status) -> None:
    document = build(heading="bold")
    heading = _heading(document, PURPOSE)
    heading.runs[0].text = (f"{PURPOSE} " * 20)[: length - 1] + "g"
    assert len(heading.text) == length
    assert _statuses(_check(document))["purpose"] is status


def test_a_missing_heading_says_so_and_an_optional_one_may_be_left_out() -> None:
    document = build("strategic")
    for paragraph in [
        _heading(document, "Any other business"),
        *_under(document, "Any other business"),
    ]:
        _remove(paragraph)
    title = "Feedback from Quality Assurance Safeguarding Information Group (QASIG)"
    _remove(_heading(document, title))
    headings = {h.key: h for h in _check(document).headings}
    assert "qasig_feedback" not in headings
    assert (headings["aob"].status, headings["aob"].note) == (Status.MISSING, "heading not found")


def test_headings_that_are_not_the_frameworks_are_listed_once_each() -> None:
    document = build()
    document.add_heading("Additional notes", 2)
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).paragraphs[0].style = document.styles["Heading 2"]
    table.cell(0, 0).paragraphs[0].text = "Heading in a table"
    contents = document.styles.add_style("TOC 1", WD_STYLE_TYPE.PARAGRAPH)
    contents.base_style = document.styles["Heading 1"]
    document.add_paragraph("Contents entry", style=contents)
    assert _check(document).extra_headings == ["Attendees", "Action plan", "Additional notes"]


def test_a_heading_after_its_number_label_takes_no_text_from_the_label() -> None:
    document = build(texts={"purpose": []})
    _heading(document, PURPOSE).text = f"Item 2: {PURPOSE}"
    assert _statuses(_check(document))["purpose"] is Status.EMPTY


def test_a_styled_heading_with_its_text_after_a_colon_ends_at_any_sub_heading() -> None:
    document = build(texts={"purpose": []})
    heading = _heading(document, PURPOSE)
    heading.text = f"{PURPOSE}: TBC"
    heading.style = document.styles["Heading 2"]
    sub = document.add_heading("Police", 3)
    heading._p.addnext(sub._p)
    sub._p.addnext(document.add_paragraph("The police are investigating.")._p)
    assert _statuses(_check(document))["purpose"] is Status.PLACEHOLDER


def test_text_after_a_contents_entry_inside_a_section_counts() -> None:
    document = build(texts={"purpose": []}, heading="bold")
    contents = document.styles.add_style("TOC 1", WD_STYLE_TYPE.PARAGRAPH)
    entry = document.add_paragraph(f"{CQC}\t3", style=contents)
    _heading(document, PURPOSE)._p.addnext(entry._p)
    entry._p.addnext(document.add_paragraph("Agreed: a joint visit.")._p)
    assert _statuses(_check(document))["purpose"] is Status.ADDRESSED
