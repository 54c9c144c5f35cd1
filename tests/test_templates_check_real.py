"""`templates check` on templates as Word and other tools really write them: merged cells, a
style without a name, and a part declaring a DOCTYPE (XXE), never an internal error (issue 14,
item 14)."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner, Result
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from toolkit.cli import main
from toolkit.errors import TemplateError
from toolkit.render.record import read_template, render_template
from toolkit.render.templates_check import _is_heading

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
KIND_FOLDERS = ("appendix1", "appendix2")
MERGED_TEXT = "Merged cell text Probe-M1"


def run(*args: object) -> Result:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output
    assert "unexpected" not in result.output, result.output
    return result


def _copy_ours(folder: Path) -> list[Path]:
    paths = []
    for kind_folder in KIND_FOLDERS:
        target = folder / kind_folder / "record.docx"
        target.parent.mkdir(parents=True)
        shutil.copy(ROOT / "toolkit" / "templates" / kind_folder / "record.docx", target)
        paths.append(target)
    return paths


def _merged_across_then_down(path: Path) -> None:
    """A table whose first row merges two cells across and whose second row continues a
    vertical merge under the middle of them, as Word lets a user draw."""
    document = docx.Document(str(path))
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1))
    table.cell(0, 2).text = MERGED_TEXT
    continued = table.rows[1]._tr.tc_lst[1]
    continued.get_or_add_tcPr().append(OxmlElement("w:vMerge"))
    document.save(str(path))
    with pytest.raises(ValueError, match="no `tc` element"):  # what python-docx does with it
        _ = docx.Document(str(path)).tables[-1].rows[1].cells


def _nameless_style(path: Path) -> None:
    document = docx.Document(str(path))
    style = document.styles.add_style("Nameless", 1)
    style.element.remove(style.element.find(qn("w:name")))
    document.add_paragraph("A paragraph in a style without a name").style = style
    document.save(str(path))


def _with_doctype(path: Path, part: str, doctype: str, *, encoding: str = "utf-8") -> None:
    """Put ``doctype`` (and a use of its entity) into ``part`` of the Word file at ``path``."""
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == part:
                text = data.decode("utf-8")
                end = text.index("?>") + 2
                text = text[:end] + doctype + text[end:]
                text = text.replace("<w:body>", "<w:body><w:p><w:r><w:t>&e;</w:t></w:r></w:p>")
                if encoding != "utf-8":
                    text = text.replace("UTF-8", "UTF-16")
                data = text.encode(encoding)
            archive.writestr(info, data)
    path.write_bytes(out.getvalue())


def test_merged_cells_are_checked_and_rendered(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    for path in _copy_ours(folder):
        _merged_across_then_down(path)
    result = run("templates", "check", folder)
    assert result.exit_code in (0, 1), result.output
    assert "cannot be used" not in result.output
    out = tmp_path / "out"
    rendered = run("render", SAMPLES / "initial.yaml", "-o", out, "--templates", folder)
    assert rendered.exit_code == 0, rendered.output


def test_a_style_without_a_name_is_checked(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    for path in _copy_ours(folder):
        _nameless_style(path)
    result = run("templates", "check", folder)
    assert result.exit_code in (0, 1), result.output
    assert "cannot be used" not in result.output


def test_a_style_based_on_itself_is_not_a_heading_and_ends(tmp_path: Path) -> None:
    document = docx.Document()
    style = document.styles.add_style("Loop", 1)
    style.base_style = style
    paragraph = document.add_paragraph("text", style=style)
    assert not _is_heading(paragraph)


XXE = {
    "external": '<!DOCTYPE w:document [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
    "network": '<!DOCTYPE w:document [<!ENTITY e SYSTEM "http://127.0.0.1:9/x">]>',
    "laughs": '<!DOCTYPE w:document [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY e "&b;&b;&b;&b;&b;&b;&b;&b;">]>',
    "lowercase": '<!doctype w:document [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
}


@pytest.mark.parametrize("doctype", list(XXE.values()), ids=list(XXE))
@pytest.mark.parametrize("part", ["word/document.xml", "word/styles.xml"])
def test_a_doctype_in_a_template_part_is_refused_in_one_line(
    tmp_path: Path, doctype: str, part: str
) -> None:
    folder = tmp_path / "templates"
    paths = _copy_ours(folder)
    for path in paths:
        _with_doctype(path, part, doctype)
    result = run("templates", "check", folder)
    assert result.exit_code == 2, result.output
    assert "root:" not in result.output
    for path in paths:
        lines = [line for line in result.output.splitlines() if line.startswith(str(path))]
        assert len(lines) == 1, result.output
        assert f"{part} declares a DOCTYPE" in lines[0]
    out = tmp_path / "out"
    rendered = run("render", SAMPLES / "initial.yaml", "-o", out, "--templates", folder)
    assert rendered.exit_code == 2, rendered.output
    assert len(rendered.stderr.strip().splitlines()) == 1
    assert "declares a DOCTYPE" in rendered.stderr
    assert not out.exists()


def test_a_doctype_in_utf16_is_refused(tmp_path: Path) -> None:
    path = _copy_ours(tmp_path)[0]
    _with_doctype(path, "word/document.xml", XXE["external"], encoding="utf-16")
    with pytest.raises(TemplateError, match="declares a DOCTYPE"):
        read_template(path)
    with pytest.raises(TemplateError, match="declares a DOCTYPE"):
        render_template(path, {})
