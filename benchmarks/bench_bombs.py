"""Benchmark: hostile files are refused, and the largest meeting file is rendered, in bounded
time and memory (issue 14, items 8, 10 and 11).

Each case runs the command line in a child process and reports its wall time and peak RSS
(the child's high-water mark, from wait4): zip bombs given to check, protect, templates check
and tracker update, /dev/zero, a tracker of 600,000 cells, and 2 MB meeting files of 51,000
actions, 67,000 attendees or 349,000 bullet points, each refused with exit status 2; and the
largest meeting file accepted (every list and the text at their bounds, 2 MB) rendered and
packed, exit status 0. Budgets: every case under BUDGET_SECONDS and BUDGET_MB.

The files are written by a child process: Linux counts in a child's high-water mark the
memory of its parent when it forks, and the parent stays small (about 15 MB) so that each
figure is the command's own.

Run: .venv/bin/python benchmarks/bench_bombs.py
"""

from __future__ import annotations

import io
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "initial.yaml"
TOOLKIT = Path(sys.executable).with_name("toolkit")
PASSWORD = "benchmark-bombs-lantern-meadow"
BUDGET_SECONDS = 10.0
BUDGET_MB = 500


def _files(folder: Path) -> dict[str, Path]:
    """Write every hostile file into ``folder`` (run in a child process; see the docstring)."""
    sys.path.insert(0, os.fspath(ROOT))
    from tests.bad_inputs.make_corpus import (
        MB,
        declaring,
        largest_meeting,
        many_actions,
        many_attendees,
        many_bullets,
        with_zeros,
    )
    from toolkit.load import load_meeting
    from toolkit.render import render_meeting

    record, tracker = (paper.data for paper in render_meeting(load_meeting(SAMPLE).meeting))
    cells = b"".join(
        b'<row r="%d"><c r="A%d"/><c r="B%d"/></row>' % (r, r, r) for r in range(1, 300_001)
    )
    sheet = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(tracker)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = sheet + cells + b"</sheetData></worksheet>"
            target.writestr(info.filename, data, zipfile.ZIP_DEFLATED)
    made = {
        "bomb.docx": with_zeros(record, "word/document.xml", 2048 * MB),
        "declared.docx": declaring(record, "[Content_Types].xml", 1 << 30),
        "lying.docx": declaring(
            with_zeros(record, "word/document.xml", 60 * MB), "word/document.xml", 100
        ),
        "bomb.xlsx": with_zeros(tracker, "xl/worksheets/sheet1.xml", 2048 * MB),
        "cells.xlsx": out.getvalue(),
        "actions.yaml": _filling(many_actions),
        "attendees.yaml": _filling(many_attendees),
        "bullets.yaml": _filling(many_bullets),
        "largest.yaml": largest_meeting(),
    }
    paths = {}
    for name, data in made.items():
        paths[name] = folder / name
        paths[name].write_bytes(data)
    templates = folder / "templates"
    for sub in ("appendix1", "appendix2"):
        (templates / sub).mkdir(parents=True)
        (templates / sub / "record.docx").write_bytes(made["bomb.docx"])
    return paths


def _filling(make: Callable[[int], bytes]) -> bytes:
    """``make(count)`` with as many entries as the 2 MB a meeting file may hold."""
    from toolkit.load import MAX_INPUT_BYTES

    empty, one = len(make(0)), len(make(1))
    return make((MAX_INPUT_BYTES - empty) // (one - empty))


def _written(folder: Path) -> dict[str, Path]:
    """`_files`, run in a fresh child process (spawned: not a fork of this one)."""
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=spawn) as child:
        return child.submit(_files, folder).result()


def _run(args: list[str]) -> tuple[int, float, float]:
    """Exit status, seconds and peak RSS (MB) of the toolkit run with ``args``."""
    env = {**os.environ, "TOOLKIT_PASSWORD": PASSWORD}
    start = time.perf_counter()
    child = subprocess.Popen(
        [os.fspath(TOOLKIT), *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    return os.waitstatus_to_exitcode(status), seconds, usage.ru_maxrss / 1024


def main() -> int:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        files = _written(folder)
        out = folder / "out"
        update = ["tracker", "update", "-o", str(out)]
        refused = {
            "check, 2 GB document.xml": ["check", str(files["bomb.docx"])],
            "check, a part lying about its size": ["check", str(files["lying.docx"])],
            "protect, 1 GB [Content_Types].xml declared": [
                "protect",
                str(files["declared.docx"]),
                "-o",
                str(out),
            ],
            "templates check, 2 GB document.xml": ["templates", "check", str(folder / "templates")],
            "tracker update, 2 GB sheet": [*update, str(files["bomb.xlsx"]), str(SAMPLE)],
            "tracker update, 600,000 cells": [*update, str(files["cells.xlsx"]), str(SAMPLE)],
            "check, /dev/zero": ["check", "/dev/zero"],
            "render, 2 MB of actions": ["render", str(files["actions.yaml"]), "-o", str(out)],
            "render, 2 MB of attendees": ["render", str(files["attendees.yaml"]), "-o", str(out)],
            "render, 2 MB of bullet points": ["render", str(files["bullets.yaml"]), "-o", str(out)],
        }
        largest = str(files["largest.yaml"])
        accepted = {
            "render, the largest meeting accepted": ["render", largest, "-o", str(out)],
            "pack, the largest meeting accepted": ["pack", largest, "-o", str(folder / "pack")],
        }
        cases = {case: (args, 2) for case, args in refused.items()}
        cases |= {case: (args, 0) for case, args in accepted.items()}
        failed = False
        print(f"{'case':50} {'exit':>4} {'seconds':>8} {'peak MB':>8}")
        for case, (args, expected) in cases.items():
            code, seconds, peak = _run(args)
            ok = code == expected and seconds < BUDGET_SECONDS and peak < BUDGET_MB
            failed |= not ok
            print(
                f"{case:50} {code:>4} {seconds:>8.2f} {peak:>8.0f}{'' if ok else '  OVER BUDGET'}"
            )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
