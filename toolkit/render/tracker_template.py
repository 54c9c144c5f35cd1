"""The action tracker template: layout, look, dropdown, overdue rule, print setup and marking.

`build_template` makes templates/tracker/action-tracker.xlsx (run templates/tracker/build.py);
rendering loads that file, so a council may restyle it in Excel and keep the toolkit's rows.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.properties import CalcProperties
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from toolkit.files import package_file
from toolkit.frameworks import CLASSIFICATION
from toolkit.profile import marking_text
from toolkit.render.xlsx_text import header_footer_text, row_height
from toolkit.tracker import COLUMNS, FILED_LABELS

TEMPLATE = package_file("templates", "tracker", "action-tracker.xlsx")
SHEET_TITLE = "Action tracker"
BANNER_ROW, TITLE_ROW, HEADER_ROW = 1, 2, 3
FIRST_ROW = HEADER_ROW + 1
LAST_EXCEL_ROW = 1_048_576
DATE_FORMAT = "dd/mm/yyyy"
#: Column widths in characters, by field: wide enough for dates, long texts wrap.
WIDTHS = {
    "meeting_date": 12,
    "number": 8,
    "detail": 48,
    "owner": 20,
    "organisation": 24,
    "update": 48,
    "completed": 16,
    "document_filed": 16,
    "due": 12,
}
_THIN = Side(style="thin", color="808080")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_TOP_WRAP = Alignment(vertical="top", wrap_text=True)
_FIXED_TIME = dt.datetime(2026, 1, 1)
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def column_letter(name: str) -> str:
    """The template's column letter of field ``name``."""
    return get_column_letter([field for _, field in COLUMNS].index(name) + 1)


def build_template() -> bytes:
    """Return the tracker template, byte for byte the same on every run (fixed zip times)."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET_TITLE
    _banner_and_title(sheet)
    _header_and_prototype(sheet)
    _rules(sheet)
    _print_setup(sheet)
    mark_sheet(sheet)
    workbook.calculation = CalcProperties(fullCalcOnLoad=True)
    props = workbook.properties
    props.title = SHEET_TITLE
    props.creator = "provider-concerns-toolkit"
    props.category = props.keywords = CLASSIFICATION
    props.created = props.modified = _FIXED_TIME
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _fixed_zip(buffer.getvalue())


def mark_sheet(
    sheet: Worksheet, footer_left: str | None = None, marking: str | None = None
) -> None:
    """Print ``marking`` (by default the profile's, OFFICIAL-SENSITIVE) at the top and bottom of
    every page of ``sheet``.

    The odd, even and first-page headers and footers are all marked, so that turning on
    "different first page" or "different odd and even pages" in Excel cannot unmark a page.
    Only the centre is forced: a page number or text someone put left or right is kept.
    ``footer_left`` (the provider) is escaped, as ``&`` starts a code in a header.
    """
    for item in (
        "oddHeader",
        "evenHeader",
        "firstHeader",
        "oddFooter",
        "evenFooter",
        "firstFooter",
    ):
        part = getattr(sheet, item)
        part.center.text = marking or marking_text()
        part.center.size = 11
        part.center.font = "Arial,Bold"
        if item.endswith("Footer"):
            part.right.text = part.right.text or "Page &P of &N"
            if footer_left is not None:
                part.left.text = header_footer_text(footer_left)


def _banner_and_title(sheet: Worksheet) -> None:
    last = get_column_letter(len(COLUMNS))
    sheet.merge_cells(f"A{BANNER_ROW}:{last}{BANNER_ROW}")
    banner = sheet.cell(BANNER_ROW, 1, CLASSIFICATION)
    banner.font = Font(bold=True, size=14, color="C00000")
    banner.alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[BANNER_ROW].height = 24
    sheet.merge_cells(f"A{TITLE_ROW}:{last}{TITLE_ROW}")
    title = sheet.cell(TITLE_ROW, 1, SHEET_TITLE)
    title.font = Font(bold=True, size=13)
    title.alignment = Alignment(vertical="center", wrap_text=True)
    sheet.row_dimensions[TITLE_ROW].height = 22


def _header_and_prototype(sheet: Worksheet) -> None:
    """The header row, and one empty styled row that rendering copies for every action."""
    header_fill = PatternFill("solid", fgColor="D9E1F2")
    for index, (header, name) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(HEADER_ROW, index, header)
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.border = _BOX
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        proto = sheet.cell(FIRST_ROW, index)
        proto.border = _BOX
        proto.alignment = _TOP_WRAP
        if name == "number":
            proto.alignment = Alignment(vertical="top", horizontal="center")
        if name in ("meeting_date", "completed", "due"):
            proto.number_format = DATE_FORMAT
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS[name]
    sheet.row_dimensions[HEADER_ROW].height = row_height(
        [(header, WIDTHS[name] - 2) for header, name in COLUMNS]  # bold text is wider
    )
    sheet.freeze_panes = f"A{FIRST_ROW}"
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(COLUMNS))}{HEADER_ROW}"


def _rules(sheet: Worksheet) -> None:
    """The document-filed dropdown and the overdue highlight, down to Excel's last row.

    The overdue rule compares with TODAY(), so a tracker opened next month is still right;
    rows people add by hand are covered too.
    """
    filed = column_letter("document_filed")
    choices = ",".join(FILED_LABELS.values())
    dropdown = DataValidation(
        type="list",
        formula1=f'"{choices}"',
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle="Document filed?",
        error=f"Choose {choices.replace(',', ', ')}.",
        promptTitle="Document filed?",
        prompt=f"If applicable, was the relevant document filed? {choices.replace(',', ', ')}",
        showInputMessage=True,
    )
    dropdown.add(f"{filed}{FIRST_ROW}:{filed}{LAST_EXCEL_ROW}")
    sheet.add_data_validation(dropdown)
    due, done = column_letter("due"), column_letter("completed")
    overdue = FormulaRule(
        formula=[
            f'AND(ISNUMBER(${due}{FIRST_ROW}),${due}{FIRST_ROW}<TODAY(),${done}{FIRST_ROW}="")'
        ],
        fill=PatternFill("solid", bgColor="FFC7CE"),
        font=Font(color="9C0006", bold=True),
        stopIfTrue=False,
    )
    last = get_column_letter(len(COLUMNS))
    sheet.conditional_formatting.add(f"A{FIRST_ROW}:{last}{LAST_EXCEL_ROW}", overdue)


def _print_setup(sheet: Worksheet) -> None:
    """Landscape A4, one page wide, banner, title and header repeated on every page."""
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    fit = sheet.sheet_properties.pageSetUpPr
    assert fit is not None  # openpyxl gives every new sheet its page set-up properties
    fit.fitToPage = True
    sheet.print_title_rows = f"{BANNER_ROW}:{HEADER_ROW}"
    sheet.print_options.horizontalCentered = True
    margins = sheet.page_margins
    margins.left = margins.right = 0.4
    margins.top = margins.bottom = 0.7
    margins.header = margins.footer = 0.3


def _fixed_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed entry times, so that building twice gives the same bytes.

    openpyxl stamps the modified time on saving; it is fixed here too.
    """
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            content = source.read(info)
            if info.filename == "docProps/core.xml":
                content = _MODIFIED.sub(
                    _FIXED_TIME.strftime(r"\g<1>%Y-%m-%dT%H:%M:%SZ\g<2>").encode(), content
                )
            target.writestr(entry, content)
    return out.getvalue()
