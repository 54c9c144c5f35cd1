"""Output file names: built from kind, provider and date, safe on Windows and POSIX."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from toolkit.text import UNSAFE_TO_SHOW

#: Characters Windows refuses in a file name, and those no screen shows as they are: control
#: characters and the bidirectional controls that would make a name display reversed
#: ("...cod.exe" spoofing the extension); tabs and line ends are spaces below.
_UNSAFE = re.compile(r'[\\/:*?"<>|]|' + UNSAFE_TO_SHOW.pattern)
MAX_PROVIDER_CHARS = 60
#: File systems allow 255 bytes a name; 60 emoji are 240 bytes of UTF-8.
MAX_PROVIDER_BYTES = 120


def safe_part(text: str, limit: int = MAX_PROVIDER_CHARS) -> str:
    """Return ``text`` fit to stand in a file name on Windows and POSIX.

    Unsafe characters become spaces, runs of dots (``..``) collapse, leading and trailing dots and
    spaces go (Windows drops them), and the result is cut to ``limit`` characters at a word.
    """
    text = unicodedata.normalize("NFC", text)
    text = _UNSAFE.sub(" ", text)
    text = re.sub(r"\.{2,}", ".", text)
    text = re.sub(r"\s+", " ", text).strip(" .")
    if len(text) > limit:
        # never empty: the text starts with neither a space nor a dot, so what comes before its
        # last space (or, without one, all of it) keeps at least that first character; the
        # dots and spaces it may end with go below
        text = text[:limit].rsplit(" ", 1)[0]
    text = text.encode()[:MAX_PROVIDER_BYTES].decode("utf-8", "ignore").strip(" .")
    return text or "meeting"


def output_name(meeting_date: dt.date, provider: str, what: str, suffix: str) -> str:
    """Return e.g. ``2026-11-20 Oakview Care Home - Initial meeting record.docx``.

    The date leads so that a folder lists meetings in order; Windows reserved names (CON, NUL...)
    cannot occur because the name never starts with the provider.
    """
    return f"{meeting_date:%Y-%m-%d} {safe_part(provider)} - {what}{suffix}"
