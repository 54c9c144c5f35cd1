"""The exception hierarchy: each error carries the exit status the command line gives it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

EXIT_OK = 0
EXIT_INCOMPLETE = 1
EXIT_BAD_INPUT = 2
#: A fault of the toolkit itself (an exception nobody raised on purpose), not of the input.
EXIT_BUG = 3


class ToolkitError(Exception):
    """Root of every error the toolkit raises on purpose; the CLI prints it as one line."""

    exit_code = EXIT_BAD_INPUT

    def lines(self) -> list[str]:
        """Return the message as the lines the CLI prints (one per problem)."""
        return [str(self)]


@dataclass(frozen=True)
class Problem:
    """One problem of an input, as data, so that a web form can put it beside its field.

    ``source`` names the input (a file, a request's paper), ``line`` is 1-based, ``field`` the
    dotted path (``meeting.attendees[2].name``; "" is the paper as a whole); a problem known
    only as a line of text has just a ``message``. ``str()`` is the line the command line
    prints: ``SOURCE:LINE: field.path: message``.
    """

    message: str
    source: str = ""
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        field = None if self.field is None else self.field or "(top level)"
        return ": ".join(part for part in (where, field, self.message) if part)


def _problems(given: Iterable[Problem | str] | Problem | str) -> list[Problem]:
    """Problems from what an error is raised with (lines of text are problems without a place)."""
    items = [given] if isinstance(given, Problem | str) else list(given)
    return [item if isinstance(item, Problem) else Problem(item) for item in items]


class InputError(ToolkitError):
    """A meeting file (or other input) is unusable; ``details`` holds each problem as data and
    ``problems`` the line the command line prints for each."""

    def __init__(self, problems: Iterable[Problem | str] | Problem | str) -> None:
        self.details = _problems(problems)
        self.problems = [str(problem) for problem in self.details]
        super().__init__("\n".join(self.problems))

    def lines(self) -> list[str]:
        return self.problems

    def __reduce__(self) -> tuple[type[InputError], tuple[list[Problem]]]:
        return type(self), (self.details,)


class UsageError(ToolkitError):
    """The command was asked for something it cannot do (two meetings writing one file...)."""


class ExistsError(UsageError):
    """An output already exists and the caller did not allow replacing it.

    The message names the file; ``remedy`` says what allowing it would do ("overwrite it"), so
    that the command line can name its own option and a web form its own button.
    """

    def __init__(self, path: object, *, others: int = 0, remedy: str = "overwrite it") -> None:
        self.path = path
        self.others = others
        self.remedy = remedy
        more = f" (and {others} more)" if others else ""
        super().__init__(f"{path}: already exists{more}")


class TemplateError(ToolkitError):
    """A Word or Excel template is missing, broken or lacks what the toolkit needs."""


class DocumentError(ToolkitError):
    """An Office document given as input cannot be read (not a .docx, truncated, corrupt)."""


class ProtectError(ToolkitError):
    """Encryption or decryption failed: wrong password, not an Office file, weak password."""


class OutputError(ToolkitError):
    """An output could not be written (read-only folder, disk full); nothing is half-written."""


class IncompleteError(ToolkitError):
    """A paper is not complete enough to circulate; ``details`` holds one problem per paper
    (its ``source`` names the paper) and ``lines()`` their lines (the command line adds how to
    see why, or to circulate a draft)."""

    exit_code = EXIT_INCOMPLETE

    def __init__(self, problems: Iterable[Problem | str]) -> None:
        self.details = _problems(problems)
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        return [str(problem) for problem in self.details]

    def __reduce__(self) -> tuple[type[IncompleteError], tuple[list[Problem]]]:
        # raised in a worker process (a rendered paper found incomplete) and pickled back:
        # rebuilt from its problems, not from the joined message
        return type(self), (self.details,)


class PasswordNeeded(ProtectError):
    """A file is password protected and no password was given (the caller says how to give one)."""
