"""The register's trend report in Excel: tables and charts, OFFICIAL-SENSITIVE on every sheet.

Sheets: a summary per provider, concerns per month per provider (a line chart of the providers
with most concerns: hundreds of lines would show nothing), concerns by type (bar chart) and by
outcome (pie chart). Every sheet is marked top and bottom of every printed page, as the tracker is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.chart import BarChart, LineChart, PieChart, Reference
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from toolkit.profile import marking_text
from toolkit.render.tracker_template import mark_sheet
from toolkit.render.xlsx_save import workbook_bytes
from toolkit.render.xlsx_text import excel_text, set_text

if TYPE_CHECKING:
    from toolkit.register.report import ReportData

#: Providers drawn in the per-month chart (all of them are in its table).
CHART_PROVIDERS = 10
_BOLD = Font(bold=True)


def render_register_report(data: ReportData) -> bytes:
    """The report as .xlsx bytes (never written to disk here: the caller may encrypt it)."""
    workbook = Workbook()
    summary = workbook.active
    assert summary is not None
    summary.title = "Summary"
    _summary(summary, data)
    _per_month(workbook.create_sheet("Per month"), data)
    _counts(workbook.create_sheet("By type"), data, "Type", data.by_type, BarChart())
    _counts(workbook.create_sheet("By outcome"), data, "Outcome", data.by_outcome, PieChart())
    for sheet in workbook.worksheets:
        mark_sheet(sheet)
    return workbook_bytes(workbook)


def _heading(sheet: Worksheet, title: str, data: ReportData) -> int:
    """Marking, title and period in the first rows; returns the first free row."""
    sheet["A1"] = marking_text()
    sheet["A1"].font = _BOLD
    sheet["A2"] = title
    sheet["A2"].font = Font(bold=True, size=14)
    start = data.start.isoformat() if data.start else "the first concern"
    end = data.end.isoformat() if data.end else "the last concern"
    note = f"Concerns raised from {start} to {end}."
    if data.publishable:
        note += " Counts from 1 to 4 are shown as <5."
    sheet["A3"] = note
    return 5


def _summary(sheet: Worksheet, data: ReportData) -> None:
    row = _heading(sheet, "Provider concerns register: summary", data)
    headers = ("Provider", "Concerns", "Open", "Substantiated", "Level", "Placements")
    for column, header in enumerate(headers, start=1):
        sheet.cell(row, column, header).font = _BOLD
    for offset, line in enumerate(data.summary, start=1):
        for column, value in enumerate(line, start=1):
            _put(sheet, row + offset, column, value)
    sheet.column_dimensions["A"].width = 44
    sheet.column_dimensions["F"].width = 24


def _per_month(sheet: Worksheet, data: ReportData) -> None:
    row = _heading(sheet, "Concerns per month per provider", data)
    sheet.cell(row, 1, "Month").font = _BOLD
    for column, provider in enumerate(data.providers, start=2):
        _put(sheet, row, column, provider).font = _BOLD
    for offset, month in enumerate(data.months, start=1):
        sheet.cell(row + offset, 1, month)
        for column, provider in enumerate(data.providers, start=2):
            sheet.cell(row + offset, column, data.per_month[provider][month])
    if not data.months or not data.providers:
        return
    chart = LineChart()
    chart.title = f"Concerns per month: the {min(CHART_PROVIDERS, len(data.providers))} " + (
        "providers with most concerns"
    )
    chart.y_axis.title = "Concerns"
    chart.x_axis.title = "Month"
    ranked = sorted(
        range(len(data.providers)),
        key=lambda i: -_number(data.summary[i][1]),
    )[:CHART_PROVIDERS]
    last = row + len(data.months)
    for index in sorted(ranked):
        column = index + 2
        chart.add_data(
            Reference(sheet, min_col=column, min_row=row, max_row=last), titles_from_data=True
        )
    chart.set_categories(Reference(sheet, min_col=1, min_row=row + 1, max_row=last))
    chart.width, chart.height = 28, 12
    sheet.add_chart(chart, f"A{last + 3}")


def _counts(
    sheet: Worksheet,
    data: ReportData,
    what: str,
    rows: list[tuple[str, int | str]],
    chart: BarChart | PieChart,
) -> None:
    row = _heading(sheet, f"Concerns by {what.lower()}", data)
    sheet.cell(row, 1, what).font = _BOLD
    sheet.cell(row, 2, "Concerns").font = _BOLD
    for offset, (name, count) in enumerate(rows, start=1):
        _put(sheet, row + offset, 1, name.replace("_", " "))
        sheet.cell(row + offset, 2, count)
    sheet.column_dimensions["A"].width = 24
    if not rows:
        return
    last = row + len(rows)
    chart.title = f"Concerns by {what.lower()}"
    chart.add_data(Reference(sheet, min_col=2, min_row=row, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=row + 1, max_row=last))
    sheet.add_chart(chart, "D5")


def _put(sheet: Worksheet, row: int, column: int, value: str | float | None) -> Cell:
    """Write a value; text (a provider's name) always as text, never as a formula."""
    cell = sheet.cell(row, column)
    assert isinstance(cell, Cell)  # a cell written to is never the inside of a merged range
    if isinstance(value, str):
        set_text(cell, excel_text(value, "register report"))
    else:
        cell.value = value
    return cell


def _number(count: int | str) -> int:
    return count if isinstance(count, int) else 0
