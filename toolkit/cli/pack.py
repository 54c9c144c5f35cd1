"""The `pack` command: an encrypted circulation pack of one or more meetings, safe to email."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from toolkit import kinds
from toolkit.cli import echo_warnings, trusted
from toolkit.cli.protect import (
    announce_password,
    password_file_option,
    password_out_option,
    protecting_password,
    terminated_as_interrupt,
)
from toolkit.cli.register import db_options, open_for_command
from toolkit.cli.render import (
    meeting_files_argument,
    output_folder_option,
    provider_copy_option,
    templates_option,
    warn_without_provider_copy,
)
from toolkit.dates import short_date
from toolkit.text import counted

if TYPE_CHECKING:
    from toolkit.manifest import PackedMeeting


@click.command()
@meeting_files_argument
@output_folder_option("Folder to create for the pack (it must not exist, unless --force).")
@password_file_option
@password_out_option
@click.option("--draft", is_flag=True, help="Pack incomplete meetings, marked DRAFT.")
@click.option("--force", is_flag=True, help="Replace an existing pack in the output folder.")
@templates_option
@provider_copy_option
@click.option(
    "--register",
    "record",
    is_flag=True,
    help="Record the papers and their circulation today in the provider concerns register.",
)
@db_options
def pack(
    files: tuple[Path, ...],
    output: Path,
    password_file: Path | None,
    password_out: Path | None,
    draft: bool,
    force: bool,
    templates: Path | None,
    provider_copy: bool,
    record: bool,
    db: str | None,
    key_file: Path | None,
) -> None:
    """Render, check and password protect meeting FILES into the folder OUTPUT, with a manifest
    and a cover note for the email; the password is never written there.

    The password comes from --password-file or $TOOLKIT_PASSWORD; otherwise one is generated and
    written to --password-out (a new file outside OUTPUT) or shown once on the terminal.
    Exit status: 0 packed, 1 a meeting is incomplete (see --draft), 2 bad input.
    """
    from toolkit.pack import build_pack

    password = protecting_password(password_file, password_out, keep_away_from={output})
    # Opened first: a wrong key or an unreachable register stops the command before any work.
    register = open_for_command(db, key_file) if record else contextlib.nullcontext()
    with register as reg, terminated_as_interrupt(), _progress(len(files)) as advance:
        result = build_pack(
            list(files),
            output,
            password.value,
            draft=draft,
            force=force,
            templates=templates,
            provider_copy=provider_copy,
            password_out=password.out,
            progress=advance,
        )
        recorded = None if reg is None else _record(reg, result.meetings, draft=draft)
    echo_warnings(result.warnings)
    if recorded:
        click.echo(recorded)
    if provider_copy:
        warn_without_provider_copy((each.source, each.meeting) for each in result.meetings)
    for packed in result.meetings:
        kind = kinds.of(packed.meeting)
        due = kind.due(packed.meeting)
        passed = " (that date has passed: circulate now)" if due < date.today() else ""
        click.echo(
            f"{packed.source}: {counted(len(packed.files), 'file')}, {kind.due_label} "
            f"{short_date(due)}{passed}"
        )
    click.echo(f"{output}: pack written (send cover-note.txt with the files)")
    announce_password(password)


def _record(register: Any, packed: list[PackedMeeting], *, draft: bool) -> str:
    """Put the pack's papers in the register, circulated today unless they are a draft (drafts
    go out for comment, not as the agreed minutes); return what to tell the user."""
    papers = [(each.meeting, each.source) for each in packed]
    if draft:
        register.add_loaded(papers)
        return f"{register.where}: the papers are recorded (a draft: not as circulated)"
    register.add_circulated(papers, date.today())
    return f"{register.where}: the papers are recorded as circulated today"


@contextlib.contextmanager
def _progress(meetings: int) -> Iterator[Callable[[str], None] | None]:
    """A progress bar over the meetings of a batch, on a terminal only (never in logs)."""
    if meetings < 2 or not sys.stderr.isatty():
        yield None
        return
    # the bar redraws with \r and terminal sequences of its own, and prints no one's text
    with click.progressbar(length=meetings, label="Packing", file=trusted(sys.stderr)) as bar:
        yield lambda _source: bar.update(1)
