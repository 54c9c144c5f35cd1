"""Minutes deadlines: 14 and 7 calendar days, five working days around England and Wales
bank holidays (Christmas, Boxing Day, New Year, Easter, substitute days, one-off holidays)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import holidays
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from toolkit.cli import main
from toolkit.dates import add_working_days
from toolkit.kinds import minutes_due

D = dt.date

STRATEGIC_CASES = [
    # meeting, due, why
    (D(2026, 11, 20), D(2026, 11, 27), "Friday: the weekend is skipped"),
    (D(2026, 11, 21), D(2026, 11, 27), "a Saturday meeting counts from Monday"),
    (D(2026, 12, 22), D(2026, 12, 31), "Christmas Friday, Boxing Day substitute Monday 28th"),
    (D(2027, 12, 23), D(2028, 1, 4), "both Christmas substitutes, then New Year substitute"),
    (D(2022, 12, 23), D(2023, 1, 4), "Christmas Day substitute Tuesday, New Year substitute"),
    (D(2026, 4, 2), D(2026, 4, 13), "Good Friday and Easter Monday"),
    (D(2027, 3, 25), D(2027, 4, 5), "Easter 2027 in March"),
    (D(2026, 5, 22), D(2026, 6, 1), "Spring bank holiday"),
    (D(2026, 8, 28), D(2026, 9, 7), "England's summer bank holiday, last Monday of August"),
    (D(2026, 7, 31), D(2026, 8, 7), "Scotland's August holiday is a working day in England"),
    (D(2025, 12, 31), D(2026, 1, 8), "2 January is a holiday in Scotland only"),
    (D(2025, 11, 28), D(2025, 12, 5), "St Andrew's Day (Scotland) is a working day"),
    (D(2023, 5, 4), D(2023, 5, 12), "one-off: the coronation bank holiday"),
    (D(2022, 9, 15), D(2022, 9, 23), "one-off: the state funeral bank holiday"),
    (D(2026, 12, 25), D(2027, 1, 5), "a meeting on a bank holiday counts from the next day"),
]


@pytest.mark.parametrize(
    ("meeting", "due"), [case[:2] for case in STRATEGIC_CASES], ids=[c[2] for c in STRATEGIC_CASES]
)
def test_strategic_minutes_are_due_five_working_days_later(meeting: dt.date, due: dt.date) -> None:
    assert minutes_due("strategic", meeting) == due


@pytest.mark.parametrize(
    ("kind", "meeting", "due"),
    [
        ("initial", D(2026, 10, 2), D(2026, 10, 16)),
        # calendar days: a deadline over Christmas is not moved, even onto a Sunday
        ("initial", D(2026, 12, 20), D(2027, 1, 3)),
        ("review", D(2026, 11, 6), D(2026, 11, 13)),
        ("review", D(2026, 12, 24), D(2026, 12, 31)),
        ("review", D(2028, 2, 25), D(2028, 3, 3)),  # across a leap day
    ],
)
def test_initial_and_review_minutes_count_calendar_days(
    kind: str, meeting: dt.date, due: dt.date
) -> None:
    assert minutes_due(kind, meeting) == due


ENGLAND = holidays.country_holidays("GB", subdiv="ENG", years=range(2019, 2042))


def _working(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in ENGLAND


@given(
    start=st.dates(min_value=D(2020, 1, 1), max_value=D(2040, 12, 31)),
    days=st.integers(min_value=1, max_value=30),
)
def test_working_days_land_on_a_working_day_after_exactly_n_working_days(
    start: dt.date, days: int
) -> None:
    due = add_working_days(start, days)
    assert _working(due)
    between = [start + dt.timedelta(n) for n in range(1, (due - start).days + 1)]
    assert sum(map(_working, between)) == days


def test_zero_working_days_is_the_same_day() -> None:
    assert add_working_days(D(2026, 12, 25), 0) == D(2026, 12, 25)


def _due(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["due", *args])
    return result.exit_code, result.stdout, result.stderr


def test_due_command_prints_the_date_and_days_to_go() -> None:
    code, out, _ = _due("--kind", "strategic", "--date", "2026-12-22", "--today", "2026-12-22")
    assert code == 0
    assert out == (
        "strategic meeting on Tuesday 22 December 2026: minutes due by Thursday 31 December 2026 "
        "(no later than five working days after the meeting); 9 days to go\n"
    )


@pytest.mark.parametrize(
    ("today", "status"),
    [
        ("30/12/2026", "; 1 day to go"),
        ("2026-12-31", "; due today"),
        ("2027-01-01", "; PASSED 1 day ago"),
        ("2027-01-04", "; PASSED 4 days ago"),
    ],
)
def test_due_command_says_whether_the_date_has_passed(today: str, status: str) -> None:
    code, out, _ = _due("--kind", "strategic", "--date", "22/12/2026", "--today", today)
    assert code == 0
    assert out.rstrip("\n").endswith(status)


def test_due_command_defaults_to_the_real_today() -> None:
    code, out, _ = _due("--kind", "initial", "--date", "2000-01-01")
    assert code == 0
    assert "minutes due by Saturday 15 January 2000" in out
    assert "PASSED" in out


def test_due_command_reads_meeting_files(samples_dir: Path) -> None:
    files = [str(samples_dir / f"{kind}.yaml") for kind in ("initial", "review", "strategic")]
    code, out, _ = _due(*files, "--today", "2026-11-24")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith(f"{files[0]}: initial meeting on Friday 2 October 2026: ")
    assert "minutes due by Friday 16 October 2026 (within 14 days of the meeting)" in lines[0]
    assert lines[2].endswith(
        "minutes due by Friday 27 November 2026 (no later than five "
        "working days after the meeting); 3 days to go"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--kind", "strategic", "--date", "12/31/2026"],
            "--date: '12/31/2026' is not a real date",
        ),
        (["--kind", "strategic", "--date", "tomorrow"], "--date: 'tomorrow' is not a date"),
        (["--kind", "strategic"], "give meeting files, or both --kind and --date"),
        (["x.yaml", "--kind", "initial"], "not both"),
        (["--kind", "initial", "--date", "2026-01-01", "--today", "soon"], "--today: 'soon'"),
    ],
)
def test_due_command_refuses_bad_input_with_exit_2(args: list[str], message: str) -> None:
    code, out, err = _due(*args)
    assert code == 2
    assert out == ""
    assert message in err


def test_due_command_reports_every_unreadable_file_and_the_rest(
    samples_dir: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("kind: review\n", encoding="utf-8")
    code, out, err = _due(str(broken), str(samples_dir / "review.yaml"), "--today", "2026-11-01")
    assert code == 2
    assert out.startswith(f"{samples_dir / 'review.yaml'}: review meeting on ")
    assert err.startswith(f"{broken}:")


def test_a_paper_that_records_the_due_thing_done_says_when_not_that_the_date_passed(
    samples_dir: Path,
) -> None:
    """A form sent on time was reported "PASSED n days ago" once its due date had gone by."""
    result = CliRunner().invoke(
        main,
        ["due", str(samples_dir / "ccrf.yaml"), str(samples_dir / "concern.yaml"),
         "--today", "2026-12-02"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    form, concern = result.output.splitlines()
    assert form.endswith("; sent on Thursday 19 November 2026, on time")
    assert concern.endswith("; concluded on Friday 30 October 2026, 11 days late")
    assert "PASSED" not in result.output
