"""Agenda and minutes of the Strategic Provider Concerns Group (West Sussex protocol), as Word.

Both are built with python-docx from the meeting file: the agenda of Appendix i (or the file's
own), the minutes with attendance, quoracy (protocol §4), the notes of each item under a real
Word heading, and the actions. Every page is marked at top and bottom (protocol §6.4).
"""

from __future__ import annotations

import datetime as dt
import io
from typing import TYPE_CHECKING

from docx import Document as new_document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from toolkit import dates
from toolkit.frameworks import DEADLINES, NO_NOTES
from toolkit.model import Person, StrategicMeeting
from toolkit.quorum import missing_quorum, required_organisations
from toolkit.render.docx_look import add_page_numbers, house_styles
from toolkit.render.marking import mark_document
from toolkit.render.wording import NOT_RECORDED, meeting_time, next_meeting_line, person_line
from toolkit.text import clean_text, is_blank, split_blocks

if TYPE_CHECKING:
    from docx.document import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

CONFIRM_AGENDA = (
    "The agenda is flexible and responsive to the strategic provider concern being discussed. "
    "The Chair will confirm the agenda prior to the meeting."
)
CONFIDENTIALITY = (
    "This meeting works in accordance with the local information sharing protocol. Meeting "
    "notes and papers with sensitive information are marked OFFICIAL-SENSITIVE on each page "
    "and must be password protected before circulation; the password is issued separately."
)
_GREY = RGBColor(0x59, 0x59, 0x59)


def render_agenda(meeting: StrategicMeeting, *, draft: bool = False) -> bytes:
    """Return the .docx agenda: meeting details, numbered items with leads, the chair's note."""
    document = _document(meeting, "Agenda")
    items = meeting.agenda_items()
    table = _table(document, ("No.", "Item", "Lead"), (Cm(1.5), Cm(11), Cm(4.5)))
    for number, item in enumerate(items, start=1):
        _row(table, (f"{number}.", item.item, item.lead or ""))
    _note(document, CONFIRM_AGENDA)
    _note(document, CONFIDENTIALITY)
    return _finish(document, meeting, "Agenda", draft=draft)


def render_minutes(meeting: StrategicMeeting, *, draft: bool = False) -> bytes:
    """Return the .docx minutes: attendance, quoracy, each item's notes, actions, deadline."""
    document = _document(meeting, "Minutes")
    _attendance(document, meeting)
    document.add_heading("Quoracy", level=1)
    document.add_paragraph(quorum_statement(meeting))
    for number, item in enumerate(meeting.agenda_items(), start=1):
        document.add_heading(f"{number}. {clean_text(item.item)}", level=1)
        if item.lead:  # kept with the notes, or a heading and its lead end a page alone
            _label_line(document, "Lead", item.lead).paragraph_format.keep_with_next = True
        _blocks(document, meeting.notes.get(item.key))
    _actions(document, meeting)
    if meeting.next_meeting:
        document.add_heading("Next meeting", level=1)
        document.add_paragraph(next_meeting_line(meeting.next_meeting))
    _circulation(document, meeting)
    return _finish(document, meeting, "Minutes", draft=draft)


def quorum_statement(meeting: StrategicMeeting) -> str:
    """The minutes' sentence on quoracy: met, or not met naming the organisations absent."""
    if not required_organisations(meeting):
        return "No quorum is set for this group, so the meeting is quorate as held."
    required = _joined(required_organisations(meeting))
    if not (missing := missing_quorum(meeting)):
        return (
            f"The meeting was quorate: {required} were represented, so its resolutions and "
            "decisions are valid."
        )
    return (
        f"The meeting was NOT quorate: {_joined(missing)} "
        f"{'was' if len(missing) == 1 else 'were'} not represented ({required} must be). "
        "Resolutions and decisions recorded here are not valid until a quorate meeting "
        "confirms them."
    )


def _document(meeting: StrategicMeeting, what: str) -> Document:
    """A new A4 document with the title block and the meeting details."""
    document = new_document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin = section.bottom_margin = Cm(2)
    house_styles(document)  # the records' look (python-docx's headings are Calibri Light)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_page_numbers(footer)
    document.add_heading(clean_text(meeting.group), level=0)
    subtitle = document.add_paragraph()
    run = subtitle.add_run(f"{what}: {clean_text(meeting.provider.name)}")
    run.bold = True
    run.font.size = Pt(14)
    _details(document, meeting)
    return document


def _details(document: Document, meeting: StrategicMeeting) -> None:
    """The two-column table of when, where and who chairs."""
    details = meeting.meeting
    provider = meeting.provider.name
    if meeting.provider.company and meeting.provider.company != provider:
        provider += f" ({meeting.provider.company})"
    rows = [
        ("Provider", provider),
        ("Date", dates.long_date(details.date)),
        ("Time", meeting_time(meeting.meeting)),
        ("Venue", details.venue or NOT_RECORDED),
        ("Chair", person_line(details.chair)),
    ]
    if details.minute_taker:
        rows.append(("Minutes", person_line(details.minute_taker)))
    table = _table(document, None, (Cm(3.5), Cm(13.5)))
    for label, value in rows:
        cells = _row(table, (label, value))
        cells[0].paragraphs[0].runs[0].bold = True
    document.add_paragraph()


def _attendance(document: Document, meeting: StrategicMeeting) -> None:
    details = meeting.meeting
    document.add_heading("Attendance", level=1)
    table = _table(document, ("Name", "Role", "Organisation"), (Cm(4.5), Cm(6.5), Cm(6)))
    _row(table, _person_cells(details.chair, "Chair"))
    for person in details.attendees:
        _row(table, _person_cells(person))
    if details.minute_taker:
        _row(table, _person_cells(details.minute_taker, "Minutes"))
    document.add_heading("Apologies", level=2)
    if details.apologies:
        table = _table(document, ("Name", "Role", "Organisation"), (Cm(4.5), Cm(6.5), Cm(6)))
        for person in details.apologies:
            _row(table, _person_cells(person))
    else:
        document.add_paragraph("None received.")
    if not is_blank(details.provider_attendance):
        _label_line(document, "Provider attendance", details.provider_attendance or "")


def _actions(document: Document, meeting: StrategicMeeting) -> None:
    document.add_heading("Actions", level=1)
    if not meeting.actions:
        document.add_paragraph("No actions were agreed.")
        return
    headers = ("No.", "Action", "Owner", "Due", "Update")
    table = _table(document, headers, (Cm(1.1), Cm(5.9), Cm(3.6), Cm(2.5), Cm(3.9)))
    for action in meeting.actions:
        update = action.update or ""
        if action.completed:
            update = f"Completed {dates.short_date(action.completed)}. {update}".strip()
        due = dates.short_date(action.due) if action.due else ""
        owner = f"{action.owner}\n{action.organisation}"
        _row(table, (str(action.number), action.detail, owner, due, update))
    _note(document, "Progress on every action is kept in the action tracker.")


def _circulation(document: Document, meeting: StrategicMeeting) -> None:
    document.add_heading("Minutes and circulation", level=1)
    rule = DEADLINES[meeting.kind].rule
    document.add_paragraph(
        "These minutes are sent to the Chair for agreement or amendment, then circulated to "
        f"all members with any attachments {rule}: by "
        f"{dates.long_date(meeting.minutes_due)}."
    )
    if meeting.circulation.recipients:
        document.add_paragraph("Circulation:")
        for recipient in meeting.circulation.recipients:
            document.add_paragraph(clean_text(recipient), style="List Bullet")
    _note(document, CONFIDENTIALITY)


def _blocks(document: Document, text: str | None) -> None:
    """A text field as Word paragraphs and real bullets; line breaks kept inside each."""
    found = [] if is_blank(text) else split_blocks(text or "")
    if not found:
        _note(document, NO_NOTES)
    for block in found:
        style = "List Bullet" if block.kind == "bullet" else None
        document.add_paragraph(block.text, style=style)


def _table(document: Document, headers: tuple[str, ...] | None, widths: tuple[Cm, ...]) -> Table:
    """A bordered table with fixed column widths and, if given, a header row repeated on
    every page."""
    table = document.add_table(rows=0, cols=len(widths))
    table.style = document.styles["Table Grid"]
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    if headers:
        cells = _row(table, headers)
        for cell in cells:
            cell.paragraphs[0].runs[0].bold = True
            _shade(cell, "D9E1F2")
        row_properties = table.rows[0]._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        row_properties.append(repeat)
    return table


def _row(table: Table, values: tuple[str, ...]) -> list:
    """Add a row of plain text cells (line breaks kept), never split across pages; return its
    cells."""
    row = table.add_row()
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    cells = row.cells
    for cell, value, column in zip(cells, values, table.columns, strict=True):
        cell.width = column.width
        paragraph = cell.paragraphs[0]
        paragraph.paragraph_format.space_after = Pt(2)
        paragraph.add_run(clean_text(value))
    return cells


def _shade(cell: object, colour: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(shading)  # type: ignore[attr-defined]


def _label_line(document: Document, label: str, value: str) -> Paragraph:
    paragraph = document.add_paragraph()
    paragraph.add_run(f"{label}: ").bold = True
    paragraph.add_run(clean_text(value))
    return paragraph


def _note(document: Document, text: str) -> None:
    """A short note in grey italics, set off from a table above it."""
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_before = Pt(6)
    run = paragraph.add_run(text)
    run.italic = True
    run.font.color.rgb = _GREY


def _person_cells(person: Person, part: str | None = None) -> tuple[str, str, str]:
    role = person.role or ""
    if part:
        role = f"{role} ({part})" if role else part
    return (person.name, role, person.organisation or "")


def _joined(names: list[str]) -> str:
    """``A``, ``A and B``, ``A, B and C``."""
    names = [clean_text(name) for name in names]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _finish(document: Document, meeting: StrategicMeeting, what: str, *, draft: bool) -> bytes:
    """Mark every page, set the properties, and return the .docx bytes."""
    mark_document(document, draft=draft)
    properties = document.core_properties
    properties.title = f"{clean_text(meeting.group)}: {what}"[:255]
    properties.subject = clean_text(meeting.provider.name)[:255]  # Word's limit: longer fails
    properties.author = "provider-concerns-toolkit"
    properties.created = properties.modified = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    properties.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
