"""Build the Word template of every kind of record from source, reproducibly.

Run ``python toolkit/templates/build_templates.py`` after changing this file or adding a kind of
record; it writes ``toolkit/templates/FOLDER/record.docx`` for each kind of `toolkit.kinds` that
is rendered through a template (committed; shipped in the wheel). Each Jinja tag sits whole in
one run, so the XML stays clean for docxtpl; the layout uses real Word styles (Title, Heading 1,
List Bullet, Table Grid) so that a council can restyle it in Word. ``--check`` exits 1 when a
committed template differs from what this script builds.

Headings and titles are never written here: they come from the kind through the context (see
``toolkit.render.record.record_context`` for every placeholder).
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path

from docx.document import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.table import _Cell

from toolkit import kinds
from toolkit.decisions import (
    CAUTION_HEADER,
    DECIDED_LABEL,
    DECISION_LABEL,
    EVIDENCE_HEADER,
    INFORMED_LABEL,
    REVIEW_LABEL,
    SUSPENSION_HEADER,
)
from toolkit.kinds.record import RecordKind
from toolkit.render.docx_look import LABEL_FILL, new_paper, set_page
from toolkit.render.docx_tables import add_row, add_table, cell_text, keep_row_whole, shade
from toolkit.render.marking import mark_document

HERE = Path(__file__).resolve().parent
#: A fixed date in the properties and the zip entries, so that a rebuild is byte-identical.
EPOCH = dt.datetime(2026, 1, 1)


#: The action plan's columns (name, width in cm on a landscape page); a meeting that reviews
#: progress (``RecordKind.action_progress``) also records the progress reported on each action
#: and when it was completed.
ACTION_COLUMNS = [
    ("No.", 1.4),
    ("Action detail", 12.6),
    ("Owner", 4.2),
    ("Organisation", 4.5),
    ("Due", 3),
]
PROGRESS_COLUMNS = [
    ("No.", 1.2),
    ("Action detail", 8.1),
    ("Owner", 3.3),
    ("Organisation", 3.5),
    ("Due", 2.3),
    ("Progress", 5.1),
    ("Completed", 2.2),
]


def build(kind: RecordKind) -> bytes:
    """Return the record template of ``kind``."""
    document = new_paper()
    mark_document(document)
    _properties(document, kind)

    document.add_paragraph("{{ title }}", style="Title")
    document.add_paragraph("{{ provider.name }}, {{ meeting.date }}", style="Subtitle")
    document.add_paragraph("Provider details", style="Heading 1")
    _details(
        document,
        [
            ("Provider", "{{ provider.name }}"),
            ("Company", "{{ provider.company }}"),
            ("Service type", "{{ provider.service_type }}"),
            ("Client group", "{{ provider.client_group }}"),
            ("Address", "{{ provider.address }}"),
            ("CQC location ID", "{{ provider.cqc_location_id }}"),
            # Near the top, as the reader asks first how far the concerns have escalated;
            # left out when the meeting records no level (not every partnership uses them).
            ("Escalation level", "{{ escalation }}", "escalation"),
            ("New admissions and placements", "{{ suspension }}"),
        ],
    )
    document.add_paragraph("Meeting details", style="Heading 1")
    rows = [
        ("Date", "{{ meeting.date }}"),
        ("Time", "{{ meeting.time }}"),
        ("Venue", "{{ meeting.venue }}"),
        ("Chair", "{{ meeting.chair }}"),
        ("Minute-taker", "{{ meeting.minute_taker }}"),
    ]
    if "previous_meeting" in kind.model.model_fields:
        rows.append(("Previous meeting", "{{ previous_meeting }}"))
    _details(document, rows)

    document.add_paragraph("Attendees", style="Heading 1")
    _loop_table(
        document,
        [("Name", 2.9), ("Role", 3.4), ("Organisation", 3.0), ("Email", 5.2), ("Phone", 2.5)],
        "{%tr for person in attendees %}",
        [
            "{{ person.name }}",
            "{{ person.role }}",
            "{{ person.organisation }}",
            "{{ person.email }}",
            "{{ person.phone }}",
        ],
        whole_rows=True,
    )
    document.add_paragraph("Apologies", style="Heading 1")
    _list(document, "{%p for person in apologies %}", "{{ person }}", "None recorded.")
    document.add_paragraph("Provider attendance", style="Heading 1")
    _blocks(document, "provider_attendance")

    document.add_paragraph("{%p for section in sections %}")
    document.add_paragraph("{{ section.title }}", style="Heading 1")
    _blocks(document, "section.blocks")
    document.add_paragraph("{%p endfor %}")
    _placement(document)

    set_page(document.add_section(WD_SECTION.NEW_PAGE), landscape=True)
    document.add_paragraph("Multi-agency action plan", style="Heading 1")
    columns = PROGRESS_COLUMNS if kind.action_progress else ACTION_COLUMNS
    # "progress", not "update": a template's action.update would be the dict's own method
    fields = ["number", "detail", "owner", "organisation", "due", "progress", "completed"]
    texts = {"detail": "", "progress": ""}  # filled with paragraphs and bullets below
    cells = _loop_table(
        document,
        columns,
        "{%tr for action in actions %}",
        [texts.get(field, f"{{{{ action.{field} }}}}") for field in fields[: len(columns)]],
    )
    for index, field in enumerate(fields[: len(columns)]):
        if field in texts:
            _blocks(cells[index], f"action.{field}")
            cells[index].paragraphs[0]._p.getparent().remove(cells[index].paragraphs[0]._p)
    document.add_paragraph("{%p if not actions %}")
    document.add_paragraph("No actions were recorded.")
    document.add_paragraph("{%p endif %}")

    document.add_paragraph("Next meeting", style="Heading 1")
    document.add_paragraph("{{ next_meeting }}")
    document.add_paragraph("Minutes", style="Heading 1")
    document.add_paragraph(
        "Minutes to be agreed and shared by {{ minutes_due }}, {{ minutes_rule }}."
    )
    # The record's last block: kept whole, never a few names alone on a last page.
    block = _unsplittable_block(document)
    block.paragraphs[0].style = "Heading 1"
    block.paragraphs[0].add_run("Circulation")
    _list(block, "{%p for recipient in circulation %}", "{{ recipient }}", "Not recorded.")
    return _reproducible(document)






def _properties(document: Document, kind: RecordKind) -> None:
    """Fixed properties; render_record writes the title and subject of each record."""
    properties = document.core_properties
    properties.author = "Provider concerns toolkit"
    properties.last_modified_by = "Provider concerns toolkit"
    properties.title = f"{kind.title}: template"
    properties.subject = ""
    properties.comments = (
        "docxtpl template: restyle it freely in Word, keeping each Jinja tag whole "
        "(properties are rendered too, so no Jinja braces here). "
        "Check it with: toolkit templates check FOLDER"
    )
    properties.created = properties.modified = EPOCH
    properties.revision = 1


def _details(document: Document, rows: Sequence[tuple[str, ...]]) -> None:
    """A two-column table of labels and values; a row given a third item, a context name,
    is printed only when that value is not empty."""
    widths = [5.0, 12.0]
    table = add_table(document, widths)
    blank = ["", ""]
    for label, value, *condition in rows:
        if condition:
            add_row(table, [f"{{%tr if {condition[0]} %}}", ""], widths, whole=False)
        row = add_row(table, ["", value], widths, whole=False)
        cell_text(row.cells[0], label, bold=True, fill=LABEL_FILL)
        if condition:
            add_row(table, ["{%tr endif %}", *blank[1:]], widths, whole=False)


def _placement(document: Document) -> None:
    """The placement decision (4LSAB), when the meeting records one: the decision and its dates,
    Appendix A's criteria in two tables (cautions, suspensions) with those that apply ticked,
    and the six items of the evidence trail under their names."""
    document.add_paragraph("{%p if placement %}")
    document.add_paragraph("Placement decision", style="Heading 1")
    _details(
        document,
        [
            (DECISION_LABEL, "{{ placement.decision }}"),
            (DECIDED_LABEL, "{{ placement.decided }}"),
            (REVIEW_LABEL, "{{ placement.review_date }}"),
            (INFORMED_LABEL, "{{ placement.commissioners_informed }}"),
        ],
    )
    document.add_paragraph("Criteria", style="Heading 2")
    document.add_paragraph(
        "4LSAB Appendix A, suggested criteria for placing cautions or suspending placements: "
        "those the meeting found to apply are ticked."
    )
    for header, group in ((CAUTION_HEADER, "caution"), (SUSPENSION_HEADER, "suspension")):
        cells = _loop_table(
            document,
            [(header, 14.5), ("Applies", 2.5)],
            f"{{%tr for criterion in placement.{group} %}}",
            ["{{ criterion.text }}", "{{ criterion.tick }}"],
            whole_rows=True,
        )
        cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        # Ten short rows read as one list: kept on one page rather than one row left behind.
        for row in document.tables[-1].rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True
        document.add_paragraph()  # tables apart, or Word and LibreOffice join them into one
    document.add_paragraph("Evidence trail", style="Heading 2")
    cells = _loop_table(
        document,
        [(EVIDENCE_HEADER, 5.0), ("What the meeting recorded", 12.0)],
        "{%tr for item in placement.evidence %}",
        ["{{ item.name }}", ""],
    )
    cells[0].paragraphs[0].runs[0].bold = True
    shade(cells[0], LABEL_FILL)
    _blocks(cells[1], "item.blocks")
    cells[1].paragraphs[0]._p.getparent().remove(cells[1].paragraphs[0]._p)
    document.add_paragraph("{%p endif %}")


def _loop_table(
    document: Document,
    columns: list[tuple[str, float]],
    loop: str,
    cells: list[str],
    *,
    whole_rows: bool = False,
) -> list[_Cell]:
    """A table with a repeating header row and one row repeated by docxtpl; returns its cells.

    ``whole_rows`` never splits a row over two pages: for short rows only, as Word may cut
    off a row taller than a page that it may not split.
    """
    widths = [width for _, width in columns]
    table = add_table(document, widths, [name for name, _ in columns])
    blank = [""] * (len(widths) - 1)
    add_row(table, [loop, *blank], widths, whole=False)
    body = add_row(table, cells, widths, whole=False)
    add_row(table, ["{%tr endfor %}", *blank], widths, whole=False)
    if whole_rows:
        keep_row_whole(body)
    return list(body.cells)


def _blocks(container: Document | _Cell, blocks: str) -> None:
    """The paragraphs and bullet points of a text field, from its ``blocks`` list.

    In a table cell an empty list leaves one empty paragraph: Word reports a cell without a
    paragraph as unreadable content (an action with no progress reported yet).
    """
    in_table = isinstance(container, _Cell)
    style = "Table Text" if in_table else None
    bullet = "Table Bullet" if in_table else "List Bullet"
    empty = [("{%p else %}", style), ("", style)] if in_table else []
    for text, paragraph_style in (
        (f"{{%p for block in {blocks} %}}", style),
        ("{%p if block.bullet %}", style),
        ("{{ block.text }}", bullet),
        ("{%p else %}", style),
        ("{{ block.text }}", style),
        ("{%p endif %}", style),
        *empty,
        ("{%p endfor %}", style),
    ):
        container.add_paragraph(text, style=paragraph_style)


def _list(container: Document | _Cell, loop: str, item: str, empty: str) -> None:
    """A bullet list from a loop, or ``empty`` when the list is empty."""
    container.add_paragraph(loop)
    container.add_paragraph(item, style="List Bullet")
    container.add_paragraph("{%p else %}")
    container.add_paragraph(empty)
    container.add_paragraph("{%p endfor %}")


def _unsplittable_block(document: Document) -> _Cell:
    """A borderless, full-width table cell whose row may not split: what is written in it
    stays on one page. (LibreOffice does not keep a chain of "keep with next" paragraphs
    together, so a heading and its list written as paragraphs were parted at a page end.)"""
    table = document.add_table(rows=1, cols=1)
    keep_row_whole(table.rows[0])
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), "0")
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    properties = table._tbl.tblPr
    look = properties.find(qn("w:tblLook"))  # the schema puts the margins before the look
    properties.insert(len(properties) if look is None else properties.index(look), margins)
    return table.cell(0, 0)


def _reproducible(document: Document) -> bytes:
    """Save with fixed zip timestamps and order, so that the same source gives the same bytes."""
    buffer = io.BytesIO()
    document.save(buffer)
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for name in source.namelist():
            info = zipfile.ZipInfo(name, date_time=EPOCH.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(name))
    return output.getvalue()


def targets() -> dict[Path, bytes]:
    """Every template this script builds, by path."""
    return {
        HERE / kind.template_folder / "record.docx": build(kind)
        for kind in kinds.every()
        if isinstance(kind, RecordKind) and kind.template_folder
    }


def main(argv: list[str]) -> int:
    stale = []
    for path, data in targets().items():
        if "--check" in argv:
            if not path.exists() or path.read_bytes() != data:
                stale.append(path)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"{path.relative_to(HERE.parent)}: built")
    for path in stale:
        print(f"{path.relative_to(HERE.parent)}: out of date; run python {Path(__file__).name}")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
