"""`toolkit check` on meeting files and Word records, plain and encrypted: output and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from tests.cli_run import password_file_at
from toolkit.cli import main
from toolkit.load import load_meeting
from toolkit.protect import encrypt_bytes
from toolkit.render import render_meeting
from toolkit.render.record import render_record

PASSWORD = "correct horse battery staple"
BEFORE_DEADLINES = "2026-10-03"


def _run(*args: str | Path):
    return CliRunner().invoke(main, ["check", *map(str, args)], catch_exceptions=False)


@pytest.fixture
def record(tmp_path: Path, initial_sample: Path) -> Path:
    path = tmp_path / "record.docx"
    path.write_bytes(render_record(load_meeting(initial_sample).meeting))
    return path


@pytest.fixture
def encrypted(tmp_path: Path, record: Path) -> Path:
    path = tmp_path / "protected.docx"
    path.write_bytes(encrypt_bytes(record.read_bytes(), PASSWORD))
    return path


@pytest.fixture
def password_file(tmp_path: Path) -> Path:
    return password_file_at(tmp_path / "password.txt", PASSWORD)


def test_complete_samples_exit_0(samples_dir: Path) -> None:
    result = _run(*sorted(samples_dir.glob("*.yaml")), "--today", BEFORE_DEADLINES)
    assert result.exit_code == 0, result.output
    assert "19 of 19 headings addressed (1 not applicable); complete" in result.output
    assert "13 of 13 headings addressed; complete" in result.output
    assert "7 of 7 agenda items addressed; complete" in result.output


def test_an_incomplete_meeting_exits_1_and_shows_the_table(
    tmp_path: Path, initial_sample: Path
) -> None:
    data = yaml.safe_load(initial_sample.read_text(encoding="utf-8"))
    data["sections"]["purpose"] = "TBC"
    del data["sections"]["dsp_informed"]
    path = tmp_path / "meeting.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    result = _run(path, "--today", BEFORE_DEADLINES)
    assert result.exit_code == 1
    lines = result.output.rstrip().splitlines()
    assert lines[0] == f"{path}: initial meeting"
    assert any(line.split()[:4] == ["2", "placeholder", "Purpose", "of"] for line in lines)
    assert any('only placeholder text: "TBC"' in line for line in lines)
    assert lines[-1].strip() == (
        "17 of 19 headings addressed (1 not applicable); empty: DSP informed of the outcome of "
        "the meeting; placeholder: Purpose of meeting; INCOMPLETE"
    )


def test_the_table_keeps_each_row_on_one_line_and_cuts_long_notes_in_ascii(
    tmp_path: Path, initial_sample: Path
) -> None:
    data = yaml.safe_load(initial_sample.read_text(encoding="utf-8"))
    reason = "The provider runs no other service:\n" + "it is a single home. " * 20
    data["sections"]["provider_information"] = {"not_applicable": reason}
    path = tmp_path / "meeting.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    result = _run(path, "--today", BEFORE_DEADLINES)
    assert result.exit_code == 0, result.output
    (row,) = [line for line in result.output.splitlines() if "runs no other" in line]
    assert row.endswith("  The provider runs no other service: it is a single home. it is a si...")
    assert "Information known about the service provider, including o...  " in row
    assert result.output.isascii()


def test_a_bad_meeting_file_exits_2_naming_it(tmp_path: Path, initial_sample: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: initial\nprovider: [\n", encoding="utf-8")
    result = _run(initial_sample, bad, "--today", BEFORE_DEADLINES)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{bad}:")
    assert len(result.stderr.splitlines()) == 1
    assert "complete" in result.stdout  # the good file is still reported


def test_a_word_record(record: Path) -> None:
    result = _run(record, "--today", BEFORE_DEADLINES)
    assert result.exit_code == 0, result.output
    assert "minutes due by Friday 16 October 2026" in result.output
    assert "other headings: Provider details; Meeting details" in result.output


def test_json_output(record: Path, initial_sample: Path) -> None:
    result = _run(record, initial_sample, "--format", "json", "--today", "2026-10-20")
    assert result.exit_code == 0
    reports = json.loads(result.stdout)
    assert [r["source"] for r in reports] == [str(record), str(initial_sample)]
    for report in reports:
        assert report["complete"] is True
        assert report["kind"] == "initial"
        assert report["minutes_due"] == "2026-10-16"
        assert [f["code"] for f in report["findings"]] == ["minutes-overdue"]
        assert len(report["headings"]) == 19


def test_an_encrypted_record_with_the_password(encrypted: Path, password_file: Path) -> None:
    result = _run(encrypted, "--password-file", password_file, "--today", BEFORE_DEADLINES)
    assert result.exit_code == 0, result.output
    assert "19 of 19 headings addressed" in result.output
    assert PASSWORD not in result.output


def test_an_encrypted_record_without_the_password(encrypted: Path, monkeypatch) -> None:
    monkeypatch.delenv("TOOLKIT_PASSWORD", raising=False)
    result = _run(encrypted)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{encrypted}: the file is password protected; give the password with --password-file "
        "or $TOOLKIT_PASSWORD"
    ]


def test_an_encrypted_record_with_the_wrong_password(encrypted: Path, tmp_path: Path) -> None:
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not the right password at all", encoding="utf-8")
    result = _run(encrypted, "--password-file", wrong)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"{encrypted}: wrong password"]
    assert "not the right password" not in result.output


def test_a_missing_password_file_is_named_once(encrypted: Path, tmp_path: Path) -> None:
    """The problem is the password file, not the record: it was 'record: pw: no such ...'."""
    result = _run(encrypted, "--password-file", tmp_path / "pw.txt")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"{tmp_path / 'pw.txt'}: no such password file"]


def test_a_missing_file_or_a_folder_is_worded_as_validate_words_it(tmp_path: Path) -> None:
    result = _run(tmp_path / "absent.yaml", tmp_path)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{tmp_path / 'absent.yaml'}: no such file",
        f"{tmp_path}: is a folder, not a meeting file or Word record",
    ]


def test_the_password_from_the_environment(encrypted: Path, monkeypatch) -> None:
    monkeypatch.setenv("TOOLKIT_PASSWORD", PASSWORD)
    assert _run(encrypted, "--today", BEFORE_DEADLINES).exit_code == 0


def test_an_unreadable_record_exits_2(tmp_path: Path) -> None:
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 this is not really a zip")
    result = _run(broken)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{broken}: cannot be read as a Word document")
    missing = _run(tmp_path / "absent.docx")
    assert missing.exit_code == 2
    assert missing.stderr.startswith(f"{tmp_path / 'absent.docx'}: ")


def test_json_is_ascii_so_that_any_console_passes_names_on_whole(
    tmp_path: Path, initial_sample: Path
) -> None:
    """On a cp1252 console "Tŷ ✓" would reach a script as "T? ?"; escaped, it arrives whole."""
    path = tmp_path / "tŷ ✓.yaml"
    path.write_text(initial_sample.read_text(encoding="utf-8"), encoding="utf-8")
    result = _run(path, "--format", "json", "--today", BEFORE_DEADLINES)
    assert result.exit_code == 0
    assert result.stdout.isascii()
    assert json.loads(result.stdout)[0]["source"] == str(path)


def test_a_workbook_is_named_as_such(tmp_path: Path, initial_sample: Path) -> None:
    """python-docx's own words named an in-memory object: '<_io.BytesIO object at 0x...>'."""
    (tracker,) = [
        f for f in render_meeting(load_meeting(initial_sample).meeting) if f.name.endswith(".xlsx")
    ]
    path = tmp_path / "tracker.xlsx"
    path.write_bytes(tracker.data)
    result = _run(path)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{path}: is an Excel workbook, not a Word document; check the Word record"
    ]


def test_kind_overrides_detection(record: Path) -> None:
    result = _run(record, "--kind", "review", "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)[0]
    assert report["kind"] == "review"
    assert len(report["headings"]) == 13


def test_a_bad_today_is_a_usage_error(record: Path) -> None:
    result = _run(record, "--today", "11/31/2026")
    assert result.exit_code == 2
    assert "--today" in result.stderr
    (line,) = result.stderr.splitlines()  # as `due` words it, one line
    assert line.startswith("--today: '11/31/2026' is not a real date (there is no month 31)")


def test_json_keeps_the_order_of_the_files_and_names_failures(
    record: Path, tmp_path: Path, initial_sample: Path
) -> None:
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"")
    result = _run(record, broken, initial_sample, "--format", "json")
    assert result.exit_code == 2
    entries = json.loads(result.stdout)
    assert [e["source"] for e in entries] == [str(record), str(broken), str(initial_sample)]
    assert entries[1] == {"source": str(broken), "error": f"{broken}: not a Word document (.docx)"}
