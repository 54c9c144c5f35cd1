"""Where a Word record's sections start and end (toolkit/check/sections.py), at the edges the
mutation run (scripts/mutation.py) found untested."""

from __future__ import annotations

import pytest
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn

from tests.test_check_document import CQC, PURPOSE, _check, _heading, _statuses, build
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
