"""Placeholder text (toolkit/check/placeholders.py) at the edges the mutation run
(scripts/mutation.py) found untested: every phrase of the list, each shape, "Not applicable: TBC"
with a reason below it, and the notes a chair reads."""

from __future__ import annotations

import pytest

from toolkit.check.placeholders import (
    is_placeholder,
    judge_not_applicable,
    judge_text,
    not_applicable_reason,
)
from toolkit.check.report import Status
from toolkit.frameworks import NO_NOTES, NOT_RECORDED

#: The phrases as people type them, in their own capitals and punctuation.
PHRASES = [
    "TBC", "T.B.C.", "TBA", "t.b.a.", "TBD", "T.B.D", "To be confirmed.", "To be agreed",
    "To be advised", "To be added", "To be completed", "To be determined", "To be updated",
    "To follow", "Details to follow", "Information to follow.", "See above", "As above",
    "See below", "N/A", "NA", "N.A.", "Not applicable", "TODO", "To do", "Pending",
    "Placeholder", "Insert text here", "Enter text here.", "Click or tap here to enter text.",
    "Click here to enter text.",
]  # fmt: skip


@pytest.mark.parametrize("text", PHRASES)
def test_every_placeholder_phrase_is_recognised(text: str) -> None:
    assert is_placeholder(text)


@pytest.mark.parametrize(
    "text",
    [
        "xx",
        "Lorem ipsum",
        "[insert the date]",
        "<Enter name>",
        "{add details}",
        "(type here)",
        "tba: venue",
        "tbd (chair)",
        "To be confirmed, awaiting the report",
        "To follow; see the police",
        "TBC – awaiting CQC",
        "*TBC*",
        "“TBC”",
        "'TBC'",
        "TBC!",
        "TBC?",
        "__",
        "",
    ],
)
def test_placeholder_shapes(text: str) -> None:
    assert is_placeholder(text)


@pytest.mark.parametrize(
    "text",
    [
        "x",
        "Loremipsum is a care home",
        "[insert the date",
        "Insert the dates of the visits in the tracker",
        "TBC by the chair at the next meeting",
        "Pending the police investigation, no visits.",
        "Tbilisi House",
    ],
)
def test_text_that_only_starts_like_a_placeholder_is_real(text: str) -> None:
    assert not is_placeholder(text)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("NOT APPLICABLE: no nursing beds", "no nursing beds"),
        ("n / a, no nursing beds", "no nursing beds"),
        ("Not applicable – no beds", "no beds"),
        ("Not applicable:\nno beds\nat all", "no beds\nat all"),
        ("Not applicable", ""),
        ("N/A.", ""),
        ("Not applicable: TBC", ""),
        ("Not applicable: to follow - awaiting", ""),
        ("Not applicable ( )", ""),
        ("Not applicable: none", "none"),
        ("Not applicables", None),
        ("N/Albert", None),
        ("Nothing applicable", None),
    ],
)
def test_the_reason_of_not_applicable(text: str, reason: str | None) -> None:
    assert not_applicable_reason(text) == reason


def test_not_applicable_tbc_followed_by_a_reason_is_not_applicable_for_that_reason() -> None:
    verdict = judge_text(["Not applicable: TBC", "The home has no council-funded residents."])
    assert verdict.status is Status.NOT_APPLICABLE
    assert verdict.note == "The home has no council-funded residents."


def test_not_applicable_tbc_alone_or_with_a_placeholder_below_is_a_placeholder() -> None:
    assert judge_text(["Not applicable: TBC"]).note == "not applicable without a reason"
    below = judge_text(["Not applicable.", "TBC"])
    assert below.status is Status.PLACEHOLDER
    assert below.note == 'not applicable without a reason: "TBC"'


def test_a_not_applicable_reason_from_a_meeting_file() -> None:
    assert judge_not_applicable("  no beds  ") == judge_text(["N/A: no beds"])
    assert judge_not_applicable("  no beds  ").note == "no beds"
    assert judge_not_applicable(" ").note == "not applicable without a reason"
    assert judge_not_applicable("see above").note == 'not applicable without a reason: "see above"'


@pytest.mark.parametrize(
    ("texts", "note"),
    [
        ([], "no text under the heading"),
        (["  ", "\n"], "no text under the heading"),
        ([NOT_RECORDED], f'the record says "{NOT_RECORDED}"'),
        ([NO_NOTES, " ", NO_NOTES], f'the record says "{NO_NOTES}"'),
    ],
)
def test_empty_sections_and_what_the_record_printed_for_them(texts: list[str], note: str) -> None:
    assert judge_text(texts).status is Status.EMPTY
    assert judge_text(texts).note == note


def test_a_generators_empty_marker_beside_real_text_is_addressed() -> None:
    assert judge_text([NOT_RECORDED, "Discussed."]).status is Status.ADDRESSED


def test_the_notes_quote_three_placeholders_once_each_cut_short() -> None:
    long = "[Insert the details of the concerns raised by the family here]"
    verdict = judge_text(["TBC", "TBC", " TBA ", long, "-"])
    assert verdict.status is Status.PLACEHOLDER
    assert verdict.note == (
        'only placeholder text: "TBC", "TBA", "[Insert the details of the concerns r..."'
    )
    mixed = judge_text(["TBC", "The police are investigating.", "see below"])
    assert mixed.status is Status.ADDRESSED
    assert mixed.note == 'also holds placeholder text: "TBC", "see below"'


def test_real_text_has_no_note() -> None:
    assert judge_text(["The police are investigating."]).note == ""
