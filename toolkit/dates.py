"""Dates as people type them and as records print them, and the minutes deadlines."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from toolkit.frameworks import Deadline
from toolkit.profile import active
from toolkit.text import counted, shown

ACCEPTED_DATE_FORMATS = "accepted: 2026-11-20 (ISO) or 20/11/2026 (day/month/year)"

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_UK = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def parse_date(value: object) -> dt.date:
    """Return the date written as ISO ``YYYY-MM-DD`` or UK day-first ``DD/MM/YYYY``.

    Raises ValueError naming the accepted formats for anything else (US order, words, impossible
    dates), because a wrong date silently accepted moves a statutory deadline.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text:
        raise ValueError(f"is blank; {ACCEPTED_DATE_FORMATS}")
    if match := _ISO.match(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := _UK.match(text):
        day, month, year = (int(g) for g in match.groups())
    else:
        raise ValueError(f"{shown(text)} is not a date; {ACCEPTED_DATE_FORMATS}")
    try:
        return dt.date(year, month, day)
    except ValueError:
        why = _impossible(year, month, day)
        raise ValueError(f"{text!r} is not a real date ({why}); {ACCEPTED_DATE_FORMATS}") from None


def _impossible(year: int, month: int, day: int) -> str:
    """Say why a date does not exist: 11/20/2026 (US order) reads as month 20."""
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    if year < 1:
        return "there is no year 0"
    return f"{calendar.month_name[month]} {year} has no day {day}"


def parse_time(value: object) -> dt.time:
    """Return the 24-hour time written ``HH:MM``; raise ValueError otherwise."""
    if isinstance(value, dt.time):
        return value
    text = str(value).strip()
    if not (match := _TIME.match(text)):
        raise ValueError(f"{shown(text)} is not a time; accepted: 24-hour HH:MM such as 09:30")
    return dt.time(int(match.group(1)), int(match.group(2)))


def long_date(day: dt.date) -> str:
    """Return the date as prose writes it: ``Friday 20 November 2026``."""
    return f"{day:%A} {plain_date(day)}"


def plain_date(day: dt.date) -> str:
    """Return the date as letters and pages write it: ``20 November 2026``."""
    return f"{day.day} {day:%B %Y}"


def short_date(day: dt.date) -> str:
    """Return the date as UK forms write it: ``20/11/2026``."""
    return f"{day:%d/%m/%Y}"


def clock(time: dt.time) -> str:
    """Return a time as ``10:00``."""
    return f"{time:%H:%M}"


def _bank_holidays(years: range) -> set[dt.date]:
    """The bank holidays of the profile's region, England and Wales by default (the holidays
    package works offline)."""
    import holidays

    subdivision = active().holidays_subdivision
    return set(holidays.country_holidays("GB", subdiv=subdivision, years=years))


def add_working_days(start: dt.date, days: int) -> dt.date:
    """Return the date ``days`` working days after ``start``, skipping weekends and holidays."""
    closed = _bank_holidays(range(start.year, start.year + 2 + days // 200))
    current = start
    remaining = days
    while remaining > 0:
        current += dt.timedelta(days=1)
        if current.weekday() < 5 and current not in closed:
            remaining -= 1
    return current


def due_date(start: dt.date, deadline: Deadline) -> dt.date:
    """Return the date ``deadline`` falls on when counted from ``start``."""
    if deadline.working_days:
        return add_working_days(start, deadline.days)
    return start + dt.timedelta(days=deadline.days)


def due_status(
    due: dt.date, today: dt.date, done: tuple[str, dt.date] | None = None, *, loud: bool = True
) -> str:
    """Where a paper stands against its due date: ``3 days to go``, ``due today``, ``PASSED 2
    days ago``; or, given ``done`` (what was done and when: a form sent), ``sent on Thursday
    19 November 2026, on time`` (or how late). ``PASSED`` is in capitals for the command line,
    where nothing else marks it; a page that marks it otherwise (an Overdue tag) asks for
    ``loud=False``."""
    if done is not None:
        label, day = done
        late = (day - due).days
        timing = f"{counted(late, 'day')} late" if late > 0 else "on time"
        return f"{label} on {long_date(day)}, {timing}"
    left = (due - today).days
    if left > 0:
        return f"{counted(left, 'day')} to go"
    passed = "PASSED" if loud else "passed"
    return "due today" if left == 0 else f"{passed} {counted(-left, 'day')} ago"
