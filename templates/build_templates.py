"""Build the Word templates of the records (Appendix 1 and 2) from source, reproducibly.

Run ``python templates/build_templates.py`` after changing this file; it writes
``templates/appendix1/record.docx`` and ``templates/appendix2/record.docx`` (committed). Each
Jinja tag sits whole in one run, so the XML stays clean for docxtpl; the layout uses real Word
styles (Title, Heading 1, List Bullet, Table Grid) so that a council can restyle it in Word.
``--check`` exits 1 when a committed template differs from what this script builds.

Headings and titles are never written here: they come from ``toolkit.frameworks`` through the
context (see ``toolkit.render.record.record_context`` for every placeholder).
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Cm, Pt
from docx.table import Table, _Cell, _Row

from toolkit.render.docx_look import add_page_numbers, house_styles
from toolkit.render.marking import mark_document

HERE = Path(__file__).resolve().parent
#: A4 with 2 cm margins: 17 cm of text across a portrait page, 25.7 cm across a landscape one.
A4 = (Cm(21), Cm(29.7))
MARGIN = Cm(2)
KEEP_TABLES = {"TableNormal", "TableGrid"}
HEADER_FILL = "D9D9D9"
LABEL_FILL = "F2F2F2"
#: A fixed date in the properties and the zip entries, so that a rebuild is byte-identical.
EPOCH = dt.datetime(2026, 1, 1)


#: The action plan's columns (name, width in cm on a landscape page): a review meeting also
#: records the progress reported on each action and when it was completed.
ACTION_COLUMNS: dict[int, list[tuple[str, float]]] = {
    1: [("No.", 1.4), ("Action detail", 12.6), ("Owner", 4.2), ("Organisation", 4.5), ("Due", 3)],
    2: [
        ("No.", 1.2),
        ("Action detail", 8.1),
        ("Owner", 3.3),
        ("Organisation", 3.5),
        ("Due", 2.3),
        ("Progress", 5.1),
        ("Completed", 2.2),
    ],
}


def build(appendix: int) -> bytes:
    """Return the template of Appendix ``appendix`` (1: initial meeting, 2: review meeting)."""
    document = docx.Document()
    _slim(document)
    _styles(document)
    _page(document.sections[0], landscape=False)
    _footer_page_numbers(document)
    mark_document(document)
    _properties(document, appendix)

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
            ("Suspension of new admissions", "{{ suspension }}"),
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
    if appendix == 2:
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

    _page(document.add_section(WD_SECTION.NEW_PAGE), landscape=True)
    document.add_paragraph("Multi-agency action plan", style="Heading 1")
    columns = ACTION_COLUMNS[appendix]
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
    document.add_paragraph("Circulation", style="Heading 1")
    # The record's last block: kept whole, never a few names alone on a last page.
    _list(
        document,
        "{%p for recipient in circulation %}",
        "{{ recipient }}",
        "Not recorded.",
        keep_together=True,
    )
    return _reproducible(document)


def _styles(document: Document) -> None:
    """The papers' shared look, and the smaller text of tables."""
    house_styles(document)
    table_text = document.styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = document.styles["Normal"]
    table_text.font.size = Pt(9)
    table_text.paragraph_format.space_after = Pt(2)
    table_bullet = document.styles.add_style("Table Bullet", WD_STYLE_TYPE.PARAGRAPH)
    table_bullet.base_style = document.styles["List Bullet"]
    table_bullet.font.size = Pt(9)
    table_bullet.paragraph_format.space_after = Pt(2)


def _slim(document: Document) -> None:
    """Drop what every render would parse and compress for nothing: python-docx's thumbnail
    (a picture of another document), the Word 2010 styles copy, an empty custom XML part, and
    98 unused table styles (Word offers its built-in ones again when a council picks one)."""
    for rid, rel in list(document.part.rels.items()):
        if rel.reltype.endswith(("/stylesWithEffects", "/customXml")):
            document.part.drop_rel(rid)
    package_rels = document.part.package.rels
    for rid, rel in list(package_rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            package_rels.pop(rid)
    styles = document.styles.element
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:type")) == "table" and style.get(qn("w:styleId")) not in KEEP_TABLES:
            styles.remove(style)


def _page(section: Section, *, landscape: bool) -> None:
    """A4, portrait or landscape, 2 cm margins."""
    width, height = A4
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, MARGIN)
    section.header_distance = section.footer_distance = Cm(1)


def _footer_page_numbers(document: Document) -> None:
    """ "Page N of M" above the marking in the footer (the marking stays at the very bottom)."""
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_page_numbers(paragraph)


def _properties(document: Document, appendix: int) -> None:
    """Fixed properties; render_record writes the title and subject of each record."""
    properties = document.core_properties
    properties.author = "Provider concerns toolkit"
    properties.last_modified_by = "Provider concerns toolkit"
    properties.title = f"Appendix {appendix} record template"
    properties.subject = ""
    properties.comments = (
        "docxtpl template: restyle it freely in Word, keeping each Jinja tag whole "
        "(properties are rendered too, so no Jinja braces here). "
        "Check it with: toolkit templates check FOLDER"
    )
    properties.created = properties.modified = EPOCH
    properties.revision = 1


def _details(document: Document, rows: list[tuple[str, str]]) -> None:
    """A two-column table of labels and values."""
    table = document.add_table(rows=len(rows), cols=2)
    _table_look(table, [5.0, 12.0])
    for row, (label, value) in zip(table.rows, rows, strict=True):
        _cell_text(row.cells[0], label, bold=True, fill=LABEL_FILL)
        _cell_text(row.cells[1], value)


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
    table = document.add_table(rows=4, cols=len(columns))
    _table_look(table, [width for _, width in columns])
    header, start, body, end = table.rows
    for cell, (name, _) in zip(header.cells, columns, strict=True):
        _cell_text(cell, name, bold=True, fill=HEADER_FILL)
    _repeat_header(header)
    if whole_rows:
        body._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    _cell_text(start.cells[0], loop)
    _cell_text(end.cells[0], "{%tr endfor %}")
    for cell, text in zip(body.cells, cells, strict=True):
        _cell_text(cell, text)
    return list(body.cells)


def _table_look(table: Table, widths_cm: list[float]) -> None:
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    for gridcol, width in zip(table._tbl.tblGrid.gridCol_lst, widths_cm, strict=True):
        gridcol.w = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)


def _cell_text(cell: _Cell, text: str, *, bold: bool = False, fill: str | None = None) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.style = "Table Text"
    if text:
        paragraph.add_run(text).bold = bold or None
    if fill:
        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:color"), "auto")
        shading.set(qn("w:fill"), fill)
        cell._tc.get_or_add_tcPr().append(shading)


def _repeat_header(row: _Row) -> None:
    """Repeat the header row at the top of each page the table runs onto."""
    trpr = row._tr.get_or_add_trPr()
    for tag in ("w:tblHeader", "w:cantSplit"):
        trpr.append(OxmlElement(tag))


def _blocks(container: Document | _Cell, blocks: str) -> None:
    """The paragraphs and bullet points of a text field, from its ``blocks`` list."""
    in_table = isinstance(container, _Cell)
    style = "Table Text" if in_table else None
    bullet = "Table Bullet" if in_table else "List Bullet"
    for text, paragraph_style in (
        (f"{{%p for block in {blocks} %}}", style),
        ("{%p if block.bullet %}", style),
        ("{{ block.text }}", bullet),
        ("{%p else %}", style),
        ("{{ block.text }}", style),
        ("{%p endif %}", style),
        ("{%p endfor %}", style),
    ):
        container.add_paragraph(text, style=paragraph_style)


def _list(
    document: Document, loop: str, item: str, empty: str, *, keep_together: bool = False
) -> None:
    """A bullet list from a loop, or ``empty`` when the list is empty; ``keep_together`` keeps
    every item on the page of the next (only for a list that ends the document)."""
    document.add_paragraph(loop)
    bullet = document.add_paragraph(item, style="List Bullet")
    bullet.paragraph_format.keep_with_next = keep_together or None
    document.add_paragraph("{%p else %}")
    document.add_paragraph(empty)
    document.add_paragraph("{%p endfor %}")


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
    return {HERE / f"appendix{n}" / "record.docx": build(n) for n in (1, 2)}


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
