"""`toolkit tracker update`: carry a meeting's actions into an existing action tracker."""

from __future__ import annotations

from pathlib import Path

import click

from toolkit.cli import echo_warnings
from toolkit.cli.protect import password_file_option
from toolkit.load import load_meeting
from toolkit.passwords import password_from
from toolkit.text import counted


@click.group()
def tracker() -> None:
    """Work with the action tracker kept across meetings."""


@tracker.command()
@click.argument("tracker_file", metavar="TRACKER.xlsx", type=click.Path(path_type=Path))
@click.argument("meeting_file", metavar="MEETING.yaml", type=click.Path(path_type=Path))
@password_file_option
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the updated tracker here instead of replacing TRACKER.xlsx.",
)
@click.option("--force", is_flag=True, help="Overwrite the -o file if it already exists.")
def update(
    tracker_file: Path,
    meeting_file: Path,
    password_file: Path | None,
    output: Path | None,
    force: bool,
) -> None:
    """Add the actions of MEETING.yaml to TRACKER.xlsx, keeping every row and update typed in
    Excel.

    Actions match by number. A new number is added. The same number and detail takes the
    meeting's values in cells nobody changed in Excel (changed cells are kept, and reported)
    and adds the meeting's update to the update log. The same number with a different detail
    is a conflict, and then nothing is written. An encrypted tracker stays encrypted with the
    same password.
    """
    from toolkit.tracker_update import update_tracker

    loaded = load_meeting(meeting_file)
    echo_warnings(loaded.warnings)
    password = password_from(password_file)
    report = update_tracker(tracker_file, loaded, password=password, output=output, force=force)
    echo_warnings(report.notes)
    if password_file is not None and not report.encrypted:
        click.echo(
            f"note: {tracker_file} is not password protected, so neither is the result; "
            "protect it with `toolkit protect` before circulating it",
            err=True,
        )
    added = ", ".join(map(str, report.added)) or "none"
    state = "encrypted, " if report.encrypted else ""
    click.echo(
        f"{output or tracker_file}: {counted(len(report.added), 'action')} added ({added}), "
        f"{counted(report.updated, 'row')} updated; "
        f"written ({state}{counted(len(report.notes), 'note')})"
    )
