"""Rendering: meeting -> Word and Excel files, in memory. Word and Excel vocabulary stays here.

`render_meeting` is the one entry point used by `toolkit render` and `toolkit pack`: it returns
bytes, never writes, so that a pack can encrypt before anything touches the disk.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.frameworks import Kind
from toolkit.model import Meeting
from toolkit.naming import output_name


@dataclass(frozen=True)
class RenderedFile:
    """One Office file produced for a meeting: its file name and its bytes."""

    name: str
    data: bytes


@dataclass(frozen=True)
class Document:
    """One Office file of a meeting, named but not yet rendered.

    ``render`` is a picklable function (a partial of a module-level renderer), so that
    `toolkit pack` can render each document in its own process while others are encrypted.
    """

    name: str
    render: Callable[[], bytes]


def meeting_documents(
    meeting: Meeting, *, templates: Path | None = None, draft: bool = False
) -> list[Document]:
    """Every document of a meeting, in order: the record (or agenda and minutes), the tracker."""
    from toolkit.render.tracker import render_tracker

    documents: list[Document] = []
    if meeting.kind is Kind.STRATEGIC:
        from toolkit.render.strategic import render_agenda, render_minutes

        documents.append(_document(meeting, "Agenda", ".docx", render_agenda, draft=draft))
        documents.append(_document(meeting, "Minutes", ".docx", render_minutes, draft=draft))
    else:
        from toolkit.render.record import render_record

        what = f"{meeting.kind.value.title()} meeting record"
        documents.append(
            _document(meeting, what, ".docx", render_record, templates=templates, draft=draft)
        )
    documents.append(_document(meeting, "Action tracker", ".xlsx", render_tracker, draft=draft))
    return documents


def render_meeting(
    meeting: Meeting, *, templates: Path | None = None, draft: bool = False
) -> list[RenderedFile]:
    """Render every document of a meeting: the record (or agenda and minutes) and the tracker.

    ``templates`` is a council's own template folder (None: the toolkit's); ``draft`` adds DRAFT
    to the protective marking.
    """
    documents = meeting_documents(meeting, templates=templates, draft=draft)
    return [RenderedFile(document.name, document.render()) for document in documents]


def _document(
    meeting: Meeting, what: str, suffix: str, renderer: Callable[..., bytes], **options: Any
) -> Document:
    name = output_name(meeting.meeting.date, meeting.provider.name, what, suffix)
    return Document(name, functools.partial(renderer, meeting, **options))
