"""The `toolkit` command line: a thin click layer over the library, and the only place that
prints or exits. Commands load lazily so that `toolkit validate` does not import Word or Excel."""

from __future__ import annotations

import datetime as dt
import importlib
import os
import re
import sys
from typing import IO, Any

import click

from toolkit import __version__
from toolkit.errors import (
    EXIT_BUG,
    ExistsError,
    IncompleteError,
    PasswordNeeded,
    ToolkitError,
    UsageError,
)
from toolkit.text import UNSAFE_TO_SHOW

#: command name -> "module:function"; each command module imports only what it needs.
COMMANDS: dict[str, str] = {
    "validate": "toolkit.cli.meeting:validate",
    "new": "toolkit.cli.meeting:new",
    "frameworks": "toolkit.cli.meeting:frameworks",
    "check": "toolkit.cli.check:check",
    "protect": "toolkit.cli.protect:protect",
    "unprotect": "toolkit.cli.protect:unprotect",
    "due": "toolkit.cli.due:due",
    "pack": "toolkit.cli.pack:pack",
    "render": "toolkit.cli.render:render",
    "templates": "toolkit.cli.render:templates",
    "tracker": "toolkit.cli.tracker:tracker",
    "profile": "toolkit.cli.profile:profile",
    "register": "toolkit.cli.register:register",
    "serve": "toolkit.cli.serve:serve",
}


class LazyGroup(click.Group):
    """A group whose commands are imported on first use, and whose errors are one line each."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        saved = sys.stdout, sys.stderr
        _tolerant_streams()
        try:
            return super().main(*args, **kwargs)
        finally:  # the streams are the caller's again (a test runner, an embedding program)
            sys.stdout, sys.stderr = saved

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, _, attribute = target.partition(":")
        command: click.Command = getattr(importlib.import_module(module), attribute)
        _add_profile_option(command)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ToolkitError as error:
            for line in worded(error):
                click.echo(line, err=True)
            ctx.exit(error.exit_code)
        except BrokenPipeError:  # output piped into `head` and the like
            sys.stderr.close()
            ctx.exit(0)
        except (click.exceptions.Exit, click.ClickException):
            raise
        except (KeyboardInterrupt, click.Abort):  # Abort: Ctrl-C or Ctrl-D at a password prompt
            # click would say "Aborted!" and exit 1, which means "incomplete" here
            click.echo("error: interrupted; nothing half-written was left behind", err=True)
            ctx.exit(130)
        except Exception as error:  # the last guard: never a traceback for a user
            if os.environ.get("TOOLKIT_DEBUG"):
                raise
            name = type(error).__name__
            click.echo(
                f"error: unexpected {name}: {error}; this is a fault of the toolkit, not of "
                "your files: please report it (set TOOLKIT_DEBUG=1 for details)",
                err=True,
            )
            ctx.exit(EXIT_BUG)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="toolkit")
def main() -> None:
    """Records, action trackers, completeness checks and encrypted packs for multi-agency
    provider concerns meetings.

    Start with `toolkit new initial -o meeting.yaml`, fill it in, then `toolkit validate`.
    """


def _add_profile_option(command: click.Command) -> None:
    """Give ``command`` (or each command of a group) the ``--profile FILE`` option, once.

    Added here rather than on each command, so that no command can forget it.
    """
    if isinstance(command, click.Group):
        for each in command.commands.values():
            _add_profile_option(each)
    elif not any(param.name == "profile" for param in command.params):
        command.params.append(
            click.Option(
                ["--profile"],
                metavar="FILE",
                envvar="TOOLKIT_PROFILE",
                show_envvar=True,
                expose_value=False,
                is_eager=True,
                callback=_use_profile,
                help="A partnership's own rules (TOML): deadlines, bank holidays, quorum, names "
                "and marking; see `toolkit profile show`.",
            )
        )


def _use_profile(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    """Load the profile and put it in force for the rest of the command."""
    if not value:
        return
    from toolkit import kinds
    from toolkit.profile import load_profile, use_profile

    ctx.with_resource(use_profile(load_profile(value, kinds=kinds.names())))


def _tolerant_streams() -> None:
    """Print what a console cannot show as "?" instead of failing, and control characters as
    escapes (``\\x1b``) instead of raw.

    Commands print people's text (names such as "Tŷ Gwyn", a provider called "✓ Care", emoji),
    and a Windows console or a redirected output often encodes as cp1252, where Python's
    stdout would raise UnicodeEncodeError half way through a command's output. That text comes
    from files anyone may have written: a provider name holding ESC or C1 sequences would
    recolour, retitle or rewrite the user's terminal, so every line the command line prints
    passes through one filter here rather than each command remembering to clean its names.
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    if sys.stdout is not None and not isinstance(sys.stdout, SafeText):
        sys.stdout = SafeText(sys.stdout)
    if sys.stderr is not None and not isinstance(sys.stderr, SafeText):
        sys.stderr = SafeText(sys.stderr)


def printable(text: str) -> str:
    """``text`` with each control character and direction override shown as an escape
    (``\\x1b``, ``\\u202e``), so that nothing printed can drive the terminal or reverse the
    rest of a line; newlines and tabs stay (see `toolkit.text.UNSAFE_TO_SHOW`)."""
    return UNSAFE_TO_SHOW.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


class SafeText:
    """A text stream that writes control characters as escapes (see :func:`printable`)."""

    def __init__(self, stream: IO[str]) -> None:
        self.raw = stream

    def write(self, text: str) -> int:
        return self.raw.write(printable(text) if isinstance(text, str) else text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)


def trusted(stream: Any) -> Any:
    """The stream under the control-character filter, for text the toolkit made itself and
    styles on purpose (a generated password shown in bold)."""
    return stream.raw if isinstance(stream, SafeText) else stream


def worded(error: ToolkitError) -> list[str]:
    """The error's lines as the command line says them: the library names no option, so the
    options that would help are named here."""
    lines = list(error.lines())
    if isinstance(error, ExistsError):
        lines[-1] += f"; use --force to {error.remedy}"
    if isinstance(error, PasswordNeeded):
        from toolkit.passwords import PASSWORD_ENV

        lines[-1] += f" with --password-file or ${PASSWORD_ENV}"
    if isinstance(error, IncompleteError):
        lines.append("run `toolkit check` for details, or pack with --draft to circulate a DRAFT")
    return lines


def date_option(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    """Parse a date option (``--date``, ``--today``) in the formats meeting files accept."""
    if value is None:
        return None
    from toolkit.dates import parse_date

    try:
        return parse_date(value)
    except ValueError as error:
        raise UsageError(f"--{param.name}: {error}") from None


def echo_warnings(warnings: list[str]) -> None:
    """Print library warnings (cleaned text and the like) to standard error."""
    for warning in warnings:
        click.echo(warning, err=True)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
