"""The exception hierarchy: each error carries the exit status the command line gives it."""

from __future__ import annotations

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


class InputError(ToolkitError):
    """A meeting file (or other input) is unusable; ``problems`` holds one line per problem."""

    def __init__(self, problems: list[str] | str) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))

    def lines(self) -> list[str]:
        return self.problems


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
    """A paper is not complete enough to circulate; ``lines`` holds one line per paper (the
    command line adds how to see why, or to circulate a draft)."""

    exit_code = EXIT_INCOMPLETE

    def __init__(self, lines: list[str]) -> None:
        self._lines = lines
        super().__init__("\n".join(lines))

    def lines(self) -> list[str]:
        return self._lines

    def __reduce__(self) -> tuple[type[IncompleteError], tuple[list[str]]]:
        # raised in a worker process (a rendered paper found incomplete) and pickled back:
        # rebuilt from its lines, not from the joined message
        return type(self), (self._lines,)


class PasswordNeeded(ProtectError):
    """A file is password protected and no password was given (the caller says how to give one)."""
