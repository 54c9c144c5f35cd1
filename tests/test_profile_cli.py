"""A partnership's profile on the command line: --profile and TOOLKIT_PROFILE on every command,
`toolkit profile show`, and what a profile changes in the papers written."""

from __future__ import annotations

import io
import json
from pathlib import Path

import click
import docx
import openpyxl
import pytest
from click.testing import CliRunner, Result

from tests.cli_run import password_file_at, run_keeping_secret
from tests.office import assert_marked_top_and_bottom, page_lines, pdf_pages, to_pdf
from toolkit.cli import COMMANDS, main
from toolkit.profile import DEFAULT, active
from toolkit.protect import decrypt_bytes

PERSONAL = "OFFICIAL-SENSITIVE PERSONAL"
PASSWORD = "correct horse battery staple 42"


def run(*args: str | Path, env: dict[str, str] | None = None) -> Result:
    """Run `toolkit ARGS` with $TOOLKIT_PROFILE cleared unless ``env`` sets it."""
    environment = {"TOOLKIT_PROFILE": "", **(env or {})}
    return CliRunner().invoke(main, [str(a) for a in args], env=environment)


@pytest.fixture
def personal(tmp_path: Path) -> Path:
    path = tmp_path / "darlington.toml"
    path.write_text(
        '[partnership]\nname = "Darlington Safeguarding Partnership"\n\n'
        '[marking]\ndescriptor = "PERSONAL"\n',
        encoding="utf-8",
    )
    return path


def profile_at(folder: Path, text: str) -> Path:
    path = folder / "profile.toml"
    path.write_text(text, encoding="utf-8")
    return path


def every_command() -> list[list[str]]:
    """Each command a user can run: the top-level ones and those of the groups."""
    found: list[list[str]] = []
    for name in sorted(COMMANDS):
        command = main.get_command(click.Context(main), name)
        assert command is not None
        if isinstance(command, click.Group):
            found.extend([name, sub] for sub in sorted(command.commands))
        else:
            found.append([name])
    return found


@pytest.mark.parametrize("command", every_command(), ids=" ".join)
def test_every_command_refuses_a_bad_profile_with_file_line_and_key(
    tmp_path: Path, command: list[str]
) -> None:
    bad = profile_at(tmp_path, '[holidays]\nregion = "scotlnd"\n')
    result = run(*command, "--profile", bad)
    assert result.exit_code == 2, result.output
    assert result.stderr == f"{bad}:2: holidays.region: unknown region; did you mean 'scotland'?\n"
    assert result.stdout == ""


BAD = {
    "syntax error": ('[partnership]\nname = "Darlington\n', ["2: not valid TOML: illegal"]),
    "unknown key": ("[deadlines]\nreveiw = { days = 7 }\n", ["2: deadlines.reveiw: unknown kind"]),
    "wrong types": (
        '[deadlines]\nreview = { days = "7", working = "yes" }\n[strategic]\nquorum = "ICB"\n',
        ["2: deadlines.review.days: must be a whole", "4: strategic.quorum: must be a list"],
    ),
    "bad region": ('[holidays]\nregion = "wales"\n', ["2: holidays.region: unknown region"]),
    "zero days": ("[deadlines]\ninitial = { days = 0 }\n", ["2: deadlines.initial.days: must be"]),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_a_bad_profile_exits_2_with_one_line_per_problem(
    tmp_path: Path, initial_sample: Path, case: str
) -> None:
    text, starts = BAD[case]
    bad = profile_at(tmp_path, text)
    out = tmp_path / "out"
    result = run("render", initial_sample, "-o", out, "--profile", bad)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == len(starts)
    for line, start in zip(lines, starts, strict=True):
        assert line.startswith(f"{bad}:{start}"), line
    assert not out.exists()


def test_a_missing_profile_is_one_line(tmp_path: Path) -> None:
    result = run("profile", "show", env={"TOOLKIT_PROFILE": str(tmp_path / "ours.toml")})
    assert result.exit_code == 2
    assert result.stderr == f"{tmp_path / 'ours.toml'}: no such file\n"


def due_line(*args: str | Path, env: dict[str, str] | None = None) -> str:
    result = run("due", *args, "--today", "2026-11-20", env=env)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_a_working_day_review_deadline_changes_toolkit_due(tmp_path: Path) -> None:
    profile = profile_at(tmp_path, "[deadlines]\nreview = { days = 7, working = true }\n")
    meeting = ("--kind", "review", "--date", "2026-11-20")  # a Friday
    assert "minutes due by Friday 27 November 2026" in due_line(*meeting)
    assert "minutes due by Tuesday 1 December 2026" in due_line(*meeting, "--profile", profile)
    assert "minutes due by Tuesday 1 December 2026" in due_line(
        *meeting, env={"TOOLKIT_PROFILE": str(profile)}
    )
    assert active() is DEFAULT  # the command's profile ends with the command


def test_scottish_bank_holidays_move_a_strategic_deadline(
    tmp_path: Path, strategic_sample: Path
) -> None:
    profile = profile_at(tmp_path, '[holidays]\nregion = "scotland"\n')
    meeting = ("--kind", "strategic", "--date", "2026-11-24")  # St Andrew's Day is Monday 30th
    assert "minutes due by Tuesday 1 December 2026" in due_line(*meeting)
    assert "minutes due by Wednesday 2 December 2026" in due_line(*meeting, "--profile", profile)


def test_the_command_line_profile_wins_over_the_environment(tmp_path: Path) -> None:
    scottish = profile_at(tmp_path, '[holidays]\nregion = "scotland"\n')
    bad = tmp_path / "bad.toml"
    bad.write_text("[holidays]\nregion = 3\n", encoding="utf-8")
    meeting = ("--kind", "strategic", "--date", "2026-11-24")
    line = due_line(*meeting, "--profile", scottish, env={"TOOLKIT_PROFILE": str(bad)})
    assert "Wednesday 2 December 2026" in line


def test_profile_show_says_where_each_rule_comes_from(tmp_path: Path) -> None:
    profile = profile_at(
        tmp_path,
        '[marking]\ndescriptor = "PERSONAL"\n\n'
        "[deadlines]\nreview = { days = 7, working = true }\n",
    )
    result = run("profile", "show", "--profile", profile)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:2] == [f"profile: {profile}", f"pages are marked: {PERSONAL}"]
    rules = {line.split()[0]: line for line in lines[2:]}
    assert rules["deadlines.review"].endswith(
        f"no later than seven working days after the meeting  [profile {profile}:5]"
    )
    assert rules["marking.descriptor"].endswith(f"PERSONAL  [profile {profile}:2]")
    assert rules["deadlines.strategic"].endswith(
        "no later than five working days after the meeting  [default (seed documents)]"
    )
    assert "England and Wales" in rules["holidays.region"]


def test_profile_show_as_json_without_a_profile() -> None:
    result = run("profile", "show", "--format", "json")
    assert result.exit_code == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["profile"] is None
    assert shown["marking"] == "OFFICIAL-SENSITIVE"
    rules = {rule["key"]: rule for rule in shown["rules"]}
    assert {rule["source"] for rule in shown["rules"]} == {"default (seed documents)"}
    assert rules["deadlines.initial"]["value"] == {
        "days": 14,
        "working": False,
        "rule": "within 14 days of the meeting",
    }
    assert rules["strategic.quorum"]["value"] == [
        "Sussex Integrated Care Board",
        "West Sussex County Council",
    ]
    assert rules["holidays.region"]["value"] == "england-and-wales"
    assert rules["marking.descriptor"]["value"] is None


# What a profile changes in the papers ----------------------------------------------------------


@pytest.mark.libreoffice
def test_a_descriptor_marks_every_printed_page_of_the_record_and_the_tracker(
    tmp_path: Path, initial_sample: Path, personal: Path
) -> None:
    out = tmp_path / "out"
    result = run("render", initial_sample, "-o", out, "--profile", personal)
    assert result.exit_code == 0, result.stderr
    record = next(out.glob("*.docx"))
    pages = pdf_pages(to_pdf(record, tmp_path))
    assert len(pages) >= 5
    assert_marked_top_and_bottom(pages, PERSONAL)

    tracker = next(out.glob("*.xlsx"))
    sheet = openpyxl.load_workbook(tracker).active
    assert sheet["A1"].value == PERSONAL
    for part in ("oddHeader", "evenHeader", "firstHeader", "oddFooter", "evenFooter"):
        assert getattr(sheet, part).center.text == PERSONAL, part
    assert sheet.firstFooter.center.text == PERSONAL
    for number, page in enumerate(pdf_pages(to_pdf(tracker, tmp_path)), start=1):
        lines = page_lines(page)
        assert lines[0] == PERSONAL, f"page {number} top"
        assert PERSONAL in lines[-1], f"page {number} bottom"


def test_a_draft_with_a_descriptor_keeps_one_marking_per_header(
    tmp_path: Path, strategic_sample: Path, personal: Path
) -> None:
    out = tmp_path / "out"
    result = run("render", strategic_sample, "-o", out, "--draft", "--profile", personal)
    assert result.exit_code == 0, result.stderr
    for path in sorted(out.glob("*.docx")):
        section = docx.Document(str(path)).sections[0]
        assert [p.text for p in section.header.paragraphs if p.text] == [f"{PERSONAL} DRAFT"]
        assert section.footer.paragraphs[-1].text == f"{PERSONAL} DRAFT"


def test_the_pack_cover_note_and_every_packed_file_carry_the_descriptor(
    tmp_path: Path, initial_sample: Path, personal: Path
) -> None:
    password = password_file_at(tmp_path / "secrets" / "password.txt", PASSWORD)
    pack = tmp_path / "pack"
    result = run_keeping_secret(
        PASSWORD,
        "pack",
        initial_sample,
        "-o",
        pack,
        "--password-file",
        password,
        env={"TOOLKIT_PROFILE": str(personal)},
    )
    assert result.exit_code == 0, result.stderr
    note = (pack / "cover-note.txt").read_text(encoding="utf-8").splitlines()
    assert note[0].startswith(f"Subject: {PERSONAL}: ")
    assert note[2] == note[-1] == PERSONAL
    manifest = json.loads((pack / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["classification"] == PERSONAL
    # rendered in worker processes: the profile reached them too
    record = decrypt_bytes(next(pack.glob("*.docx")).read_bytes(), PASSWORD)
    header = docx.Document(io.BytesIO(record)).sections[0].header
    assert header.paragraphs[0].text == PERSONAL
    tracker = decrypt_bytes(next(pack.glob("*.xlsx")).read_bytes(), PASSWORD)
    assert openpyxl.load_workbook(io.BytesIO(tracker)).active.oddFooter.center.text == PERSONAL


def test_tracker_update_marks_the_tracker_with_the_profiles_marking(
    tmp_path: Path, initial_sample: Path, review_sample: Path, personal: Path
) -> None:
    out = tmp_path / "out"
    assert run("render", initial_sample, "-o", out).exit_code == 0
    tracker = next(out.glob("*.xlsx"))
    result = run("tracker", "update", tracker, review_sample, "--profile", personal)
    assert result.exit_code == 0, result.stderr
    workbook = openpyxl.load_workbook(tracker)
    for sheet in workbook.worksheets:
        assert sheet.oddHeader.center.text == PERSONAL, sheet.title
    assert workbook.active["A1"].value == PERSONAL
