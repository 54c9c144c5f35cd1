"""The provider's copy of a record (issue 12 item 6): `render` and `pack --provider-copy` add it,
without the sections not for the provider, each with a line saying it is withheld; marked on
every page and protected as the full record."""

from __future__ import annotations

import html
import io
import json
import re
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner, Result

from tests.cli_run import password_file_at, run_keeping_secret
from tests.conftest import SAMPLES
from tests.office import assert_marked_top_and_bottom, pdf_pages, to_pdf
from toolkit import kinds
from toolkit.cli import main
from toolkit.kinds.record import RecordKind
from toolkit.load import load_meeting, load_meeting_text
from toolkit.model import FrameworkMeeting
from toolkit.protect import decrypt_bytes
from toolkit.render import render_meeting
from toolkit.render.record import WITHHELD, record_context
from toolkit.text import split_blocks

MARK = "OFFICIAL-SENSITIVE"
PASSWORD = "correct horse battery staple 42"
COPY = "2026-10-02 Larkspur House - Initial meeting record - Provider copy.docx"
RECORD = "2026-10-02 Larkspur House - Initial meeting record.docx"


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], env={"TOOLKIT_PROFILE": ""})


def with_copy(tmp_path: Path, sample: str, block: str) -> Path:
    """The sample meeting ``sample`` with ``block`` (a provider_copy: line) added."""
    path = tmp_path / f"{sample}.yaml"
    text = (SAMPLES / f"{sample}.yaml").read_text(encoding="utf-8")
    path.write_text(f"{text}\n{block}\n", encoding="utf-8")
    return path


@pytest.fixture
def meeting_file(tmp_path: Path) -> Path:
    return with_copy(tmp_path, "initial", "provider_copy:\n  exclude: [safeguarding_enquiries]")


def withheld_texts(path: Path, keys: list[str]) -> list[str]:
    """Every paragraph and bullet written under the sections ``keys`` of the meeting file."""
    meeting = load_meeting(path).meeting
    assert isinstance(meeting, FrameworkMeeting)
    texts = [
        block.text
        for heading, value in meeting.iter_sections()
        if heading.key in keys and isinstance(value, str)
        for block in split_blocks(value)
    ]
    assert texts
    return texts


def all_text(data: bytes) -> str:
    """The text of every XML part of a .docx (body, headers, footers, properties), tags removed."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = [archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(".xml")]
    return html.unescape(re.sub(r"<[^>]+>", "", "".join(parts)))


def under(document: docx.document.Document, title: str) -> str:
    """The paragraph right after the heading ``title``."""
    texts = [p.text for p in document.paragraphs]
    return texts[texts.index(title) + 1]


def assert_is_provider_copy(data: bytes, path: Path, keys: list[str]) -> None:
    """The copy leaves out the text of ``keys``, says so under their headings, is marked and
    titled as the provider's copy, and shows no attendee's email or phone."""
    text = all_text(data)
    for withheld in withheld_texts(path, keys):
        assert withheld not in text
    document = docx.Document(io.BytesIO(data))
    titles = {h.key: h.title for h in kinds.get("initial").headings}
    for key in keys:
        assert under(document, titles[key]) == WITHHELD
    assert document.paragraphs[0].text.endswith("Provider copy")
    assert document.core_properties.title.endswith("Provider copy")
    for section in document.sections:
        assert [p.text for p in section.header.paragraphs if p.text] == [MARK]
        assert section.footer.paragraphs[-1].text == MARK
    meeting = load_meeting(path).meeting
    for person in meeting.meeting.attendees:
        assert person.name in text
        for contact in (person.email, person.phone):
            assert not contact or contact not in text


def test_render_adds_the_provider_copy_leaving_out_listed_and_default_sections(
    meeting_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = run("render", meeting_file, "-o", out, "--provider-copy")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [RECORD, COPY, "2026-10-02 Larkspur House - Action tracker.xlsx"]
    )
    keys = ["safeguarding_enquiries", "individuals_at_risk"]
    assert_is_provider_copy((out / COPY).read_bytes(), meeting_file, keys)
    # the full record keeps everything, contacts included
    full = all_text((out / RECORD).read_bytes())
    assert all(text in full for text in withheld_texts(meeting_file, keys))
    assert WITHHELD not in full
    assert "--provider-copy" in result.output  # the pack command it suggests keeps the copy


def test_without_the_flag_there_is_no_copy(meeting_file: Path, tmp_path: Path) -> None:
    result = run("render", meeting_file, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert COPY not in {p.name for p in (tmp_path / "out").iterdir()}


def test_the_copy_prints_every_page_marked_in_libreoffice(
    meeting_file: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "copy.docx"
    copy.write_bytes(render_meeting(load_meeting(meeting_file).meeting, provider_copy=True)[1].data)
    pages = pdf_pages(to_pdf(copy, tmp_path))
    assert_marked_top_and_bottom(pages, MARK)
    printed = " ".join(" ".join(pages).split())
    assert "Provider copy" in printed
    assert printed.count(WITHHELD) == 2
    for withheld in withheld_texts(meeting_file, ["safeguarding_enquiries", "individuals_at_risk"]):
        assert " ".join(withheld.split())[:80] not in printed


def test_pack_with_provider_copy_encrypts_it_and_lists_it(
    meeting_file: Path, tmp_path: Path
) -> None:
    password = password_file_at(tmp_path / "secrets" / "password.txt", PASSWORD)
    pack = tmp_path / "pack"
    result = run_keeping_secret(
        PASSWORD, "pack", meeting_file, "-o", pack, "--password-file", password, "--provider-copy"
    )
    assert result.exit_code == 0, result.stderr
    manifest = json.loads((pack / "manifest.json").read_text(encoding="utf-8"))
    names = [f["name"] for f in manifest["meetings"][0]["files"]]
    assert names[:2] == [RECORD, COPY]
    assert COPY in (pack / "cover-note.txt").read_text(encoding="utf-8")
    encrypted = (pack / COPY).read_bytes()
    assert not encrypted.startswith(b"PK")
    keys = ["safeguarding_enquiries", "individuals_at_risk"]
    assert_is_provider_copy(decrypt_bytes(encrypted, PASSWORD), meeting_file, keys)


def test_a_strategic_meeting_has_no_copy_and_says_so(tmp_path: Path) -> None:
    result = run("render", SAMPLES / "strategic.yaml", "-o", tmp_path / "out", "--provider-copy")
    assert result.exit_code == 0, result.output
    assert "no provider copy of a strategic meeting" in result.stderr
    assert not any("Provider copy" in p.name for p in (tmp_path / "out").iterdir())


def test_a_key_that_is_not_a_section_is_refused_at_its_line(tmp_path: Path) -> None:
    path = with_copy(
        tmp_path, "initial", "provider_copy:\n  exclude:\n    - purpose\n    - individuals_at_rsk"
    )
    last = len(path.read_text(encoding="utf-8").splitlines())
    result = run("validate", path)
    assert result.exit_code == 2
    assert (
        f"{path}:{last}: provider_copy.exclude[1]: not a section; "
        "did you mean 'individuals_at_risk'?" in result.output + result.stderr
    )
    review = with_copy(tmp_path, "review", "provider_copy: {exclude: [risk_assessment]}")
    result = run("validate", review)
    assert result.exit_code == 2
    assert "provider_copy.exclude[0]: not a section" in result.output + result.stderr


#: Every kind with a record, and a sample of it (a kind still to come is covered by its sample).
RECORD_KINDS = [
    kind.name
    for kind in kinds.every()
    if isinstance(kind, RecordKind) and (SAMPLES / f"{kind.name}.yaml").exists()
]


@pytest.mark.parametrize("kind", RECORD_KINDS)
def test_every_record_kind_has_a_copy_withholding_its_defaults(kind: str) -> None:
    record_kind = kinds.get(kind)
    assert isinstance(record_kind, RecordKind)
    meeting = load_meeting(SAMPLES / f"{kind}.yaml").meeting
    assert isinstance(meeting, FrameworkMeeting)
    rendered = render_meeting(meeting, provider_copy=True)
    copies = [f for f in rendered if f.name.endswith(" - Provider copy.docx")]
    assert len(copies) == 1
    document = docx.Document(io.BytesIO(copies[0].data))
    titles = {h.key: h.title for h in record_kind.headings}
    for key in record_kind.withheld(meeting):
        assert under(document, titles[key]) == WITHHELD
    assert set(record_kind.withheld_from_provider) <= set(record_kind.section_keys())


def test_the_next_meeting_line_never_points_at_a_withheld_section() -> None:
    text = (SAMPLES / "initial.yaml").read_text(encoding="utf-8")
    text = re.sub(r"\nnext_meeting:\n(  .*\n)+", "\n", text)  # agreed under a heading only
    text += "\nprovider_copy: {exclude: [further_meetings]}\n"
    meeting = load_meeting_text(text).meeting
    assert isinstance(meeting, FrameworkMeeting)
    assert "further meetings" in record_context(meeting)["next_meeting"]
    assert "further meetings" not in record_context(meeting, provider_copy=True)["next_meeting"]
