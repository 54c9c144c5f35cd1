"""Commands that add or remove password protection (protect, unprotect), and the password
options they share with `toolkit pack`."""

from __future__ import annotations

import contextlib
import signal
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from toolkit.cli import trusted
from toolkit.errors import ProtectError, UsageError
from toolkit.passwords import PASSWORD_ENV, check_password, password_from
from toolkit.write import PartialWriteError

#: Options shared by every command that needs a password.
password_file_option = click.option(
    "--password-file",
    type=click.Path(path_type=Path, dir_okay=False),
    help=f"File whose first line is the password (default: ${PASSWORD_ENV}).",
)
password_out_option = click.option(
    "--password-out",
    type=click.Path(path_type=Path, dir_okay=False),
    help="New file (mode 0600) to receive a generated password; keep it away from the files.",
)


@dataclass(frozen=True)
class Password:
    """The password to protect with; ``generated`` when the toolkit chose it, in which case
    it goes to ``out`` (a new file) or, when ``out`` is None, is shown once on the terminal."""

    value: str
    generated: bool = False
    out: Path | None = None


def protecting_password(
    password_file: Path | None, password_out: Path | None, *, keep_away_from: set[Path]
) -> Password:
    """The password to encrypt with: given (file or environment) or generated.

    A generated password must have somewhere to go that is not beside the files: a new
    ``password_out`` file outside the folders ``keep_away_from``, or an interactive terminal.
    Anything else is refused before any work is done: no file protected with a password nobody
    has.
    """
    given = password_from(password_file)
    if given is not None:
        if password_out is not None:
            raise UsageError(
                "--password-out is for a generated password, but a password was given "
                f"(--password-file or ${PASSWORD_ENV})"
            )
        return Password(check_password(given))
    from toolkit.passwords import generate_password

    if password_out is not None:
        _check_password_out(password_out, keep_away_from)
        return Password(generate_password(), generated=True, out=password_out)
    if not sys.stderr.isatty():
        raise UsageError(
            "no password: give --password-file, set $TOOLKIT_PASSWORD, or use --password-out "
            "FILE to generate one into a separate file"
        )
    return Password(generate_password(), generated=True)


def _check_password_out(path: Path, keep_away_from: set[Path]) -> None:
    if path.exists():
        raise UsageError(f"{path}: already exists; choose a new file for the password")
    for folder in keep_away_from:
        if folder.resolve() in path.resolve().parents:
            raise UsageError(
                f"{path}: the password file must not be inside {folder}, "
                "where the protected files go"
            )
    if not path.parent.is_dir():
        raise UsageError(f"{path.parent}: no such folder for the password file")


def announce_password(password: Password) -> None:
    """Tell the user where a generated password went, or show it once on the terminal."""
    if not password.generated:
        return
    if password.out is not None:
        click.echo(f"{password.out}: the generated password (send it by another channel)", err=True)
        return
    click.echo(
        "Password (shown once, saved nowhere; send it by another channel): "
        + click.style(password.value, bold=True),
        file=trusted(sys.stderr),  # the toolkit's own words and password: bold stays bold
    )


@contextlib.contextmanager
def kept_password(password: Password) -> Iterator[None]:
    """Write a generated password to its file before the body runs; remove it if the body
    fails, so no password is left for files that were never protected with it.

    A password that protects any file on disk is never removed: when the body fails with some
    files changed (PartialWriteError), the password file is kept, or a password that was to be
    shown at the end is shown now, and the message says so.
    """
    if password.out is not None:
        from toolkit.passwords import write_password_file

        write_password_file(password.out, password.value)
    try:
        yield
    except PartialWriteError as error:
        if not password.generated:
            raise
        if password.out is None:
            announce_password(password)
            raise
        raise PartialWriteError(
            f"{error}; {password.out} is kept: it holds their password", error.changed
        ) from None
    except BaseException:
        if password.out is not None:
            password.out.unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def terminated_as_interrupt() -> Iterator[None]:
    """Treat SIGTERM (a closed session, `kill`) like Ctrl-C while files are written, so that
    the clean-up of temporary files and folders runs instead of the process vanishing."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def unprotecting_password(password_file: Path | None) -> str:
    """The password to decrypt with: given, or typed at an interactive terminal."""
    given = password_from(password_file)
    if given is not None:
        return given
    if sys.stdin.isatty() and sys.stderr.isatty():
        typed: str = click.prompt("Password", hide_input=True, err=True)
        return typed
    raise ProtectError(f"no password: give --password-file or set ${PASSWORD_ENV}")


def _file_command(function: Callable[..., Any]) -> Callable[..., Any]:
    """The arguments and options `protect` and `unprotect` share."""
    function = click.option("--force", is_flag=True, help="Overwrite existing files given by -o.")(
        function
    )
    function = click.option(
        "-o",
        "--output",
        type=click.Path(path_type=Path),
        help="Write here instead of in place: a file for one input, a folder for several.",
    )(function)
    function = password_file_option(function)
    return click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))(
        function
    )


@click.command()
@_file_command
@password_out_option
def protect(
    files: tuple[Path, ...],
    password_file: Path | None,
    output: Path | None,
    force: bool,
    password_out: Path | None,
) -> None:
    """Password protect .docx/.xlsx FILES (in place, atomically, unless -o is given)."""
    from toolkit.protect import plan_jobs, protect_files

    jobs = plan_jobs(list(files), output, force=force)
    folders = {job.target.parent for job in jobs}
    password = protecting_password(password_file, password_out, keep_away_from=folders)
    # The password is kept before any file is protected with it: never a file nobody can open.
    with terminated_as_interrupt(), kept_password(password):
        protect_files(jobs, password.value)
    for job in jobs:
        click.echo(f"{job.target}: password protected")
    announce_password(password)


@click.command()
@_file_command
def unprotect(
    files: tuple[Path, ...], password_file: Path | None, output: Path | None, force: bool
) -> None:
    """Remove the password from .docx/.xlsx FILES (in place, atomically, unless -o is given).

    This writes readable, unprotected copies on purpose: do not email them.
    """
    from toolkit.protect import plan_jobs, unprotect_files

    jobs = plan_jobs(list(files), output, force=force)
    password = unprotecting_password(password_file)
    with terminated_as_interrupt():
        unprotect_files(jobs, password)
    for job in jobs:
        click.echo(f"{job.target}: password removed; this copy is NOT protected, do not email it")
