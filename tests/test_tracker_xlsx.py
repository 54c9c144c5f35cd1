"""The tracker as Excel reads it: shared strings (Excel rewrites inline ones), en-GB, and an
independent OOXML validator with nothing to say but a listed mistake of its own (issue 15)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from openxml_audit import OpenXmlValidator

from tests.conftest import SAMPLES
from toolkit.cli import main
from toolkit.load import load_meeting
from toolkit.model import Action
from toolkit.render.tracker import render_tracker

#: Findings of openxml-audit that are the validator's mistake, each with the clause that shows
#: the file is valid (as in tests/test_ooxml.py, which keeps the same list). openpyxl writes a
#: font's children as name, family, b, color, sz...; the validator expects a sequence, but
#: ECMA-376 Part 1 §18.8.22 (CT_Font, in sml.xsd) is an xsd:choice with maxOccurs="unbounded":
#: any order is valid. Unlike test_ooxml, inline strings are not excused here: none is left.
EXCEPTIONS = (
    ("/xl/styles.xml", "Unexpected element 'color' found"),
    ("/xl/styles.xml", "Unexpected element 'sz' found"),
)
TRICKY = [
    "  leading spaces",
    "a & b < c > d \"quoted\" 'single'",
    "=SUM(A1:A2)",
    "Zoë Ŵ ☃ 𝄞",
    "a\nb",
]


def sheet_parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {
            name: package.read(name)
            for name in package.namelist()
            if name.startswith("xl/worksheets/") and name.endswith(".xml")
        }


def audit(path: Path) -> list[str]:
    """openxml-audit's findings on ``path`` that no exception explains."""
    result = OpenXmlValidator().validate(path)
    return [
        f"{error.part_uri}: {error.path}: {error.description}"
        for error in result.errors
        if (str(error.part_uri), str(error.description).splitlines()[0].strip()) not in EXCEPTIONS
    ]


def tricky_meeting() -> Any:
    meeting = load_meeting(SAMPLES / "initial.yaml").meeting
    actions = [
        Action(number=n, detail=text, owner=text, organisation="ICB", update=text)
        for n, text in enumerate(TRICKY, start=1)
    ]
    return meeting.model_copy(update={"actions": actions})


@pytest.fixture
def rendered(tmp_path: Path) -> Path:
    path = tmp_path / "tracker.xlsx"
    path.write_bytes(render_tracker(tricky_meeting()))
    return path


@pytest.fixture
def updated(tmp_path: Path) -> Path:
    path = tmp_path / "updated.xlsx"
    path.write_bytes(render_tracker(load_meeting(SAMPLES / "initial.yaml").meeting))
    result = CliRunner().invoke(
        main, ["tracker", "update", str(path), str(SAMPLES / "review.yaml")]
    )
    assert result.exit_code == 0, result.output
    return path


@pytest.mark.parametrize("which", ["rendered", "updated"])
def test_every_text_is_a_shared_string(which: str, request: pytest.FixtureRequest) -> None:
    data = request.getfixturevalue(which).read_bytes()
    parts = sheet_parts(data)
    assert parts
    assert all(b't="inlineStr"' not in xml for xml in parts.values())
    assert any(b't="s"' in xml for xml in parts.values())
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert b"sharedStrings+xml" in package.read("[Content_Types].xml")
        assert b"sharedStrings.xml" in package.read("xl/_rels/workbook.xml.rels")


def test_text_reads_back_exactly_as_typed(rendered: Path) -> None:
    sheet = openpyxl.load_workbook(rendered).active
    assert sheet["A1"].value == "OFFICIAL-SENSITIVE"
    for row, text in enumerate(TRICKY, start=4):
        assert [sheet[f"{col}{row}"].value for col in "CDF"] == [text] * 3
    assert sheet["C6"].quotePrefix, "formula-like text stays text"
    assert sheet["C6"].data_type == "s"


@pytest.mark.parametrize("which", ["rendered", "updated"])
def test_the_workbook_says_it_is_in_british_english(
    which: str, request: pytest.FixtureRequest
) -> None:
    workbook = openpyxl.load_workbook(request.getfixturevalue(which))
    assert workbook.properties.language == "en-GB"


@pytest.mark.parametrize("which", ["rendered", "updated"])
def test_an_independent_validator_finds_nothing_excel_would_rewrite(
    which: str, request: pytest.FixtureRequest
) -> None:
    assert audit(request.getfixturevalue(which)) == []
