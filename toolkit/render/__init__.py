"""Rendering: meeting -> Word and Excel files, in memory. Word and Excel vocabulary stays here.

`render_meeting` is the one entry point used by `toolkit render` and `toolkit pack`: it returns
bytes, never writes, so that a pack can encrypt before anything touches the disk.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit import kinds
from toolkit.kinds.base import DocumentSpec
from toolkit.model import Paper
from toolkit.naming import output_name
from toolkit.profile import active, carried


@dataclass(frozen=True)
class RenderedFile:
    """One Office file produced for a meeting: its file name and its bytes."""

    name: str
    data: bytes


@dataclass(frozen=True)
class Document:
    """One Office file of a meeting, named but not yet rendered.

    ``render`` is a picklable function (a partial of a module-level renderer, carrying the
    partnership profile in force), so that `toolkit pack` can render each document in its own
    process while others are encrypted.
    """

    name: str
    render: Callable[[], bytes]


def meeting_documents(
    meeting: Paper, *, templates: Path | None = None, draft: bool = False
) -> list[Document]:
    """Every document of a paper, in the order its kind declares them (the record, or agenda
    and minutes, then the tracker)."""
    kind = kinds.of(meeting)
    return [
        _document(meeting, kind.date_of(meeting), spec, templates=templates, draft=draft)
        for spec in kind.documents
    ]


def render_meeting(
    meeting: Paper, *, templates: Path | None = None, draft: bool = False
) -> list[RenderedFile]:
    """Render every document of a paper: the record (or agenda and minutes) and the tracker.

    ``templates`` is a council's own template folder (None: the toolkit's); ``draft`` adds DRAFT
    to the protective marking.
    """
    documents = meeting_documents(meeting, templates=templates, draft=draft)
    return [RenderedFile(document.name, document.render()) for document in documents]


def _document(
    meeting: Paper, day: dt.date, spec: DocumentSpec, *, templates: Path | None, draft: bool
) -> Document:
    module, _, function = spec.renderer.partition(":")
    renderer: Callable[..., bytes] = getattr(importlib.import_module(module), function)
    options: dict[str, Any] = {"draft": draft}
    if spec.templates:
        options["templates"] = templates
    name = output_name(day, meeting.provider.name, spec.what, spec.suffix)
    return Document(name, carried(functools.partial(_labelled, renderer, meeting, **options)))


def _labelled(renderer: Callable[..., bytes], meeting: Paper, **options: Any) -> bytes:
    """Render, then give the file the sensitivity label of the profile in force (if any)."""
    return label_document(renderer(meeting, **options))


def label_document(data: bytes) -> bytes:
    """Return ``data`` (a .docx or .xlsx) with the profile's sensitivity label; unchanged
    without one. Every Word and Excel file the toolkit writes passes here, so that Office shows
    the council's own label on each."""
    from toolkit.render.labels import apply_label

    label = active().label
    return apply_label(data, dict(label)) if label else data
