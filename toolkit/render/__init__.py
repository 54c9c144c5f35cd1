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


#: Added to the name of a document's provider copy: "... - Initial meeting record - Provider copy".
PROVIDER_COPY = "Provider copy"


def meeting_documents(
    meeting: Paper,
    *,
    templates: Path | None = None,
    draft: bool = False,
    provider_copy: bool = False,
) -> list[Document]:
    """Every document of a paper, in the order its kind declares them (the record, or agenda
    and minutes, then the tracker).

    With ``provider_copy``, each document that has a provider's copy (a meeting record) is
    followed by that copy; a paper with none gets none (see `has_provider_copy`).
    """
    kind = kinds.of(meeting)
    day = kind.date_of(meeting)
    documents = []
    for spec in kind.documents:
        documents.append(_document(meeting, day, spec, templates=templates, draft=draft))
        if provider_copy and spec.provider_copy:
            documents.append(
                _document(meeting, day, spec, templates=templates, draft=draft, copy=True)
            )
    return documents


def has_provider_copy(meeting: Paper) -> bool:
    """Whether a document of ``meeting`` comes as a provider's copy (a strategic meeting's
    papers do not), so that a caller can say so when one is asked for."""
    return any(spec.provider_copy for spec in kinds.of(meeting).documents)


def render_meeting(
    meeting: Paper,
    *,
    templates: Path | None = None,
    draft: bool = False,
    provider_copy: bool = False,
) -> list[RenderedFile]:
    """Render every document of a paper: the record (or agenda and minutes) and the tracker.

    ``templates`` is a council's own template folder (None: the toolkit's); ``draft`` adds DRAFT
    to the protective marking; ``provider_copy`` adds the provider's copy of the record.
    """
    documents = meeting_documents(
        meeting, templates=templates, draft=draft, provider_copy=provider_copy
    )
    return [RenderedFile(document.name, document.render()) for document in documents]


def _document(
    meeting: Paper,
    day: dt.date,
    spec: DocumentSpec,
    *,
    templates: Path | None,
    draft: bool,
    copy: bool = False,
) -> Document:
    options: dict[str, Any] = {"draft": draft}
    if spec.templates:
        options["templates"] = templates
    what = spec.what
    if copy:
        options["provider_copy"] = True
        what = f"{what} - {PROVIDER_COPY}"
    name = output_name(day, meeting.provider.name, what, spec.suffix)
    return Document(name, carried(functools.partial(_labelled, spec.renderer, meeting, **options)))


def _labelled(renderer: str, meeting: Paper, **options: Any) -> bytes:
    """Render with ``renderer`` (``module:function``), then give the file the sensitivity label
    of the profile in force (if any).

    The renderer's module is imported here, where the document is rendered (a pack's worker
    process), so that naming a paper's documents loads no Word or Excel library.
    """
    module, _, function = renderer.partition(":")
    render: Callable[..., bytes] = getattr(importlib.import_module(module), function)
    return label_document(render(meeting, **options))


def label_document(data: bytes) -> bytes:
    """Return ``data`` (a .docx or .xlsx) with the profile's sensitivity label; unchanged
    without one. Every Word and Excel file the toolkit writes passes here, so that Office shows
    the council's own label on each."""
    from toolkit.render.labels import apply_label

    label = active().label
    return apply_label(data, dict(label)) if label else data
