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
