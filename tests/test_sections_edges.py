"""Where a Word record's sections start and end (toolkit/check/sections.py), at the edges the
mutation run (scripts/mutation.py) found untested."""

from __future__ import annotations

import pytest
from docx.enum.style import WD_STYLE_TYPE

from tests.test_check_document import CQC, _check, _heading, _statuses, build
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
