"""The Concerns/Compliments Reporting Form (Barnsley procedure) as Word, built with python-docx.

The form follows the procedure's order: the provider, the professional, concern or compliment,
the description, abuse and immediate safety, who at the provider was told, the actions agreed;
then the parts "For completion by the safeguarding team manager" (screening) and "For completion
by the contracts team" (follow-up). Those two parts print what the file records, or empty boxes
and unticked choices for completion by hand. Every page is marked at top and bottom.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE
from docx.shared import Cm, Pt, RGBColor

from toolkit import dates
from toolkit.kinds.ccrf import KIND
from toolkit.kinds.ccrf_model import (
    DESCRIPTION,
    PROVIDER_CONTACTED,
    SCREENED_BY,
    TITLE,
    TYPES,
    CcrfPaper,
    moment_words,
)
from toolkit.model import Person, Provider
from toolkit.profile import marking_text
from toolkit.render.docx_look import LABEL_FILL, add_blocks, new_paper
from toolkit.render.docx_save import finish_paper
from toolkit.render.docx_tables import add_row, add_table, cell_text
from toolkit.text import clean_text, is_blank

if TYPE_CHECKING:
    from docx.document import Document

#: A ticked and an empty box, as paper forms print them.
TICKED, EMPTY = "\u2612", "\u2610"
#: Label and value columns of a form's tables, in cm (17 cm across the page).
FORM_WIDTHS = [5.0, 12.0]
#: Height of an empty box: one handwritten line, or several for notes; and of every row, so
#: that a form's rows are never cramped.
LINE_HEIGHT = Cm(0.9)
NOTES_HEIGHT = Cm(3.5)
ROW_HEIGHT = Cm(0.75)
#: Forms are read and filled in on paper: their tables print larger than a record's.
FORM_TEXT = Pt(10)
_GREY = RGBColor(0x59, 0x59, 0x59)

#: A row of a form: label, value ("" for a box to fill in by hand), and the box's height.
Row = tuple[str, str, Cm | None]


def render_ccrf(paper: CcrfPaper, *, draft: bool = False) -> bytes:
    """Return the .docx form: the professional's report, then the screening and follow-up
    parts, filled in as far as the file goes and left as boxes beyond that."""
    report = paper.report
    document = new_paper()
    document.add_heading(TITLE, level=0)
    subtitle = document.add_paragraph()
    run = subtitle.add_run(f"{TYPES[report.type]}: {clean_text(paper.provider.name)}")
    run.bold = True
    run.font.size = Pt(14)
    note(document, _instructions())
    heading(document, "1. Provider")
    form_table(document, provider_rows(paper.provider))
    heading(document, "2. Professional completing the form")
    form_table(document, _person_rows(report.professional, with_contact=True))
    heading(document, "3. Concern or compliment")
    form_table(
        document,
        [
            ("Type", choices([(label, key == report.type) for key, label in TYPES.items()]), None),
            ("Date identified", dates.long_date(report.identified), None),
            ("Date this form was sent", _day(report.submitted), LINE_HEIGHT),
        ],
    )
    heading(document, f"4. {DESCRIPTION}")
    add_blocks(document, report.description)
    _safety(document, paper)
    _raised_with_provider(document, paper)
    _actions(document, paper)
    _screening(document, paper)
    _follow_up(document, paper)
    note(
        document,
        "The contracts team records this form on the provider's file and on the central system "
        "used to monitor trends; concerns are discussed at performance management meetings and "
        "good practice at the provider forum.",
    )
    return finish_paper(document, f"{TITLE}: {report.type}", paper.provider.name, draft=draft)


def _instructions() -> str:
    rule = KIND.deadline_in_force().rule
    return (
        "Raise the concern with the provider's managers and agree with them the actions to "
        f"remedy it, then complete this form and send it by secure email {rule}. "
        "If abuse is suspected, ensure the immediate safety of anyone at risk and raise a "
        'safeguarding concern within 24 hours. Do not name residents: say "a resident" or '
        f"use initials. This form is {marking_text()} once completed."
    )


def _safety(document: Document, paper: CcrfPaper) -> None:
    report = paper.report
    heading(document, "5. Abuse and immediate safety")
    if report.type == "compliment":
        document.add_paragraph("Not applicable: a compliment reports good practice.")
        return
    raised = report.safeguarding_concern_raised
    suspected = bool(report.abuse_suspected)
    form_table(
        document,
        [
            (
                "Is abuse suspected?",
                choices([("Yes", report.abuse_suspected is True), ("No", not suspected)]),
                None,
            ),
            (
                "Safeguarding concern raised",
                moment_words(raised)
                if raised
                else "Not applicable: abuse is not suspected."
                if report.abuse_suspected is False
                else "",
                None if raised or report.abuse_suspected is False else LINE_HEIGHT,
            ),
        ],
    )
    sub_heading(document, "Action taken for the immediate safety of anyone at risk")
    if is_blank(report.immediate_safety):
        document.add_paragraph("None recorded.")
    else:
        add_blocks(document, report.immediate_safety or "")


def _raised_with_provider(document: Document, paper: CcrfPaper) -> None:
    contact = paper.report.raised_with_provider
    told = "Good practice acknowledged to" if paper.report.type == "compliment" else "Raised with"
    heading(document, f"6. {told} the provider's manager")
    if contact is None:
        document.add_paragraph("Not recorded.")
        return
    form_table(
        document,
        [
            ("Name", clean_text(contact.name), None),
            ("Role", clean_text(contact.role or ""), None),
            ("Date", dates.long_date(contact.date), None),
        ],
    )


def _actions(document: Document, paper: CcrfPaper) -> None:
    heading(document, "7. Actions agreed with the provider's manager")
    actions = paper.report.actions_agreed
    if not actions:
        document.add_paragraph(
            "No actions were agreed with the professional: the contracts team will ask the "
            "provider to detail the actions it has taken."
        )
        return
    widths = [1.2, 9.0, 4.3, 2.5]
    table = add_table(document, widths, ["No.", "Action", "Who", "By when"])
    for number, action in enumerate(actions, start=1):
        due = dates.short_date(action.due) if action.due else ""
        values = [str(number), clean_text(action.detail), clean_text(action.owner), due]
        add_row(table, values, widths)


def _screening(document: Document, paper: CcrfPaper) -> None:
    screening = paper.screening
    heading(document, "For completion by the safeguarding team manager", page_break=True)
    note(
        document,
        "Screen the form to make sure the concern reported is low level before it passes to "
        "the contracts team; a concern that is not low level is referred under the safeguarding "
        "adults procedures.",
    )
    by = screening.by if screening else None
    low = screening.low_level if screening else None
    form_table(
        document,
        [
            (SCREENED_BY, clean_text(by.name) if by else "", LINE_HEIGHT),
            ("Role", clean_text(by.role or "") if by else "", LINE_HEIGHT),
            ("Date screened", _day(screening.date if screening else None), LINE_HEIGHT),
            (
                "Outcome",
                choices(
                    [
                        ("Low level: pass to the contracts team", low is True),
                        ("Not low level: refer under safeguarding adults procedures", low is False),
                    ],
                    across=False,
                ),
                None,
            ),
            ("Notes", clean_text(screening.notes or "") if screening else "", NOTES_HEIGHT),
        ],
    )


def _follow_up(document: Document, paper: CcrfPaper) -> None:
    follow_up = paper.follow_up
    heading(document, "For completion by the contracts team")
    note(
        document,
        "Contact the provider to make sure the agreed actions have been taken (where none were "
        "agreed, ask the provider what it has done), and record the outcome on the provider's "
        "file. A monitoring visit may check the actions; otherwise they are evidenced at the next "
        "routine monitoring visit.",
    )
    confirmed = follow_up.actions_confirmed if follow_up else None
    visit = follow_up.monitoring_visit if follow_up else None
    form_table(
        document,
        [
            (
                PROVIDER_CONTACTED,
                _day(follow_up.provider_contacted if follow_up else None),
                LINE_HEIGHT,
            ),
            (
                "Actions confirmed as taken",
                choices([("Yes", confirmed is True), ("No", confirmed is False)]),
                None,
            ),
            (
                "Monitoring visit",
                dates.long_date(visit) if visit else "None arranged." if follow_up else "",
                LINE_HEIGHT,
            ),
            ("Notes", clean_text(follow_up.notes or "") if follow_up else "", NOTES_HEIGHT),
        ],
    )


def _day(day: dt.date | None) -> str:
    """A date in words, or nothing (a box to fill in)."""
    return dates.long_date(day) if day else ""


def provider_rows(provider: Provider) -> list[Row]:
    """The provider's details that are given, name first."""
    rows: list[Row] = [("Provider", clean_text(provider.name), None)]
    for label, value in (
        ("Company", provider.company),
        ("Service type", provider.service_type),
        ("Client group", provider.client_group),
        ("Address", provider.address),
        ("CQC location ID", provider.cqc_location_id),
    ):
        if not is_blank(value):
            rows.append((label, clean_text(value or ""), None))
    return rows


def _person_rows(person: Person, *, with_contact: bool) -> list[Row]:
    rows: list[Row] = [
        ("Name", clean_text(person.name), None),
        ("Role", clean_text(person.role or ""), LINE_HEIGHT),
        ("Organisation", clean_text(person.organisation or ""), LINE_HEIGHT),
    ]
    if with_contact:
        rows += [
            ("Email", clean_text(person.email or ""), LINE_HEIGHT),
            ("Telephone", clean_text(person.phone or ""), LINE_HEIGHT),
        ]
    return rows


def choices(options: Sequence[tuple[str, bool]], *, across: bool = True) -> str:
    """Tick boxes: ``☒ Yes    ☐ No`` across one line, or one option a line."""
    separator = "      " if across else "\n"
    return separator.join(f"{TICKED if ticked else EMPTY} {label}" for label, ticked in options)


def form_table(document: Document, rows: Sequence[Row]) -> None:
    """A two-column table of shaded labels and values; a value left empty is a box of the
    row's height, to be completed by hand."""
    table = add_table(document, FORM_WIDTHS)
    for label, value, height in rows:
        row = add_row(table, ["", value], FORM_WIDTHS)
        cell_text(row.cells[0], label, bold=True, fill=LABEL_FILL)
        box = height is not None and not value
        row.height = height if box else ROW_HEIGHT
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        tall = box and height is not None and height > LINE_HEIGHT
        for cell in row.cells:
            cell.vertical_alignment = (
                WD_CELL_VERTICAL_ALIGNMENT.TOP if tall else WD_CELL_VERTICAL_ALIGNMENT.CENTER
            )
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = FORM_TEXT
    document.add_paragraph().paragraph_format.space_after = Pt(0)


def heading(document: Document, text: str, *, page_break: bool = False) -> None:
    """A numbered part of the form, as a real Word heading (so that `check` finds it)."""
    paragraph = document.add_heading(text, level=1)
    paragraph.paragraph_format.page_break_before = page_break or None


def sub_heading(document: Document, text: str) -> None:
    document.add_heading(text, level=2)


def note(document: Document, text: str) -> None:
    """A short instruction in grey italics."""
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_before = Pt(4)
    run = paragraph.add_run(text)
    run.italic = True
    run.font.size = Pt(9.5)
    run.font.color.rgb = _GREY
