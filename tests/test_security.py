"""Security: no plaintext Office file or password on disk after any command (failures too),
output names that stay in their folder, user text never run as a template, and council templates
that cannot read files or run code."""

from __future__ import annotations

import io
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
import yaml
from click.testing import CliRunner, Result

from tests.bad_inputs.make_corpus import MINIMAL, PASSWORD
from tests.test_faults import disk_full, failing_writes
from toolkit.cli import main
from toolkit.passwords import PASSWORD_ENV
from toolkit.protect import decrypt_bytes, encrypt_bytes, is_encrypted
from toolkit.render.record import template_path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
ZIP_MAGIC = b"PK\x03\x04"
MARKER = "toolkit-template-ran-code"


@pytest.fixture
def system_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private system temp folder for the test, so that what a command leaves in it is seen
    (and other people's temporary files are not)."""
    folder = tmp_path / "system-temp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def run(*args: Any, password: str | None = PASSWORD) -> Result:
    result = CliRunner().invoke(main, [str(a) for a in args], env={PASSWORD_ENV: password or ""})
    assert "Traceback" not in result.output + result.stderr
    return result


def assert_nothing_plain_or_secret(
    roots: list[Path], password: str, *, allowed: frozenset[Path] = frozenset()
) -> None:
    """No file under ``roots`` (but ``allowed``) is a plaintext Office file or holds the
    password, in UTF-8 or UTF-16 (as Windows tools write it)."""
    secrets = (password.encode(), password.encode("utf-16-le"))
    for root in roots:
        for path in root.rglob("*"):
            if not path.is_file() or path in allowed:
                continue
            data = path.read_bytes()
            assert not data.startswith(ZIP_MAGIC), f"plaintext Office file on disk: {path}"
            assert not any(secret in data for secret in secrets), f"password on disk: {path}"


def _copy_samples(folder: Path, *names: str) -> list[Path]:
    folder.mkdir(exist_ok=True)
    paths = []
    for name in names:
        path = folder / f"{name}.yaml"
        path.write_bytes((SAMPLES / f"{name}.yaml").read_bytes())
        paths.append(path)
    return paths


# No plaintext, no password ------------------------------------------------------------------


def test_pack_leaves_nothing_plain_or_secret(tmp_path: Path, work: Path, system_temp: Path) -> None:
    sources = _copy_samples(tmp_path / "inputs", "initial", "review")
    result = run("pack", *sources, "-o", work / "pack")
    assert result.exit_code == 0, result.output
    assert len(list((work / "pack").iterdir())) == 6
    assert_nothing_plain_or_secret([work, system_temp], PASSWORD)


def test_a_generated_password_is_only_in_its_own_file(
    tmp_path: Path, work: Path, system_temp: Path
) -> None:
    sources = _copy_samples(tmp_path / "inputs", "initial")
    secret = tmp_path / "secret.txt"
    result = run("pack", *sources, "-o", work / "pack", "--password-out", secret, password=None)
    assert result.exit_code == 0, result.output
    generated = secret.read_text(encoding="utf-8").strip()
    assert len(generated) >= 20
    assert generated not in result.output + result.stderr
    assert oct(secret.stat().st_mode & 0o777) == "0o600"
    assert_nothing_plain_or_secret([tmp_path], generated, allowed=frozenset({secret}))


def _broken_review_template(folder: Path) -> Path:
    """Templates whose initial record is the toolkit's and whose review record fails to render."""
    for kind_folder, text in (("appendix1", None), ("appendix2", "{{ no_such_thing }}")):
        target = folder / kind_folder / "record.docx"
        target.parent.mkdir(parents=True)
        source = ROOT / "toolkit" / "templates" / kind_folder / "record.docx"
        if text is None:
            target.write_bytes(source.read_bytes())
        else:
            document = docx.Document(str(source))
            document.add_paragraph(text)
            document.save(str(target))
    return folder


def test_a_pack_failing_half_way_leaves_nothing_plain_or_secret(
    tmp_path: Path, work: Path, system_temp: Path
) -> None:
    """The initial meeting renders and is encrypted; the review's template then fails."""
    sources = _copy_samples(tmp_path / "inputs", "initial", "review")
    templates = _broken_review_template(tmp_path / "templates")
    secret = tmp_path / "secret.txt"
    result = run(
        "pack",
        *sources,
        "-o",
        work / "pack",
        "--templates",
        templates,
        "--password-out",
        secret,
        password=None,
    )
    assert result.exit_code == 2, result.output
    assert "template error" in result.stderr
    assert list(work.iterdir()) == []
    assert not secret.exists(), "a password was kept for a pack that was never made"
    assert_nothing_plain_or_secret([work, system_temp], PASSWORD)


def test_a_full_disk_mid_pack_leaves_nothing_plain_or_secret(
    tmp_path: Path, work: Path, system_temp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = _copy_samples(tmp_path / "inputs", "initial", "review")
    failing_writes(monkeypatch, work, disk_full, limit=5000)
    result = run("pack", *sources, "-o", work / "pack")
    monkeypatch.undo()
    assert result.exit_code == 2, result.output
    assert "No space left on device" in result.stderr
    assert list(work.iterdir()) == []
    assert_nothing_plain_or_secret([work, system_temp], PASSWORD)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The sample initial meeting's record and tracker (rendered once)."""
    out = tmp_path_factory.mktemp("rendered")
    assert run("render", SAMPLES / "initial.yaml", "-o", out).exit_code == 0
    return {path.suffix: path.read_bytes() for path in out.iterdir()}


def test_protect_in_place_leaves_nothing_plain(
    work: Path, system_temp: Path, rendered: dict[str, bytes]
) -> None:
    files = [work / "record.docx", work / "tracker.xlsx"]
    files[0].write_bytes(rendered[".docx"])
    files[1].write_bytes(rendered[".xlsx"])
    result = run("protect", *files)
    assert result.exit_code == 0, result.output
    assert sorted(work.iterdir()) == sorted(files)
    assert all(is_encrypted(path.read_bytes()) for path in files)
    assert_nothing_plain_or_secret([work, system_temp], PASSWORD)


def test_a_failed_protect_writes_nothing_and_keeps_no_password(
    work: Path, system_temp: Path, rendered: dict[str, bytes]
) -> None:
    good, bad = work / "record.docx", work / "notes.docx"
    good.write_bytes(rendered[".docx"])
    bad.write_bytes(b"not a Word file")
    secret = work.parent / "secret.txt"
    result = run("protect", good, bad, "--password-out", secret, password=None)
    assert result.exit_code == 2, result.output
    assert f"{bad}: " in result.stderr
    assert good.read_bytes() == rendered[".docx"], "protected some files but not others"
    assert sorted(work.iterdir()) == sorted([good, bad])
    assert not secret.exists()
    assert [p.name for p in system_temp.iterdir()] == []


def test_an_encrypted_tracker_stays_encrypted(
    tmp_path: Path, work: Path, system_temp: Path, rendered: dict[str, bytes]
) -> None:
    tracker = work / "tracker.xlsx"
    tracker.write_bytes(encrypt_bytes(rendered[".xlsx"], PASSWORD))
    (review,) = _copy_samples(tmp_path / "inputs", "review")
    result = run("tracker", "update", tracker, review)
    assert result.exit_code == 0, result.output
    assert decrypt_bytes(tracker.read_bytes(), PASSWORD).startswith(ZIP_MAGIC)
    assert_nothing_plain_or_secret([work, system_temp], PASSWORD)


def test_checking_or_failing_to_unprotect_an_encrypted_record_writes_nothing(
    work: Path, system_temp: Path, rendered: dict[str, bytes]
) -> None:
    record = work / "record.docx"
    record.write_bytes(encrypt_bytes(rendered[".docx"], PASSWORD))
    assert run("check", record, "--today", "2026-10-03").exit_code == 0
    wrong = run("unprotect", record, password="a different password entirely")
    assert wrong.exit_code == 2
    assert "wrong password" in wrong.stderr
    assert list(work.iterdir()) == [record]
    assert is_encrypted(record.read_bytes())
    assert_nothing_plain_or_secret([work, system_temp], PASSWORD)


# Output names --------------------------------------------------------------------------------

EVIL_NAMES = {
    "parent-dirs": "../../etc/passwd",
    "absolute": "/etc/cron.d/evil",
    "windows-drive": "C:\\evil\\..\\x",
    "reserved": "CON",
    "reserved-ext": "nul.txt",
    "dots": "..",
    "separators": 'a/b\\c:d*e?f"g<h>i|j',
    "very-long": "Very Long Name " * 40,
    "emoji-long": "🙂" * 100,
    "bidi-spoof": "Home\u202excod.exe",
    "nul-byte": "Home\x00evil",
    "newline": "Home\n../x",
}


@pytest.mark.parametrize("name", list(EVIL_NAMES.values()), ids=list(EVIL_NAMES))
@pytest.mark.parametrize("sample", ["initial", "strategic"])
def test_output_names_stay_in_the_output_folder(tmp_path: Path, name: str, sample: str) -> None:
    data = yaml.safe_load((SAMPLES / f"{sample}.yaml").read_text(encoding="utf-8"))
    data["provider"]["name"] = name
    source = tmp_path / "meeting.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "deep" / "er" / "out"
    before = set(tmp_path.rglob("*"))
    result = run("render", source, "-o", out)
    assert result.exit_code == 0, result.output
    if sample == "initial":
        assert run("pack", source, "-o", out / "pack").exit_code == 0
    created = set(tmp_path.rglob("*")) - before
    files = [path for path in created if path.is_file()]
    assert {path.parent for path in files} <= {out, out / "pack"}
    assert len(files) >= 3
    for path in files:
        assert len(path.name.encode()) <= 200, path.name
        assert not path.name.startswith((".", " ")), path.name
        if path.name not in ("manifest.json", "cover-note.txt"):
            assert path.name[:10].replace("-", "").isdigit(), "the date leads every name"
        assert not set(path.name) & set('/\\:*?"<>|\x00\n\u202e')


# Text typed by users is never run -------------------------------------------------------------

PAYLOADS = ["{{ 7*7 }}", "{% if true %}RAN{% endif %}", "{{ cycler.__init__.__globals__ }}"]


def _docx_texts(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for r in t.rows for c in r.cells]
    for section in document.sections:
        for part in (section.header, section.footer, section.first_page_header):
            parts += [p.text for p in part.paragraphs]
    return "\n".join(parts)


def _xlsx_texts(data: bytes) -> tuple[str, set[str]]:
    """Every cell's value, and the data types of the cells holding text."""
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    cells = [c for s in workbook.worksheets for row in s.iter_rows() for c in row]
    texts = [c for c in cells if isinstance(c.value, str)]
    return "\n".join(c.value for c in texts), {c.data_type for c in texts}


@pytest.mark.parametrize("kind", ["initial", "strategic"])
def test_template_code_typed_in_a_meeting_is_printed_never_run(tmp_path: Path, kind: str) -> None:
    text = " ".join(PAYLOADS)
    data = yaml.safe_load(MINIMAL)
    data["kind"] = kind
    data["provider"]["name"] = "Oakview {{ 7*7 }}"
    data["meeting"]["attendees"][0]["name"] = text
    data["actions"] = [
        {"detail": text, "owner": text, "organisation": "=7*7", "update": text, "due": "2026-12-01"}
    ]
    if kind == "initial":
        data["sections"] = {"purpose": text, "risk_assessment": f"- {text}\n- =7*7"}
    else:
        data["notes"] = {"introductions": text}
    source = tmp_path / "meeting.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "out"
    assert run("render", source, "-o", out).exit_code == 0
    documents = [_docx_texts(p.read_bytes()) for p in out.glob("*.docx")]
    sheet, types = _xlsx_texts(next(out.glob("*.xlsx")).read_bytes())
    assert any(text in printed for printed in documents)  # the record, or the minutes
    assert text in sheet
    for printed in [*documents, sheet]:
        assert "Oakview {{ 7*7 }}" in printed
        assert "49" not in printed
        assert "RAN" not in printed.replace(PAYLOADS[1], "")
    assert "=7*7" in sheet
    assert "f" not in types, "text became an Excel formula"


# Council templates cannot read files or run code ----------------------------------------------

TEMPLATE_ATTACKS = {
    "subclasses": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "include-passwd": "{% include '/etc/passwd' %}",
    "import-os": "{% import 'os' as os %}",
    "extends": "{% extends '/etc/passwd' %}",
    "cycler-globals": f"{{{{ cycler.__init__.__globals__.os.system('touch {MARKER}') }}}}",
    "lipsum-globals": f"{{{{ lipsum.__globals__['os'].popen('touch {MARKER}').read() }}}}",
    "joiner-globals": "{{ joiner.__init__.__globals__ }}",
    "format-string": "{{ '{0.__class__.__mro__}'.format(provider) }}",
    "attr-filter": "{{ provider|attr('__class__') }}",
    "huge-range": "{% for x in range(10**9) %}x{% endfor %}",
    "huge-text": "{{ 'a' * 10**10 }}",
    "huge-list": "{{ ([1] * 100000) * 100000 }}",
    "huge-power": "{{ 7 ** 123456789 }}",
    "self-context": "{{ self._TemplateReference__context }}",
    "config": "{{ config.items() }}",
    "mro": "{{ dict.mro() }}",
}


def _attack_templates(folder: Path, code: str) -> Path:
    """The toolkit's own templates with ``code`` added as a paragraph of each."""
    for kind_folder in ("appendix1", "appendix2"):
        target = folder / kind_folder / "record.docx"
        target.parent.mkdir(parents=True)
        document = docx.Document(str(ROOT / "toolkit" / "templates" / kind_folder / "record.docx"))
        document.add_paragraph(code)
        document.save(str(target))
    return folder


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Run in tmp_path, where a template that ran `touch` would leave its marker."""
    monkeypatch.chdir(tmp_path)
    yield tmp_path
    assert not (tmp_path / MARKER).exists(), "a template ran a shell command"


@pytest.mark.parametrize("code", list(TEMPLATE_ATTACKS.values()), ids=list(TEMPLATE_ATTACKS))
def test_a_template_cannot_read_files_or_run_code(in_tmp: Path, code: str) -> None:
    templates = _attack_templates(in_tmp / "templates", code)
    record = template_path("initial", templates)
    out = in_tmp / "out"
    result = run("render", SAMPLES / "initial.yaml", "-o", out, "--templates", templates)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"{record}: template error"), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "root:" not in result.output + result.stderr
    assert not out.exists()
    checked = run("templates", "check", templates)
    assert checked.exit_code == 2, checked.output
    assert "root:" not in checked.output
    packed = run("pack", SAMPLES / "initial.yaml", "-o", in_tmp / "pack", "--templates", templates)
    assert packed.exit_code == 2, packed.output
    assert sorted(p.name for p in in_tmp.iterdir()) == ["templates"]
