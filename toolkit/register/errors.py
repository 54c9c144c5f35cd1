"""The register's errors: each a ToolkitError, so the command line prints one line, exit 2."""

from __future__ import annotations

from toolkit.errors import ToolkitError


class RegisterError(ToolkitError):
    """The register cannot be opened or used: damaged, foreign, newer, or unreachable."""


class WrongKeyError(RegisterError):
    """The key given does not open the encrypted register."""


class UnknownProviderError(RegisterError):
    """No provider (or more than one) in the register answers to the name or ID asked for."""
