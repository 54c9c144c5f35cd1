"""The contract every registered kind of paper meets, whatever it is (as nbconvert's exporters
share one base test): its blank file, its sample, validation, rendering marked on every page,
a check that is complete exactly when the paper is, and a pack that decrypts.

A new kind is a module in toolkit/kinds/, its template (if any) and ``samples/<kind>.yaml``;
these tests then run over it without a line of their own.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
import yaml

from tests.conftest import SAMPLES
from tests.office import assert_marked_top_and_bottom, pdf_pages, to_pdf
from toolkit import kinds
from toolkit.check import check_document, check_meeting
from toolkit.errors import InputError
from toolkit.frameworks import CLASSIFICATION
from toolkit.load import load_meeting_text
from toolkit.pack import build_pack
from toolkit.protect import decrypt_bytes
from toolkit.render import render_meeting
from toolkit.render.marking import missing_marking

PASSWORD = "kindly-lantern-orchard-pebble"
NAMES = kinds.names()
#: A day before any sample's deadline, so that no paper is judged late.
EARLY = dt.date(2026, 1, 1)


def sample_text(name: str) -> str:
    return (SAMPLES / f"{name}.yaml").read_text(encoding="utf-8")


def sample_data(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(sample_text(name))
    return data


@pytest.mark.parametrize("name", NAMES)
def test_every_kind_has_a_sample(name: str) -> None:
    assert (SAMPLES / f"{name}.yaml").is_file(), f"samples/{name}.yaml is missing"


@pytest.mark.parametrize("name", NAMES)
def test_the_blank_file_is_refused_until_filled_in(name: str) -> None:
    """Left as `toolkit new` writes it, the file names what is missing, by line."""
    blank = kinds.get(name).scaffold("blank.yaml")
    assert f"kind: {name}" in blank
    with pytest.raises(InputError) as refused:
        load_meeting_text(blank, "blank.yaml")
    assert all(line.startswith("blank.yaml:") for line in refused.value.lines())


@pytest.mark.parametrize("name", NAMES)
def test_the_blank_files_fields_are_the_samples(name: str) -> None:
    """Every top-level field of the sample is in the blank file, so nobody has to guess one."""
    blank = kinds.get(name).scaffold("blank.yaml")
    for field in sample_data(name):
        assert f"\n{field}:" in blank or f"\n# {field}:" in blank, field


@pytest.mark.parametrize("name", NAMES)
def test_the_sample_validates_and_checks_complete(name: str) -> None:
    paper = load_meeting_text(sample_text(name), f"{name}.yaml").meeting
    assert paper.kind == name
    report = check_meeting(paper, today=EARLY)
    assert report.complete, report.summary()


@pytest.mark.parametrize("name", NAMES)
def test_rendered_papers_are_marked_and_check_as_the_file_does(name: str) -> None:
    kind = kinds.get(name)
    paper = load_meeting_text(sample_text(name), f"{name}.yaml").meeting
    rendered = render_meeting(paper)
    assert [file.name.rsplit(" - ", 1)[1] for file in rendered] == [
        spec.what + spec.suffix for spec in kind.documents
    ]
    for file in rendered:
        if file.name.endswith(".docx"):
            assert missing_marking(docx.Document(io.BytesIO(file.data))) == []
            judged = [d for d in rendered if d.name.endswith(".docx")][-1]
            if file is judged and kind.check_targets()[0]:
                report = check_document(file.data, source=file.name, kind=name, today=EARLY)
                assert report.complete, report.summary()
        else:
            workbook = openpyxl.load_workbook(io.BytesIO(file.data))
            for sheet in workbook.worksheets:
                if sheet.sheet_state == "visible":
                    assert CLASSIFICATION in sheet.oddHeader.center.text


@pytest.mark.parametrize("name", NAMES)
def test_a_placeholder_makes_the_paper_and_its_record_incomplete(name: str) -> None:
    """Complete exactly when complete: "TBC" under the first part judged is reported, in the
    file and in the rendered record alike."""
    kind = kinds.get(name)
    if kind.judged_field is None:
        pytest.skip(f"{name} papers have no parts judged by heading")
    data = copy.deepcopy(sample_data(name))
    first = kind.sections(load_meeting_text(sample_text(name), "s.yaml").meeting)[0][0]
    data.setdefault(kind.judged_field, {})[first] = "TBC"
    paper = load_meeting_text(yaml.safe_dump(data), f"{name}.yaml").meeting
    assert not check_meeting(paper, today=EARLY).complete
    record = [file for file in render_meeting(paper) if file.name.endswith(".docx")][-1]
    report = check_document(record.data, source=record.name, kind=name, today=EARLY)
    assert not report.complete
    assert first in {h.key for h in report.headings if h.status.value == "placeholder"}


@pytest.mark.libreoffice
@pytest.mark.parametrize("name", NAMES)
def test_every_page_of_every_word_paper_is_marked_top_and_bottom(name: str, tmp_path: Path) -> None:
    paper = load_meeting_text(sample_text(name), f"{name}.yaml").meeting
    for file in render_meeting(paper):
        if file.name.endswith(".docx"):
            source = tmp_path / file.name
            source.write_bytes(file.data)
            assert_marked_top_and_bottom(pdf_pages(to_pdf(source, tmp_path)), CLASSIFICATION)


@pytest.mark.parametrize("name", NAMES)
def test_the_sample_packs_and_every_file_decrypts(name: str, tmp_path: Path) -> None:
    source = tmp_path / f"{name}.yaml"
    source.write_text(sample_text(name), encoding="utf-8")
    pack = build_pack([source], tmp_path / "pack", PASSWORD, today=EARLY, workers=1)
    names = [file.name for packed in pack.meetings for file in packed.files]
    assert len(names) == len(kinds.get(name).documents)
    for file_name in names:
        plain = decrypt_bytes((tmp_path / "pack" / file_name).read_bytes(), PASSWORD)
        if file_name.endswith(".docx"):
            assert missing_marking(docx.Document(io.BytesIO(plain))) == []
    cover = (tmp_path / "pack" / "cover-note.txt").read_text(encoding="utf-8")
    assert cover.startswith(f"Subject: {CLASSIFICATION}: ")
    assert PASSWORD not in cover
