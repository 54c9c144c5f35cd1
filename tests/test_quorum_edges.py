"""Quoracy (toolkit/quorum.py) at the edges the mutation run (scripts/mutation.py) found
untested: the order of what is missing, names with no words, and where a name may sit."""

from __future__ import annotations

import pytest

from toolkit.quorum import missing, same_organisation

REQUIRED = ["Westmere Integrated Care Board", "Westmere County Council", "Westmere Police"]


def test_missing_keeps_the_required_order_and_drops_the_represented() -> None:
    present = ["Westmere Police (Public Protection)", "Care Quality Commission"]
    assert missing(REQUIRED, present) == REQUIRED[:2]
    assert missing(REQUIRED, []) == REQUIRED
    assert missing(REQUIRED, [*REQUIRED, "Extra"]) == []
    assert missing([], ["Westmere Police"]) == []


@pytest.mark.parametrize(
    ("required", "present", "same"),
    [
        ("Westmere Police", "Westmere Police", True),
        ("Westmere Police", "westmere police", True),
        ("Westmere Police", "Police, Westmere", False),
        ("Westmere Police", "Westmere", False),
        ("Westmere Police", "Westmere Policewomen", False),
        ("Westmere Police", "East Westmere Police Force", True),
        ("St. Mary's Trust", "St Mary s Trust", True),
        ("Health & Care", "Health and Care Partnership", True),
        ("Health and Care", "Health & Care Partnership", True),
        ("---", "---", False),
        ("", "Westmere Police", False),
    ],
)
def test_a_name_is_found_as_consecutive_whole_words(
    required: str, present: str, same: bool
) -> None:
    assert same_organisation(required, present) is same
