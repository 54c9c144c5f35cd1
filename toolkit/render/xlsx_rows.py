"""Many rows, fast: cells written straight as SpreadsheetML into a workbook openpyxl has saved.

openpyxl spends tens of microseconds on every cell it writes, which makes a 10,000-action
tracker take many seconds. The workbook (template, styles, print setup) is still saved by
openpyxl; only the rows of the table are produced here, with style numbers openpyxl assigned,
and spliced into the sheet. Text is an inline string (never a formula), escaped for XML, until
`finish_workbook` moves every text of the package (openpyxl's too: it writes only inline
strings) into a shared-strings part, as Excel itself writes them.
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


@dataclass(frozen=True)
class Splice:
    """Rows for one sheet: those from ``first_row`` on are replaced by ``rows`` (``row_xml``
    elements, in order), and the sheet's used range ends at ``last_cell``."""

    sheet_path: str
    first_row: int
    rows: list[str]
    last_cell: str


def finish_workbook(data: bytes, splices: list[Splice]) -> bytes:
    """Return the .xlsx ``data`` (as openpyxl saved it) with ``splices`` made and every inline
    string moved to a shared-strings part, in one pass over the package.

    Excel reads inline strings but moves them all into a shared-strings table the next time it
    saves, so a tracker written with them is silently rewritten as soon as someone opens and
    saves it (and validators flag it). An inline string's ``<is>`` and a shared string's
    ``<si>`` are the same type (CT_Rst), so the text moves byte for byte, never re-escaped.
    A package that already has a shared-strings part is left with its strings as they are.
    """
    by_path = {splice.sheet_path: splice for splice in splices}
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = [(info, source.read(info)) for info in source.infolist()]
    has_table = any(info.filename == _SST_PATH for info, _ in entries)
    shared = None if has_table else _SharedStrings()
    contents = []
    for info, content in entries:
        if (splice := by_path.get(info.filename)) is not None:
            rows = "".join(splice.rows).encode("utf-8")
            content = _spliced(content, splice.first_row, rows, splice.last_cell)
        if shared is not None and _WORKSHEET.fullmatch(info.filename):
            content = _INLINE.sub(shared.cell, content)
        contents.append((info, content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info, content in contents:
            if shared and info.filename == "[Content_Types].xml":
                content = content.replace(b"</Types>", _SST_OVERRIDE + b"</Types>", 1)
            elif shared and info.filename == "xl/_rels/workbook.xml.rels":
                content = _with_sst_relationship(content)
            target.writestr(info, content, compress_type=zipfile.ZIP_DEFLATED)
        if shared:
            target.writestr(_SST_PATH, shared.xml(), compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


_SST_PATH = "xl/sharedStrings.xml"
_WORKSHEET = re.compile(r"xl/worksheets/[^/]+\.xml")
_INLINE = re.compile(rb'<c ([^>]*?)t="inlineStr"([^>]*)><is>(.*?)</is></c>', re.S)
_SST_OVERRIDE = (
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)
_RELATIONSHIP_ID = re.compile(rb'Id="rId(\d+)"')


class _SharedStrings:
    """The shared-strings table being built: each distinct text once, in order of use."""

    def __init__(self) -> None:
        self.index: dict[bytes, int] = {}
        self.uses = 0

    def __bool__(self) -> bool:
        return bool(self.index)

    def cell(self, match: re.Match[bytes]) -> bytes:
        """The ``<c>`` of ``match`` (an inline-string cell) pointing at its shared string."""
        before, after, text = match.groups()
        number = self.index.setdefault(text, len(self.index))
        self.uses += 1
        return b'<c %bt="s"%b><v>%d</v></c>' % (before, after, number)

    def xml(self) -> bytes:
        head = (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            b'count="%d" uniqueCount="%d">' % (self.uses, len(self.index))
        )
        return head + b"".join(b"<si>%b</si>" % text for text in self.index) + b"</sst>"


def _with_sst_relationship(rels: bytes) -> bytes:
    """The workbook's relationships with one to the shared strings, under a free id."""
    free = max((int(found) for found in _RELATIONSHIP_ID.findall(rels)), default=0) + 1
    relationship = (
        b'<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships/sharedStrings" Target="sharedStrings.xml"/>' % free
    )
    return rels.replace(b"</Relationships>", relationship + b"</Relationships>", 1)


def _spliced(sheet: bytes, first_row: int, rows: bytes, last_cell: str) -> bytes:
    kept = _ROW.sub(lambda m: b"" if int(m.group(1)) >= first_row else m.group(0), sheet)
    if b"<sheetData/>" in kept:
        kept = kept.replace(b"<sheetData/>", b"<sheetData>" + rows + b"</sheetData>", 1)
    else:
        kept = kept.replace(b"</sheetData>", rows + b"</sheetData>", 1)
    return _DIMENSION.sub(f'<dimension ref="A1:{last_cell}"/>'.encode(), kept, count=1)
