"""A provider's stable identity: its CQC location ID, else its name compared loosely."""

from __future__ import annotations

import re

#: Words and signs that differ between two spellings of one name ("Oak & Ash", "Oak and Ash").
_AND = re.compile(r"&|\band\b")
_NOT_LETTER_OR_DIGIT = re.compile(r"[\W_]+")


def name_key(name: str) -> str:
    """``name`` folded so that case, spacing, punctuation and "&"/"and" do not matter.

    People write a provider's name differently from one paper to the next ("Oakview Care
    Home", "OAKVIEW care home", "Oak & View", "Oak and View"); the register must see one
    provider, or its patterns of concerns would be split and never trigger a review.
    """
    folded = _AND.sub(" ", name.casefold())
    return _NOT_LETTER_OR_DIGIT.sub("", folded)


def cqc_key(location_id: str | None) -> str | None:
    """A CQC location ID as the register compares it (spaces dropped, upper case), or None."""
    if location_id is None:
        return None
    cleaned = "".join(location_id.split()).upper()
    return cleaned or None
