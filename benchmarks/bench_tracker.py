"""Benchmark: render a 10,000-action tracker and add a meeting to it; the render must take < 3 s.

Run: .venv/bin/python benchmarks/bench_tracker.py
"""

from __future__ import annotations

import sys
import time

from toolkit.kinds.strategic import StrategicMeeting
from toolkit.render.tracker import open_tracker, render_tracker
from toolkit.tracker import plan_update, rows_for

ACTIONS = 10_000
LIMIT_SECONDS = 3.0


def big_meeting(count: int = ACTIONS) -> StrategicMeeting:
    """A strategic meeting with ``count`` actions of realistic length."""
    return StrategicMeeting.model_validate(
        {
            "kind": "strategic",
            "provider": {"name": "Brambles Lodge & Annexe"},
            "meeting": {
                "date": "2026-11-20",
                "chair": {"name": "Ada Chair", "organisation": "Westmere County Council"},
                "attendees": [{"name": "Bea Nurse", "organisation": "Westmere ICB"}],
            },
            "actions": [
                {
                    "number": n,
                    "detail": f"Action {n}: review the care plans of residents at risk of falls "
                    "and report to the group, with the audit attached.",
                    "owner": "Bea Nurse",
                    "organisation": "Westmere Integrated Care Board",
                    "due": "2026-12-04",
                    "update": "=Visits continuing" if n % 100 == 0 else "Visits continuing.",
                    "document_filed": "n/a",
                }
                for n in range(1, count + 1)
            ],
        }
    )


def main() -> int:
    meeting = big_meeting()
    started, cpu = time.perf_counter(), time.process_time()
    data = render_tracker(meeting)  # cold: includes importing openpyxl
    rendered = time.perf_counter() - started
    print(
        f"render_tracker, {ACTIONS:,} actions: {rendered:.2f} s "
        f"({time.process_time() - cpu:.2f} s CPU, {len(data) / 1e6:.1f} MB)"
    )
    started = time.perf_counter()
    sheet = open_tracker(data, "tracker.xlsx")
    plan = plan_update(
        sheet.rows(),
        rows_for(meeting),
        tracker="tracker.xlsx",
        source="meeting.yaml",
        base=sheet.written(),
    )
    sheet.to_bytes()
    merged = time.perf_counter() - started
    print(
        f"read + merge + save the same {ACTIONS:,} actions: {merged:.2f} s "
        f"({len(plan.changes)} changes)"
    )
    if len(sheet.rows()) != ACTIONS or plan.changes or plan.additions:
        print("FAIL: the tracker read back does not hold the actions written")
        return 1
    if rendered >= LIMIT_SECONDS:
        print(f"FAIL: rendering took {rendered:.2f} s, the limit is {LIMIT_SECONDS} s")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
