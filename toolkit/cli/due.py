"""The `due` command: when the minutes of a meeting must be agreed and shared."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from toolkit import kinds
from toolkit.cli import date_option
from toolkit.dates import due_status, long_date
from toolkit.errors import InputError, UsageError


def due_line(
    what: str,
    due: dt.date,
    label: str,
    rule: str,
    today: dt.date,
    done: tuple[str, dt.date] | None = None,
) -> str:
    """One line: the paper, its due date and rule, and whether the date has passed (or, given
    ``done``, when the due thing was done)."""
    return f"{what}: {label} {long_date(due)} ({rule}); {due_status(due, today, done)}"


@click.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--kind", type=click.Choice(kinds.names()), help="Kind of paper.")
@click.option("--date", callback=date_option, help="Date to count from: 2026-11-20 or 20/11/2026.")
@click.option("--today", callback=date_option, help="Count from this date instead of today's date.")
def due(
    files: tuple[Path, ...], kind: str | None, date: dt.date | None, today: dt.date | None
) -> None:
    """Print when papers are due, by each kind's rule (`toolkit frameworks` lists them; a
    partnership's profile may set its own, skipping weekends and its bank holidays for working
    days) and whether that date has passed.

    Give paper FILES, or --kind and --date.
    """
    today = today or dt.date.today()
    if files and (kind or date):
        raise UsageError("give meeting files, or --kind and --date, not both")
    if not files:
        if not (kind and date):
            raise UsageError("give meeting files, or both --kind and --date")
        each = kinds.get(kind)
        rule = each.deadline_in_force().rule
        what = f"{each.label()} on {long_date(date)}"
        click.echo(due_line(what, each.due_after(date), each.deadline_label, rule, today))
        return
    from toolkit.load import load_meeting

    problems: list[str] = []
    for path in files:
        try:
            meeting = load_meeting(path).meeting
        except InputError as error:
            problems.extend(error.lines())
            continue
        paper = kinds.of(meeting)
        what = f"{paper.label()} on {long_date(paper.date_of(meeting))}"
        due = paper.due(meeting)
        day = paper.done_on(meeting)
        done = None if day is None else (paper.done_label, day)
        line = due_line(what, due, paper.due_label, paper.due_rule(), today, done)
        click.echo(f"{path}: {line}")
    if problems:
        raise InputError(problems)
