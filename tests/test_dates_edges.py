"""Dates and deadlines (toolkit/dates.py) at the edges the mutation run (scripts/mutation.py)
found untested: impossible dates at month and year ends, the exact wording of each refusal,
and working days counted across a year's end or for most of a year."""

from __future__ import annotations

import datetime as dt

import pytest

from toolkit.dates import (
    ACCEPTED_DATE_FORMATS,
    add_working_days,
    clock,
    due_date,
    due_status,
    long_date,
    parse_date,
    parse_time,
    plain_date,
    short_date,
)
from toolkit.frameworks import Deadline
from toolkit.profile import Profile, use_profile

D = dt.date


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("31/04/2026", "April 2026 has no day 31"),
        ("29/02/2027", "February 2027 has no day 29"),
        ("2100-02-29", "February 2100 has no day 29"),
        ("32/12/2026", "December 2026 has no day 32"),
        ("32/01/2027", "January 2027 has no day 32"),
        ("00/01/2027", "January 2027 has no day 0"),
        ("2026-13-01", "there is no month 13"),
        ("2026-00-10", "there is no month 0"),
        ("0000-01-01", "there is no year 0"),
        ("0000-13-01", "there is no month 13"),
        ("0001-02-29", "February 1 has no day 29"),
    ],
)
def test_an_impossible_date_says_why_in_full(text: str, why: str) -> None:
    with pytest.raises(ValueError, match="real date") as raised:
        parse_date(text)
    assert str(raised.value) == f"{text!r} is not a real date ({why}); {ACCEPTED_DATE_FORMATS}"


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("31/12/2026", D(2026, 12, 31)),
        ("1/1/2027", D(2027, 1, 1)),
        ("29/02/2028", D(2028, 2, 29)),
        ("2000-02-29", D(2000, 2, 29)),
        ("0001-01-01", D(1, 1, 1)),
        ("9999-12-31", D(9999, 12, 31)),
    ],
)
def test_real_dates_at_the_edges_are_accepted(text: str, day: dt.date) -> None:
    assert parse_date(text) == day


def test_the_refusals_of_what_is_no_date_in_full() -> None:
    with pytest.raises(ValueError, match="blank") as blank:
        parse_date("   ")
    assert str(blank.value) == f"is blank; {ACCEPTED_DATE_FORMATS}"
    with pytest.raises(ValueError, match="not a date") as words:
        parse_date("next Tuesday")
    assert str(words.value) == f"'next Tuesday' is not a date; {ACCEPTED_DATE_FORMATS}"


@pytest.mark.parametrize(
    ("text", "time"),
    [("00:00", dt.time(0, 0)), ("23:59", dt.time(23, 59)), ("19:45", dt.time(19, 45))],
)
def test_times_at_the_edges_of_the_day(text: str, time: dt.time) -> None:
    assert parse_time(f" {text} ") == time


@pytest.mark.parametrize("text", ["24:00", "23:60", "30:00"])
def test_a_time_past_the_day_is_refused_in_full(text: str) -> None:
    with pytest.raises(ValueError, match="not a time") as raised:
        parse_time(text)
    assert str(raised.value) == (f"{text!r} is not a time; accepted: 24-hour HH:MM such as 09:30")


def test_dates_and_times_as_the_records_print_them() -> None:
    assert long_date(D(2027, 1, 1)) == "Friday 1 January 2027"
    assert plain_date(D(2027, 1, 1)) == "1 January 2027"
    assert short_date(D(2027, 1, 5)) == "05/01/2027"
    assert clock(dt.time(9, 5)) == "09:05"


def test_working_days_across_the_year_end_skip_the_new_years_bank_holiday() -> None:
    # 25 December 2026, 28 (for Saturday 26) and 1 January 2027 are bank holidays
    assert add_working_days(D(2026, 12, 22), 6) == D(2027, 1, 4)


def test_working_days_for_most_of_a_year_skip_the_next_years_holidays() -> None:
    # 300 working days from the first working day of 2026 reach into 2027, past New Year's Day
    assert add_working_days(D(2026, 1, 2), 300) == D(2027, 3, 10)


def test_working_days_follow_the_profiles_holidays() -> None:
    # 2 January is a bank holiday in Scotland, not in England
    assert add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 4)
    with use_profile(Profile(region="scotland")):
        assert add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 5)


def test_a_deadline_in_calendar_or_working_days() -> None:
    assert due_date(D(2026, 12, 22), Deadline(6, working_days=True)) == D(2027, 1, 4)
    assert due_date(D(2026, 12, 22), Deadline(5, working_days=False)) == D(2026, 12, 27)


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (D(2026, 11, 18), "2 days to go"),
        (D(2026, 11, 19), "1 day to go"),
        (D(2026, 11, 20), "due today"),
        (D(2026, 11, 21), "PASSED 1 day ago"),
        (D(2026, 11, 23), "PASSED 3 days ago"),
    ],
)
def test_where_a_paper_stands_against_its_due_date(today: dt.date, status: str) -> None:
    assert due_status(D(2026, 11, 20), today) == status
    assert due_status(D(2026, 11, 20), today, loud=False) == status.replace("PASSED", "passed")


@pytest.mark.parametrize(
    ("sent", "timing"),
    [
        (D(2026, 11, 19), "on time"),
        (D(2026, 11, 20), "on time"),
        (D(2026, 11, 21), "1 day late"),
        (D(2026, 11, 23), "3 days late"),
    ],
)
def test_when_a_paper_was_sent_against_its_due_date(sent: dt.date, timing: str) -> None:
    status = due_status(D(2026, 11, 20), D(2026, 12, 1), ("sent", sent))
    assert status == f"sent on {long_date(sent)}, {timing}"
