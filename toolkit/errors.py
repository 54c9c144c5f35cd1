"""The exception hierarchy: each error carries the exit status the command line gives it."""

from __future__ import annotations

EXIT_OK = 0
EXIT_INCOMPLETE = 1
EXIT_BAD_INPUT = 2


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
    """The command was asked for something it cannot do (an existing file without --force...)."""


class TemplateError(ToolkitError):
    """A Word or Excel template is missing, broken or lacks what the toolkit needs."""


class DocumentError(ToolkitError):
    """An Office document given as input cannot be read (not a .docx, truncated, corrupt)."""


class ProtectError(ToolkitError):
    """Encryption or decryption failed: wrong password, not an Office file, weak password."""


class OutputError(ToolkitError):
    """An output could not be written (read-only folder, disk full); nothing is half-written."""
