"""The action tracker workbook: columns, rows, Excel behaviour, print setup, marking, safety."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.conftest import SAMPLES
from tests.office import convert, page_lines, pdf_pages, to_pdf
from toolkit import kinds
from toolkit.errors import InputError
from toolkit.frameworks import CLASSIFICATION, TRACKER_COLUMNS
from toolkit.load import load_meeting
from toolkit.model import EXCEL_CELL_LIMIT, MeetingPaper
from toolkit.render.tracker import render_tracker
from toolkit.render.tracker_template import TEMPLATE, build_template
from toolkit.render.xlsx_text import CleanedTextWarning, header_footer_text

HEADER_ROW, FIRST_ROW = 3, 4
HEADERS_AND_FOOTERS = (
    "oddHeader",
    "oddFooter",
    "evenHeader",
    "evenFooter",
    "firstHeader",
    "firstFooter",
)


def meeting_with(actions: list[dict[str, Any]], **provider: str) -> MeetingPaper:
    """A small initial meeting with ``actions``, validated by the model (not the loader)."""
    data = {
        "kind": "initial",
        "provider": {"name": "Brambles Lodge", **provider},
        "meeting": {
            "date": "2026-11-20",
            "chair": {"name": "Ada Chair"},
            "attendees": [{"name": "Bea Nurse", "organisation": "Westmere ICB"}],
        },
        "actions": actions,
    }
    return kinds.get(data["kind"]).model.model_validate(data)


def action(detail: str = "Audit the care plans", **fields: Any) -> dict[str, Any]:
    return {"detail": detail, "owner": "Bea Nurse", "organisation": "Westmere ICB", **fields}


def sheet_of(data: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(data)).active


def data_rows(sheet: Any) -> list[tuple[Any, ...]]:
    return list(sheet.iter_rows(min_row=FIRST_ROW, max_row=sheet.max_row, values_only=True))


def test_committed_template_is_what_the_build_script_makes() -> None:
    assert build_template() == build_template(), "the build is not reproducible"
    assert TEMPLATE.read_bytes() == build_template(), "run toolkit/templates/tracker/build.py"


def test_header_row_is_appendix_ii_then_the_due_date() -> None:
    """Written out from the protocol's Appendix ii, not read back from frameworks."""
    sheet = sheet_of(render_tracker(meeting_with([action()])))
    assert [cell.value for cell in sheet[HEADER_ROW]] == [
        "Meeting date",
        "Action no.",
        "Action detail",
        "Action owner",
        "Organisation",
        "Action update",
        "Action completed / date completed",
        "If applicable relevant document filed?",
        "Due date",
    ]


@pytest.mark.parametrize("sample", ["initial", "review", "strategic"])
def test_one_row_per_action_in_the_appendix_ii_columns(sample: str) -> None:
    meeting = load_meeting(SAMPLES / f"{sample}.yaml").meeting
    sheet = sheet_of(render_tracker(meeting))
    header = [cell.value for cell in sheet[HEADER_ROW]]
    assert tuple(header[: len(TRACKER_COLUMNS)]) == TRACKER_COLUMNS
    assert header[len(TRACKER_COLUMNS) :] == ["Due date"]
    rows = data_rows(sheet)
    assert len(rows) == len(meeting.actions)
    for row, act in zip(rows, meeting.actions, strict=True):
        filed = {"yes": "Yes", "no": "No", "n/a": "N/A", None: None}[act.document_filed]
        completed = dt.datetime.combine(act.completed, dt.time()) if act.completed else None
        due = dt.datetime.combine(act.due, dt.time()) if act.due else None
        assert row == (
            dt.datetime.combine(meeting.meeting.date, dt.time()),
            act.number,
            act.detail,
            act.owner,
            act.organisation,
            act.update or None,
            completed,
            filed,
            due,
        )


def test_dates_are_real_excel_dates_shown_day_first() -> None:
    meeting = meeting_with([action(due="2026-12-04", completed="2026-12-01")])
    sheet = sheet_of(render_tracker(meeting))
    for column in ("A", "G", "I"):
        cell = sheet[f"{column}{FIRST_ROW}"]
        assert cell.is_date, column
        assert cell.number_format == "dd/mm/yyyy", column


def test_sheet_is_frozen_filtered_sized_and_wrapped() -> None:
    meeting = load_meeting(SAMPLES / "review.yaml").meeting
    sheet = sheet_of(render_tracker(meeting))
    last = FIRST_ROW + len(meeting.actions) - 1
    assert sheet.freeze_panes == f"A{FIRST_ROW}"
    assert sheet.auto_filter.ref == f"A{HEADER_ROW}:I{last}"
    assert sheet.column_dimensions["C"].width >= 40
    assert sheet.column_dimensions["A"].width >= 10
    assert sheet[f"C{FIRST_ROW}"].alignment.wrap_text
    assert sheet[f"F{last}"].alignment.wrap_text
    assert sheet.row_dimensions[FIRST_ROW].height > 15, "a long detail needs a taller row"


def test_document_filed_has_a_yes_no_na_dropdown() -> None:
    sheet = sheet_of(render_tracker(meeting_with([action()])))
    [validation] = sheet.data_validations.dataValidation
    assert validation.type == "list"
    assert validation.formula1 == '"Yes,No,N/A"'
    assert f"H{FIRST_ROW}" in validation.sqref
    assert "H50000" in validation.sqref, "rows typed in later get the dropdown too"
    assert sheet[f"H{HEADER_ROW}"].value == TRACKER_COLUMNS[7]


def test_overdue_rule_compares_due_with_today_and_completed() -> None:
    sheet = sheet_of(render_tracker(meeting_with([action()])))
    [(cells, rules)] = [(str(r.sqref), r.rules) for r in sheet.conditional_formatting]
    assert cells == f"A{FIRST_ROW}:I1048576"
    [rule] = rules
    assert rule.formula == ['AND(ISNUMBER($I4),$I4<TODAY(),$G4="")']
    assert sheet["I3"].value == "Due date"
    assert sheet["G3"].value == "Action completed / date completed"
    assert rule.dxf.fill is not None


def test_print_setup_and_marking_on_every_sheet() -> None:
    data = render_tracker(load_meeting(SAMPLES / "strategic.yaml").meeting)
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    sheet = workbook.active
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1
    assert sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$1:$3"
    assert sheet["A1"].value == CLASSIFICATION
    assert "A1:I1" in {str(r) for r in sheet.merged_cells.ranges}
    for each in workbook.worksheets:
        for name in HEADERS_AND_FOOTERS:
            assert getattr(each, name).center.text == CLASSIFICATION, (each.title, name)
    assert workbook.properties.category == CLASSIFICATION


def test_ampersand_is_doubled_in_every_printed_header_and_footer() -> None:
    assert header_footer_text("Smith & Sons") == "Smith && Sons"
    sheet = sheet_of(render_tracker(meeting_with([action()], name="Smith & Sons Care")))
    for name in HEADERS_AND_FOOTERS:
        part = getattr(sheet, name)
        texts = [text for text in (part.left.text, part.center.text, part.right.text) if text]
        if name.endswith("Footer"):
            assert part.left.text == "Smith && Sons Care", name
        else:
            assert texts == [CLASSIFICATION], name
    assert sheet["A2"].value == "Action tracker: Smith & Sons Care"


@pytest.mark.parametrize("text", ["&" * 300, "a&" * 120, "x" * 98 + "&&&", "Care " * 80])
def test_a_long_footer_text_is_shortened_without_splitting_an_escape(text: str) -> None:
    shortened = header_footer_text(text)
    assert len(shortened) <= 100
    assert shortened.endswith("…")
    assert "&" not in shortened.rstrip("…").replace("&&", ""), "a lone & starts a code"


FORMULA_LIKE = ["=1+1", "+44 1632 960000", "-5 beds", "@SUM(A1:A2)", '=HYPERLINK("x","y")']


def test_text_that_looks_like_a_formula_is_stored_as_text() -> None:
    actions = [action(text, owner=text, update=text) for text in FORMULA_LIKE]
    sheet = sheet_of(render_tracker(meeting_with(actions)))
    for row, text in enumerate(FORMULA_LIKE, start=FIRST_ROW):
        for column in "CDF":
            cell = sheet[f"{column}{row}"]
            assert cell.value == text
            assert cell.data_type == "s"
            assert cell.quotePrefix, f"{column}{row}"
    assert not sheet[f"E{FIRST_ROW}"].quotePrefix, "ordinary text has no quote prefix"


def test_tricky_text_comes_out_exactly_as_typed() -> None:
    tricky = 'Dŵr & "bwyd" <ŷ> {{ x }} {% if %} 😀\nsecond line'
    sheet = sheet_of(render_tracker(meeting_with([action(tricky, update=tricky)])))
    assert sheet[f"C{FIRST_ROW}"].value == tricky
    assert sheet[f"F{FIRST_ROW}"].value == tricky


def test_control_characters_are_dropped_with_a_warning() -> None:
    meeting = meeting_with([action("Bell\x07 and\x0b tab")])
    with pytest.warns(CleanedTextWarning, match="U\\+0007, U\\+000B"):
        data = render_tracker(meeting)
    assert sheet_of(data)[f"C{FIRST_ROW}"].value == "Bell and tab"


def test_text_over_the_cell_limit_is_reported_not_cut() -> None:
    meeting = meeting_with([action(owner="x" * (EXCEL_CELL_LIMIT + 1))])
    with pytest.raises(InputError, match="action 1: Action owner: is 32,768 characters"):
        render_tracker(meeting)


def test_a_meeting_without_actions_gives_an_empty_table() -> None:
    sheet = sheet_of(render_tracker(meeting_with([])))
    assert all(value is None for row in data_rows(sheet) for value in row)
    assert sheet.auto_filter.ref == "A3:I3"


@pytest.mark.libreoffice
def test_libreoffice_csv_shows_formula_like_text_literally(tmp_path: Path) -> None:
    actions = [action(text, owner=text) for text in FORMULA_LIKE]
    source = tmp_path / "tracker.xlsx"
    source.write_bytes(render_tracker(meeting_with(actions)))
    exported = convert(source, "csv:Text - txt - csv (StarCalc):44,34,76,1", tmp_path)
    rows = list(csv.reader(exported.read_text(encoding="utf-8").splitlines()))
    details = [row[2] for row in rows[FIRST_ROW - 1 : FIRST_ROW - 1 + len(FORMULA_LIKE)]]
    owners = [row[3] for row in rows[FIRST_ROW - 1 : FIRST_ROW - 1 + len(FORMULA_LIKE)]]
    assert details == FORMULA_LIKE
    assert owners == FORMULA_LIKE
    assert rows[0][0] == CLASSIFICATION


@pytest.mark.libreoffice
def test_printed_tracker_is_marked_and_repeats_its_header_on_every_page(tmp_path: Path) -> None:
    actions = [action(f"Action {n}: " + "check the records " * 12) for n in range(1, 61)]
    source = tmp_path / "tracker.xlsx"
    source.write_bytes(render_tracker(meeting_with(actions, name="Smith & Sons Care")))
    pages = pdf_pages(to_pdf(source, tmp_path))
    assert len(pages) > 1, "the test needs several printed pages"
    for number, page in enumerate(pages, start=1):
        lines = page_lines(page)
        assert lines[0] == CLASSIFICATION, f"page {number} top"
        assert CLASSIFICATION in lines[-1], f"page {number} bottom"
        assert "Smith & Sons Care" in lines[-1], f"page {number}: footer && printed as &"
        assert any("Action detail" in line for line in lines), f"page {number}: no header row"
    printed = "\n".join(pages)
    assert all(f"Action {n}:" in printed for n in range(1, 61))


def test_a_draft_tracker_says_draft_on_every_printed_page_and_its_banner() -> None:
    sheet = sheet_of(render_tracker(meeting_with([action()]), draft=True))
    assert sheet["A1"].value == f"{CLASSIFICATION} DRAFT"
    for part in (
        "oddHeader",
        "evenHeader",
        "firstHeader",
        "oddFooter",
        "evenFooter",
        "firstFooter",
    ):
        assert getattr(sheet, part).center.text == f"{CLASSIFICATION} DRAFT"
