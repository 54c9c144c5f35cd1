"""What a circulation pack says about itself: the manifest (JSON) and the cover note for the email.

Neither ever holds the password: it is issued separately (protocol 6.4).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit import __version__, kinds
from toolkit.dates import long_date
from toolkit.model import Paper
from toolkit.profile import active, marking_text
from toolkit.protect import ENCRYPTION
from toolkit.text import UNSAFE_TO_SHOW

MANIFEST_NAME = "manifest.json"
COVER_NOTE_NAME = "cover-note.txt"


@dataclass(frozen=True)
class PackedFile:
    """An encrypted file of the pack, with the digest a recipient can check it against."""

    name: str
    sha256: str
    size: int


@dataclass(frozen=True)
class PackedMeeting:
    """One meeting of the pack: the file it came from, the meeting, and its encrypted files."""

    source: str
    meeting: Paper
    files: tuple[PackedFile, ...]


def title(meeting: Paper) -> str:
    """The name of the paper as it is titled."""
    return _one_line(kinds.of(meeting).paper_title(meeting))


def _one_line(text: str) -> str:
    """Typed text fit for a subject line or list item: line breaks and runs of spaces go."""
    return " ".join(text.split())


def build_manifest(
    meetings: list[PackedMeeting], *, draft: bool, created: dt.datetime
) -> dict[str, Any]:
    """Return the manifest: every file with its SHA-256, and for each meeting what a
    secretariat needs to track circulation (kind, date, provider, minutes due, recipients)."""
    return {
        "classification": marking_text(draft=draft),
        "draft": draft,
        "created": created.isoformat(timespec="seconds"),
        "toolkit": __version__,
        "encryption": ENCRYPTION,
        "password": "issued separately by another channel; not in this pack",
        "cover_note": COVER_NOTE_NAME,
        "meetings": [_meeting_entry(packed) for packed in meetings],
    }


def _meeting_entry(packed: PackedMeeting) -> dict[str, Any]:
    meeting = packed.meeting
    kind = kinds.of(meeting)
    return {
        "source": Path(packed.source).name,
        "kind": meeting.kind,
        "title": title(meeting),
        "date": kind.date_of(meeting).isoformat(),
        "provider": meeting.provider.model_dump(exclude_none=True),
        "minutes_due": kind.due(meeting).isoformat(),
        "minutes_rule": kind.due_rule(),
        "recipients": kind.recipients(meeting),
        "files": [{"name": f.name, "sha256": f.sha256, "bytes": f.size} for f in packed.files],
    }


def cover_note(meetings: list[PackedMeeting], *, draft: bool) -> str:
    """Return the text of the email that carries the pack: an OFFICIAL-SENSITIVE subject line,
    the files, the minutes due date written out, and that the password follows separately.

    It closes with who sends it (the profile's business unit, on behalf of its partnership), so
    that a recipient outside the partnership knows whose papers these are. The note is pasted
    into an email: no control character or direction override typed in a name reaches it
    (`toolkit.text.UNSAFE_TO_SHOW`), so that no line reads other than as it was written.
    """
    mark = marking_text(draft=draft)
    lines = [f"Subject: {mark}: {_subject(meetings)}", "", mark, ""]
    for packed in meetings:
        lines += _meeting_paragraph(packed, draft=draft)
    lines += [
        "Each file is password protected. The password follows by another channel (a separate "
        "message or a telephone call); it is not in this email.",
        "",
        "Please do not forward these papers beyond the people they are addressed to.",
        "",
        _sender(),
        "",
        mark,
    ]
    return UNSAFE_TO_SHOW.sub("", "\n".join(lines)) + "\n"


def _sender() -> str:
    """The closing line: "DSP Business Unit, on behalf of DSP"."""
    profile = active()
    return f"{_one_line(profile.business_unit)}, on behalf of {_one_line(profile.name)}"


def _subject(meetings: list[PackedMeeting]) -> str:
    if len(meetings) == 1:
        meeting = meetings[0].meeting
        return (
            f"{title(meeting)}, {_one_line(meeting.provider.name)}, "
            f"{long_date(kinds.of(meeting).date_of(meeting))}"
        )
    providers = sorted({_one_line(packed.meeting.provider.name) for packed in meetings})
    return f"papers of {len(meetings)} provider concerns meetings ({', '.join(providers)})"


def _meeting_paragraph(packed: PackedMeeting, *, draft: bool) -> list[str]:
    meeting = packed.meeting
    kind = kinds.of(meeting)
    state = "draft papers (for comment, not yet agreed)" if draft else "papers"
    lines = [
        f"Please find attached the {state} of the {kind.describe(meeting)} about "
        f"{_one_line(meeting.provider.name)}, {kind.cover_date_phrase} "
        f"{long_date(kind.date_of(meeting))}:",
        "",
        *(f"  - {file.name}" for file in packed.files),
        "",
        kind.due_sentence(meeting),
    ]
    if recipients := kind.recipients(meeting):
        lines.append("Circulated to: " + "; ".join(_one_line(r) for r in recipients) + ".")
    return [*lines, ""]
