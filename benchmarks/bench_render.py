"""Benchmark: render the initial sample's Word record in-process; the median must be < 0.1 s.

Run: .venv/bin/python benchmarks/bench_render.py [RUNS]
The first render (imports, template compilation) is reported apart: a command pays it once.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from toolkit.load import load_meeting
from toolkit.render.record import render_record

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "initial.yaml"
LIMIT_SECONDS = 0.1
RUNS = 20


def main(argv: list[str]) -> int:
    runs = int(argv[0]) if argv else RUNS
    meeting = load_meeting(SAMPLE).meeting
    started = time.perf_counter()
    size = len(render_record(meeting))
    first = time.perf_counter() - started
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        render_record(meeting)
        timings.append(time.perf_counter() - started)
    median = statistics.median(timings)
    print(
        f"render_record(samples/initial.yaml): {size:,} bytes; first {first:.3f} s; median of "
        f"{runs} runs {median:.3f} s (min {min(timings):.3f} s, target < {LIMIT_SECONDS} s)"
    )
    return 0 if median < LIMIT_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
