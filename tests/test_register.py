"""The register on real databases (SQLCipher and PostgreSQL): identity, idempotent adds,
what `show` says, every alert rule, refusals, and concurrent writers."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from tests.test_register_helpers import add, ccrf, concern, meeting, provider
from toolkit.errors import InputError
from toolkit.register import RegisterError, UnknownProviderError, open_register

#: The fixtures (db, register: a fresh register on each engine) live with the helpers.
pytest_plugins = ["tests.test_register_helpers"]
TODAY = dt.date(2026, 12, 2)
ROOT = Path(__file__).resolve().parent.parent


def count(reg: Any, table: str) -> int:
    with reg.engine.connect() as connection:
        return int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def codes(reg: Any, today: dt.date = TODAY) -> list[str]:
    return [alert.code for alert in reg.alerts(today)]


def test_sample_meetings_are_added_once_however_often_they_are_added(
    register: Any, samples_dir: Path
) -> None:
    files = [samples_dir / f"{k}.yaml" for k in ("initial", "review", "strategic")]
    first = register.add_papers(files)
    again = register.add_papers(files)
    assert [a.updated for a in first] == [False] * 3
    assert [a.updated for a in again] == [True] * 3
    assert count(register, "papers") == 3
    assert count(register, "meetings") == 3
    shown = register.show("1-999000123", today=TODAY)
    assert shown["provider"] == {
        "name": "Larkspur House",
        "company": "Heathfield Lane Care Ltd",
        "cqc_location_id": "1-999000123",
    }
    assert [m["kind"] for m in shown["meetings"]] == ["initial", "review", "strategic"]
    assert shown["meetings"][0] == {
        "kind": "initial",
        "date": "2026-10-02",
        "minutes_due": "2026-10-16",
        "circulated": None,
    }
    assert shown["suspension"]["status"] == "imposed"
    assert shown["suspension"]["review_date"] == "2026-12-04"


def test_a_kind_added_since_is_read_by_the_contract_field_names(
    register: Any, samples_dir: Path
) -> None:
    """The outcome kind and its escalation block landed after the register: nothing in the
    register names them, and still its meeting, deadline and level are recorded."""
    outcome = samples_dir / "outcome.yaml"
    if not outcome.exists():
        pytest.skip("no outcome sample in this tree")
    register.add_papers([samples_dir / "initial.yaml", outcome])
    shown = register.show("Larkspur House", today=TODAY)
    assert [m["kind"] for m in shown["meetings"]] == ["initial", "outcome"]
    assert shown["meetings"][1]["minutes_due"] is not None
    assert shown["level"] is not None


def test_a_paper_added_again_replaces_what_it_said(register: Any) -> None:
    add(register, concern("2026-09-21", types=("neglect", "organisational"), referred=3))
    add(register, concern("2026-09-21", types=("physical",), referred=5, outcome="substantiated",
                          outcome_date="2026-10-30"))  # fmt: skip
    shown = register.show("Oakview Care Home", today=TODAY)
    assert shown["concerns"]["total"] == 1
    assert shown["concerns"]["by_type"] == {"physical": 1}
    assert shown["concerns"]["substantiated"] == 1
    assert shown["service_users_referred"] == 5
    assert count(register, "concern_types") == 1


def test_a_provider_is_one_provider_however_its_name_is_written(register: Any) -> None:
    add(
        register,
        concern("2026-01-05", who=provider("Oak & Ash Care Home")),
        concern("2026-02-05", who=provider("OAK AND ASH  care-home")),
        concern("2026-03-05", who=provider("oak and ash care home", cqc_location_id="1-123")),
        concern("2026-04-05", who=provider("Oak and Ash (renamed)", cqc_location_id=" 1-123 ")),
    )
    assert count(register, "providers") == 1
    shown = register.show("OAK & ASH (Renamed)", today=TODAY)  # the latest spelling is kept
    assert shown["concerns"]["total"] == 4
    assert shown["provider"]["cqc_location_id"] == "1-123"
    assert register.show("1-123", today=TODAY)["concerns"]["total"] == 4
    # a later paper that gives only the name keeps the CQC ID the register learned
    add(register, concern("2026-05-05", who=provider("Oak and Ash (Renamed)")))
    assert register.show("1-123", today=TODAY)["concerns"]["total"] == 5


def test_a_company_groups_its_locations_and_an_id_tells_two_locations_apart(
    register: Any,
) -> None:
    add(
        register,
        concern(
            "2026-01-05", who=provider("Rose Court", company="Bloom Ltd", cqc_location_id="1-1")
        ),
        concern(
            "2026-01-06", who=provider("Rose Court", company="BLOOM Ltd", cqc_location_id="1-2")
        ),
    )
    listed = register.providers()
    assert [(p["name"], p["company"], p["cqc_location_id"]) for p in listed] == [
        ("Rose Court", "BLOOM Ltd", "1-1"),
        ("Rose Court", "BLOOM Ltd", "1-2"),
    ]
    assert count(register, "companies") == 1
    with pytest.raises(UnknownProviderError, match="names 2 locations"):
        register.show("Rose Court")
    with pytest.raises(RegisterError, match="give provider.cqc_location_id"):
        add(register, concern("2026-02-01", who=provider("Rose Court")))


def test_an_unknown_provider_is_one_line_with_near_misses(register: Any) -> None:
    add(register, concern("2026-01-05", who=provider("Larkspur House")))
    with pytest.raises(UnknownProviderError, match="did you mean 'Larkspur House'"):
        register.show("Larkspur Hose")


def test_show_counts_concerns_actions_levels_and_the_measure_in_force(register: Any) -> None:
    add(
        register,
        concern("2026-03-01", types=("neglect",), referred=2, reviewed=10, outcome="substantiated",
                outcome_date="2026-04-01"),
        concern("2026-05-01", types=("neglect", "organisational"), referred=1, reviewed=20,
                outcome="unsubstantiated", outcome_date="2026-06-01"),
        concern("2026-07-01", types=("financial",), outcome="undetermined",
                outcome_date="2026-08-01"),
        concern("2026-11-01", types=("physical",)),
        meeting("initial", "2026-09-01", escalation={"level": 3, "entry_point": False},
                actions=[{"number": 1, "owner": "A", "due": "2026-09-10"},
                         {"number": 2, "owner": "B", "due": "2026-12-20"}],
                suspension={"status": "imposed", "decided": "2026-09-01",
                            "review_date": "2026-10-01"}),
        meeting("review", "2026-10-15", escalation={"level": 4, "entry_point": False},
                actions=[{"number": 1, "owner": "A", "due": "2026-09-10",
                          "completed": "2026-10-01"},
                         {"number": 3, "owner": "C", "due": "2026-11-01"}],
                suspension={"status": "imposed", "measure": "termination",
                            "decided": "2026-10-15", "review_date": "2026-12-18"}),
    )  # fmt: skip
    shown = register.show("Oakview Care Home", today=TODAY)
    assert shown["concerns"] == {
        "total": 4,
        "open": 1,
        "substantiated": 1,
        "unsubstantiated": 1,
        "undetermined": 1,
        "by_type": {"financial": 1, "neglect": 2, "organisational": 1, "physical": 1},
    }
    assert (shown["service_users_referred"], shown["service_users_reviewed"]) == (3, 30)
    # action 1 was completed by the later meeting; action 3 is past due
    assert shown["actions"] == {"total": 3, "open": 2, "overdue": 1}
    assert shown["level"] == 4
    assert shown["levels"] == [
        {"level": 3, "date": "2026-09-01", "entry_point": False, "reason": None},
        {"level": 4, "date": "2026-10-15", "entry_point": False, "reason": None},
    ]
    assert shown["suspension"] == {
        "status": "imposed",
        "measure": "termination",
        "decided": "2026-10-15",
        "review_date": "2026-12-18",
    }
    assert shown["review_triggered"] is True
    assert any("rose from 3 to 4" in reason for reason in shown["reasons"])


@pytest.mark.parametrize(
    ("papers", "expected"),
    [
        pytest.param(
            [concern("2026-01-10"), concern("2026-06-10"), concern("2026-11-10")],
            "3 concerns raised in the 12 months",
            id="three-in-twelve-months",
        ),
        pytest.param(
            [
                concern("2025-01-10", outcome="substantiated", outcome_date="2025-02-01"),
                concern("2026-10-10", outcome="substantiated", outcome_date="2026-11-01"),
            ],
            "substantiated after an earlier substantiated concern",
            id="substantiated-after-substantiated",
        ),
        pytest.param(
            [
                meeting("initial", "2026-08-01", escalation={"level": 2}),
                meeting("review", "2026-09-01", escalation={"level": 4}),
            ],
            "escalation level rose from 2 to 4",
            id="level-rises",
        ),
        pytest.param(
            [ccrf("2026-07-01"), ccrf("2026-11-20")],
            "2 reporting-form concerns in the 6 months",
            id="two-forms-in-six-months",
        ),
    ],
)
def test_each_pattern_triggers_a_review_with_its_rule_in_words(
    register: Any, papers: list[Any], expected: str
) -> None:
    add(register, *papers)
    found = [a for a in register.alerts(TODAY) if a.code == "review-triggered"]
    assert len(found) == 1
    assert expected in found[0].message
    assert found[0].provider == "Oakview Care Home"


@pytest.mark.parametrize(
    "papers",
    [
        pytest.param(
            [concern("2025-01-10"), concern("2025-06-10"), concern("2026-11-10")],
            id="three-but-not-in-twelve-months",
        ),
        pytest.param(
            [
                concern("2025-01-10", outcome="substantiated", outcome_date="2025-02-01"),
                concern("2026-10-10", outcome="unsubstantiated", outcome_date="2026-11-01"),
            ],
            id="substantiated-then-unsubstantiated",
        ),
        pytest.param(
            [
                meeting("initial", "2026-08-01", escalation={"level": 4}),
                meeting("review", "2026-09-01", escalation={"level": 3}),
            ],
            id="level-falls",
        ),
        pytest.param([ccrf("2026-03-01"), ccrf("2026-11-20")], id="forms-seven-months-apart"),
        pytest.param([ccrf("2026-10-01"), ccrf("2026-11-20", type_="compliment")], id="compliment"),
    ],
)
def test_no_pattern_no_review(register: Any, papers: list[Any]) -> None:
    add(register, *papers)
    assert "review-triggered" not in codes(register)


def test_overdue_minutes_suspension_reviews_and_actions(register: Any) -> None:
    add(
        register,
        meeting("initial", "2026-10-02", actions=[{"number": 1, "owner": "A", "due": "2026-11-01"}],
                suspension={"status": "imposed", "decided": "2026-10-02",
                            "review_date": "2026-11-20"}),
    )  # fmt: skip
    found = register.alerts(TODAY)
    assert sorted(a.code for a in found) == [
        "action-overdue",
        "minutes-overdue",
        "suspension-review-due",
    ]
    messages = {a.code: a.message for a in found}
    assert "due by 16 October 2026" in messages["minutes-overdue"]
    assert "reviewed by 20 November 2026" in messages["suspension-review-due"]
    assert "action 1 (A) was due by 1 November 2026" in messages["action-overdue"]
    # nothing is overdue the day before it falls due
    assert codes(register, dt.date(2026, 10, 16)) == []


def test_a_later_meeting_and_circulated_minutes_clear_their_alerts(register: Any) -> None:
    first = meeting("initial", "2026-10-02",
                    suspension={"status": "imposed", "review_date": "2026-11-20"})  # fmt: skip
    add(register, first)
    assert register.record_circulation(first, dt.date(2026, 10, 10)) is True
    review = meeting("review", "2026-11-20",
                     suspension={"status": "imposed", "review_date": "2027-01-15"})  # fmt: skip
    add(register, review)
    assert register.record_circulation(review, dt.date(2026, 11, 25)) is True
    assert codes(register) == []
    # adding the meeting again keeps its circulation, which only the register knows
    add(register, first)
    shown = register.show("Oakview Care Home", today=TODAY)
    assert shown["meetings"][0]["circulated"] == "2026-10-10"


def test_a_bad_paper_writes_nothing(register: Any, samples_dir: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: initial\nprovider: {name: X}\nmeeting: {date: 31/02/2026}\n")
    with pytest.raises(InputError) as raised:
        register.add_papers([samples_dir / "initial.yaml", bad])
    assert any(line.startswith(f"{bad}:3:") for line in raised.value.lines())
    assert count(register, "papers") == 0
    assert count(register, "providers") == 0


def test_a_register_from_a_newer_toolkit_is_refused_untouched(db: str) -> None:
    with open_register(db) as reg:
        add(reg, concern("2026-01-01"))
        with reg.engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    with pytest.raises(RegisterError, match="written by a newer toolkit") as raised:
        open_register(db)
    assert "nothing was changed" in str(raised.value)
    # still there, still the newer revision: nothing was migrated or rewritten
    from toolkit.register.opening import open_database

    with pytest.raises(RegisterError):
        open_database(db)


def test_a_database_of_something_else_is_refused(db: str) -> None:
    from sqlalchemy import create_engine

    if "://" in db:
        engine = create_engine(db.replace("postgresql://", "postgresql+psycopg://"))
    else:
        import sqlite3

        sqlite3.connect(db).execute("CREATE TABLE patients (name TEXT)").connection.commit()
        engine = create_engine(f"sqlite:///{db}")
    if "://" in db:
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE patients (name TEXT)"))
    engine.dispose()
    with pytest.raises(RegisterError, match="a database of something else, not a register"):
        open_register(db)


WRITER = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {tests!r})
    from test_register_helpers import add, concern, provider
    from toolkit.register import open_register
    reg = open_register({db!r})
    who = int(sys.argv[1])
    for day in range(1, 29):
        # a provider both writers share (a race to create it), and one of each writer's own
        add(reg, concern(f"2026-02-{{day:02d}}", who=provider(f"Writer {{who}} Home")))
        add(reg, concern(f"2026-{{who + 3:02d}}-{{day:02d}}", who=provider("Shared Home")))
    reg.close()
    """
)


def test_two_processes_adding_at_once_both_land(db: str) -> None:
    open_register(db).close()  # created (and keyed) before the writers race
    script = WRITER.format(tests=str(ROOT / "tests"), db=db)
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(who)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for who in (1, 2)
    ]
    for writer in writers:
        out, err = writer.communicate(timeout=240)
        assert writer.returncode == 0, err
    with open_register(db) as reg:
        assert count(reg, "concerns") == 4 * 28
        assert count(reg, "providers") == 3
        assert reg.show("Shared Home")["concerns"]["total"] == 2 * 28
