"""`toolkit validate`, `toolkit new`, `toolkit frameworks`, and `python -m toolkit`."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

import toolkit
from toolkit import kinds
from toolkit.cli import COMMANDS, main
from toolkit.kinds.strategic import AGENDA

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


# --- validate --------------------------------------------------------------------------------


def test_validate_samples_prints_one_line_per_file(samples_dir: Path) -> None:
    files = [samples_dir / f"{kind}.yaml" for kind in ("initial", "review", "strategic")]
    result = run("validate", *files)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"{files[0]}: ok (initial meeting, Larkspur House, 02/10/2026, 10 actions)",
        f"{files[1]}: ok (review meeting, Larkspur House, 06/11/2026, 14 actions)",
        f"{files[2]}: ok (strategic meeting, Larkspur House, 20/11/2026, 9 actions)",
    ]
    assert result.stderr == ""


def test_validate_reports_every_problem_of_every_file_and_exits_2(
    initial_sample: Path, tmp_path: Path
) -> None:
    missing = tmp_path / "missing.yaml"
    bad = DATA / "meeting_many_errors.yaml"
    result = run("validate", bad, initial_sample, missing, tmp_path)
    assert result.exit_code == 2
    assert result.stdout == (
        f"{initial_sample}: ok (initial meeting, Larkspur House, 02/10/2026, 10 actions)\n"
    )
    errors = result.stderr.splitlines()
    assert len(errors) == 16
    assert all(line.startswith(f"{bad}:") for line in errors[:14])
    assert errors[14:] == [
        f"{missing}: no such file",
        f"{tmp_path}: is a folder, not a meeting file",
    ]
    assert "Traceback" not in result.output


def test_validate_prints_warnings_for_cleaned_text(tmp_path: Path, initial_sample: Path) -> None:
    path = tmp_path / "m.yaml"
    text = initial_sample.read_text(encoding="utf-8").replace(
        "name: Larkspur House", 'name: "Larkspur\\x0c House"'
    )
    path.write_text(text, encoding="utf-8")
    result = run("validate", path)
    assert result.exit_code == 0
    assert result.stderr == (
        f"{path}:6: provider.name: warning: dropped U+000C, which Word and Excel cannot hold\n"
    )


def test_validate_needs_a_file() -> None:
    result = run("validate")
    assert result.exit_code == 2
    assert "Missing argument" in result.stderr


@pytest.mark.parametrize(
    "content",
    [b"", b"\x00\x01\x02", b"- a list\n", b"12\n", b"kind: [\n", "kind: ∞\n".encode("utf-16")],
    ids=["empty", "binary", "list", "number", "malformed", "utf16"],
)
def test_validate_never_shows_a_traceback(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "m.yaml"
    path.write_bytes(content)
    result = run("validate", path)
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"{path}:")


# --- new -------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["initial", "review", "strategic"])
def test_new_prints_the_scaffold(kind: str) -> None:
    result = run("new", kind)
    assert result.exit_code == 0
    assert result.stdout == kinds.get(kind).scaffold("FILE")


def test_new_writes_a_file_that_validates_once_filled_in(tmp_path: Path) -> None:
    path = tmp_path / "larkspur.yaml"
    result = run("new", "review", "-o", path)
    assert result.exit_code == 0, result.output
    text = path.read_text(encoding="utf-8")
    assert f"toolkit validate {path}" in text
    assert run("validate", path).exit_code == 2
    filled = text.replace('date: ""', "date: 2026-11-20").replace('""', '"Agreed."')
    path.write_text(filled, encoding="utf-8")
    result = run("validate", path)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{path}: ok (review meeting, Agreed., 20/11/2026, 1 action)\n"


def test_new_never_overwrites_without_force(tmp_path: Path) -> None:
    path = tmp_path / "meeting.yaml"
    path.write_text("my notes\n", encoding="utf-8")
    result = run("new", "initial", "-o", path)
    assert result.exit_code == 2
    assert result.stderr == f"{path}: already exists; use --force to overwrite it\n"
    assert path.read_text(encoding="utf-8") == "my notes\n"
    assert run("new", "initial", "-o", path, "--force").exit_code == 0
    assert path.read_text(encoding="utf-8").startswith("# Record of Multi-Agency Initial")


def test_new_into_a_missing_folder_is_one_line(tmp_path: Path) -> None:
    result = run("new", "initial", "-o", tmp_path / "no" / "m.yaml")
    assert result.exit_code == 2
    assert result.stderr == f"{tmp_path / 'no'}: no such folder\n"


def test_new_refuses_an_unknown_kind() -> None:
    result = run("new", "annual")
    assert result.exit_code == 2
    assert "'initial', 'review', 'strategic'" in result.stderr


# --- frameworks ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["initial", "review"])
def test_frameworks_prints_every_heading_and_prompt(kind: str) -> None:
    result = run("frameworks", kind)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == f"{kind}:"
    for number, heading in enumerate(kinds.get(kind).headings, start=1):
        assert f"  {number:>2}. {heading.key:<24} {heading.title}" in lines
        assert any(line.strip() == heading.prompt for line in lines)


def test_frameworks_prints_the_strategic_agenda() -> None:
    result = run("frameworks", "strategic")
    assert result.exit_code == 0
    for item in AGENDA:
        assert item.item in result.stdout
        assert f"[lead: {item.lead}]" in result.stdout
    assert "(if appropriate)" in result.stdout


def test_frameworks_without_a_kind_prints_every_kind() -> None:
    result = run("frameworks")
    assert result.exit_code == 0
    assert [line for line in result.stdout.splitlines() if not line.startswith(" ")] == [
        f"{name}:" for name in kinds.names()
    ]


# --- the program -----------------------------------------------------------------------------


def python_m_toolkit(*args: str | Path, encoding: str = "utf-8") -> tuple[int, str, str]:
    """Run `python -m toolkit ARGS` as a user would, its output decoded as ``encoding``
    (which is also the console encoding it is given)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": encoding}
    done = subprocess.run(
        [sys.executable, "-m", "toolkit", *map(str, args)],
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )
    return done.returncode, done.stdout.decode(encoding), done.stderr.decode(encoding)


def test_python_dash_m_toolkit_runs(initial_sample: Path) -> None:
    code, out, err = python_m_toolkit("validate", initial_sample)
    assert code == 0, err
    assert out.startswith(f"{initial_sample}: ok (initial meeting")
    code, help_text, _ = python_m_toolkit("--help")
    assert code == 0
    assert "Usage: toolkit" in help_text
    for command in ("validate", "new", "frameworks"):
        assert command in help_text


def test_the_version_is_the_package_version() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"toolkit, version {project['version']}\n"
    assert {"load_meeting", "check_document", "build_pack"} <= set(dir(toolkit))


def test_a_cp1252_console_shows_what_it_cannot_print_as_a_question_mark(
    initial_sample: Path, tmp_path: Path
) -> None:
    """Windows consoles and redirected output often encode as cp1252: "✓" and emoji are not in
    it, and printing them used to end the command with 'unexpected UnicodeEncodeError'."""
    path = tmp_path / "tŷ ✓.yaml"
    text = initial_sample.read_text(encoding="utf-8")
    path.write_text(text.replace("name: Larkspur House", 'name: "Siân ✓ Care 😀"'), "utf-8")
    shown: dict[str, str] = {}
    for command in (["validate"], ["check"], ["render", "-o", tmp_path / "out"]):
        code, shown[command[0]], err = python_m_toolkit(*command, path, encoding="cp1252")
        assert code == 0, err
        assert err == ""
        assert "t? ?.yaml" in shown[command[0]]
    assert "(initial meeting, Siân ? Care ?, 02/10/2026" in shown["validate"]
    assert "Siân ? Care ? - Initial meeting record.docx: written" in shown["render"]


# --- the command group's last guard ----------------------------------------------------------


@click.command()
@click.argument("what")
def failing(what: str) -> None:
    """A command that fails as `what` says, to exercise the group's error handling."""
    raise {"abort": click.Abort(), "interrupt": KeyboardInterrupt(), "bug": KeyError("x")}[what]


@pytest.mark.parametrize(
    ("what", "code", "message"),
    [
        ("abort", 130, "error: interrupted; nothing half-written was left behind"),
        ("interrupt", 130, "error: interrupted; nothing half-written was left behind"),
        (
            "bug",
            3,
            "error: unexpected KeyError: 'x'; this is a fault of the toolkit, not of your "
            "files: please report it (set TOOLKIT_DEBUG=1 for details)",
        ),
    ],
)
def test_failures_are_one_line_with_their_exit_status(
    monkeypatch: pytest.MonkeyPatch, what: str, code: int, message: str
) -> None:
    """A Ctrl-C at a password prompt (click.Abort) exited 1, the status of an incomplete check."""
    monkeypatch.setitem(COMMANDS, "failing", f"{__name__}:failing")
    monkeypatch.delenv("TOOLKIT_DEBUG", raising=False)
    result = run("failing", what)
    assert result.exit_code == code
    assert result.stderr.splitlines() == [message]


# --- control characters never reach the terminal (issue 14, item 15) -------------------------

_RAW_CONTROL = [chr(c) for c in [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)]]
#: Unicode's direction marks, embeddings, overrides and isolates ("Trojan Source").
_DIRECTION = list("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _no_raw_control(result: Result) -> str:
    printed = result.output + result.stderr
    assert not [c for c in _RAW_CONTROL + _DIRECTION if c in printed], repr(printed)
    return printed


def test_validate_prints_no_raw_control_character(tmp_path: Path, initial_sample: Path) -> None:
    path = tmp_path / "m.yaml"
    text = initial_sample.read_text(encoding="utf-8").replace(
        "name: Larkspur House", 'name: "Larkspur\\x1b[31m House\\x9b[2J"'
    )
    path.write_text(text, encoding="utf-8")
    # color=True: as on a terminal, where click leaves escape sequences in
    result = CliRunner().invoke(main, ["validate", str(path)], color=True)
    assert result.exit_code == 0
    assert "House\\x9b[2J" in _no_raw_control(result)


def test_a_name_that_reverses_its_line_prints_escaped(
    tmp_path: Path, initial_sample: Path
) -> None:
    """A right-to-left override in a provider name would show the rest of the line backwards
    (and an isolate or mark reorders it more quietly): each is shown as its escape."""
    path = tmp_path / "m.yaml"
    text = initial_sample.read_text(encoding="utf-8").replace(
        "name: Larkspur House", 'name: "Larkspur \\u202eesuoH\\u2066\\u200f"'
    )
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)], color=True)
    assert result.exit_code == 0
    assert "Larkspur \\u202eesuoH\\u2066\\u200f, " in _no_raw_control(result)


@pytest.mark.parametrize("color", [True, False])
def test_names_from_the_command_line_print_escaped(tmp_path: Path, color: bool) -> None:
    missing = tmp_path / "a\x1b]0;owned\x07\x1b[31m\x9b2J\r.yaml"
    result = CliRunner().invoke(main, ["validate", str(missing)], color=color)
    assert result.exit_code != 0
    assert "a\\x1b]0;owned\\x07" in _no_raw_control(result)
    unknown = CliRunner().invoke(main, ["valid\x1b[2Jate"], color=color)
    assert unknown.exit_code == 2
    _no_raw_control(unknown)


def test_the_streams_are_given_back_after_a_command() -> None:
    before = sys.stdout, sys.stderr
    with pytest.raises(SystemExit):
        main(["frameworks"])
    assert (sys.stdout, sys.stderr) == before
