"""Running the command line in tests the way the password rules demand: never echoing it."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from toolkit.cli import main
from toolkit.passwords import PASSWORD_ENV


def run_keeping_secret(
    password: str, *args: str | Path, env: dict[str, str] | None = None
) -> Result:
    """Run `toolkit ARGS` with $TOOLKIT_PASSWORD cleared unless ``env`` sets it, and fail the
    test if ``password`` appears in anything the command printed."""
    result = CliRunner().invoke(main, [str(a) for a in args], env={PASSWORD_ENV: "", **(env or {})})
    assert password not in result.output + result.stderr
    return result


def password_file_at(path: Path, password: str) -> Path:
    """A password file as people make them: the password on its first line."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(password + "\n", encoding="utf-8")
    return path
