"""`toolkit check`: is each meeting file or Word record complete enough to sign off?"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import click

from toolkit import dates, kinds
from toolkit.check import Report, check_document, check_meeting
from toolkit.cli import date_option, worded
from toolkit.errors import EXIT_BAD_INPUT, EXIT_INCOMPLETE, EXIT_OK, ToolkitError
from toolkit.files import looks_like_office, read_input, read_office
from toolkit.text import shorten

#: The table shows headings and notes cut to these widths; --format json gives them whole.
_TITLE_WIDTH = 60
_NOTE_WIDTH = 70


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--kind",
    type=click.Choice(kinds.names()),
    help="Kind of paper of a Word record (default: from its title or headings).",
)
@click.option(
    "--password-file",
    type=click.Path(path_type=Path),
    help="File whose first line is the password of encrypted records (default: $TOOLKIT_PASSWORD).",
)
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text")
@click.option("--today", callback=date_option, help="Judge the minutes deadline as of this date.")
@click.pass_context
def check(
    ctx: click.Context,
    files: tuple[Path, ...],
    kind: str | None,
    password_file: Path | None,
    output: str,
    today: dt.date | None,
) -> None:
    """Check that meeting files or Word records (.docx, encrypted or not) are complete.

    Exit status: 0 all complete, 1 any incomplete, 2 a file could not be read.
    """
    complete: list[bool] = []
    entries: list[dict[str, Any]] = []  # for --format json, in the order of the files
    for path in files:
        try:
            report = _check_file(path, kind=kind, password_file=password_file, today=today)
        except ToolkitError as error:
            lines = worded(error)
            for line in lines:
                click.echo(line, err=True)
            entries.append({"source": str(path), "error": "; ".join(lines)})
            continue
        complete.append(report.complete)
        entries.append(report.to_dict())
        if output == "text":
            click.echo(_text(report) + "\n")
    if output == "json":
        # ASCII (\u escapes): a script reads "Tŷ" back whatever the console's encoding
        click.echo(json.dumps(entries, indent=2))
    if len(complete) < len(files):
        ctx.exit(EXIT_BAD_INPUT)
    ctx.exit(EXIT_OK if all(complete) else EXIT_INCOMPLETE)


def _check_file(
    path: Path, *, kind: str | None, password_file: Path | None, today: dt.date | None
) -> Report:
    """Check one file: a Word record (by its content, whatever its name) or a meeting file."""
    from toolkit.load import load_meeting

    # the first 8 bytes (read_input reads limit + 1): enough for both magic numbers
    head = read_input(path, what="meeting file or Word record", limit=7)
    if not looks_like_office(head) and path.suffix.lower() != ".docx":
        loaded = load_meeting(path)
        return check_meeting(loaded.meeting, today=today, source=str(path))
    from toolkit.passwords import password_from
    from toolkit.protect import decrypt_bytes, is_encrypted

    data = read_office(path, what="Word document")
    if is_encrypted(data):
        password = password_from(password_file)  # its errors name the password file
        try:
            data = decrypt_bytes(data, password)
        except ToolkitError as error:
            raise type(error)(f"{path}: {error}") from None
    return check_document(data, source=str(path), kind=kind, today=today)


def _text(report: Report) -> str:
    """The report as a table (heading, status, note), the findings and the summary line."""
    lines = [f"{report.source}: {kinds.get(report.kind).label()}"]
    noun = report.item.capitalize()
    lines.append(f"  {'#':>2}  {'Status':<15} {noun:<{_TITLE_WIDTH}}  Note")
    for number, heading in enumerate(report.headings, start=1):
        title, note = _cell(heading.title, _TITLE_WIDTH), _cell(heading.note, _NOTE_WIDTH)
        row = f"  {number:>2}  {heading.status.label:<15} {title:<{_TITLE_WIDTH}}  {note}"
        lines.append(row.rstrip())
    if report.extra_headings:
        lines.append("  other headings: " + "; ".join(report.extra_headings))
    for finding in report.findings:
        lines.append(f"  {finding.severity.value}: {finding.message} [{finding.code}]")
    if report.minutes_due:
        due_label = kinds.get(report.kind).due_label
        lines.append(f"  {due_label} {dates.long_date(report.minutes_due)}")
    lines.append(f"  {report.summary()}")
    return "\n".join(lines)


def _cell(text: str, width: int) -> str:
    """A table cell: on one line, cut to the column's width."""
    return shorten(" ".join(text.split()), width)
