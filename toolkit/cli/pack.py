"""The `pack` command: an encrypted circulation pack of one or more meetings, safe to email."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import click

from toolkit import kinds
from toolkit.cli import echo_warnings
from toolkit.cli.protect import (
    announce_password,
    password_file_option,
    password_out_option,
    protecting_password,
    terminated_as_interrupt,
)
from toolkit.cli.render import (
    meeting_files_argument,
    output_folder_option,
    provider_copy_option,
    templates_option,
    warn_without_provider_copy,
)
from toolkit.dates import short_date
from toolkit.text import counted


@click.command()
@meeting_files_argument
@output_folder_option("Folder to create for the pack (it must not exist, unless --force).")
@password_file_option
@password_out_option
@click.option("--draft", is_flag=True, help="Pack incomplete meetings, marked DRAFT.")
@click.option("--force", is_flag=True, help="Replace an existing pack in the output folder.")
@templates_option
@provider_copy_option
def pack(
    files: tuple[Path, ...],
    output: Path,
    password_file: Path | None,
    password_out: Path | None,
    draft: bool,
    force: bool,
    templates: Path | None,
    provider_copy: bool,
) -> None:
    """Render, check and password protect meeting FILES into the folder OUTPUT, with a manifest
    and a cover note for the email; the password is never written there.

    The password comes from --password-file or $TOOLKIT_PASSWORD; otherwise one is generated and
    written to --password-out (a new file outside OUTPUT) or shown once on the terminal.
    Exit status: 0 packed, 1 a meeting is incomplete (see --draft), 2 bad input.
    """
    from toolkit.pack import build_pack

    password = protecting_password(password_file, password_out, keep_away_from={output})
    with terminated_as_interrupt(), _progress(len(files)) as advance:
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
    echo_warnings(result.warnings)
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


@contextlib.contextmanager
def _progress(meetings: int) -> Iterator[Callable[[str], None] | None]:
    """A progress bar over the meetings of a batch, on a terminal only (never in logs)."""
    if meetings < 2 or not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=meetings, label="Packing", file=sys.stderr) as bar:
        yield lambda _source: bar.update(1)
