"""`toolkit register ...` end to end, and the SQLCipher register at rest: encrypted, keyed from a
file or the environment, never showing the key, one clear line for a wrong key or a foreign file."""

from __future__ import annotations

import json
import sqlite3
import stat
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from toolkit.cli import main
from toolkit.register import WrongKeyError, open_register

pytest_plugins = ["tests.test_register_helpers"]


def run(*args: str | Path, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, ["register", *map(str, args)], env=env)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's data and configuration folders, inside the test's folder."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("TOOLKIT_REGISTER_KEY", raising=False)
    monkeypatch.delenv("TOOLKIT_DB", raising=False)
    return tmp_path


def test_add_show_alerts_providers_on_each_engine(db: str, samples_dir: Path) -> None:
    files = [samples_dir / f"{k}.yaml" for k in ("initial", "review", "strategic")]
    added = run("add", *files, "--db", db)
    assert added.exit_code == 0, added.output
    assert added.stdout.count(": added (") == 3
    again = run("add", files[0], "--db", db)
    assert again.stdout.endswith("updated (initial, Larkspur House, 2026-10-02)\n")

    shown = run("show", "LARKSPUR house", "--db", db, "--format", "json", "--today", "2026-12-10")
    assert shown.exit_code == 0, shown.output
    data = json.loads(shown.stdout)
    for key in ("provider", "concerns", "service_users_referred", "service_users_reviewed",
                "meetings", "actions", "level", "levels", "suspension", "review_triggered",
                "reasons"):  # fmt: skip
        assert key in data
    assert len(data["meetings"]) == 3

    alerts = run("alerts", "--db", db, "--format", "json", "--today", "2026-12-10")
    found = json.loads(alerts.stdout)
    assert {a["code"] for a in found} >= {"minutes-overdue", "suspension-review-due"}
    assert all(set(a) >= {"provider", "code", "message"} for a in found)

    listed = json.loads(run("providers", "--db", db, "--format", "json").stdout)
    assert listed == [
        {
            "name": "Larkspur House",
            "company": "Heathfield Lane Care Ltd",
            "cqc_location_id": "1-999000123",
            "papers": 3,
        }
    ]
    text = run("show", "1-999000123", "--db", db, "--today", "2026-12-10").stdout
    assert text.startswith("Larkspur House (Heathfield Lane Care Ltd, 1-999000123)\n")


def test_an_unknown_provider_is_one_line_exit_2(db: str, samples_dir: Path) -> None:
    run("add", samples_dir / "initial.yaml", "--db", db)
    result = run("show", "Nowhere House", "--db", db)
    assert result.exit_code == 2
    assert result.stderr == "no provider 'Nowhere House' in the register\n"


def test_a_new_register_is_encrypted_with_a_generated_key_kept_away_from_it(
    home: Path, samples_dir: Path
) -> None:
    result = run("add", samples_dir / "initial.yaml")
    assert result.exit_code == 0, result.output
    database = home / "data" / "provider-concerns-toolkit" / "register.db"
    keys = list((home / "config" / "provider-concerns-toolkit" / "register-keys").iterdir())
    assert len(keys) == 1
    key = keys[0].read_text().strip()
    assert f"{keys[0]}: the new register's key" in result.stderr
    assert key not in result.output + result.stderr
    assert stat.S_IMODE(keys[0].stat().st_mode) == 0o600
    assert stat.S_IMODE(database.stat().st_mode) == 0o600
    raw = database.read_bytes()
    assert not raw.startswith(b"SQLite format 3")
    assert b"Larkspur" not in raw
    assert b"Heathfield" not in raw
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(database).execute("SELECT * FROM sqlite_master").fetchall()
    # the kept key opens it again, without being asked for
    assert run("providers").stdout.startswith("Larkspur House")


def test_the_key_from_a_file_or_the_environment_and_a_wrong_key(
    home: Path, samples_dir: Path
) -> None:
    database, key_file = home / "reg.db", home / "keys" / "reg.key"
    key_file.parent.mkdir()
    made = run("add", samples_dir / "initial.yaml", "--db", database, "--key-out", key_file)
    assert made.exit_code == 0, made.output
    key = key_file.read_text().strip()
    assert len(key) == 64
    assert run("providers", "--db", database, "--key-file", key_file).exit_code == 0
    by_env = run("providers", "--db", database, env={"TOOLKIT_REGISTER_KEY": key})
    assert by_env.stdout.startswith("Larkspur House")
    wrong = home / "wrong.key"
    wrong.write_text("f" * 64 + "\n")
    result = run("providers", "--db", database, "--key-file", wrong)
    assert result.exit_code == 2
    assert result.stderr == (
        f"{database}: the key does not open this register (a wrong key, or a damaged file)\n"
    )
    with pytest.raises(WrongKeyError):
        open_register(str(database), key="a wholly different passphrase")


def test_an_encrypted_register_without_any_key_says_how_to_give_one(
    home: Path, samples_dir: Path
) -> None:
    database = home / "reg.db"
    run("add", samples_dir / "initial.yaml", "--db", database, "--key-out", home / "k.key")
    result = run("providers", "--db", database)
    assert result.exit_code == 2
    assert result.stderr == (
        f"{database}: the register is encrypted; give --key-file or set $TOOLKIT_REGISTER_KEY\n"
    )


def test_a_chosen_passphrase_must_be_strong_and_is_never_echoed(
    home: Path, samples_dir: Path
) -> None:
    database = home / "reg.db"
    weak = run("add", samples_dir / "initial.yaml", "--db", database,
               env={"TOOLKIT_REGISTER_KEY": "password1234"})  # fmt: skip
    assert weak.exit_code == 2
    assert "password1234" not in weak.output + weak.stderr
    assert not database.exists()
    phrase = "otter-brisk-lantern-quarry-velvet"
    good = run("add", samples_dir / "initial.yaml", "--db", database,
               env={"TOOLKIT_REGISTER_KEY": phrase})  # fmt: skip
    assert good.exit_code == 0, good.output
    assert phrase not in good.output + good.stderr
    assert not list(home.rglob("*.key"))  # a given key is not written anywhere


def test_plain_only_when_asked_at_creation(home: Path, samples_dir: Path) -> None:
    database = home / "plain.db"
    assert run("add", samples_dir / "initial.yaml", "--db", database, "--plain").exit_code == 0
    assert database.read_bytes().startswith(b"SQLite format 3")
    tables = sqlite3.connect(database).execute("SELECT name FROM sqlite_master").fetchall()
    assert ("providers",) in tables
    later = run("add", samples_dir / "review.yaml", "--db", database, "--plain")
    assert later.exit_code == 2
    assert "--plain is for creating a register" in later.stderr
    assert run("add", samples_dir / "review.yaml", "--db", database).exit_code == 0


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"kind: initial\n", "not a register (neither an SQLite nor an SQLCipher database)"),
        (b"PK\x03\x04" + b"\0" * 4092, "the key does not open this register"),
        (b"SQLite format 3\x00" + b"\xff" * 4080, "damaged, not a usable register"),
    ],
    ids=["text-file", "zip-of-page-size", "torn-sqlite"],
)
def test_a_foreign_or_damaged_file_is_one_line_and_left_alone(
    home: Path, content: bytes, expected: str
) -> None:
    database = home / "odd.db"
    database.write_bytes(content)
    result = run("providers", "--db", database, env={"TOOLKIT_REGISTER_KEY": "f" * 64})
    assert result.exit_code == 2
    assert expected in result.stderr
    assert result.stderr.count("\n") == 1
    assert database.read_bytes() == content


def test_postgresql_takes_no_key_options(pg_database: str) -> None:
    refused = run("providers", "--db", pg_database, "--key-file", "/nonexistent")
    assert refused.exit_code == 2
    assert "PostgreSQL register relies on the server's access control" in refused.stderr


def test_an_unreachable_server_is_one_line(home: Path) -> None:
    url = "postgresql+psycopg://nobody@/register?host=/nonexistent-socket-folder"
    result = run("providers", "--db", url)
    assert result.exit_code == 2
    assert result.stderr.startswith("postgresql+psycopg://nobody@/register")
    assert "cannot reach the register" in result.stderr
    assert result.stderr.count("\n") == 1


def test_register_show_json_matches_the_library(register: Any, samples_dir: Path) -> None:
    register.add_papers([samples_dir / "initial.yaml"])
    import datetime as dt

    library = register.show("Larkspur House", today=dt.date(2026, 12, 10))
    assert library["meetings"][0]["minutes_due"] == "2026-10-16"
    assert library["review_triggered"] is False
