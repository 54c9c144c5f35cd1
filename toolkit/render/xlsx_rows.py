"""Many rows, fast: cells written straight as SpreadsheetML into a workbook openpyxl has saved.

openpyxl spends tens of microseconds on every cell it writes, which makes a 10,000-action
tracker take many seconds. The workbook (template, styles, print setup) is still saved by
openpyxl; only the rows of the table are produced here, with style numbers openpyxl assigned,
and spliced into the sheet. Text is an inline string (never a formula), escaped for XML.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from xml.sax.saxutils import escape

from toolkit.render.xlsx_text import FORMULA_PREFIXES

#: Day 0 of Excel's 1900 date system, as it counts for every date after 1 March 1900.
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_ROW = re.compile(rb'<row r="(\d+)"[^>]*?(?:/>|>.*?</row>)', re.S)
_DIMENSION = re.compile(rb'<dimension ref="[^"]*"/>')


@dataclass(frozen=True)
class CellStyle:
    """The style numbers of a column: ordinary, and with the quote prefix for text that starts
    like a formula (so that Excel does not evaluate it when someone edits the cell)."""

    plain: int
    quoted: int


def cell_xml(ref: str, value: object, style: CellStyle) -> str:
    """One ``<c>`` element at ``ref`` (``C5``): text inline and escaped, dates as serial
    numbers."""
    if value is None:
        return f'<c r="{ref}" s="{style.plain}"/>'
    if isinstance(value, str):
        number = style.quoted if value.startswith(FORMULA_PREFIXES) else style.plain
        text = f'<is><t xml:space="preserve">{escape(value)}</t></is>'
        return f'<c r="{ref}" s="{number}" t="inlineStr">{text}</c>'
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        value = (value - _EXCEL_EPOCH).days
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"cannot write {type(value).__name__} in a cell")
    return f'<c r="{ref}" s="{style.plain}"><v>{value}</v></c>'


def row_xml(row: int, cells: list[str], height: float | None = None) -> str:
    """One ``<row>`` element; ``height`` in points, when the row must be taller than default."""
    size = f' ht="{height:g}" customHeight="1"' if height else ""
    return f'<row r="{row}"{size}>{"".join(cells)}</row>'


def splice_rows(
    data: bytes, sheet_path: str, first_row: int, rows: list[str], last_cell: str
) -> bytes:
    """Return the .xlsx ``data`` with the rows of ``sheet_path`` from ``first_row`` on replaced
    by ``rows`` (``row_xml`` elements, in order), and the sheet's used range ending at
    ``last_cell``."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info)
            if info.filename == sheet_path:
                content = _spliced(content, first_row, "".join(rows).encode("utf-8"), last_cell)
            target.writestr(info, content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _spliced(sheet: bytes, first_row: int, rows: bytes, last_cell: str) -> bytes:
    kept = _ROW.sub(lambda m: b"" if int(m.group(1)) >= first_row else m.group(0), sheet)
    if b"<sheetData/>" in kept:
        kept = kept.replace(b"<sheetData/>", b"<sheetData>" + rows + b"</sheetData>", 1)
    else:
        kept = kept.replace(b"</sheetData>", rows + b"</sheetData>", 1)
    return _DIMENSION.sub(f'<dimension ref="A1:{last_cell}"/>'.encode(), kept, count=1)
