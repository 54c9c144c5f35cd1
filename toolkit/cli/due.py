"""The `due` command: when the minutes of a meeting must be agreed and shared."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from toolkit import kinds
from toolkit.cli import date_option
from toolkit.dates import long_date
from toolkit.errors import InputError, UsageError
from toolkit.text import counted


def describe_due(kind_name: str, meeting_date: dt.date, today: dt.date) -> str:
    """One line: the meeting, the minutes due date, the rule, and whether the date has passed."""
    kind = kinds.get(kind_name)
    due = kind.due_after(meeting_date)
    left = (due - today).days
    if left > 0:
        status = f"{counted(left, 'day')} to go"
    elif left == 0:
        status = "due today"
    else:
        status = f"PASSED {counted(-left, 'day')} ago"
    return (
        f"{kind.name} meeting on {long_date(meeting_date)}: minutes due by {long_date(due)} "
        f"({kind.deadline_in_force().rule}); {status}"
    )


@click.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--kind", type=click.Choice(kinds.names()), help="Kind of meeting.")
@click.option("--date", callback=date_option, help="Meeting date: 2026-11-20 or 20/11/2026.")
@click.option("--today", callback=date_option, help="Count from this date instead of today's date.")
def due(
    files: tuple[Path, ...], kind: str | None, date: dt.date | None, today: dt.date | None
) -> None:
    """Print when minutes are due (14 days initial, 7 days review, 5 working days strategic,
    skipping weekends and England and Wales bank holidays) and whether that date has passed.

    Give meeting FILES, or --kind and --date.
    """
    today = today or dt.date.today()
    if files and (kind or date):
        raise UsageError("give meeting files, or --kind and --date, not both")
    if not files:
        if not (kind and date):
            raise UsageError("give meeting files, or both --kind and --date")
        click.echo(describe_due(kind, date, today))
        return
    from toolkit.load import load_meeting

    problems: list[str] = []
    for path in files:
        try:
            meeting = load_meeting(path).meeting
        except InputError as error:
            problems.extend(error.lines())
            continue
        day = kinds.of(meeting).date_of(meeting)
        click.echo(f"{path}: {describe_due(meeting.kind, day, today)}")
    if problems:
        raise InputError(problems)
