"""Benchmark: `toolkit pack` of the initial sample against a bare script doing the least work.

Both run from the command line as fresh processes (start-up and imports count), alternately,
in the same run. The bare script only renders the same record template with docxtpl, writes an
action tracker with openpyxl and encrypts both with msoffcrypto: no validation, no check, no
marking, no manifest. Target: toolkit / bare <= 1.3 (issue 10; the goal: under 1.0, by
rendering and encrypting each document on its own core). Then a 20-meeting batch, on one core
and on all, through the library.

Run: .venv/bin/python benchmarks/bench_pack.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "initial.yaml"
TEMPLATE = ROOT / "toolkit" / "templates" / "appendix1" / "record.docx"
TOOLKIT = Path(sys.executable).with_name("toolkit")
PASSWORD = "benchmark-walnut-harbour-quill"
TARGET_RATIO = 1.3
BATCH = 20

BARE_SCRIPT = """
import io, sys
import yaml
from docxtpl import DocxTemplate
from openpyxl import Workbook
from msoffcrypto.format.ooxml import OOXMLFile

sample, template, out, password = sys.argv[1:]
data = yaml.safe_load(open(sample, encoding="utf-8"))

def blocks(text):
    if isinstance(text, dict):
        return [{"bullet": False, "text": "Not applicable: " + text["not_applicable"]}]
    return [{"bullet": False, "text": p} for p in str(text or "").split("\\n\\n")]

def person(p):
    return ", ".join(str(v) for v in (p.get("name"), p.get("role"), p.get("organisation")) if v)

details = data["meeting"]
context = {
    "title": "Record of Multi-Agency Initial Meeting",
    "provider": data["provider"],
    "meeting": {"date": str(details["date"]), "time": "", "venue": details.get("venue", ""),
                "chair": person(details["chair"]), "minute_taker": ""},
    "previous_meeting": "", "suspension": "",
    "attendees": details["attendees"],
    "apologies": [person(p) for p in details.get("apologies", [])],
    "provider_attendance": blocks(details.get("provider_attendance")),
    "sections": [{"key": k, "title": k, "blocks": blocks(v)} for k, v in data["sections"].items()],
    "actions": [dict(a, number=str(a.get("number", "")), detail=blocks(a["detail"]),
                     due=str(a.get("due", ""))) for a in data.get("actions", [])],
    "next_meeting": "", "minutes_due": "", "minutes_rule": "",
    "circulation": data.get("circulation", {}).get("recipients", []),
}
record = DocxTemplate(template)
record.render(context, autoescape=True)
record_bytes = io.BytesIO()
record.save(record_bytes)

workbook = Workbook()
sheet = workbook.active
sheet.append(["Meeting date", "Action no.", "Action detail", "Action owner", "Organisation",
              "Action update", "Action completed / date completed", "Document filed?"])
for a in data.get("actions", []):
    sheet.append([str(details["date"]), a.get("number"), a["detail"], a["owner"],
                  a["organisation"], a.get("update"), str(a.get("completed") or ""),
                  a.get("document_filed")])
tracker_bytes = io.BytesIO()
workbook.save(tracker_bytes)

for name, plain in (("record.docx", record_bytes), ("tracker.xlsx", tracker_bytes)):
    plain.seek(0)
    with open(f"{out}/{name}", "wb") as handle:
        OOXMLFile(plain).encrypt(password, handle)
"""


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system, with worker processes) of ``command``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


Timings = list[tuple[float, float]]


def compare(runs: int, work: Path) -> tuple[Timings, Timings]:
    """Time `toolkit pack` and the bare script alternately, ``runs`` times each."""
    env = {**os.environ, "TOOLKIT_PASSWORD": PASSWORD}
    bare = work / "bare.py"
    bare.write_text(BARE_SCRIPT, encoding="utf-8")
    pack = work / "pack"
    toolkit_times: Timings = []
    bare_times: Timings = []
    for run in range(runs + 1):  # the first round warms the disk cache and is not counted
        shutil.rmtree(pack, ignore_errors=True)
        bare_out = work / f"bare-{run}"
        bare_out.mkdir()
        t = timed([str(TOOLKIT), "pack", str(SAMPLE), "-o", str(pack)], env)
        b = timed(
            [sys.executable, str(bare), str(SAMPLE), str(TEMPLATE), str(bare_out), PASSWORD], env
        )
        if run:
            toolkit_times.append(t)
            bare_times.append(b)
    return toolkit_times, bare_times


def batch_files(work: Path) -> list[Path]:
    """Twenty meeting files: the initial sample for twenty different providers."""
    data = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    folder = work / "batch"
    folder.mkdir()
    files = []
    for number in range(1, BATCH + 1):
        data["provider"]["name"] = f"Care Home {number:02d}"
        path = folder / f"meeting-{number:02d}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        files.append(path)
    return files


def time_batch(files: list[Path], work: Path, workers: int | None) -> float:
    from toolkit.pack import build_pack

    target = work / f"batch-pack-{workers}"
    start = time.perf_counter()
    build_pack(files, target, PASSWORD, workers=workers)
    elapsed = time.perf_counter() - start
    shutil.rmtree(target)
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs of each (at least 5)")
    args = parser.parse_args()
    runs = max(args.runs, 5)
    with tempfile.TemporaryDirectory(prefix="bench-pack-") as temp:
        work = Path(temp)
        toolkit_times, bare_times = compare(runs, work)
        tool, bare = (statistics.median(w for w, _ in t) for t in (toolkit_times, bare_times))
        tool_cpu, bare_cpu = (
            statistics.median(c for _, c in t) for t in (toolkit_times, bare_times)
        )
        ratio = tool / bare
        print(
            f"toolkit pack (initial sample): median {tool:.3f} s ({tool_cpu:.3f} s CPU) of {runs}"
        )
        print(f"bare docxtpl+openpyxl+msoffcrypto: median {bare:.3f} s ({bare_cpu:.3f} s CPU)")
        verdict = "ok" if ratio <= TARGET_RATIO else "OVER TARGET"
        print(f"ratio toolkit / bare: {ratio:.2f} (target <= {TARGET_RATIO}: {verdict})")
        print(f"CPU ratio (work done, whatever the load): {tool_cpu / bare_cpu:.2f}")
        print(f"load average: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")

        files = batch_files(work)
        time_batch(files[:2], work, None)  # imports and caches, not counted
        serial = time_batch(files, work, 1)
        parallel = time_batch(files, work, None)
        print(
            f"{BATCH}-meeting batch ({2 * BATCH} files): {serial:.2f} s on one core, "
            f"{parallel:.2f} s with workers ({parallel / BATCH:.3f} s a meeting, "
            f"speed-up {serial / parallel:.2f}x)"
        )
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
