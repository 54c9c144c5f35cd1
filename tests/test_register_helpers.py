"""Fixtures and papers for the register tests: a fresh database per test, on each engine.

SQLite is a real SQLCipher file; PostgreSQL is a real server, a fresh database on it per
test, at the URL in $TOOLKIT_TEST_PG_URL (``.ci/run`` starts one and sets it). Outside CI a
missing server skips the PostgreSQL half; in CI it fails, so the engine is never dropped quietly.
Papers are built from the input contract's field names (meeting-input.md) as plain objects,
which is what the register's duck-typed extractors read, so kinds that have not landed yet
(concern, ccrf, an escalation block) are tested as the spec writes them.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

PG_ENV = "TOOLKIT_TEST_PG_URL"
ENGINES = ["sqlcipher", "postgresql"]


def _pg_admin_url() -> str | None:
    url = os.environ.get(PG_ENV)
    if not url:
        if os.environ.get("CI"):
            pytest.fail(f"${PG_ENV} is not set: CI must test the register on PostgreSQL")
        pytest.skip(f"no PostgreSQL server (${PG_ENV} is not set)")
    return url


@pytest.fixture
def pg_database() -> Iterator[str]:
    """A fresh, empty PostgreSQL database; its SQLAlchemy URL. Dropped afterwards."""
    import psycopg
    from sqlalchemy.engine import make_url

    admin = make_url(_pg_admin_url())
    name = f"register_test_{uuid.uuid4().hex[:12]}"
    conninfo = _conninfo(admin)
    with psycopg.connect(conninfo, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield admin.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(conninfo, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _conninfo(url: Any) -> str:
    parts = {
        "host": url.query.get("host") or url.host,
        "port": url.port,
        "user": url.username,
        "password": url.password,
        "dbname": url.database or "postgres",
    }
    return " ".join(f"{k}={v}" for k, v in parts.items() if v)


@pytest.fixture(params=ENGINES)
def db(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh register location on each engine: an SQLCipher file, or a PostgreSQL URL.

    The user's folders point into ``tmp_path`` so a generated key never lands in a real home.
    """
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("TOOLKIT_REGISTER_KEY", raising=False)
    monkeypatch.delenv("TOOLKIT_DB", raising=False)
    if request.param == "sqlcipher":
        return str(tmp_path / "register.db")
    url: str = request.getfixturevalue("pg_database")
    return url


@pytest.fixture
def register(db: str) -> Iterator[Any]:
    from toolkit.register import open_register

    with open_register(db) as opened:
        yield opened


def spec(value: Any) -> Any:
    """A paper object from contract-shaped data: dicts become attribute objects, ISO strings
    dates."""
    if isinstance(value, dict):
        return SimpleNamespace(**{k: spec(v) for k, v in value.items()})
    if isinstance(value, list):
        return [spec(v) for v in value]
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return dt.date.fromisoformat(value)
    return value


def provider(name: str = "Oakview Care Home", **more: Any) -> dict[str, Any]:
    return {"name": name, **more}


def concern(
    raised: str,
    *,
    who: dict[str, Any] | None = None,
    types: tuple[str, ...] = ("neglect",),
    outcome: str = "open",
    outcome_date: str | None = None,
    source: str = "safeguarding",
    referred: int | None = None,
    reviewed: int | None = None,
) -> Any:
    """A ``kind: concern`` paper as meeting-input.md writes it."""
    return spec(
        {
            "kind": "concern",
            "provider": who or provider(),
            "concern": {
                "raised": raised,
                "source": source,
                "types": list(types),
                "service_users_referred": referred,
                "service_users_reviewed": reviewed,
                "outcome": outcome,
                "outcome_date": outcome_date,
            },
        }
    )


def meeting(
    kind: str,
    date: str,
    *,
    who: dict[str, Any] | None = None,
    actions: list[dict[str, Any]] | None = None,
    escalation: dict[str, Any] | None = None,
    suspension: dict[str, Any] | None = None,
) -> Any:
    """A meeting paper with the contract's common fields the register reads."""
    paper: dict[str, Any] = {
        "kind": kind,
        "provider": who or provider(),
        "meeting": {"date": date},
        "actions": actions or [],
    }
    if escalation is not None:
        paper["escalation"] = escalation
    if suspension is not None:
        paper["suspension"] = suspension
    return spec(paper)


def ccrf(identified: str, *, who: dict[str, Any] | None = None, type_: str = "concern") -> Any:
    """A ``kind: ccrf`` reporting form."""
    return spec(
        {
            "kind": "ccrf",
            "provider": who or provider(),
            "report": {"type": type_, "identified": identified, "abuse_suspected": False},
        }
    )


def add(register: Any, *papers: Any) -> list[Any]:
    """Add papers built here, each named after its kind and position."""
    return list(register.add_loaded([(p, f"{p.kind}-{i}.yaml") for i, p in enumerate(papers)]))
