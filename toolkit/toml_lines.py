"""TOML text -> plain data, with the line of every table and key for error messages.

tomllib gives no positions for keys, only for syntax errors, so a small scanner of the (already
valid) text finds the line where each table and key is written: ``[deadlines]`` headers, dotted
keys, and the keys of inline tables such as ``review = { days = 7 }``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from typing import Any

from toolkit.errors import InputError

#: Where a key sits: the table names and the key, from the top of the file.
KeyPath = tuple[str, ...]

_SYNTAX_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_SYNTAX_END = re.compile(r"\s*\(at end of document\)$")
#: One token: a multi-line or one-line string, a comment, a newline, punctuation, or a bare run.
_TOKEN = re.compile(
    r'"""(?:[^\\]|\\.)*?"""(?!")|\'\'\'.*?\'\'\'(?!\')|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\''
    r"|#[^\n]*|\r?\n|[\[\]{}=,.]|[ \t]+|[^\s\[\]{}=,.#\"']+",
    re.DOTALL,
)


def parse_toml(text: str, source: str) -> tuple[dict[str, Any], dict[KeyPath, int]]:
    """Return the data of TOML ``text`` and the line of each table and key path.

    A syntax error raises InputError as ``SOURCE:LINE: message`` (tomllib's own words).
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        line = len(text.splitlines()) or 1
        if match := _SYNTAX_AT.search(message):
            line = int(match.group(1))
            message = f"{message[: match.start()]} (column {match.group(2)})"
        else:
            message = _SYNTAX_END.sub(" (at the end of the file)", message)
        message = message[:1].lower() + message[1:]
        raise InputError(f"{source}:{line}: not valid TOML: {message}") from None
    try:
        lines = key_lines(text)
    except IndexError:  # TOML the scanner does not follow: messages say line 1, never crash
        lines = {}
    return data, lines


def key_lines(text: str) -> dict[KeyPath, int]:
    """Return the line where each table and key of valid TOML ``text`` is first written.

    Every prefix of a path gets a line too (``("deadlines",)`` for ``deadlines.review = ...``).
    """
    return _Scanner(text).scan()


class _Scanner:
    """A walk over the tokens of valid TOML: values are skipped, tables and keys are noted."""

    def __init__(self, text: str) -> None:
        self.tokens = list(_tokens(text))
        self.index = 0
        self.found: dict[KeyPath, int] = {}

    def scan(self) -> dict[KeyPath, int]:
        table: KeyPath = ()
        while self.index < len(self.tokens):
            if self._at("\n"):
                self.index += 1
            elif self._at("["):
                table = self._header()
            else:
                self._value(self._key(table))
        return self.found

    def _at(self, text: str) -> bool:
        return self.index < len(self.tokens) and self.tokens[self.index][0] == text

    def _header(self) -> KeyPath:
        """``[a.b]`` or ``[[a.b]]``: the table that the following keys belong to."""
        line = self.tokens[self.index][1]
        path = self._path(until="]")
        if self._at("]"):  # the second bracket of [[a.b]]
            self.index += 1
        self._note(path, line)
        return path

    def _key(self, prefix: KeyPath) -> KeyPath:
        """A (dotted) key, up to its ``=``, below ``prefix``."""
        line = self.tokens[self.index][1]
        path = prefix + self._path(until="=")
        self._note(path, line)
        return path

    def _path(self, until: str) -> KeyPath:
        parts: list[str] = []
        while (text := self.tokens[self.index][0]) != until:
            self.index += 1
            if text not in (".", "["):
                parts.append(_unquoted(text))
        self.index += 1
        return tuple(parts)

    def _value(self, path: KeyPath) -> None:
        """Skip one value, noting the keys of inline tables (in arrays too) below ``path``."""
        if self._at("{"):
            self.index += 1
            while not self._at("}"):
                if self._at(","):
                    self.index += 1
                else:
                    self._value(self._key(path))
            self.index += 1
        elif self._at("["):
            self.index += 1
            while not self._at("]"):
                if self._at(",") or self._at("\n"):
                    self.index += 1
                else:
                    self._value(path)
            self.index += 1
        else:
            while self.index < len(self.tokens) and self.tokens[self.index][0] not in _VALUE_END:
                self.index += 1

    def _note(self, path: KeyPath, line: int) -> None:
        for size in range(1, len(path) + 1):
            self.found.setdefault(path[:size], line)


#: What ends a plain value (a string, number, date or boolean).
_VALUE_END = frozenset({",", "}", "]", "\n"})


def _tokens(text: str) -> Iterator[tuple[str, int]]:
    """Yield (token, line) for the tokens that matter: no spaces, no comments."""
    line = 1
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token.startswith("\r"):
            token = "\n"
        if not token.startswith(("#", " ", "\t")):
            yield token, line
        line += token.count("\n")


def _unquoted(token: str) -> str:
    """A key as tomllib names it: bare, or the text of a quoted key."""
    if token.startswith('"'):
        return str(tomllib.loads(f"k = {token}")["k"])
    if token.startswith("'"):
        return token[1:-1]
    return token
