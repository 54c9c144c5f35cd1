"""Find the framework headings in a document whose headings people have edited.

Headings are compared after normalising (case, punctuation, "&"/"and", numbering such as "3.",
"3)", "(iii)", "A.", small words, plurals), by exact wording, containment and similarity. Each
document heading goes to at most one framework heading, best match first, so a close but wrong
heading ("Details of safeguarding enquiries") cannot take the place of another ("Details of
multi-agency concerns").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import IntEnum
from functools import lru_cache

_NUMBERING = re.compile(
    r"^(?:(?:agenda\s+item|section|item|part|no)\.?\s+)?"
    r"(?:\(\s*(?:\d+|[ivxlc]+|[a-z])\s*\)"
    r"|(?:\d+(?:\.\d+)*|[ivxlc]+|[a-z])\s*[.):\-–—]"
    r"|\d+(?:\.\d+)*)"
    r"(?=\s|$)",
    re.I,
)
_NON_WORD = re.compile(r"[\W_]+")
_STOP_WORDS = frozenset(
    {"a", "an", "and", "any", "as", "at", "be", "by", "for", "from", "in", "is", "of", "on"}
    | {"or", "the", "to", "this", "that", "with", "whether"}
)
#: Words people swap for the framework's own without changing the heading's meaning.
_SYNONYMS = {"previous": "last", "prior": "last", "aob": "any other business"}

#: Scores at or above these make a match; plain (unstyled, not bold) text must match closely.
THRESHOLD = 0.6
STRICT_THRESHOLD = 0.9
_CHAR_RATIO_FLOOR = 0.75


class Strength(IntEnum):
    """How much a paragraph looks like a heading, from its formatting."""

    PLAIN = 0
    BOLD = 1
    STYLED = 2


@dataclass(frozen=True)
class Target:
    """A heading the document should have: a framework heading or an agenda item."""

    key: str
    title: str


@dataclass(frozen=True)
class Candidate:
    """A piece of document text that may be a heading: its position, wording and formatting."""

    index: int
    text: str
    strength: Strength
    lead: bool = False  # the bold or "Heading:" start of a paragraph that goes on with text


@dataclass(frozen=True)
class Match:
    """A document candidate assigned to a target heading with its similarity score."""

    target: Target
    candidate: Candidate
    score: float


@dataclass(frozen=True)
class _Words:
    text: str
    tokens: frozenset[str]


def strip_numbering(text: str) -> str:
    """Return ``text`` without leading numbering: "3.", "3)", "(iii)", "A.", "Item 2:"."""
    for _ in range(3):
        stripped = _NUMBERING.sub("", text, count=1).lstrip(" \t.:)-–—")
        if stripped == text:
            break
        text = stripped
    return text


def normalise(text: str) -> str:
    """Return the comparable form of a heading: lower case, no numbering or punctuation."""
    text = unicodedata.normalize("NFKC", text).replace("&", " and ").lower().strip()
    text = strip_numbering(text)
    words = [_SYNONYMS.get(word, word) for word in _NON_WORD.sub(" ", text).split()]
    return " ".join(words)


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


@lru_cache(maxsize=4096)
def _words(text: str) -> _Words:
    norm = normalise(text)
    tokens = frozenset(_stem(w) for w in norm.split() if w not in _STOP_WORDS)
    return _Words(norm, tokens)


def similarity(found: str, wanted: str) -> float:
    """Score in [0, 1] of how well document heading ``found`` names framework heading ``wanted``."""
    a, b = _words(found), _words(wanted)
    if not a.text or not a.tokens:
        return 0.0
    if a.text == b.text:
        return 1.0
    if a.tokens == b.tokens:
        return 0.97
    shared = a.tokens & b.tokens
    if not shared:
        return 0.0
    best = len(shared) / len(a.tokens | b.tokens)
    if len(a.tokens) >= 2 and (b.text.startswith(a.text) or a.text.startswith(b.text)):
        best = max(best, 0.85)
    if (
        len(a.tokens) >= 2
        and a.tokens <= b.tokens
        and (cover := len(a.tokens) / len(b.tokens)) >= 0.5
    ):
        best = max(best, 0.5 + 0.5 * cover)
    if best >= STRICT_THRESHOLD or 2 * len(shared) < len(b.tokens):
        return best  # a typo leaves most words intact; anything else is another heading
    return max(best, _spelling(a.text, b.text, best))


def _spelling(found: str, wanted: str, best: float) -> float:
    """Character similarity (typos, "investigation/s"), computed only when it could beat ``best``
    and pass the floor: difflib is by far the slowest part of a check."""
    floor = max(best, _CHAR_RATIO_FLOOR)
    if 2 * min(len(found), len(wanted)) / (len(found) + len(wanted)) < floor:
        return 0.0
    matcher = _matcher(wanted)
    matcher.set_seq1(found)
    if matcher.quick_ratio() < floor:
        return 0.0
    return matcher.ratio()


@lru_cache(maxsize=256)
def _matcher(wanted: str) -> SequenceMatcher[str]:
    """A matcher per framework heading: difflib indexes its second sequence once."""
    return SequenceMatcher(None, "", wanted, autojunk=False)


def threshold(candidate: Candidate) -> float:
    """The score a candidate needs: styled or bold headings less than plain text."""
    return THRESHOLD if candidate.strength > Strength.PLAIN else STRICT_THRESHOLD


def assign(targets: Sequence[Target], candidates: Sequence[Candidate]) -> dict[str, Match]:
    """Assign document candidates to targets, best score first; return matches by target key.

    Among equal scores a styled heading beats bold text, bold beats plain, and a later position
    beats an earlier one (a contents list or an agenda at the top repeats the headings).
    """
    pairs: list[Match] = []
    for candidate in candidates:
        floor = threshold(candidate)
        for target in targets:
            score = similarity(candidate.text, target.title)
            if score >= floor:
                pairs.append(Match(target, candidate, score))
    pairs.sort(
        key=lambda m: (-m.score, -m.candidate.strength, m.candidate.lead, -m.candidate.index)
    )
    matches: dict[str, Match] = {}
    used: set[int] = set()
    for match in pairs:
        if match.target.key in matches or match.candidate.index in used:
            continue
        matches[match.target.key] = match
        used.add(match.candidate.index)
    return matches
