"""Text fields (toolkit/text.py) at the edges the mutation run (scripts/mutation.py) found
untested: what a continuation line keeps, and where a shown value is cut."""

from __future__ import annotations

import pytest

from toolkit.text import UNSAFE_TO_SHOW, Block, capitalised, shorten, shown, split_blocks


def test_a_paragraphs_continuation_keeps_its_indent_and_loses_trailing_spaces() -> None:
    assert split_blocks("Agreed:  \n    indented line   \n") == [
        Block("paragraph", "Agreed:\n    indented line")
    ]


def test_a_bullets_continuation_loses_its_indent() -> None:
    assert split_blocks("• one\n      two") == [Block("bullet", "one\ntwo")]


def test_a_bullet_marker_inside_a_bullet_is_text() -> None:
    assert split_blocks("- - nested\n* - x") == [
        Block("bullet", "- nested"),
        Block("bullet", "- x"),
    ]


def test_a_blank_line_after_bullets_starts_a_paragraph() -> None:
    assert split_blocks("- one\n\ntwo\nthree") == [
        Block("bullet", "one"),
        Block("paragraph", "two\nthree"),
    ]


def test_a_value_of_exactly_the_limit_is_shown_whole() -> None:
    assert shown("x" * 40) == repr("x" * 40)
    assert shown("x" * 41) == repr("x" * 37 + "...")


def test_shorten_at_one_past_the_limit() -> None:
    assert shorten("abcdefghijk", 10) == "abcdefg..."
    assert shorten("abcdefghij", 10) == "abcdefghij"


def test_capitalised_raises_the_first_letter_only() -> None:
    assert capitalised("sent on Thursday 19 November") == "Sent on Thursday 19 November"
    assert capitalised("") == ""


@pytest.mark.parametrize("character", ["\x1b", "\x0b", "\x7f", "\x85", "\x9b", "\u061c", "\u202e"])
def test_characters_that_drive_a_terminal_or_turn_text_around_are_unsafe(character: str) -> None:
    assert UNSAFE_TO_SHOW.findall(f"Oak{character}view") == [character]


def test_ordinary_text_with_tabs_and_newlines_is_safe_to_show() -> None:
    assert UNSAFE_TO_SHOW.search("Tŷ Bach\tCare & Nursing\n«Siân» 👍") is None
