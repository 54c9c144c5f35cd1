"""`toolkit pack --register`: a pack's papers land in the register with their circulation, on
each engine; a draft is recorded but not as circulated; a register that cannot be opened stops
the pack before anything is written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.conftest import SAMPLES
from toolkit.cli import main
from toolkit.passwords import PASSWORD_ENV
from toolkit.register import open_register

pytest_plugins = ["tests.test_register_helpers"]

PASSWORD = "harbour-thistle-lantern-quince"


def pack(*args: str | Path) -> Result:
    result = CliRunner().invoke(main, ["pack", *map(str, args)], env={PASSWORD_ENV: PASSWORD})
    assert PASSWORD not in result.output + result.stderr
    return result


def circulation(db: str) -> dict[str, str | None]:
    with open_register(db) as register:
        shown = register.show("Larkspur House")
    return {meeting["kind"]: meeting["circulated"] for meeting in shown["meetings"]}


def test_a_pack_records_its_papers_as_circulated_today(db: str, tmp_path: Path) -> None:
    papers = [SAMPLES / "initial.yaml", SAMPLES / "review.yaml"]
    result = pack(*papers, "-o", tmp_path / "pack", "--register", "--db", db)
    assert result.exit_code == 0, result.stderr
    today = dt.date.today().isoformat()
    assert circulation(db) == {"initial": today, "review": today}
    again = pack(*papers, "-o", tmp_path / "pack", "--force", "--register", "--db", db)
    assert again.exit_code == 0, again.stderr
    assert circulation(db) == {"initial": today, "review": today}  # updated, not duplicated


def test_a_draft_is_recorded_but_not_as_circulated(db: str, tmp_path: Path) -> None:
    result = pack(SAMPLES / "initial.yaml", "-o", tmp_path / "pack", "--draft", "--register",
                  "--db", db)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert circulation(db) == {"initial": None}


def test_a_register_that_cannot_be_opened_stops_the_pack_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    foreign = tmp_path / "notes.db"
    foreign.write_bytes(b"not a database at all, just notes" * 100)
    out = tmp_path / "pack"
    result = pack(SAMPLES / "initial.yaml", "-o", out, "--register", "--db", str(foreign))
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1
    assert not out.exists()


@pytest.mark.parametrize("flag", ["--db", "--key-file"])
def test_register_options_are_listed_in_help(flag: str) -> None:
    assert flag in CliRunner().invoke(main, ["pack", "--help"]).output
