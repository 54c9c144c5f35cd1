"""Agenda and minutes of the Strategic Provider Concerns Group (West Sussex protocol), as Word.

Both are built with python-docx from the meeting file: the agenda of Appendix i (or the file's
own), the minutes with attendance, quoracy (protocol §4), the notes of each item under a real
Word heading, and the actions. Every page is marked at top and bottom (protocol §6.4).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docx.shared import Pt, RGBColor

from toolkit import dates
from toolkit.frameworks import NO_NOTES
from toolkit.kinds.strategic import KIND, StrategicMeeting
from toolkit.model import Person
from toolkit.profile import marking_text
from toolkit.render.docx_look import LABEL_FILL, add_blocks, new_paper, set_style
from toolkit.render.docx_save import finish_paper
from toolkit.render.docx_tables import add_row, add_table, cell_text
from toolkit.render.wording import NOT_RECORDED, meeting_time, next_meeting_line, person_line
from toolkit.text import clean_text, is_blank, split_blocks

if TYPE_CHECKING:
    from docx.document import Document
    from docx.text.paragraph import Paragraph

CONFIRM_AGENDA = (
    "The agenda is flexible and responsive to the strategic provider concern being discussed. "
    "The Chair will confirm the agenda prior to the meeting."
)
_GREY = RGBColor(0x59, 0x59, 0x59)


def render_agenda(meeting: StrategicMeeting, *, draft: bool = False) -> bytes:
    """Return the .docx agenda: meeting details, numbered items with leads, the chair's note."""
    document = _document(meeting, "Agenda")
    items = meeting.agenda_items()
    widths = [1.5, 11.0, 4.5]
    table = add_table(document, widths, ["No.", "Item", "Lead"])
    for number, item in enumerate(items, start=1):
        add_row(table, _texts(f"{number}.", item.item, item.lead or ""), widths)
    _note(document, CONFIRM_AGENDA)
    _note(document, _confidentiality())
    return finish_paper(document, f"{meeting.group}: Agenda", meeting.provider.name, draft=draft)


def _confidentiality() -> str:
    """The protocol's rule on papers (§6.4), naming the marking the pages carry."""
    return (
        "This meeting works in accordance with the local information sharing protocol. Meeting "
        f"notes and papers with sensitive information are marked {marking_text()} on each page "
        "and must be password protected before circulation; the password is issued separately."
    )


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
    return finish_paper(document, f"{meeting.group}: Minutes", meeting.provider.name, draft=draft)


def quorum_statement(meeting: StrategicMeeting) -> str:
    """The minutes' sentence on quoracy: met, or not met naming the organisations absent."""
    if not meeting.required_organisations():
        return "No quorum is set for this group, so the meeting is quorate as held."
    required = _joined(meeting.required_organisations())
    if not (missing := meeting.missing_quorum()):
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
    document = new_paper()
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
    widths = [3.5, 13.5]
    table = add_table(document, widths)
    for label, value in rows:
        row = add_row(table, _texts("", value), widths)
        cell_text(row.cells[0], label, bold=True, fill=LABEL_FILL)
    document.add_paragraph()


def _attendance(document: Document, meeting: StrategicMeeting) -> None:
    details = meeting.meeting
    document.add_heading("Attendance", level=1)
    _people(document, _present(meeting))
    document.add_heading("Apologies", level=2)
    if details.apologies:
        _people(document, [(person, None) for person in details.apologies])
    else:
        document.add_paragraph("None received.")
    if not is_blank(details.provider_attendance):
        _label_line(document, "Provider attendance", details.provider_attendance or "")


def _actions(document: Document, meeting: StrategicMeeting) -> None:
    document.add_heading("Actions", level=1)
    if not meeting.actions:
        document.add_paragraph("No actions were agreed.")
        return
    widths = [1.1, 5.9, 3.6, 2.5, 3.9]
    table = add_table(document, widths, ["No.", "Action", "Owner", "Due", "Update"])
    for action in meeting.actions:
        update = action.update or ""
        if action.completed:
            update = f"Completed {dates.short_date(action.completed)}. {update}".strip()
        due = dates.short_date(action.due) if action.due else ""
        owner = f"{action.owner}\n{action.organisation}"
        add_row(table, _texts(str(action.number), action.detail, owner, due, update), widths)
    _note(document, "Progress on every action is kept in the action tracker.")


def _circulation(document: Document, meeting: StrategicMeeting) -> None:
    document.add_heading("Minutes and circulation", level=1)
    rule = KIND.deadline_in_force().rule
    document.add_paragraph(
        "These minutes are sent to the Chair for agreement or amendment, then circulated to "
        f"all members with any attachments {rule}: by "
        f"{dates.long_date(KIND.due(meeting))}."
    )
    if meeting.circulation.recipients:
        document.add_paragraph("Circulation:")
        for recipient in meeting.circulation.recipients:
            set_style(document.add_paragraph(clean_text(recipient)), "List Bullet")
    _note(document, _confidentiality())


def _blocks(document: Document, text: str | None) -> None:
    """A text field as Word paragraphs and real bullets; line breaks kept inside each."""
    if is_blank(text) or not split_blocks(text or ""):
        _note(document, NO_NOTES)
    else:
        add_blocks(document, text or "")


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


#: Columns of the attendance and apologies tables, in cm.
_PEOPLE_WIDTHS = [4.5, 6.5, 6.0]


def _people(document: Document, people: list[tuple[Person, str | None]]) -> None:
    """A table of people, each with the part they played ("Chair", "Minutes") after the role."""
    table = add_table(document, _PEOPLE_WIDTHS, ["Name", "Role", "Organisation"])
    for person, part in people:
        role = person.role or ""
        if part:
            role = f"{role} ({part})" if role else part
        add_row(table, _texts(person.name, role, person.organisation or ""), _PEOPLE_WIDTHS)


def _present(meeting: StrategicMeeting) -> list[tuple[Person, str | None]]:
    """Who attended, each once: the chair and the minute-taker are often listed among the
    attendees as well, and appear once under their part, with what the attendee entry adds
    (the organisation the chair represents, say)."""
    details = meeting.meeting
    attendees = {_identity(person): person for person in details.attendees}
    officers = [(details.chair, "Chair")]
    if details.minute_taker:
        officers.append((details.minute_taker, "Minutes"))
    merged = [(_merged(person, attendees.get(_identity(person))), p) for person, p in officers]
    named = {_identity(person) for person, _ in officers}
    others = [(person, None) for person in details.attendees if _identity(person) not in named]
    return [merged[0], *others, *merged[1:]]


def _merged(person: Person, listed: Person | None) -> Person:
    """``person`` with the fields it lacks taken from its entry among the attendees."""
    if listed is None:
        return person
    missing = {key: value for key, value in listed if getattr(person, key) is None}
    return person.model_copy(update=missing)


def _identity(person: Person) -> str:
    """A person's name, compared without case or spacing."""
    return " ".join(person.name.casefold().split())


def _texts(*values: str) -> list[str]:
    """Cell values as Word can hold them (characters XML cannot hold dropped)."""
    return [clean_text(value) for value in values]


def _joined(names: list[str]) -> str:
    """``A``, ``A and B``, ``A, B and C``."""
    names = [clean_text(name) for name in names]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
