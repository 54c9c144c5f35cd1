"""Rendering: meeting -> Word and Excel files, in memory. Word and Excel vocabulary stays here.

`render_meeting` is the one entry point used by `toolkit render` and `toolkit pack`: it returns
bytes, never writes, so that a pack can encrypt before anything touches the disk.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from toolkit.frameworks import Kind
from toolkit.model import Meeting
from toolkit.naming import output_name


@dataclass(frozen=True)
class RenderedFile:
    """One Office file produced for a meeting: its file name and its bytes."""

    name: str
    data: bytes


def render_meeting(
    meeting: Meeting, *, templates: Path | None = None, draft: bool = False
) -> list[RenderedFile]:
    """Render every document of a meeting: the record (or agenda and minutes) and the tracker.

    ``templates`` is a council's own template folder (None: the toolkit's); ``draft`` adds DRAFT
    to the protective marking.
    """
    from toolkit.render.tracker import render_tracker

    files: list[RenderedFile] = []
    if meeting.kind is Kind.STRATEGIC:
        from toolkit.render.strategic import render_agenda, render_minutes

        files.append(_named(meeting, "Agenda", ".docx", render_agenda(meeting, draft=draft)))
        files.append(_named(meeting, "Minutes", ".docx", render_minutes(meeting, draft=draft)))
    else:
        from toolkit.render.record import render_record

        what = f"{meeting.kind.value.title()} meeting record"
        data = render_record(meeting, templates=templates, draft=draft)
        files.append(_named(meeting, what, ".docx", data))
    files.append(_named(meeting, "Action tracker", ".xlsx", render_tracker(meeting)))
    return files


def _named(meeting: Meeting, what: str, suffix: str, data: bytes) -> RenderedFile:
    return RenderedFile(
        output_name(meeting.meeting.date, meeting.provider.name, what, suffix), data
    )
