"""Output file names (toolkit/naming.py) at the edges the mutation run (scripts/mutation.py)
found unchecked: where a long provider name is cut, and what each unsafe character becomes."""

from __future__ import annotations

import datetime as dt

import pytest

from toolkit.naming import MAX_PROVIDER_BYTES, MAX_PROVIDER_CHARS, output_name, safe_part

LONG = "Westfield Manor Residential and Nursing Home for Older People with Dementia"


def test_a_long_provider_name_is_cut_at_the_last_whole_word() -> None:
    assert safe_part(LONG) == "Westfield Manor Residential and Nursing Home for Older"


def test_a_name_of_exactly_the_limit_is_kept_whole() -> None:
    name = "Oakview Care Home and Nursing Centre for the Elderly of Kent"
    assert len(name) == MAX_PROVIDER_CHARS
    assert safe_part(name) == name
    assert safe_part(f" .. {name}. ") == name  # what is stripped does not count
    assert safe_part(f"{name}s") == "Oakview Care Home and Nursing Centre for the Elderly of"


def test_a_long_name_without_spaces_is_cut_at_the_limit() -> None:
    assert safe_part("W" * 70) == "W" * MAX_PROVIDER_CHARS


def test_a_cut_word_leaves_no_trailing_dot() -> None:
    assert safe_part("Ashby Court Care Home Ltd. " + "x" * 60) == "Ashby Court Care Home Ltd"


@pytest.mark.parametrize(
    ("typed", "safe"),
    [
        ('a\\b/c:d*e?f"g<h>i|j', "a b c d e f g h i j"),
        ("Tab\there\x00\x1f\x7fend", "Tab here end"),
        ("Evil\u202egnp.exe", "Evil gnp.exe"),
        ("Left\u200eright\u200fand\u2066isolate\u2069", "Left right and isolate"),
        ("Home . . . .. x", "Home . . . . x"),
        ("Care...Home", "Care.Home"),
        ("  .. Oak   Lodge .. ", "Oak Lodge"),
        ("Cafe\u0301 Lodge", "Café Lodge"),
        ("Oak\x9b31mLodge\u061cHouse\x85", "Oak 31mLodge House"),
    ],
    ids=[
        "windows",
        "controls",
        "right-to-left override",
        "bidi marks",
        "dots",
        "dot run",
        "ends",
        "nfc",
        "c1 and arabic letter mark",
    ],
)
def test_unsafe_characters_become_spaces_and_runs_collapse(typed: str, safe: str) -> None:
    assert safe_part(typed) == safe


@pytest.mark.parametrize("typed", ["", " . ", "///", "\u202e"])
def test_a_name_with_nothing_safe_left_is_meeting(typed: str) -> None:
    assert safe_part(typed) == "meeting"


def test_a_name_of_exactly_the_byte_limit_is_kept_whole() -> None:
    name = "é" * MAX_PROVIDER_CHARS
    assert len(name.encode()) == MAX_PROVIDER_BYTES
    assert safe_part(name) == name


def test_a_name_over_the_byte_limit_loses_the_character_cut_in_half() -> None:
    assert safe_part("é" * 59 + "€") == "é" * 59


def test_a_byte_cut_leaves_no_trailing_space_or_dot() -> None:
    assert safe_part("€" * 39 + "a €") == "€" * 39 + "a"
    assert safe_part("€" * 39 + "a.€") == "€" * 39 + "a"


def test_the_date_leads_the_output_name() -> None:
    name = output_name(dt.date(2026, 1, 5), "Oakview/Care Home", "Action tracker", ".xlsx")
    assert name == "2026-01-05 Oakview Care Home - Action tracker.xlsx"
