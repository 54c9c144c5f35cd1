"""Benchmark: the web app over real HTTP, as `toolkit serve` runs it.

The live check (`POST /api/check` of the initial sample) must answer in under 50 ms at the
95th percentile, and a page (`/`, `/pack`: the document and the scripts and styles it loads)
in under 300 ms. The app runs in its own process, started as a person starts it, over a
folder holding the samples; the client keeps its connection open, as a browser does.
Run: .venv/bin/python benchmarks/bench_web.py [--requests 200]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from toolkit.parse import parse

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
CHECK_BUDGET = 0.050
PAGE_BUDGET = 0.300
PAGE_LOADS = 50
WARM_UP = 10


def percentile(timings: list[float], share: float) -> float:
    """The value below which ``share`` of the timings fall (nearest rank)."""
    ordered = sorted(timings)
    return ordered[min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1)]


def timed(call: Callable[[], None], runs: int) -> list[float]:
    """Seconds each of ``runs`` calls took, after a few unmeasured ones."""
    for _ in range(WARM_UP):
        call()
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        timings.append(time.perf_counter() - start)
    return timings


def serve(folder: Path) -> tuple[subprocess.Popen[str], str, str]:
    """`toolkit serve` on a free port; its process, base address and token."""
    process = subprocess.Popen(
        [sys.executable, "-m", "toolkit", "serve", "--port", "0", "--no-browser"]
        + ["--folder", str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,  # its word on Ctrl-C, read when it stops
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    found = re.match(r"Open (http://[^/]+/)\?token=(\S+) ", line)
    if not found:
        process.kill()
        raise SystemExit(f"toolkit serve printed {line!r}")
    return process, found.group(1), found.group(2)


def page_load(client: httpx.Client, path: str) -> Callable[[]]:
    """Load the page at ``path`` and then each script and style it names, as a browser does."""

    def load() -> None:
        page = client.get(path)
        page.raise_for_status()
        for asset in re.findall(r'(?:src|href)="(http://[^"]+/static/[^"]+)"', page.text):
            client.get(asset).raise_for_status()

    return load


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="checks to time")
    args = parser.parse_args()
    data, _ = parse((SAMPLES / "initial.yaml").read_text(encoding="utf-8"), "initial.yaml")
    body = json.dumps(data).encode()
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        for sample in sorted(SAMPLES.glob("*.yaml")):
            shutil.copy(sample, folder)
        process, base, token = serve(folder)
        try:
            with httpx.Client(base_url=base, timeout=30, follow_redirects=True) as client:
                client.get(f"/?token={token}").raise_for_status()  # a browser's session
                csrf = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/").text)
                assert csrf is not None
                headers = {"Content-Type": "application/json", "X-CSRF-Token": csrf.group(1)}

                def check() -> None:
                    answer = client.post("/api/check", content=body, headers=headers)
                    answer.raise_for_status()
                    assert answer.json()["complete"], answer.text

                checks = timed(check, args.requests)
                pages = {
                    path: timed(page_load(client, path), PAGE_LOADS) for path in ("/", "/pack")
                }
        finally:
            process.send_signal(signal.SIGINT)
            process.communicate(timeout=30)
    p95 = percentile(checks, 0.95)
    print(
        f"POST /api/check, initial sample, {args.requests} requests over HTTP: "
        f"p95 {p95 * 1000:.1f} ms, median {statistics.median(checks) * 1000:.1f} ms "
        f"(budget p95 {CHECK_BUDGET * 1000:.0f} ms)"
    )
    slowest = 0.0
    for path, timings in pages.items():
        worst = percentile(timings, 0.95)
        slowest = max(slowest, worst)
        print(
            f"page {path} with its scripts and styles, {PAGE_LOADS} loads: p95 "
            f"{worst * 1000:.1f} ms, median {statistics.median(timings) * 1000:.1f} ms "
            f"(budget {PAGE_BUDGET * 1000:.0f} ms)"
        )
    return 0 if p95 < CHECK_BUDGET and slowest < PAGE_BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
