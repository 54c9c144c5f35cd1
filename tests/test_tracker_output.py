"""Where `tracker update` writes: the real tracker behind a link, and -o never over anything
unasked (issue 14 item 5)."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from tests.conftest import SAMPLES
from toolkit.cli import main
from toolkit.load import load_meeting
from toolkit.render.tracker import render_tracker

needs_links = pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges")


def update(*args: Any) -> Any:
    return CliRunner().invoke(main, ["tracker", "update", *map(str, args)])


def numbers(data: bytes) -> set[int]:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    return {row[1] for row in sheet.iter_rows(min_row=4, values_only=True) if row[1] is not None}


@pytest.fixture
def tracker(tmp_path: Path) -> Path:
    path = tmp_path / "real" / "tracker.xlsx"
    path.parent.mkdir()
    path.write_bytes(render_tracker(load_meeting(SAMPLES / "initial.yaml").meeting))
    return path


@needs_links
def test_an_update_through_a_link_updates_the_real_tracker(tmp_path: Path, tracker: Path) -> None:
    link = tmp_path / "shortcut.xlsx"
    link.symlink_to(tracker)
    result = update(link, SAMPLES / "review.yaml")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"{link}: 4 actions added")
    assert link.is_symlink(), "the link stays a link"
    assert os.readlink(link) == str(tracker)
    assert {11, 14} <= numbers(tracker.read_bytes())
    assert sorted(p.name for p in tracker.parent.iterdir()) == ["tracker.xlsx"]


@needs_links
def test_an_output_link_with_force_writes_the_file_it_names(tmp_path: Path, tracker: Path) -> None:
    target = tmp_path / "copy.xlsx"
    target.write_bytes(b"old")
    link = tmp_path / "out.xlsx"
    link.symlink_to(target)
    result = update(tracker, SAMPLES / "review.yaml", "-o", link, "--force")
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    assert 14 in numbers(target.read_bytes())


@pytest.mark.parametrize("name", ["out.xlsx", "meeting.yaml"])
def test_output_refuses_an_existing_file_without_force(
    tmp_path: Path, tracker: Path, name: str
) -> None:
    existing = tmp_path / name
    existing.write_bytes(b"someone's file")
    result = update(tracker, SAMPLES / "review.yaml", "-o", existing)
    assert result.exit_code == 2
    assert result.output == f"{existing}: already exists; use --force to overwrite it\n"
    assert existing.read_bytes() == b"someone's file"
    forced = update(tracker, SAMPLES / "review.yaml", "-o", existing, "--force")
    assert forced.exit_code == 0, forced.output
    assert 14 in numbers(existing.read_bytes())


def test_output_may_name_the_tracker_itself(tracker: Path) -> None:
    result = update(tracker, SAMPLES / "review.yaml", "-o", tracker)
    assert result.exit_code == 0, result.output
    assert 14 in numbers(tracker.read_bytes())


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("force", [False, True])
def test_output_refuses_a_fifo_or_a_device(tmp_path: Path, tracker: Path, force: bool) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for special in (fifo, Path("/dev/null")):
        result = update(tracker, SAMPLES / "review.yaml", "-o", special, *["--force"] * force)
        assert result.exit_code == 2, result.output
        assert result.output == f"{special}: not a regular file; name a new .xlsx file\n"
    assert fifo.is_fifo()
    assert Path("/dev/null").is_char_device()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_as_the_tracker_is_refused_without_waiting_on_it(tmp_path: Path) -> None:
    fifo = tmp_path / "tracker.xlsx"
    os.mkfifo(fifo)
    result = update(fifo, SAMPLES / "review.yaml")
    assert result.exit_code == 2
    assert result.output == f"{fifo}: not a regular file, not a tracker (.xlsx)\n"
