"""Text into Excel cells and print headers exactly as typed: never a formula, never cut silently."""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

from toolkit.errors import InputError
from toolkit.model import EXCEL_CELL_LIMIT
from toolkit.text import clean_text, illegal_characters

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell

#: A cell whose text starts with one of these is a formula to Excel (and to LibreOffice) on edit.
FORMULA_PREFIXES = ("=", "+", "-", "@")


class CleanedTextWarning(UserWarning):
    """Characters an .xlsx cannot hold were dropped from a text (the loader reports them first)."""


def excel_text(text: str, where: str) -> str:
    """Return ``text`` fit for an Excel cell; ``where`` names the field in messages.

    Characters that XML (so .xlsx) cannot hold are dropped with a CleanedTextWarning: meeting
    files are cleaned by the loader, so this only guards models built in code. A text over
    Excel's 32,767-character cell limit raises InputError rather than being cut.
    """
    if bad := illegal_characters(text):
        message = f"{where}: dropped {', '.join(bad)}, which Excel cannot hold"
        warnings.warn(message, CleanedTextWarning, stacklevel=2)
        text = clean_text(text)
    if len(text) > EXCEL_CELL_LIMIT:
        raise InputError(
            f"{where}: is {len(text):,} characters, longer than Excel's "
            f"{EXCEL_CELL_LIMIT:,}-character cell limit; shorten it"
        )
    return text


def set_text(cell: Cell, text: str) -> None:
    """Store ``text`` in ``cell`` as a string, whatever its first character.

    openpyxl makes any value starting with ``=`` a formula; the data type is forced back to a
    string, and the quote prefix (Excel's leading apostrophe) is set on text that Excel would
    otherwise re-evaluate as a formula when someone edits the cell.
    """
    cell.value = text
    cell.data_type = "s"
    if text.startswith(FORMULA_PREFIXES):
        cell.quotePrefix = True


def header_footer_text(text: str, limit: int = 100) -> str:
    """Return ``text`` for a printed header or footer: ``&`` (Excel's code marker) doubled.

    A text longer than ``limit`` once escaped is shortened, with an ellipsis: Excel rejects a
    header over 255 characters, and the full text is in the sheet itself.
    """
    escaped = " ".join(clean_text(text).split()).replace("&", "&&")
    if len(escaped) <= limit:
        return escaped
    cut = escaped[: limit - 1]
    if (len(cut) - len(cut.rstrip("&"))) % 2:  # never split an escaped "&&"
        cut = cut[:-1]
    return cut.rstrip() + "…"


#: Points per line of 11-point text, as Excel sets a row's default height.
LINE_HEIGHT = 15.0


def wrapped_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes wrapped in a column ``width`` characters wide.

    Neither Excel nor LibreOffice sizes a row to its wrapped text when opening a file written
    by a program, so the height is set from this estimate; it errs on the tall side (a little
    white space rather than a hidden line).
    """
    chars = max(1, int(width) - 1)
    if len(text) <= chars and "\n" not in text:
        return 1
    return sum(_line_count(line, chars) for line in text.split("\n"))


def _line_count(line: str, chars: int) -> int:
    """Lines of one paragraph wrapped greedily at spaces (long words break), as Excel does."""
    if len(line) <= chars:
        return 1
    lines, used = 1, 0
    for word in line.split():
        size = len(word)
        if used and used + 1 + size <= chars:
            used += 1 + size
            continue
        if used:
            lines += 1
        full, used = divmod(size, chars)
        lines += full - (1 if full and not used else 0)
        used = used or (chars if full else 0)
    return lines


def row_height(cells: list[tuple[str, float]]) -> float:
    """The height in points that shows every (text, column width) of a row in full."""
    return LINE_HEIGHT * max([1, *(wrapped_lines(text, width) for text, width in cells)])
