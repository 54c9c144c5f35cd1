"""The letter to the provider, as Word: a letter a council signs, marked on every page.

Built with python-docx in the house look (`new_paper`): the signatory's organisation and the
reference block at the top right, how it is sent, the address block, "Dear ...", the subject,
the meeting and verbal notice it follows, a numbered table of concern, contract clause, action
required and timescale, the sanctions, any invitation to a meeting, the review date, and
"Yours sincerely" with room for a signature. Dates are written out, as letters write them.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from toolkit import dates
from toolkit.kinds.letter import (
    CONCERNS_TITLE,
    MEETING_TITLE,
    REVIEW_TITLE,
    SANCTIONS_TITLE,
    TITLE,
    LetterPaper,
)
from toolkit.render.docx_look import HEADING_COLOUR, add_blocks, new_paper
from toolkit.render.docx_save import finish_paper
from toolkit.render.docx_tables import add_row, add_table
from toolkit.text import clean_text

if TYPE_CHECKING:
    from docx.document import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

#: How each way of sending the letter is announced above the address (4LSAB: recorded delivery).
DELIVERY = {"recorded": "BY RECORDED DELIVERY", "email": "BY EMAIL", "hand": "BY HAND"}
#: Columns of the table of concerns, in cm (17 cm across an A4 page with 2 cm margins).
_WIDTHS = [1.0, 5.4, 3.1, 4.9, 2.6]
_HEADER = ["No.", "Concern", "Contract clause", "Action required", "Timescale"]
#: Lines of blank space left for the signature.
_SIGNATURE_LINES = 3
_ADDRESS_SPLIT = re.compile(r"\s*(?:,|\n)\s*")
#: A letter's table is read by the provider, not scanned in a meeting: larger than a record's
#: 9 points, with room above and below the text of each cell (in twentieths of a point).
_TABLE_POINTS = 10
#: In the order the schema requires.
_CELL_MARGIN = {"top": 60, "left": 100, "bottom": 60, "right": 100}
#: What may follow the cell margins in a table's properties (schema order).
_AFTER_MARGINS = ("w:tblLook", "w:tblCaption", "w:tblDescription")


def render_letter(paper: LetterPaper, *, draft: bool = False) -> bytes:
    """Return the .docx letter; ``draft`` adds DRAFT to the marking of every page."""
    document = new_paper()
    _letterhead(document, paper)
    _address(document, paper)
    _opening(document, paper)
    _concerns(document, paper)
    _heading(document, SANCTIONS_TITLE)
    add_blocks(document, paper.sanctions)
    if paper.meeting_invitation:
        _heading(document, MEETING_TITLE)
        document.add_paragraph(invitation_text(paper))
    _heading(document, REVIEW_TITLE)
    document.add_paragraph(review_text(paper))
    # kept with the sign-off, so that "Yours sincerely" never starts a page alone
    document.add_paragraph(closing_text(paper)).paragraph_format.keep_with_next = True
    _sign_off(document, paper)
    name = paper.provider.name
    return finish_paper(document, f"{TITLE}: {name}", name, draft=draft)


def opening_text(paper: LetterPaper) -> str:
    """The first paragraph: what the letter follows (a meeting, a verbal notice) and why."""
    details = paper.letter
    provider = clean_text(paper.provider.name)
    if details.following_meeting:
        text = (
            f"I am writing following the multi-agency meeting about {provider} held on "
            f"{dates.long_date(details.following_meeting)}"
        )
    else:
        text = f"I am writing about the quality and safety of care at {provider}"
    if details.verbal_notice:
        text += (
            ", to confirm in writing the concerns that were given to you verbally on "
            f"{dates.long_date(details.verbal_notice)}"
        )
    return (
        f"{text}. This letter sets out the nature of each concern, the part of your contract it "
        "relates to, the action you must take to put it right and the date by which that "
        "action must be completed."
    )


def invitation_text(paper: LetterPaper) -> str:
    """The invitation to a meeting to agree an action plan (4LSAB), with how to reply."""
    invitation = paper.meeting_invitation
    assert invitation is not None
    when = dates.long_date(invitation.date)
    if invitation.start:
        when += f" at {dates.clock(invitation.start)}"
    where = f", at {clean_text(invitation.venue)}" if invitation.venue else ""
    return (
        f"You are invited to a meeting on {when}{where}, to discuss the concerns raised in "
        "this letter and to agree an action plan with specified timescales to put them right. "
        f"Please confirm that you will attend{_contact(paper)}."
    )


def review_text(paper: LetterPaper) -> str:
    """The review date, written out, and what is assessed then."""
    return (
        f"Progress against the actions above will be reviewed on "
        f"{dates.long_date(paper.review_date)}. Please keep a record of what has been done, "
        "and of the evidence for it, so that it can be considered then."
    )


def closing_text(paper: LetterPaper) -> str:
    """The last paragraph: how to raise a question or a dispute (4LSAB: existing procedures)."""
    return (
        f"If you have any questions about this letter, please contact me{_contact(paper)}. If "
        "you dispute any of the concerns it sets out, please tell me in writing; the complaints "
        "and disputes procedures of your contract remain open to you."
    )


def _contact(paper: LetterPaper) -> str:
    """`` on 01632 960101 or at name@example.org``, as far as the signatory gives them."""
    signatory = paper.letter.signatory
    ways = []
    if signatory.phone:
        ways.append(f"on {clean_text(signatory.phone)}")
    if signatory.email:
        ways.append(f"at {clean_text(signatory.email)}")
    return f" {' or '.join(ways)}" if ways else ""


def _letterhead(document: Document, paper: LetterPaper) -> None:
    """The organisation and the reference block, at the top right, as "Label: value" lines."""
    details = paper.letter
    signatory = details.signatory
    name = _line(document, signatory.organisation, right=True)
    name.runs[0].bold = True
    name.runs[0].font.size = Pt(14)
    name.runs[0].font.color.rgb = HEADING_COLOUR
    name.paragraph_format.space_after = Pt(12)
    lines = []
    if details.reference:
        lines.append(("Our ref", details.reference))
    lines.append(("Please ask for", signatory.name))
    if signatory.phone:
        lines.append(("Telephone", signatory.phone))
    if signatory.email:
        lines.append(("Email", signatory.email))
    lines.append(("Date", dates.plain_date(details.date)))
    for label, value in lines:
        _line(document, f"{label}: {value}", right=True)
    document.add_paragraph()


def _address(document: Document, paper: LetterPaper) -> None:
    """How it is sent, then the addressee, the home, its company and its address, one line
    each (an address typed on one line, with commas, is split at them), then "Dear ..."."""
    details = paper.letter
    delivery = document.add_paragraph()
    delivery.add_run(DELIVERY[details.delivery]).bold = True
    delivery.paragraph_format.space_after = Pt(12)
    to, provider = details.to, paper.provider
    lines = [to.name, to.role, provider.name]
    if provider.company and provider.company.strip() != provider.name.strip():
        lines.append(provider.company)
    lines += _ADDRESS_SPLIT.split((provider.address or "").strip())
    if details.delivery == "email" and to.email:
        lines.append(f"By email: {to.email}")
    for line in filter(None, (line.strip() if line else "" for line in lines)):
        _line(document, line)
    document.add_paragraph()
    document.add_paragraph(f"Dear {clean_text(to.salutation or to.name)}")
    subject = document.add_paragraph()
    subject.add_run(f"{TITLE}: {clean_text(provider.name)}").bold = True
    subject.paragraph_format.space_before = Pt(6)


def _opening(document: Document, paper: LetterPaper) -> None:
    document.add_paragraph(opening_text(paper))


def _concerns(document: Document, paper: LetterPaper) -> None:
    """The numbered table, its header row repeated on each page, each row kept whole."""
    _heading(document, CONCERNS_TITLE)
    document.styles["Table Text"].font.size = Pt(_TABLE_POINTS)
    table = add_table(document, _WIDTHS, _HEADER)
    _cell_margins(table)
    for number, concern in enumerate(paper.concerns, start=1):
        values = [
            f"{number}.",
            concern.nature,
            concern.contract_clause,
            concern.action,
            dates.long_date(concern.timescale),
        ]
        add_row(table, [clean_text(value) for value in values], _WIDTHS)
    lead = document.add_paragraph(
        "Each action must be completed by the date in its row. Please send the evidence that it "
        "has been done to me by that date."
    )
    lead.paragraph_format.space_before = Pt(6)


def _cell_margins(table: Table) -> None:
    """Room around the text of every cell of ``table``."""
    properties = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side, twips in _CELL_MARGIN.items():
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(twips))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    following = [properties.find(qn(tag)) for tag in _AFTER_MARGINS]
    if (first := next((e for e in following if e is not None), None)) is not None:
        first.addprevious(margins)
    else:
        properties.append(margins)


def _sign_off(document: Document, paper: LetterPaper) -> None:
    """ "Yours sincerely", room to sign, and the signatory, kept together on one page."""
    signatory = paper.letter.signatory
    closing = document.add_paragraph("Yours sincerely")
    closing.paragraph_format.space_before = Pt(6)
    lines = [closing]
    lines += [document.add_paragraph() for _ in range(_SIGNATURE_LINES)]
    name = _line(document, signatory.name)
    name.runs[0].bold = True
    lines.append(name)
    for line in (signatory.role, signatory.organisation):
        if line:
            lines.append(_line(document, line))
    for paragraph in lines[:-1]:
        paragraph.paragraph_format.keep_with_next = True


def _heading(document: Document, title: str) -> None:
    """A heading of the letter (kept with what follows it by its style)."""
    document.add_heading(title, level=2)


def _line(document: Document, text: str, *, right: bool = False) -> Paragraph:
    """One line of an address or reference block: no space after it."""
    paragraph = document.add_paragraph(clean_text(text))
    paragraph.paragraph_format.space_after = Pt(0)
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return paragraph
