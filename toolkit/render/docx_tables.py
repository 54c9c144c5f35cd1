"""Word tables in the house look: fixed widths, shaded header rows repeated on every page.

Used by the record templates' build script and by the papers built directly with python-docx,
so that every table of every paper looks alike.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm

from toolkit.render.docx_look import HEADER_FILL, set_style

if TYPE_CHECKING:
    from docx.document import Document
    from docx.table import Table, _Cell, _Row

TEXT_STYLE = "Table Text"


def add_table(
    document: Document, widths_cm: list[float], header: list[str] | None = None
) -> Table:
    """A bordered table of fixed column widths; ``header`` adds a shaded, bold header row
    repeated at the top of every page the table runs onto."""
    table = document.add_table(rows=0, cols=len(widths_cm))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    for gridcol, width in zip(table._tbl.tblGrid.gridCol_lst, widths_cm, strict=True):
        gridcol.w = Cm(width)
    if header:
        row = add_row(table, header, widths_cm, bold=True, fill=HEADER_FILL)
        repeat_header(row)
    return table


def add_row(
    table: Table,
    values: list[str],
    widths_cm: list[float],
    *,
    bold: bool = False,
    fill: str | None = None,
    whole: bool = True,
) -> _Row:
    """Add a row of text cells (line breaks kept); ``whole`` keeps it on one page."""
    row = table.add_row()
    if whole:
        keep_row_whole(row)
    for cell, value, width in zip(row.cells, values, widths_cm, strict=True):
        cell.width = Cm(width)
        cell_text(cell, value, bold=bold, fill=fill)
    return row


def cell_text(cell: _Cell, text: str, *, bold: bool = False, fill: str | None = None) -> None:
    """Write ``text`` in the cell's first paragraph, in the table text style."""
    paragraph = cell.paragraphs[0]
    set_style(paragraph, TEXT_STYLE)
    if text:
        paragraph.add_run(text).bold = bold or None
    if fill:
        shade(cell, fill)


def shade(cell: _Cell, fill: str) -> None:
    """Fill the cell's background with the hex colour ``fill``."""
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def repeat_header(row: _Row) -> None:
    """Repeat ``row`` at the top of each page the table runs onto, never split."""
    properties = row._tr.get_or_add_trPr()
    for tag in ("w:cantSplit", "w:tblHeader"):
        if properties.find(qn(tag)) is None:
            properties.append(OxmlElement(tag))


def keep_row_whole(row: _Row) -> None:
    """Never split ``row`` over two pages (for short rows: Word may cut off a row taller than
    a page that it may not split)."""
    properties = row._tr.get_or_add_trPr()
    if properties.find(qn("w:cantSplit")) is None:
        properties.append(OxmlElement("w:cantSplit"))


def row_cells(row: _Row) -> list[_Cell]:
    """The cells of a table row as written (one per ``w:tc``), for reading their text.

    python-docx's ``row.cells`` follows a vertically merged cell up to the row above, and
    raises ValueError ("no `tc` element at grid_offset") when that row is merged differently
    across, as Word allows; each ``w:tc`` holds its own text, so none is missed here.
    """
    from docx.table import _Cell

    return [_Cell(tc, row.table) for tc in row._tr.tc_lst]
