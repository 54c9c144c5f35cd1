"""Benchmark: an initial meeting with 2,000 actions and ~200 pages of text loads, renders,
checks and packs in bounded time and memory.

Each step runs once for its time, then again under tracemalloc for the peak of the memory
Python allocated in it (tracemalloc slows Python down, so the two are apart); the process's
peak RSS (the high-water mark, which only rises) is read after each step. Budgets: every step
under STEP_BUDGET_SECONDS, peak RSS under RSS_BUDGET_MB.

Run: .venv/bin/python benchmarks/bench_scale.py [--actions 2000] [--pages 200]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import io
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "initial.yaml"
PASSWORD = "benchmark-scale-lantern-meadow"
#: About a page of A4 in the record's body style.
WORDS_PER_PAGE = 450
STEP_BUDGET_SECONDS = 120.0
RSS_BUDGET_MB = 1500
TODAY = dt.date(2026, 10, 3)
SENTENCE = (
    "The visiting team found that care plans for residents at risk of falls & pressure damage "
    "were <not> reviewed monthly; the manager agreed to {{ audit }} them by the end of the month. "
)


def scale_meeting(actions: int, pages: int) -> dict[str, Any]:
    """The sample initial meeting with ``actions`` actions and ``pages`` pages of section text
    (paragraphs and bullets, spread over the framework's sections)."""
    data: dict[str, Any] = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    sections = [key for key, value in data["sections"].items() if isinstance(value, str)]
    words_per_section = pages * WORDS_PER_PAGE // len(sections)
    sentence_words = len(SENTENCE.split())
    for index, key in enumerate(sections):
        paragraphs = []
        for number in range(max(1, words_per_section // (sentence_words * 4))):
            prefix = "- " if number % 3 == 2 else ""
            paragraphs.append(prefix + f"({index}.{number}) " + SENTENCE * 4)
        data["sections"][key] = "\n\n".join(paragraphs)
    template = data["actions"][0]
    data["actions"] = [
        {
            **template,
            "number": number,
            "detail": f"Action {number}: " + SENTENCE,
            "update": f"Update {number}: =started, <50% done & on track",
        }
        for number in range(1, actions + 1)
    ]
    return data


class _Dumper(yaml.SafeDumper):
    """Writes repeated values out in full: meeting files refuse YAML anchors and aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def write_meeting(folder: Path, actions: int, pages: int) -> Path:
    """Write `scale_meeting` as ``folder/scale.yaml``; return its path."""
    path = folder / "scale.yaml"
    text = yaml.dump(
        scale_meeting(actions, pages), Dumper=_Dumper, allow_unicode=True, sort_keys=False
    )
    path.write_text(text, encoding="utf-8")
    return path


def rss_mb() -> float:
    """The process's peak resident set size so far, in MB (Linux reports kilobytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / (1024 * 1024)


def measure(step: Callable[[], Any]) -> tuple[Any, float, float]:
    """Run ``step`` twice: (its result, seconds, peak MB allocated by Python in it)."""
    gc.collect()
    start = time.perf_counter()
    result = step()
    seconds = time.perf_counter() - start
    del result
    gc.collect()
    tracemalloc.start()
    result = step()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return result, seconds, peak / (1024 * 1024)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=2000)
    parser.add_argument("--pages", type=int, default=200)
    args = parser.parse_args()

    import docx

    from toolkit.check import check_document, check_meeting
    from toolkit.load import load_meeting
    from toolkit.pack import build_pack
    from toolkit.render import render_meeting

    over = False
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as temp:
        work = Path(temp)
        source = write_meeting(work, args.actions, args.pages)
        size = source.stat().st_size / (1024 * 1024)
        print(f"meeting file: {args.actions} actions, ~{args.pages} pages, {size:.1f} MB")
        print(f"{'step':<24}{'seconds':>9}{'Python peak MB':>16}{'RSS peak MB':>13}")
        packs = iter(range(2))

        steps: list[tuple[str, Callable[[], Any]]] = [
            ("load", lambda: load_meeting(source)),
        ]
        loaded = load_meeting(source)
        meeting = loaded.meeting
        steps += [
            ("render (record+tracker)", lambda: render_meeting(meeting)),
            ("check meeting", lambda: check_meeting(meeting, today=TODAY)),
        ]
        results: dict[str, Any] = {}
        for name, step in steps:
            results[name], seconds, peak = measure(step)
            over |= seconds > STEP_BUDGET_SECONDS
            print(f"{name:<24}{seconds:>9.2f}{peak:>16.0f}{rss_mb():>13.0f}")
        record = results["render (record+tracker)"][0].data
        paragraphs = len(docx.Document(io.BytesIO(record)).paragraphs)
        for name, step in [
            ("check record", lambda: check_document(record, source="scale.docx", today=TODAY)),
            (
                "pack (render+encrypt)",
                lambda: build_pack([source], work / f"pack-{next(packs)}", PASSWORD),
            ),
        ]:
            results[name], seconds, peak = measure(step)
            over |= seconds > STEP_BUDGET_SECONDS
            print(f"{name:<24}{seconds:>9.2f}{peak:>16.0f}{rss_mb():>13.0f}")
        report = results["check record"]
        print(
            f"record: {len(record) / 1024:,.0f} KB, {paragraphs} paragraphs; "
            f"check: {report.summary()}"
        )
        over |= rss_mb() > RSS_BUDGET_MB
    verdict = "ok" if not over else "OVER BUDGET"
    print(f"budgets: {STEP_BUDGET_SECONDS:.0f} s a step, {RSS_BUDGET_MB} MB RSS: {verdict}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
