"""The registry of kinds of paper: one module per kind, found by its ``kind:`` name.

As pre-commit's ``all_languages.py`` lists its languages, `MODULES` lists the kinds; each module
defines ``KIND``, a `toolkit.kinds.base.PaperKind` that declares everything about its papers.
Load, render, check, pack, the manifest, `toolkit new` and the command line ask this registry
and never branch on a particular kind: a new kind is a module here, a template and a sample.
Modules are imported on first use, so that listing the kinds loads no model.
"""

from __future__ import annotations

import datetime as dt
import importlib
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from toolkit.kinds.base import PaperKind

#: Every kind, by name, in the order commands list them.
MODULES: dict[str, str] = {
    "initial": "toolkit.kinds.initial",
    "review": "toolkit.kinds.review",
    "strategic": "toolkit.kinds.strategic",
    "outcome": "toolkit.kinds.outcome",
    "letter": "toolkit.kinds.letter",
    "ccrf": "toolkit.kinds.ccrf",
    "concern": "toolkit.kinds.concern",
}


def names() -> tuple[str, ...]:
    """The kinds' names, as meeting files write them."""
    return tuple(MODULES)


def names_text(conjunction: str = "or") -> str:
    """``initial, review or strategic``: the kinds as a sentence lists them."""
    *rest, last = names()
    return f"{', '.join(rest)} {conjunction} {last}" if rest else last


@cache
def get(name: str) -> PaperKind[Any]:
    """The kind called ``name``; KeyError when there is none."""
    kind: PaperKind[Any] = importlib.import_module(MODULES[name]).KIND
    return kind


def of(paper: Any) -> PaperKind[Any]:
    """The kind of a validated paper."""
    return get(paper.kind)


def every() -> list[PaperKind[Any]]:
    """Every kind, in the registry's order."""
    return [get(name) for name in MODULES]


def with_section(key: str) -> list[str]:
    """The names of the kinds whose files take ``key`` under ``sections:`` (for hints)."""
    return [kind.name for kind in every() if key in kind.section_keys()]


def minutes_due(kind: str, day: dt.date) -> dt.date:
    """The date by which the paper of a ``kind`` meeting (or form) held on ``day`` is due."""
    return get(str(kind)).due_after(day)
