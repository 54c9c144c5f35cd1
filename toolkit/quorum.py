"""Quoracy: which required organisations no one present represents.

The strategic protocol (§4.1) makes decisions valid only when certain organisations are
represented; the minutes state it and the completeness check flags it, both through `missing`.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\w]+")


def missing(required: list[str], present: list[str]) -> list[str]:
    """Return the organisations of ``required`` that none of ``present`` represents, in order.

    An empty list means the meeting was quorate.
    """
    return [
        organisation
        for organisation in required
        if not any(same_organisation(organisation, other) for other in present)
    ]


def same_organisation(required: str, present: str) -> bool:
    """True when ``present`` names the organisation ``required``, or a part of it.

    Names are compared as whole words, ignoring case, punctuation and "&" against "and": "West
    Sussex County Council" is represented by "West Sussex County Council (Adult Social Care)",
    "Sussex Integrated Care Board" by "NHS Sussex Integrated Care Board". The reverse is not
    true ("Council" does not represent every council), and abbreviations are not guessed at:
    write ``quorum`` with the names attendees' organisations use.
    """
    wanted = _words(required)
    return bool(wanted) and _contains(_words(present), wanted)


def _words(name: str) -> list[str]:
    return [word for word in _WORD.split(name.casefold().replace("&", " and ")) if word]


def _contains(outer: list[str], inner: list[str]) -> bool:
    """True when ``inner`` occurs as consecutive words of ``outer``."""
    size = len(inner)
    return any(outer[start : start + size] == inner for start in range(len(outer) - size + 1))
