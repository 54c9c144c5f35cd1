"""Word and Excel must open every paper without "unreadable content" or a silent repair.

Every .docx and .xlsx the toolkit writes (rendered, packed and decrypted, trackers after an
update, a council's own template) is checked with an independent validator of the ECMA-376
schemas and of the Office apps' known repair triggers (openxml-audit), and with the structural
rule Word enforces most often: every table cell ends with a paragraph.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from lxml import etree
from openxml_audit import OpenXmlValidator

from tests.cli_run import password_file_at, run_keeping_secret
from tests.conftest import ROOT, SAMPLES
from toolkit import kinds
from toolkit.load import load_meeting, load_meeting_text
from toolkit.protect import decrypt_bytes
from toolkit.render import render_meeting
from toolkit.render.record import render_record

PASSWORD = "tangerine-otter-glacier-pylon"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

#: Findings of the validator that the standard shows to be wrong, each with its clause.
#: openpyxl writes a font's children as name, family, b, ..., color, sz: ECMA-376 Part 1
#: §18.8.22 (font) and §A.2 (sml.xsd, CT_Font) define the children as an xsd:choice with
#: maxOccurs="unbounded", so any order is valid; Excel opens such files without repair.
ALLOWED = (
    ("/xl/styles.xml", "Unexpected element 'color' found"),
    ("/xl/styles.xml", "Unexpected element 'sz' found"),
)


@pytest.fixture(scope="module")
def validator() -> OpenXmlValidator:
    return OpenXmlValidator()


def findings(validator: OpenXmlValidator, data: bytes, name: str, folder: Path) -> list[str]:
    """Every finding of the validator and of the cell rule on ``data``, but the allowed ones."""
    path = folder / name
    path.write_bytes(data)
    result = validator.validate(path)
    found = [
        f"{name}: {error.part_uri}: {error.path}: {error.description}"
        for error in result.errors
        if (str(error.part_uri), _first_line(error.description)) not in ALLOWED
    ]
    if name.endswith(".docx"):
        found += [f"{name}: {problem}" for problem in cells_without_paragraph(data)]
    return found


def _first_line(text: str) -> str:
    return str(text).splitlines()[0].strip()


def cells_without_paragraph(data: bytes) -> list[str]:
    """Table cells of any part (body, headers, footers, notes) that do not end in a paragraph."""
    problems = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for part in archive.namelist():
            if not (part.startswith("word/") and part.endswith(".xml")):
                continue
            root = etree.fromstring(archive.read(part))
            for cell in root.iter(f"{W}tc"):
                blocks = [child for child in cell if child.tag != f"{W}tcPr"]
                if not blocks or blocks[-1].tag != f"{W}p":
                    problems.append(f"{part}: a table cell without a closing paragraph")
    return problems


def papers() -> list[tuple[str, str]]:
    """(id, meeting text) of every sample, every valid test paper, and hostile variants."""
    found = [(path.stem, path.read_text("utf-8")) for path in sorted(SAMPLES.glob("*.yaml"))]
    samples = len(found)
    for path in sorted((ROOT / "tests" / "data").glob("*.yaml")):
        try:
            load_meeting(path)
        except Exception:  # a test paper of invalid input: nothing to render
            continue
        found.append((path.stem, path.read_text(encoding="utf-8")))
    for stem, text in list(found[:samples]):
        found.append((f"{stem}-hostile", yaml.safe_dump(_hostile(yaml.safe_load(text)))))
        found.append((f"{stem}-bare", yaml.safe_dump(_bare(yaml.safe_load(text)))))
    return found


def _hostile(data: Any) -> Any:
    """Every text as people type it at their worst: markup, template code, a formula, Welsh."""
    if isinstance(data, dict):
        return {key: _hostile(value) if key not in _KEEP else value for key, value in data.items()}
    if isinstance(data, list):
        return [_hostile(value) for value in data]
    if isinstance(data, str):
        return f"=SUM(A1) <b>&amp; {{{{ x }}}} {{% if %}} Tŷ Gwyn – {data}"
    return data


#: Fields that are dates, times or choices: hostile text there is bad input, tested elsewhere.
_KEEP = {
    *("kind", "date", "start", "end", "due", "completed", "document_filed", "key"),
    *("previous_meeting", "decided", "review_date", "status", "email"),
    *("timescale", "verbal_notice", "following_meeting", "delivery"),
    # the reporting form's and the concern record's dates and choices
    *("type", "identified", "submitted", "safeguarding_concern_raised", "provider_contacted"),
    *("monitoring_visit", "raised", "source", "types", "outcome", "outcome_date"),
}


def _bare(data: dict[str, Any]) -> dict[str, Any]:
    """The same paper with no progress on any action and nothing optional filled in."""
    for action in data.get("actions", []):
        action.pop("update", None)
        action.pop("completed", None)
    data.get("meeting", {}).pop("apologies", None)
    data.pop("circulation", None)
    return data


PAPERS = papers()


@pytest.mark.parametrize(("name", "text"), PAPERS, ids=[name for name, _ in PAPERS])
def test_every_rendered_paper_is_valid(
    name: str, text: str, validator: OpenXmlValidator, tmp_path: Path
) -> None:
    meeting = load_meeting_text(text, f"{name}.yaml").meeting
    problems: list[str] = []
    for draft in (False, True):
        for rendered in render_meeting(meeting, draft=draft):
            problems += findings(validator, rendered.data, rendered.name, tmp_path)
    assert problems == []


def test_packs_decrypted_in_memory_are_valid(validator: OpenXmlValidator, tmp_path: Path) -> None:
    password = password_file_at(tmp_path / "secret" / "pw.txt", PASSWORD)
    pack = tmp_path / "pack"
    samples = sorted(str(path) for path in SAMPLES.glob("*.yaml"))
    result = run_keeping_secret(PASSWORD, "pack", *samples, "-o", pack, "--password-file", password)
    assert result.exit_code == 0, result.output + result.stderr
    office = [path for path in pack.iterdir() if path.suffix in (".docx", ".xlsx")]
    # samples/<kind>.yaml, one per kind: each packs the documents its kind declares
    assert len(office) == sum(len(kinds.get(Path(sample).stem).documents) for sample in samples)
    problems: list[str] = []
    for path in office:
        plain = decrypt_bytes(path.read_bytes(), PASSWORD)
        problems += findings(validator, plain, path.name, tmp_path)
    assert problems == []


def test_trackers_after_update_are_valid(validator: OpenXmlValidator, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_keeping_secret(PASSWORD, "render", SAMPLES / "initial.yaml", "-o", out)
    assert result.exit_code == 0, result.output
    tracker = next(out.glob("*Action tracker.xlsx"))
    for later in ("review.yaml", "strategic.yaml"):
        result = run_keeping_secret(PASSWORD, "tracker", "update", tracker, SAMPLES / later)
        assert result.exit_code == 0, result.output + result.stderr
    assert findings(validator, tracker.read_bytes(), tracker.name, tmp_path) == []


def test_a_council_template_cannot_leave_a_cell_without_a_paragraph(
    validator: OpenXmlValidator, tmp_path: Path
) -> None:
    """A template whose only paragraph in a cell is a condition that prints nothing (here in
    the body and in the header) still gives a file Word opens: the shared save mends it."""
    from toolkit.render.record import template_path

    meeting = load_meeting(SAMPLES / "initial.yaml").meeting
    template = docx.Document(str(template_path(meeting.kind)))
    body_table = template.add_table(rows=1, cols=2)
    _print_nothing(body_table.cell(0, 0))
    body_table.cell(0, 1).paragraphs[0].text = "Always"
    header_table = template.sections[0].header.add_table(1, 1, docx.shared.Cm(5))
    _print_nothing(header_table.cell(0, 0))
    folder = tmp_path / "council" / "appendix1"
    folder.mkdir(parents=True)
    template.save(str(folder / "record.docx"))

    data = render_record(meeting, templates=tmp_path / "council")  # type: ignore[arg-type]
    assert findings(validator, data, "council.docx", tmp_path) == []


def _print_nothing(cell: Any) -> None:
    """Fill a cell with a condition that never holds: rendered, the cell has no paragraph."""
    cell.paragraphs[0].text = "{%p if false %}"
    cell.add_paragraph("Never printed")
    cell.add_paragraph("{%p endif %}")


@pytest.mark.parametrize("sample", ["initial.yaml", "review.yaml", "strategic.yaml"])
def test_papers_are_proofed_in_english_uk(sample: str) -> None:
    for rendered in render_meeting(load_meeting(SAMPLES / sample).meeting):
        with zipfile.ZipFile(io.BytesIO(rendered.data)) as archive:
            names = archive.namelist()
            if rendered.name.endswith(".docx"):
                styles = etree.fromstring(archive.read("word/styles.xml"))
                languages = {lang.get(f"{W}val") for lang in styles.iter(f"{W}lang")}
                assert languages == {"en-GB"}, rendered.name
                assert "word/stylesWithEffects.xml" not in names
            core = etree.fromstring(archive.read("docProps/core.xml"))
            language = core.find("{http://purl.org/dc/elements/1.1/}language")
            assert language is not None, rendered.name
            assert language.text == "en-GB", rendered.name
