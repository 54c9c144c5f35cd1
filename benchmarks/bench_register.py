"""Benchmark: the register at a partnership's scale, on SQLCipher and on PostgreSQL.

A register of 10,000 meetings and 50,000 concerns over 500 providers (with their actions,
levels, measures and concern types) is seeded in bulk; then timed: `add` of 1,000 meeting
files (each a review meeting of an existing provider, loaded and validated from YAML, written
in one transaction; the load and the write are also timed apart), `show` of one provider,
`alerts` over all providers, and `report`. Beside them, a bare ``sqlite3`` ``executemany`` of
the same seed rows into a plain file: the floor the register's own writes are compared with.
Budgets (issue 11): add of 1,000 under 10 s, show under 0.1 s, alerts and report under 2 s.

Run: .venv/bin/python benchmarks/bench_register.py [--engine sqlite|postgresql|both]
     [--scale 1.0] [--pg-url URL]   (the PostgreSQL URL defaults to $TOOLKIT_TEST_PG_URL)
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sqlite3
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from toolkit.register import open_register, schema  # noqa: E402

SAMPLE = ROOT / "samples" / "review.yaml"
TODAY = dt.date(2026, 12, 2)
BUDGETS = {"add 1,000 papers": 10.0, "show": 0.1, "alerts": 2.0, "report": 2.0}
TYPES = ("neglect", "organisational", "physical", "psychological", "financial", "self_neglect")
OUTCOMES = ("open", "substantiated", "unsubstantiated", "undetermined")
KINDS = ("initial", "review", "strategic")


def seed_rows(providers: int, meetings: int, concerns: int) -> dict[str, list[dict[str, Any]]]:
    """Every table's rows for the seed, with explicit ids (deterministic: random.seed(11))."""
    rng = random.Random(11)
    start = dt.date(2024, 1, 1)
    rows: dict[str, list[dict[str, Any]]] = {t: [] for t in schema.Base.metadata.tables}
    rows["companies"] = [{"id": i, "key": f"company{i}", "name": f"Company {i} Ltd"}
                         for i in range(1, providers // 10 + 2)]  # fmt: skip
    for p in range(1, providers + 1):
        rows["providers"].append({
            "id": p, "name": f"Provider {p} Care Home", "name_key": f"provider{p}carehome",
            "cqc_location_id": f"1-{p:09d}", "company_id": p // 10 + 1,
        })  # fmt: skip
    paper_id = 0
    added = dt.datetime(2026, 1, 1)
    for m in range(meetings):
        paper_id += 1
        p = m % providers + 1
        day = start + dt.timedelta(days=(m // providers) * 36 + p % 30)
        kind = KINDS[m % 3]
        rows["papers"].append({"id": paper_id, "provider_id": p, "kind": kind, "date": day,
                               "source": f"m{m}.yaml", "added": added})  # fmt: skip
        rows["meetings"].append({
            "id": m + 1, "paper_id": paper_id, "provider_id": p, "kind": kind, "date": day,
            "minutes_due": day + dt.timedelta(days=14),
            "circulated": None if rng.random() < 0.05 else day + dt.timedelta(days=10),
        })  # fmt: skip
        for n in (1, 2):
            rows["actions"].append({
                "id": len(rows["actions"]) + 1, "paper_id": paper_id, "provider_id": p,
                "number": (m // providers) * 2 + n, "owner": "A. Owner", "organisation": "Council",
                "due": day + dt.timedelta(days=28),
                "completed": None if rng.random() < 0.1 else day + dt.timedelta(days=20),
            })  # fmt: skip
        if kind == "initial":
            rows["levels"].append({"id": len(rows["levels"]) + 1, "paper_id": paper_id,
                                   "provider_id": p, "level": rng.randint(1, 5), "date": day,
                                   "entry_point": False, "reason": None})  # fmt: skip
            rows["measures"].append({
                "id": len(rows["measures"]) + 1, "paper_id": paper_id, "provider_id": p,
                "date": day, "status": rng.choice(("none", "voluntary", "imposed")),
                "measure": "suspension", "decided": day,
                "review_date": day + dt.timedelta(days=42),
            })  # fmt: skip
    for c in range(1, concerns + 1):
        paper_id += 1
        p = c % providers + 1
        raised = start + dt.timedelta(days=(c * 7919) % 1065)
        rows["papers"].append({"id": paper_id, "provider_id": p, "kind": "concern",
                               "date": raised + dt.timedelta(days=c // providers * 0),
                               "source": f"c{c}.yaml", "added": added})  # fmt: skip
        outcome = rng.choice(OUTCOMES)
        rows["concerns"].append({
            "id": c, "paper_id": paper_id, "provider_id": p, "raised": raised,
            "source": "safeguarding", "service_users_referred": rng.randint(0, 4),
            "service_users_reviewed": rng.randint(0, 30), "outcome": outcome,
            "outcome_date": None if outcome == "open" else raised + dt.timedelta(days=30),
        })  # fmt: skip
        for t in dict.fromkeys(rng.choice(TYPES) for _ in range(rng.randint(1, 2))):
            rows["concern_types"].append({"concern_id": c, "type": t})
    _unique_paper_dates(rows["papers"])
    return rows


def _unique_paper_dates(papers: list[dict[str, Any]]) -> None:
    """Move a paper's date on a day when it would share kind, provider and date with another
    (the register's identity of a paper)."""
    seen: set[tuple[int, str, dt.date]] = set()
    for paper in papers:
        while (paper["provider_id"], paper["kind"], paper["date"]) in seen:
            paper["date"] += dt.timedelta(days=1)
        seen.add((paper["provider_id"], paper["kind"], paper["date"]))


def seed(register: Any, rows: dict[str, list[dict[str, Any]]]) -> float:
    """Bulk-insert the seed through SQLAlchemy Core; the seconds it took."""
    from sqlalchemy import text

    began = time.perf_counter()
    with register.engine.begin() as connection:
        for table in schema.Base.metadata.sorted_tables:
            if rows[table.name]:
                connection.execute(table.insert(), rows[table.name])
        if connection.dialect.name == "postgresql":  # explicit ids leave sequences behind
            for table in schema.Base.metadata.sorted_tables:
                if "id" in table.c:
                    connection.execute(text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"(SELECT coalesce(max(id), 1) FROM {table.name}))"
                    ))  # fmt: skip
    return time.perf_counter() - began


def baseline(rows: dict[str, list[dict[str, Any]]], folder: Path) -> float:
    """The same rows into a plain sqlite3 file by executemany, same tables: the floor."""
    from sqlalchemy import create_engine

    path = folder / "baseline.db"
    engine = create_engine(f"sqlite:///{path}")
    schema.Base.metadata.create_all(engine)
    engine.dispose()
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode = WAL")
    began = time.perf_counter()
    with connection:
        for table in schema.Base.metadata.sorted_tables:
            table_rows = rows[table.name]
            if not table_rows:
                continue
            columns = list(table_rows[0])
            connection.executemany(
                f"INSERT INTO {table.name} ({', '.join(columns)}) "
                f"VALUES ({', '.join('?' for _ in columns)})",
                [tuple(_plain(r[c]) for c in columns) for r in table_rows],
            )
    took = time.perf_counter() - began
    connection.close()
    return took


def _plain(value: Any) -> Any:
    return (
        value.isoformat(sep=" ")
        if isinstance(value, dt.datetime)
        else (value.isoformat() if isinstance(value, dt.date) else value)
    )


def paper_files(folder: Path, count: int, providers: int) -> list[Path]:
    """``count`` review meeting files, each of an existing provider on a new date."""
    data = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    folder.mkdir()
    files = []
    for i in range(count):
        p = i % providers + 1
        data["provider"] = {"name": f"Provider {p} Care Home", "cqc_location_id": f"1-{p:09d}"}
        data["meeting"]["date"] = dt.date(2027, 1, 1) + dt.timedelta(days=i // providers)
        data.pop("previous_meeting", None)
        path = folder / f"paper-{i:04d}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
        files.append(path)
    return files


def timed(label: str, action: Callable[[], Any], results: dict[str, float]) -> Any:
    began = time.perf_counter()
    value = action()
    results[label] = time.perf_counter() - began
    return value


@contextmanager
def pg_database(admin_url: str) -> Iterator[str]:
    import psycopg
    from sqlalchemy.engine import make_url

    admin = make_url(admin_url)
    name = f"register_bench_{uuid.uuid4().hex[:8]}"
    info = f"host={admin.query.get('host') or admin.host} user={admin.username} dbname=postgres"
    with psycopg.connect(info, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield admin.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(info, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(engine: str, db: str, rows: dict[str, list[dict[str, Any]]], files: list[Path],
        folder: Path, providers: int) -> dict[str, float]:  # fmt: skip
    from toolkit.load import load_all

    results: dict[str, float] = {}
    with open_register(db, key_out=folder / f"{engine}.key" if "://" not in db else None) as reg:
        results["seed (SQLAlchemy Core executemany)"] = seed(reg, rows)
        timed("load 1,000 files (YAML + validation only)", lambda: load_all(files), results)
        timed("add 1,000 papers", lambda: reg.add_papers(files), results)
        timed("add the same 1,000 again (updates)", lambda: reg.add_papers(files), results)
        timed(
            "show", lambda: reg.show(f"Provider {providers // 2} Care Home", today=TODAY), results
        )
        found = timed("alerts", lambda: reg.alerts(TODAY), results)
        timed("report", lambda: reg.report(), results)
    results["(alerts found)"] = float(len(found))
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--pg-url", default=os.environ.get("TOOLKIT_TEST_PG_URL"))
    options = parser.parse_args()
    providers = max(10, int(500 * options.scale))
    rows = seed_rows(providers, int(10_000 * options.scale), int(50_000 * options.scale))
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        os.environ["XDG_CONFIG_HOME"] = str(folder / "config")
        files = paper_files(folder / "papers", 1000, providers)
        report: dict[str, dict[str, float]] = {}
        base = baseline(rows, folder)
        engines = ["sqlite", "postgresql"] if options.engine == "both" else [options.engine]
        for engine in engines:
            if engine == "sqlite":
                report[engine] = run(
                    engine, str(folder / "register.db"), rows, files, folder, providers
                )
            elif options.pg_url:
                with pg_database(options.pg_url) as url:
                    report[engine] = run(engine, url, rows, files, folder, providers)
            else:
                print("postgresql: skipped (no --pg-url or $TOOLKIT_TEST_PG_URL)")
    counts = {t: len(r) for t, r in rows.items() if r}
    print(f"seed rows: {counts}")
    print(f"bare sqlite3 executemany of the seed rows (plain file): {base:.2f} s")
    failed = False
    for engine, results in report.items():
        print(f"\n{engine}:")
        for label, seconds in results.items():
            if label.startswith("("):
                print(f"  {label[1:-1]:45} {int(seconds)}")
                continue
            budget = BUDGETS.get(label)
            verdict = "" if budget is None else (" ok" if seconds < budget else " OVER BUDGET")
            failed |= verdict == " OVER BUDGET"
            shown = f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"
            limit = "" if budget is None else f" (budget {budget:g} s)"
            print(f"  {label:45} {shown}{limit}{verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
