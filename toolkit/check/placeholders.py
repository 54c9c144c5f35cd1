"""Text that fills a section without saying anything (TBC, "see above", lorem ipsum): one list.

A chair may not sign off a heading whose only text is a placeholder; "Not applicable: <reason>"
counts as addressed, a bare "N/A" does not. The same rules judge a meeting file and a Word record.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from toolkit.check.report import Status
from toolkit.frameworks import NO_NOTES, NOT_RECORDED
from toolkit.text import shorten

#: Whole-text placeholders, compared after lower-casing and trimming brackets, quotes and stops.
PLACEHOLDER_PHRASES: frozenset[str] = frozenset(
    {
        "tbc",
        "t.b.c",
        "tba",
        "t.b.a",
        "tbd",
        "t.b.d",
        "to be confirmed",
        "to be agreed",
        "to be advised",
        "to be added",
        "to be completed",
        "to be determined",
        "to be updated",
        "to follow",
        "details to follow",
        "information to follow",
        "see above",
        "as above",
        "see below",
        "n/a",
        "na",
        "n.a",
        "not applicable",
        "todo",
        "to do",
        "pending",
        "placeholder",
        "insert text here",
        "enter text here",
        "click or tap here to enter text",  # Word's content-control prompt
        "click here to enter text",
    }
)

#: Placeholders recognised by shape: runs of x, lorem ipsum, "[insert ...]", "TBC - awaiting ...".
PLACEHOLDER_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(r"^x{2,}$"),
    re.compile(r"^lorem ipsum\b"),
    re.compile(r"^[\[<{(]\s*(?:insert|enter|add|type)\b.*[\]>})]$"),
    re.compile(r"^(?:tbc|tba|tbd|to be confirmed|to follow)\s*[-–—:(,;]"),
)

_NOT_APPLICABLE = re.compile(
    r"^\s*(?:not applicable|n\s*/\s*a)(?:[\s:\-–—(,;.]+|$)(?P<reason>.*)$", re.I | re.S
)
#: What the toolkit prints in place of an empty section: the section is empty, as in the YAML.
_EMPTY_MARKERS = frozenset({NOT_RECORDED, NO_NOTES})
_NO_WORDS = re.compile(r"^[\W_]*$")
_TRIM = "[](){}<>*_\"'“”‘’.:;,!? \t\n"


@dataclass(frozen=True)
class Verdict:
    """The status of a section's text and the note a chair sees beside it."""

    status: Status
    note: str = ""


def is_placeholder(text: str) -> bool:
    """True when ``text`` is only a placeholder: TBC, "to follow", "-", "...", lorem ipsum..."""
    stripped = text.strip()
    if _NO_WORDS.match(stripped):
        return True
    core = stripped.lower().strip(_TRIM)
    return core in PLACEHOLDER_PHRASES or any(
        p.search(stripped.lower()) for p in PLACEHOLDER_PATTERNS
    )


def not_applicable_reason(text: str) -> str | None:
    """The reason of ``Not applicable: <reason>`` (or ``N/A - <reason>``); "" when the text says
    not applicable without a real reason; None when it does not say not applicable at all."""
    match = _NOT_APPLICABLE.match(text)
    if not match:
        return None
    reason = match.group("reason").strip().rstrip(")").strip()
    return "" if not reason or is_placeholder(reason) else reason


def judge_text(blocks: Iterable[str]) -> Verdict:
    """Judge the paragraphs under one heading: empty, placeholder, not applicable or addressed."""
    texts = [text.strip() for text in blocks if text.strip()]
    if not texts:
        return Verdict(Status.EMPTY, "no text under the heading")
    if all(text in _EMPTY_MARKERS for text in texts):
        return Verdict(Status.EMPTY, f"the record says {_quote(texts)}")
    reason = not_applicable_reason(texts[0])
    if reason == "" and len(texts) > 1:  # "Not applicable." with the reason below it
        reason = texts[1]
    if reason is not None:
        return judge_not_applicable(reason)
    placeholders = [text for text in texts if is_placeholder(text)]
    if len(placeholders) == len(texts):
        return Verdict(Status.PLACEHOLDER, f"only placeholder text: {_quote(placeholders)}")
    if placeholders:
        return Verdict(Status.ADDRESSED, f"also holds placeholder text: {_quote(placeholders)}")
    return Verdict(Status.ADDRESSED)


def judge_not_applicable(reason: str) -> Verdict:
    """Judge a section written ``{not_applicable: reason}`` in a meeting file."""
    if is_placeholder(reason):
        shown = f": {_quote([reason])}" if reason.strip() else ""
        return Verdict(Status.PLACEHOLDER, f"not applicable without a reason{shown}")
    return Verdict(Status.NOT_APPLICABLE, reason.strip())


def _quote(texts: list[str]) -> str:
    return ", ".join(f'"{shorten(text, 40)}"' for text in list(dict.fromkeys(texts))[:3])
