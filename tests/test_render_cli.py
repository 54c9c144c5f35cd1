"""`toolkit render` and `toolkit templates` through click's CliRunner, and render's file names."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from toolkit.cli import main
from toolkit.frameworks import CLASSIFICATION
from toolkit.naming import output_name
from toolkit.render.marking import missing_marking
from toolkit.render.record import record_kinds, template_path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("sample", ["initial", "review"])
def test_render_writes_record_and_tracker(tmp_path: Path, samples_dir: Path, sample: str) -> None:
    out = tmp_path / "out"
    code, stdout, _ = run("render", str(samples_dir / f"{sample}.yaml"), "-o", str(out))
    assert code == 0
    files = sorted(p.name for p in out.iterdir())
    assert sorted(Path(name).suffix for name in files) == [".docx", ".xlsx"]
    record = next(out.glob("*.docx"))
    assert f"{sample.title()} meeting record" in record.name
    assert f"{record}: written" in stdout
    assert "UNPROTECTED" in stdout
    assert "toolkit pack" in stdout
    document = docx.Document(str(record))
    assert missing_marking(document) == []
    assert not list(out.glob(".*.part"))


def test_render_drops_what_xml_cannot_hold_with_a_warning_naming_the_field(
    tmp_path: Path, initial_sample: Path
) -> None:
    meeting = tmp_path / "m.yaml"
    text = initial_sample.read_text(encoding="utf-8")
    meeting.write_text(
        text.replace("name: Larkspur House", 'name: "Larkspur\\x00 House\\x0b"'), encoding="utf-8"
    )
    code, _, stderr = run("render", str(meeting), "-o", str(tmp_path / "out"))
    assert code == 0, stderr
    assert stderr == (
        f"{meeting}:6: provider.name: warning: dropped U+0000, U+000B, "
        "which Word and Excel cannot hold\n"
    )
    record = docx.Document(str(next((tmp_path / "out").glob("*.docx"))))
    assert record.core_properties.subject == "Larkspur House"
    assert record.tables[0].rows[0].cells[1].text == "Larkspur House"


def test_render_draft_marks_draft(tmp_path: Path, initial_sample: Path) -> None:
    code, _, _ = run("render", str(initial_sample), "-o", str(tmp_path), "--draft")
    assert code == 0
    document = docx.Document(str(next(tmp_path.glob("*.docx"))))
    assert document.sections[0].header.paragraphs[0].text == f"{CLASSIFICATION} DRAFT"


def test_render_refuses_to_overwrite_any_file_without_force(
    tmp_path: Path, initial_sample: Path
) -> None:
    assert run("render", str(initial_sample), "-o", str(tmp_path))[0] == 0
    record = next(tmp_path.glob("*.docx"))
    tracker = next(tmp_path.glob("*.xlsx"))
    record.write_bytes(b"edited by hand")
    tracker.unlink()  # one target free, one taken: nothing at all must be written
    code, stdout, stderr = run("render", str(initial_sample), "-o", str(tmp_path))
    assert code == 2
    assert "already exists; use --force" in stderr
    assert record.read_bytes() == b"edited by hand"
    assert not tracker.exists()
    assert stdout == ""
    assert run("render", str(initial_sample), "-o", str(tmp_path), "--force")[0] == 0
    assert record.read_bytes() != b"edited by hand"
    assert tracker.exists()


def test_render_with_custom_templates(tmp_path: Path, initial_sample: Path) -> None:
    folder = tmp_path / "council"
    folder.mkdir()
    custom = template_path("initial", folder)
    custom.parent.mkdir()
    document = docx.Document()
    document.add_paragraph("Anyshire record: {{ provider.name }}")
    document.save(custom)
    out = tmp_path / "out"
    code, _, stderr = run("render", str(initial_sample), "-o", str(out), "--templates", str(folder))
    assert code == 0, stderr
    rendered = docx.Document(str(next(out.glob("*.docx"))))
    assert [p.text for p in rendered.paragraphs] == ["Anyshire record: Larkspur House"]


def test_render_reports_bad_input_in_one_line(tmp_path: Path) -> None:
    meeting = tmp_path / "bad.yaml"
    meeting.write_text("kind: initial\n")
    code, stdout, stderr = run("render", str(meeting), "-o", str(tmp_path / "out"))
    assert code == 2
    assert "bad.yaml" in stderr
    assert "Traceback" not in stderr
    assert not (tmp_path / "out").exists()


def test_templates_check_exit_codes(tmp_path: Path) -> None:
    toolkit_templates = template_path("initial").parent.parent
    code, stdout, _ = run("templates", "check", str(toolkit_templates))
    assert (code, stdout.splitlines()[-1].endswith("everything the toolkit needs")) == (0, True)

    partial = tmp_path / "partial"
    shutil.copytree(toolkit_templates / "appendix1", partial / "appendix1")
    code, stdout, _ = run("templates", "check", str(partial))
    assert code == 1
    assert "missing: review meetings" in stdout

    broken = template_path("review", partial)
    broken.parent.mkdir()
    broken.write_text("not a docx")
    code, stdout, _ = run("templates", "check", str(partial))
    assert code == 2
    assert "not a Word .docx document" in stdout

    code, _, stderr = run("templates", "check", str(tmp_path / "empty"))
    assert code == 2
    assert "no such folder" in stderr


def test_templates_export_then_check(tmp_path: Path) -> None:
    code, stdout, _ = run("templates", "export", str(tmp_path / "mine"))
    assert code == 0
    assert stdout.count(": written") == len(record_kinds())
    assert run("templates", "check", str(tmp_path / "mine"))[0] == 0
    code, _, stderr = run("templates", "export", str(tmp_path / "mine"))
    assert code == 2
    assert "already exists" in stderr


def test_uncreatable_folder_is_one_line(tmp_path: Path, initial_sample: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file, not a folder")
    code, _, stderr = run("render", str(initial_sample), "-o", str(blocker / "out"))
    assert code == 2
    assert stderr.strip() == f"{blocker / 'out'}: cannot create the folder (Not a directory)"


def test_render_takes_several_meetings_into_one_folder(tmp_path: Path, samples_dir: Path) -> None:
    meetings = [str(samples_dir / f"{name}.yaml") for name in ("initial", "review", "strategic")]
    code, stdout, _ = run("render", *meetings, "-o", str(tmp_path))
    assert code == 0
    assert len(list(tmp_path.glob("*.docx"))) == 4  # two records, the agenda and the minutes
    assert len(list(tmp_path.glob("*.xlsx"))) == 3
    assert stdout.count(": written") == 7


def test_render_writes_nothing_when_any_meeting_is_bad(tmp_path: Path, samples_dir: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: initial\n", encoding="utf-8")
    out = tmp_path / "out"
    code, _, stderr = run("render", str(samples_dir / "initial.yaml"), str(bad), "-o", str(out))
    assert code == 2
    assert stderr.startswith(f"{bad}:")
    assert not out.exists()


def test_the_same_meeting_twice_is_refused_before_writing(
    tmp_path: Path, initial_sample: Path
) -> None:
    code, _, stderr = run("render", str(initial_sample), str(initial_sample), "-o", str(tmp_path))
    assert code == 2
    assert "two meetings would write this file" in stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "provider",
    [
        'a/b\\c:d*e?f"g<h>i|j',
        "../../etc/passwd",
        "...hidden..",
        "Home . . . .. x",
        "Tŷ Bach " * 30,
        "🙂" * 100,
        "CON",
        " \t ",
    ],
)
def test_output_names_are_safe_on_windows_and_posix(provider: str) -> None:
    name = output_name(dt.date(2026, 11, 20), provider, "Initial meeting record", ".docx")
    assert name.startswith("2026-11-20 ")
    assert name.endswith(" - Initial meeting record.docx")
    assert not set(name) & set('/\\:*?"<>|\t')
    assert ".." not in name
    assert len(name) <= 120
    assert len(name.encode()) <= 200


def test_output_names_keep_an_ordinary_provider_whole() -> None:
    name = output_name(dt.date(2026, 11, 20), "St. Mary's Care & Nursing", "Agenda", ".docx")
    assert name == "2026-11-20 St. Mary's Care & Nursing - Agenda.docx"
