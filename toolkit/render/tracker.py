"""The action tracker workbook (Appendix ii): written for a meeting, or read and extended.

The sheet has exactly the eight Appendix ii columns first and in their order, then one column
the protocol lacks, "Due date", which the overdue highlight needs (the contract allows adding
columns, never removing or reordering them). Columns are found by their header text, not their
position, so a tracker that people have extended in Excel (an extra column, rows inserted
above the table) or a council's own without the due date is still read correctly.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import warnings
import zipfile
import zlib
from copy import copy
from typing import TYPE_CHECKING, Any

from toolkit.errors import DocumentError, TemplateError
from toolkit.files import check_package
from toolkit.frameworks import CLASSIFICATION
from toolkit.model import MeetingPaper, action_number
from toolkit.profile import marking_text
from toolkit.render.xlsx_text import excel_text, row_height, set_text
from toolkit.tracker import (
    COLUMNS,
    DATE_FIELDS,
    TRACKED,
    Record,
    TrackerRow,
    key_from_text,
    key_text,
    new_record_key,
    rows_for,
)

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

#: How many rows from the top are searched for the header row.
HEADER_SEARCH_ROWS = 30
#: The most cells a tracker workbook may hold (a real one holds thousands).
MAX_CELLS = 500_000
#: Excel's last row: a table may not grow below it.
EXCEL_MAX_ROWS = 1_048_576
_REQUIRED = ("number", "detail")
_HEADERS = {name: header for header, name in COLUMNS}
#: The very hidden sheet where the toolkit keeps what it wrote in each action's cells.
RECORD_SHEET = "toolkit record"
#: The language the workbook's properties declare when it declares none.
LANGUAGE = "en-GB"
#: Excel's width of a column nobody has resized, in characters.
DEFAULT_WIDTH = 8.43


def render_tracker(meeting: MeetingPaper, *, draft: bool = False) -> bytes:
    """Return the .xlsx action tracker of ``meeting``: the template with one row per action.

    ``draft`` marks it OFFICIAL-SENSITIVE DRAFT, as every file of a draft pack is.
    """
    from toolkit.render.tracker_template import TEMPLATE, TITLE_ROW

    try:
        data = TEMPLATE.read_bytes()
    except OSError as error:
        raise TemplateError(
            f"{TEMPLATE}: cannot read the tracker template ({error.strerror or error}); "
            "rebuild it with templates/tracker/build.py"
        ) from None
    sheet = open_tracker(data, str(TEMPLATE))
    # The tracker outlives the meeting that started it: its title names the provider only.
    title = f"Action tracker: {meeting.provider.name}"
    set_text(_cell(sheet.sheet, TITLE_ROW, 1), excel_text(title, "action tracker title"))
    mark_tracker(sheet, draft=draft, footer_left=meeting.provider.name)
    sheet.fill(rows_for(meeting))
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    sheet.workbook.properties.created = now  # openpyxl stamps the modified time itself
    return sheet.to_bytes()


def mark_tracker(
    tracker: TrackerSheet, *, draft: bool = False, footer_left: str | None = None
) -> None:
    """Mark every sheet's printed pages, and the banner above the table where it has one.

    `tracker update` marks again with the plain marking: a tracker first circulated in a draft
    pack stops saying DRAFT once a meeting's agreed actions are added, and a council's own
    tracker gains the marking on every printed page (only the header and footer centre).
    """
    from toolkit.render.tracker_template import BANNER_ROW, mark_sheet

    marking = marking_text(draft=draft)
    for each in tracker.workbook.worksheets:
        mark_sheet(each, footer_left=footer_left, marking=marking)
    banner = tracker.sheet.cell(BANNER_ROW, 1)
    if isinstance(banner.value, str) and banner.value.startswith(CLASSIFICATION):
        banner.value = marking


def open_tracker(data: bytes, source: str) -> TrackerSheet:
    """Open the tracker workbook in ``data`` (plain .xlsx); ``source`` names it in errors.

    Raises DocumentError when it is no workbook, or no sheet has the Appendix ii header row.
    """
    from openpyxl import load_workbook

    check_package(data, source)  # a zip bomb is refused before openpyxl inflates it
    _check_cells(data, source)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            workbook = load_workbook(io.BytesIO(data))
        except Exception as error:  # openpyxl raises assorted errors on damaged files
            # its first line says what failed; the rest is advice to read a traceback
            reason = (str(error).splitlines() or [type(error).__name__])[0]
            raise DocumentError(f"{source}: not a readable Excel workbook ({reason})") from None
    notes = [f"{source}: note: {warning.message}" for warning in caught]
    for sheet in workbook.worksheets:
        if (found := _header(sheet)) is not None:
            row, columns = found
            return TrackerSheet(workbook, sheet, row, columns, notes, source=source)
    headers = " and ".join(f'"{header}"' for header, name in COLUMNS if name in _REQUIRED)
    raise DocumentError(f"{source}: no sheet has an action tracker header row ({headers})")


_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")


def _check_cells(data: bytes, source: str) -> None:
    """Refuse a workbook of more than MAX_CELLS cells before openpyxl builds an object for each
    (a sheet of a million rows took 100 s and 3 GB): the worksheets' XML is scanned in 1 MB
    chunks, its sizes already bounded by check_package."""
    count = 0
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():
                if not info.filename.startswith("xl/worksheets/"):
                    continue
                with archive.open(info) as part:
                    tail = b""
                    while chunk := part.read(1024 * 1024):
                        window = tail + chunk
                        count += len(_CELL.findall(window)) - len(_CELL.findall(tail))
                        tail = window[-64:]
                        if count > MAX_CELLS:
                            raise DocumentError(
                                f"{source}: holds more than {MAX_CELLS:,} cells; not an action "
                                "tracker the toolkit will open (start a new tracker, or delete "
                                "the rows and columns it does not use)"
                            )
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error):
        return  # damaged: openpyxl's reading names it


def _header(sheet: Worksheet) -> tuple[int, dict[str, int]] | None:
    """The header row of ``sheet`` and each known field's column, or None if it has none."""
    wanted = {_normal(header): name for header, name in COLUMNS}
    for row in sheet.iter_rows(min_row=1, max_row=HEADER_SEARCH_ROWS):
        columns = {
            wanted[_normal(cell.value)]: cell.column
            for cell in row
            if isinstance(cell.value, str) and _normal(cell.value) in wanted
        }
        if all(name in columns for name in _REQUIRED) and (number := row[0].row) is not None:
            return number, columns
    return None


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


class TrackerSheet:
    """The action table of a tracker workbook: read its rows, change cells, add rows, save."""

    def __init__(
        self,
        workbook: Workbook,
        sheet: Worksheet,
        header_row: int,
        columns: dict[str, int],
        notes: list[str],
        *,
        source: str = "<tracker>",
    ) -> None:
        self.workbook = workbook
        #: The file the workbook was read from, as errors name it.
        self.source = source
        self.sheet = sheet
        self.header_row = header_row
        self.columns = columns
        #: openpyxl's warnings on loading (parts of the workbook it cannot keep), as notes.
        self.notes = notes
        self.last_row = self._last_row()
        self._widths: dict[int, float] = {}
        self._record = _read_record(workbook)
        #: By action number, its detail and the tracked values the toolkit vouches for: those
        #: it writes now, and those still as it wrote them before. The record saved holds
        #: these alone, so a deleted row or a cell changed in Excel leaves nothing behind.
        self._vouched: dict[int, tuple[str, dict[str, Any]]] = self._still_written()
        self._filled: list[str] = []

    def fields(self) -> set[str]:
        """The fields this tracker has columns for."""
        return set(self.columns)

    def letters(self) -> dict[str, str]:
        """The column letter of each field this tracker has, for messages naming a cell."""
        from openpyxl.utils import get_column_letter

        return {name: get_column_letter(col) for name, col in self.columns.items()}

    def written(self) -> Record:
        """The record of what the toolkit last wrote in tracked cells, as read (see `Record`)."""
        return self._record

    def rows(self) -> list[tuple[int, dict[str, Any]]]:
        """Every non-empty row of the table: (sheet row, field -> cell value)."""
        occupied = self._occupied()
        empty = dict.fromkeys(self.columns)
        return [
            (row, {**empty, **occupied[row]}) for row in sorted(occupied) if row <= self.last_row
        ]

    def _occupied(self) -> dict[int, dict[str, Any]]:
        """Each row below the header with a value in a tracker column: field -> value.

        Read from the cells the sheet holds, never by walking every row up to its last: a
        tracker whose one action sits in row 1,048,576 is read in the time of one row, and
        openpyxl's cell() would create a million empty cells on the way.
        """
        names = {col: name for name, col in self.columns.items()}
        found: dict[int, dict[str, Any]] = {}
        for (row, col), cell in self.sheet._cells.items():
            if row > self.header_row and col in names and cell.value not in (None, ""):
                found.setdefault(row, {})[names[col]] = cell.value
        return found

    def set_value(self, row: int, name: str, value: Any) -> None:
        """Set one cell of an existing row, as rendering would write it."""
        cell = self.sheet.cell(row, self.columns[name])
        _put(cell, name, value, f"{self.sheet.title}!{cell.coordinate}")
        self._fit_height(row, keep=True)
        number = action_number(self.sheet.cell(row, self.columns["number"]).value)
        detail = self.sheet.cell(row, self.columns["detail"]).value
        if number is not None and name in TRACKED and isinstance(detail, str):
            self._vouched.setdefault(number, (detail, {}))[1][name] = value

    def append(self, rows: list[TrackerRow]) -> None:
        """Add ``rows`` below the table, styled like its last row, and widen the filter."""
        if not rows:
            return
        start = self.last_row + 1
        if start + len(rows) - 1 > EXCEL_MAX_ROWS:
            raise DocumentError(
                f"{self.source}: sheet {self.sheet.title!r}: the action table reaches row "
                f"{self.last_row:,}; Excel has no room below it for {len(rows)} more action(s) "
                f"(its last row is {EXCEL_MAX_ROWS:,}): move the table up, or start a new tracker"
            )
        styles = self._prototype()
        for offset, row in enumerate(rows):
            for name, col in self.columns.items():
                cell = _cell(self.sheet, start + offset, col)
                if (style := styles.get(name)) is not None:
                    cell._style = copy(style)
                _put(cell, name, row.value(name), f"action {row.number}: {_HEADERS[name]}")
            self._fit_height(start + offset)
            self._remember(row)
        self.last_row = start + len(rows) - 1
        self._widen_filters()

    def fill(self, rows: list[TrackerRow]) -> None:
        """Write ``rows`` into the empty table of a template, fast (see `xlsx_rows`).

        The template's first row below the header gives each column its style; the rows are
        spliced in when the workbook is saved.
        """
        from openpyxl.utils import get_column_letter

        from toolkit.render.xlsx_rows import cell_xml, row_xml

        assert self.last_row == self.header_row, "fill is for the empty table of a template"
        styles = self._cell_styles()
        columns = [
            (name, get_column_letter(col), self._width(col), styles[name])
            for name, col in sorted(self.columns.items(), key=lambda item: item[1])
        ]
        for number, row in enumerate(rows, start=self.header_row + 1):
            cells, texts = [], []
            for name, letter, width, style in columns:
                value = getattr(row, name)
                if isinstance(value, str):
                    value = excel_text(value, f"action {row.number}: {_HEADERS[name]}")
                    texts.append((value, width))
                cells.append(cell_xml(f"{letter}{number}", value, style))
            self._filled.append(row_xml(number, cells, row_height(texts)))
            self._remember(row)
        self.last_row = self.header_row + len(rows)
        self._widen_filters()

    def to_bytes(self) -> bytes:
        """The workbook as .xlsx bytes."""
        from openpyxl.utils import get_column_letter

        from toolkit.render.xlsx_rows import Splice, finish_workbook
        from toolkit.render.xlsx_save import workbook_bytes

        key = new_record_key()
        record = _record_sheet(self.workbook, key if self._vouched else None)
        # The core properties' language: a UK partnership's papers are in British English.
        self.workbook.properties.language = self.workbook.properties.language or LANGUAGE
        data = workbook_bytes(self.workbook)  # never openpyxl's plaintext temporary files
        splices = []
        if record is not None:
            rows = _record_rows(Record(key, {}), self._vouched)
            splices.append(Splice(record.path[1:], 2, rows, f"C{len(rows) + 1}"))
        if self._filled:
            last = f"{get_column_letter(max(self.columns.values()))}{self.last_row}"
            splices.append(Splice(self.sheet.path[1:], self.header_row + 1, self._filled, last))
        return finish_workbook(data, splices)

    def _remember(self, row: TrackerRow) -> None:
        """Vouch for the tracked values written for ``row`` (see `toolkit.tracker.Record`)."""
        self._vouched[row.number] = (
            row.detail,
            {
                name: row.value(name)
                for name in TRACKED
                if name in self.columns and row.value(name) is not None
            },
        )

    def _still_written(self) -> dict[int, tuple[str, dict[str, Any]]]:
        """The tracked cells of the rows in the sheet that still hold what the record says the
        toolkit wrote; a deleted row, or a cell changed in Excel, is not among them."""
        if not self._record.digests:
            return {}
        vouched: dict[int, tuple[str, dict[str, Any]]] = {}
        for _, values in self.rows():
            number, detail = action_number(values.get("number")), values.get("detail")
            if number is None or not isinstance(detail, str):
                continue
            tracked = {name: values[name] for name in TRACKED if name in values}
            if kept := self._record.still_written(number, detail, tracked):
                vouched[number] = (detail, kept)
        return vouched

    def _cell_styles(self) -> dict[str, Any]:
        """Each column's style numbers, plain and quote-prefixed, from the prototype row."""
        from toolkit.render.xlsx_rows import CellStyle

        styles = {}
        for name, style in self._prototype().items():
            cell = _cell(self.sheet, self.header_row + 1, self.columns[name])
            cell._style = copy(style)
            plain = cell.style_id
            cell.quotePrefix = True
            styles[name] = CellStyle(plain, cell.style_id)
            cell._style = style
        return styles

    def _fit_height(self, row: int, *, keep: bool = False) -> None:
        """Make ``row`` tall enough for its wrapped text; ``keep`` never makes it shorter."""
        texts = []
        for col in self.columns.values():
            value = self.sheet.cell(row, col).value
            if isinstance(value, str):
                texts.append((value, self._widths.setdefault(col, self._width(col))))
        dimension = self.sheet.row_dimensions[row]
        height = row_height(texts)
        if keep and dimension.height:
            height = max(height, dimension.height)
        dimension.height = height

    def _width(self, col: int) -> float:
        from openpyxl.utils import get_column_letter

        dimension = self.sheet.column_dimensions[get_column_letter(col)]
        return dimension.width if dimension.customWidth else DEFAULT_WIDTH

    def _last_row(self) -> int:
        """The last row with a value in a tracker column (formatting alone does not count)."""
        return max(self._occupied(), default=self.header_row)

    def _prototype(self) -> dict[str, Any]:
        """The style of each column's last cell (or the template's styled first row)."""
        from openpyxl.styles.numbers import is_date_format

        row = max(self.last_row, self.header_row + 1)
        styles = {}
        for name, col in self.columns.items():
            cell = _cell(self.sheet, row, col)
            if name in DATE_FIELDS and not is_date_format(cell.number_format):
                cell.number_format = "dd/mm/yyyy"
            styles[name] = copy(cell._style)
        return styles

    def _widen_filters(self) -> None:
        """Stretch the autofilter and any Excel table that ends at the table's old last row."""
        from openpyxl.utils.cell import range_boundaries

        sheet = self.sheet
        refs = [sheet.auto_filter] + [table for table in sheet.tables.values()]
        for holder in refs:
            if not holder.ref:
                continue
            min_col, min_row, max_col, max_row = range_boundaries(holder.ref)
            if min_col is None or max_col is None or max_row is None:
                continue  # a whole-column or whole-row range grows by itself
            if min_row == self.header_row and max_row < self.last_row:
                holder.ref = _ref(min_col, min_row, max_col, self.last_row)
                if getattr(holder, "autoFilter", None) is not None:
                    holder.autoFilter.ref = holder.ref


def _ref(min_col: int, min_row: int, max_col: int, max_row: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{max_row}"


def _put(cell: Any, name: str, value: Any, where: str) -> None:
    """Write one tracker value: text exactly as typed, dates as real Excel dates."""
    if isinstance(value, str):
        set_text(cell, excel_text(value, where))
    else:
        cell.value = value


def _read_record(workbook: Workbook) -> Record:
    """The record of what the toolkit wrote (empty when there is none; see `Record`)."""
    if RECORD_SHEET not in workbook.sheetnames:
        return Record(None, {})
    sheet = workbook[RECORD_SHEET]
    key = sheet.cell(1, 3).value
    digests: dict[int, dict[str, str]] = {}
    for number, pairs in sheet.iter_rows(min_row=2, max_col=2, values_only=True):
        if (found := action_number(number)) is not None and isinstance(pairs, str):
            split = (pair.partition("=") for pair in pairs.split())
            digests[found] = {name: digest for name, _, digest in split if name in TRACKED}
    return Record(key_from_text(key), digests)


def _record_sheet(workbook: Workbook, key: bytes | None) -> Worksheet | None:
    """A fresh, very hidden record sheet with its header and ``key`` (rows are spliced in on
    saving), or none when ``key`` is None.

    People never see it and it never prints; it holds digests only, no names or dates.
    """
    from toolkit.render.tracker_template import mark_sheet

    if RECORD_SHEET in workbook.sheetnames:
        workbook.remove(workbook[RECORD_SHEET])
    if key is None:
        return None
    sheet = workbook.create_sheet(RECORD_SHEET)
    sheet.sheet_state = "veryHidden"
    mark_sheet(sheet)
    sheet.append(["number", "keyed digests of the values the toolkit wrote", key_text(key)])
    return sheet


def _record_rows(record: Record, vouched: dict[int, tuple[str, dict[str, Any]]]) -> list[str]:
    """The record's rows: action number, then ``field=digest`` pairs keyed by ``record``."""
    from toolkit.render.xlsx_rows import CellStyle, cell_xml, row_xml

    style = CellStyle(0, 0)
    rows = []
    for index, (number, (detail, values)) in enumerate(sorted(vouched.items()), start=2):
        digests = record.digests_of(number, detail, values)
        pairs = " ".join(f"{name}={digest}" for name, digest in sorted(digests.items()))
        cells = [cell_xml(f"A{index}", number, style), cell_xml(f"B{index}", pairs, style)]
        rows.append(row_xml(index, cells))
    return rows


def _cell(sheet: Worksheet, row: int, column: int) -> Any:
    """The cell at ``row``, ``column``. Typed Any: the tracker copies openpyxl's private style
    array (``_style``) from row to row, as openpyxl itself does, and the stubs omit it."""
    return sheet.cell(row, column)
