"""Two `tracker update`s of one tracker at once: both meetings' actions are kept (issue 14).

Real processes, started together: each imports the toolkit first and then waits for the word
to go, so that both read the tracker before either writes it, as two administrators would.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from click.testing import CliRunner

from tests.conftest import ROOT, SAMPLES
from toolkit.cli import main
from toolkit.errors import OutputError
from toolkit.load import load_meeting
from toolkit.render.tracker import render_tracker
from toolkit.write import writer_lock

TRIALS = 10
WORKER = """
import sys
import openpyxl, toolkit.cli, toolkit.render.tracker, toolkit.tracker_update  # warm
sys.stdin.readline()
sys.argv = ["toolkit", "tracker", "update", *sys.argv[1:]]
toolkit.cli.main()
"""


def meeting_with_action(path: Path, number: int) -> Path:
    """The review sample holding one new action, numbered ``number``."""
    data = yaml.safe_load((SAMPLES / "review.yaml").read_text(encoding="utf-8"))
    data["actions"] = [
        {"number": number, "detail": f"Action {number}", "owner": "Ann", "organisation": "ICB"}
    ]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def numbers(tracker: Path) -> set[int]:
    sheet = openpyxl.load_workbook(io.BytesIO(tracker.read_bytes())).active
    return {row[1] for row in sheet.iter_rows(min_row=4, values_only=True) if row[1] is not None}


def run_together(*args: list[Path]) -> list[subprocess.CompletedProcess[str]]:
    """Run `toolkit tracker update ARGS` once per ``args``, all released at the same instant."""
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, *map(str, each)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        for each in args
    ]
    for worker in workers:
        assert worker.stdin is not None
        worker.stdin.write("go\n")
        worker.stdin.flush()
    done = []
    for worker, each in zip(workers, args, strict=True):
        out, err = worker.communicate(timeout=120)
        done.append(subprocess.CompletedProcess(each, worker.returncode, out, err))
    return done


def test_two_updates_at_once_lose_no_meeting(tmp_path: Path) -> None:
    first = meeting_with_action(tmp_path / "first.yaml", 50)
    second = meeting_with_action(tmp_path / "second.yaml", 60)
    start = render_tracker(load_meeting(SAMPLES / "initial.yaml").meeting)
    tracker = tmp_path / "tracker.xlsx"
    for trial in range(TRIALS):
        tracker.write_bytes(start)
        results = run_together([tracker, first], [tracker, second])
        for result in results:
            assert result.returncode == 0, (trial, result.stderr)
            assert "1 action added" in result.stdout
        assert {50, 60} <= numbers(tracker), f"trial {trial}: a meeting's actions were lost"
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "first.yaml",
        "second.yaml",
        "tracker.xlsx",
    ], "no lock or temporary file is left behind"


def test_a_change_made_by_a_program_without_the_lock_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Excel takes no toolkit lock: a save between reading and writing is caught, not lost."""
    import toolkit.tracker_update

    tracker = tmp_path / "tracker.xlsx"
    tracker.write_bytes(render_tracker(load_meeting(SAMPLES / "initial.yaml").meeting))
    saved_in_excel = render_tracker(load_meeting(SAMPLES / "strategic.yaml").meeting)
    marked = toolkit.tracker_update.mark_tracker

    def excel_saves_meanwhile(sheet: Any) -> None:
        tracker.write_bytes(saved_in_excel)
        marked(sheet)

    monkeypatch.setattr(toolkit.tracker_update, "mark_tracker", excel_saves_meanwhile)
    result = CliRunner().invoke(
        main, ["tracker", "update", str(tracker), str(SAMPLES / "review.yaml")]
    )
    assert result.exit_code == 2
    assert result.output == (
        f"{tracker}: changed while the update ran (saved in Excel?); nothing was written: "
        "run the update again\n"
    )
    assert tracker.read_bytes() == saved_in_excel


HOLDER = """
import sys, time
from toolkit.write import writer_lock
with writer_lock(sys.argv[1]):
    print("held", flush=True)
    time.sleep(60)
"""


def test_a_second_writer_waits_then_gives_up_and_a_dead_holder_frees_the_lock(
    tmp_path: Path,
) -> None:
    target = tmp_path / "tracker.xlsx"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(target)], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline() == "held\n"
        busy = pytest.raises(OutputError, match="another toolkit command is still writing it")
        with busy, writer_lock(target, wait=0.3):
            pass
    finally:
        holder.kill()  # as a crash would: the system drops the lock
        holder.communicate()
    with writer_lock(target, wait=5):
        pass
    assert list(tmp_path.iterdir()) == []
