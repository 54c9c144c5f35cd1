"""Plain text as administrators type it: cleaning, and splitting into paragraphs and bullets."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

# Characters that XML 1.0 cannot hold (so neither .docx nor .xlsx can): C0 controls other than
# tab/newline/carriage return, lone surrogates, and the two non-characters U+FFFE/U+FFFF.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BULLET = re.compile(r"^\s*[-*•]\s+")
#: Characters that drive a terminal or reorder the text shown around them: C0 controls but tab
#: and newline, DEL, C1 controls (0x9b alone starts a terminal sequence), and Unicode's
#: direction marks, embeddings, overrides and isolates (a provider name that turns the rest of
#: its line around, as in "Trojan Source"). Shown on a screen or in an email, never as is.
UNSAFE_TO_SHOW = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def illegal_characters(text: str) -> list[str]:
    """Return the characters of ``text`` that an Office file cannot hold, as ``U+000B`` names."""
    return sorted({f"U+{ord(ch):04X}" for ch in _XML_ILLEGAL.findall(text)})


def clean_text(text: str) -> str:
    """Return ``text`` without XML-illegal characters, and with Windows line ends unified."""
    return _XML_ILLEGAL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


@dataclass(frozen=True)
class Block:
    """One paragraph or bullet point of a text field; ``text`` keeps single line breaks."""

    kind: Literal["paragraph", "bullet"]
    text: str


def split_blocks(text: str) -> list[Block]:
    """Split a text field into paragraphs and bullet points.

    A blank line starts a new paragraph; a line beginning with ``- ``, ``* `` or ``• `` is a bullet
    point; other lines continue the paragraph or bullet above them as a line break.
    """
    blocks: list[Block] = []
    current: list[str] = []
    kind: Literal["paragraph", "bullet"] = "paragraph"

    def flush() -> None:
        if current:
            blocks.append(Block(kind, "\n".join(current)))
            current.clear()

    for raw in clean_text(text).split("\n"):
        line = raw.rstrip()
        if not line.strip():
            flush()
            kind = "paragraph"
        elif _BULLET.match(line):
            flush()
            kind = "bullet"
            current.append(_BULLET.sub("", line, count=1))
        else:
            current.append(line.strip() if kind == "bullet" else line)
    flush()
    return blocks


def is_blank(text: str | None) -> bool:
    """True when ``text`` is missing or only whitespace."""
    return text is None or not text.strip()


def shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, ending "..." when cut (ASCII, so that any console
    can print it)."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def shown(value: object, limit: int = 40) -> str:
    """``value`` quoted for an error message: on one line, and cut short when long."""
    return repr(shorten(str(value), limit))


def capitalised(text: str) -> str:
    """``minutes due by`` -> ``Minutes due by``: the first letter raised and the rest left as
    written (``str.capitalize`` lowers it: "sent on thursday 19 november")."""
    return text[:1].upper() + text[1:]


def counted(number: int, noun: str) -> str:
    """``1 action``, ``3 actions``: a count with its noun, for messages."""
    return f"{number} {noun}{'' if number == 1 else 's'}"
