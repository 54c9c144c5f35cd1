"""The record templates: built reproducibly with clean XML, and `templates check` on custom ones."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pytest

from toolkit import kinds
from toolkit.errors import TemplateError, UsageError
from toolkit.render.record import record_kinds, template_path
from toolkit.render.templates_check import check_templates, export_templates
from toolkit.templates.build_templates import targets

TAG = re.compile(r"\{\{|\}\}|\{%|%\}")


@pytest.fixture(scope="module")
def built() -> dict[Path, bytes]:
    return targets()


def test_committed_templates_are_what_the_script_builds(built: dict[Path, bytes]) -> None:
    for path, data in built.items():
        assert path.read_bytes() == data, (
            f"{path} is stale: run python toolkit/templates/build_templates.py"
        )


def test_every_jinja_tag_sits_whole_in_one_run(built: dict[Path, bytes]) -> None:
    for path in built:
        with zipfile.ZipFile(path) as archive:
            xml = archive.read("word/document.xml").decode()
        runs = re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml)
        tagged = [text for text in runs if TAG.search(text)]
        assert len(tagged) > 20
        for text in tagged:
            assert text.count("{{") == text.count("}}"), text
            assert text.count("{%") == text.count("%}"), text


def test_templates_use_real_styles_and_carry_no_framework_heading() -> None:

    for kind in ("initial", "review"):
        document = docx.Document(str(template_path(kind)))
        texts = [p.text for p in document.paragraphs]
        assert not set(texts) & {h.title for h in kinds.get(kind).headings}
        heading_loop = texts.index("{{ section.title }}")
        assert document.paragraphs[heading_loop].style.name == "Heading 1"
        bullets = {p.style.name for p in document.paragraphs if p.text == "{{ block.text }}"}
        assert "List Bullet" in bullets


def test_toolkit_templates_pass_the_check() -> None:
    report = check_templates(template_path("initial").parent.parent)
    assert report.findings == []
    assert not report.unusable


def write_template(folder: Path, kind: str, document: docx.document.Document) -> Path:
    path = template_path(kind, folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(path)
    return path


def test_custom_template_lacking_pieces_is_reported(tmp_path: Path) -> None:
    document = docx.Document(str(template_path("initial")))
    for paragraph in document.paragraphs:
        if paragraph.text == "{{ section.title }}":
            paragraph.style = document.styles["Normal"]
    for row in document.tables[1].rows:  # meeting details: drop the date
        for cell in row.cells:
            if cell.text == "{{ meeting.date }}":
                cell.paragraphs[0].runs[0].text = "date to be added"
    document.paragraphs[1].runs[0].text = "{{ provider.name|upper }}"  # the subtitle
    for section in document.sections:
        section.header.is_linked_to_previous = True
    write_template(tmp_path, "initial", document)
    report = check_templates(tmp_path)
    messages = [finding.message for finding in report.findings]
    assert not report.unusable
    assert any("section 1: default header" in m for m in messages)
    assert any("the meeting date {{ meeting.date }}" in m for m in messages)
    assert any("not in a Heading style" in m for m in messages)
    assert any(m.startswith("missing: review meetings") for m in messages)
    assert not any("provider's name" in m for m in messages)  # still in the details table


def test_template_without_the_heading_loop_is_reported(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Anyshire record: {{ provider.name }}")
    write_template(tmp_path, "initial", document)
    report = check_templates(tmp_path)
    messages = [finding.message for finding in report.findings]
    assert not report.unusable
    assert any(
        m.startswith("does not print the framework headings: {%p for section") for m in messages
    )
    assert any(m.startswith("no OFFICIAL-SENSITIVE in section 1") for m in messages)
    assert any("the meeting date {{ meeting.date }}" in m for m in messages)
    assert not any("provider's name" in m for m in messages)


def test_template_that_cannot_render_is_unusable(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("{% for x in %}")
    write_template(tmp_path, "review", document)
    report = check_templates(tmp_path)
    assert report.unusable
    unusable = [f for f in report.findings if f.message.startswith("cannot be used")]
    assert unusable[0].path == template_path("review", tmp_path)


def test_folder_without_templates_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="holds no record template"):
        check_templates(tmp_path)
    with pytest.raises(TemplateError, match="no such folder"):
        check_templates(tmp_path / "absent")


def test_export_copies_and_refuses_to_overwrite(tmp_path: Path) -> None:
    written = export_templates(tmp_path)
    assert [p.read_bytes() for p in written] == [
        template_path(kind.name).read_bytes() for kind in record_kinds()
    ]
    with pytest.raises(UsageError, match="already exists"):
        export_templates(tmp_path)
    assert export_templates(tmp_path, force=True) == written
