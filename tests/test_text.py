"""Text fields as typed: paragraphs, bullets, and characters Office cannot hold."""

from __future__ import annotations

import pytest

from toolkit.text import (
    Block,
    clean_text,
    counted,
    illegal_characters,
    is_blank,
    shorten,
    shown,
    split_blocks,
)


def test_blank_lines_separate_paragraphs_and_single_breaks_are_kept() -> None:
    text = "First line\nsame paragraph\n\n\nSecond paragraph\n"
    assert split_blocks(text) == [
        Block("paragraph", "First line\nsame paragraph"),
        Block("paragraph", "Second paragraph"),
    ]


@pytest.mark.parametrize("marker", ["- ", "* ", "• ", "  - ", "-\t"])
def test_bullets(marker: str) -> None:
    text = f"Agreed:\n{marker}one\n{marker}two\n    continued\n\nAfter."
    assert split_blocks(text) == [
        Block("paragraph", "Agreed:"),
        Block("bullet", "one"),
        Block("bullet", "two\ncontinued"),
        Block("paragraph", "After."),
    ]


@pytest.mark.parametrize("text", ["-5 degrees", "*emphasis* here", "1. numbered", "- ", "--"])
def test_lines_that_only_look_like_bullets_are_paragraphs(text: str) -> None:
    assert [block.kind for block in split_blocks(text)] == (["paragraph"] if text.strip() else [])


def test_typed_characters_survive_splitting() -> None:
    typed = 'Tom & Jerry <b> "quoted" it\'s {{ x }} {% if %} =SUM(A1) Siân Zoë ŵŷ 👍'
    assert split_blocks(f"{typed}\n\n- {typed}") == [
        Block("paragraph", typed),
        Block("bullet", typed),
    ]


def test_empty_and_whitespace_text_has_no_blocks() -> None:
    assert split_blocks("") == []
    assert split_blocks(" \n\t\n") == []


def test_windows_and_old_mac_line_ends_are_unified() -> None:
    assert clean_text("a\r\nb\rc") == "a\nb\nc"
    assert split_blocks("a\r\n\r\nb") == [Block("paragraph", "a"), Block("paragraph", "b")]


def test_characters_office_cannot_hold_are_named_and_dropped() -> None:
    text = "a\x00b\x0bc\x1fd\ufffee\tf\ng"
    assert illegal_characters(text) == ["U+0000", "U+000B", "U+001F", "U+FFFE"]
    assert clean_text(text) == "abcde\tf\ng"
    assert illegal_characters("Siân & Zoë 👍") == []


def test_lone_surrogates_are_dropped() -> None:
    assert clean_text("a\ud800b") == "ab"


@pytest.mark.parametrize(("text", "blank"), [(None, True), ("", True), (" \n", True), ("x", False)])
def test_is_blank(text: str | None, blank: bool) -> None:
    assert is_blank(text) is blank


def test_shown_quotes_on_one_line_and_cuts_long_values() -> None:
    assert shown("next\nTuesday") == "'next\\nTuesday'"
    assert shown("x" * 100) == repr("x" * 37 + "...")
    assert shown(None) == "'None'"


def test_shorten_cuts_to_the_limit_with_ascii_dots() -> None:
    assert shorten("x" * 10, 10) == "x" * 10
    assert shorten("Siân " * 10, 12) == "Siân Siân..."
    assert len(shorten("y" * 500, 70)) == 70


@pytest.mark.parametrize(
    ("number", "expected"), [(0, "0 actions"), (1, "1 action"), (2, "2 actions")]
)
def test_counted(number: int, expected: str) -> None:
    assert counted(number, "action") == expected
