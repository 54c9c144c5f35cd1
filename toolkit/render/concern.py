"""A provider concern as a one-page Word record, in the look of the reporting form.

It prints what the register holds of the concern (the service, never the names of service
users), so that a concern can be circulated, marked and protected like any other paper.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docx.shared import Pt

from toolkit import dates
from toolkit.kinds.concern import KIND, OUTCOMES, SOURCES, SUMMARY, TITLE, TYPES, ConcernPaper
from toolkit.render.ccrf import Row, form_table, heading, note, provider_rows
from toolkit.render.docx_look import add_blocks, new_paper
from toolkit.render.docx_save import finish_paper
from toolkit.text import clean_text, counted, is_blank

if TYPE_CHECKING:
    from docx.document import Document

    from toolkit.kinds.concern import ConcernDetails


def render_concern(paper: ConcernPaper, *, draft: bool = False) -> bytes:
    """Return the .docx record: the provider, the concern's facts, and its summary."""
    concern = paper.concern
    document = _titled(paper)
    note(
        document,
        "The register records the name of the service, never the names of service users. "
        "Repeating or escalating concerns about a service trigger a review.",
    )
    heading(document, "Provider")
    form_table(document, provider_rows(paper.provider))
    heading(document, "Concern")
    form_table(document, _facts(paper))
    heading(document, SUMMARY)
    if is_blank(concern.summary):
        document.add_paragraph("Not recorded.")
    else:
        add_blocks(document, concern.summary or "")
    return finish_paper(document, TITLE, paper.provider.name, draft=draft)


def _titled(paper: ConcernPaper) -> Document:
    """A new paper with the record's title and the provider's name under it."""
    document = new_paper()
    document.add_heading(TITLE, level=0)
    subtitle = document.add_paragraph()
    run = subtitle.add_run(clean_text(paper.provider.name))
    run.bold = True
    run.font.size = Pt(14)
    return document


def _facts(paper: ConcernPaper) -> list[Row]:
    concern = paper.concern
    return [
        ("Raised", dates.long_date(concern.raised), None),
        ("Source", SOURCES[concern.source], None),
        ("Types of abuse or neglect", "\n".join(TYPES[kind] for kind in concern.types), None),
        ("Service users referred", _people(concern.service_users_referred), None),
        ("Service users reviewed", _people(concern.service_users_reviewed), None),
        ("Outcome", _outcome(concern, paper), None),
    ]


def _people(count: int | None) -> str:
    return "Not recorded" if count is None else counted(count, "service user")


def _outcome(concern: ConcernDetails, paper: ConcernPaper) -> str:
    if concern.outcome_date is not None:
        return f"{OUTCOMES[concern.outcome]} on {dates.long_date(concern.outcome_date)}"
    return f"Open: an outcome is expected by {dates.long_date(KIND.due(paper))}"
