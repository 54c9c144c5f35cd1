"""The README tells the truth: its quick start runs as written, and its tour names real options."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit.cli import COMMANDS, main

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def quick_start_command() -> list[str]:
    """The toolkit command of the quick start's set-up line (after the venv and pip steps)."""
    section = README.split("## Quick start", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None
    last_step = block.group(1).strip().split(" && ")[-1]
    words = shlex.split(last_step)
    assert words[0] == ".venv/bin/toolkit"
    return words[1:]


def tour_commands() -> list[list[str]]:
    """Every `toolkit ...` command quoted in the tour table."""
    section = README.split("## A tour of the commands", 1)[1].split("\n## ", 1)[0]
    return [shlex.split(found) for found in re.findall(r"`toolkit ([^`]+)`", section)]


def test_the_quick_start_packs_the_samples_as_written(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "samples", tmp_path / "samples")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("TOOLKIT_PASSWORD", None)
    command = quick_start_command()
    done = subprocess.run(
        [sys.executable, "-m", "toolkit", *command],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    password = tmp_path / command[command.index("--password-out") + 1]
    assert stat.S_IMODE(password.stat().st_mode) == 0o600
    pack = tmp_path / command[command.index("-o") + 1]
    assert pack not in password.parents
    packed = sorted(path.name for path in pack.iterdir())
    assert "manifest.json" in packed
    assert sum(name.endswith(".docx") for name in packed) == 4  # 2 records, agenda, minutes


@pytest.mark.parametrize("command", tour_commands(), ids=" ".join)
def test_each_command_and_option_of_the_tour_exists(command: list[str]) -> None:
    assert command[0] in COMMANDS
    subcommand = command[:2] if command[0] in ("tracker", "templates") else command[:1]
    result = CliRunner().invoke(main, [*subcommand, "--help"])
    assert result.exit_code == 0, result.output
    for option in (word for word in command if word.startswith("-")):
        assert re.search(rf"(^|[\s,]){re.escape(option)}\b", result.output), option
