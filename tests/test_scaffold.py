"""`toolkit new` scaffolds: every field, every heading with its prompt, valid once filled in."""

from __future__ import annotations

import re
import typing
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

from toolkit import kinds
from toolkit.errors import InputError
from toolkit.kinds.base import MeetingKind
from toolkit.kinds.strategic import AGENDA, DEFAULT_QUORUM
from toolkit.load import load_meeting_text

KINDS = list(kinds.names())
#: The kinds whose blank files hold a meeting, its chair and its actions.
MEETINGS = [kind.name for kind in kinds.every() if isinstance(kind, MeetingKind)]


def fill_in(text: str) -> str:
    """What an administrator does: a date for the date, words for every blank."""
    text = text.replace('date: ""', "date: 20/11/2026")
    return text.replace('""', '"Filled in: Zoë & <Siân>"')


def field_names(model: type[BaseModel]) -> set[str]:
    """Every field name of ``model`` and of the models inside it."""
    names: set[str] = set()
    for name, info in model.model_fields.items():
        names.add(name)
        for inner in _models_in(info.annotation):
            names |= field_names(inner)
    return names


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]


@pytest.mark.parametrize("kind", KINDS)
def test_scaffold_is_yaml_of_its_kind(kind: str) -> None:
    data = yaml.safe_load(kinds.get(kind).scaffold("FILE"))
    assert data["kind"] == kind


@pytest.mark.parametrize("kind", KINDS)
def test_scaffold_names_every_field(kind: str) -> None:
    text = kinds.get(kind).scaffold("FILE")
    for name in field_names(kinds.get(kind).model):
        assert re.search(rf"(^[ #-]*|{{){name}:", text, re.M), name


@pytest.mark.parametrize("kind", ["initial", "review"])
def test_scaffold_has_every_heading_with_its_prompt_in_order(kind: str) -> None:
    text = kinds.get(kind).scaffold("FILE")
    flat = " ".join(line.strip(" #") for line in text.splitlines())
    positions = []
    for number, heading in enumerate(kinds.get(kind).headings, start=1):
        assert f"{number}. {heading.title}" in flat
        assert heading.prompt in flat
        positions.append(text.index(f'\n  {heading.key}: ""\n'))
    assert positions == sorted(positions)


def test_strategic_scaffold_has_the_draft_agenda_notes_and_default_quorum() -> None:
    text = kinds.get("strategic").scaffold("FILE")
    data = yaml.safe_load(text)
    required = [item.key for item in AGENDA if not item.optional]
    assert list(data["notes"]) == required
    assert "# qasig_feedback:" in text
    for item in AGENDA:
        assert f"#     item: {item.item}\n" in text
    for organisation in DEFAULT_QUORUM:
        assert f"#   - {organisation}\n" in text


@pytest.mark.parametrize("kind", MEETINGS)
def test_untouched_scaffold_does_not_validate(kind: str) -> None:
    with pytest.raises(InputError) as caught:
        load_meeting_text(kinds.get(kind).scaffold("FILE"), "new.yaml")
    fields = {line.split(": ")[1] for line in caught.value.problems}
    assert {"provider.name", "meeting.date", "meeting.chair.name"} <= fields


@pytest.mark.parametrize("kind", MEETINGS)
def test_filled_in_scaffold_validates(kind: str) -> None:
    meeting = load_meeting_text(fill_in(kinds.get(kind).scaffold("FILE")), "new.yaml").meeting
    assert meeting.provider.name == "Filled in: Zoë & <Siân>"
    assert meeting.actions[0].number == 1
    assert meeting.actions[0].document_filed == "n/a"
    if kind == "strategic":
        assert all(meeting.notes[entry.key] for entry in meeting.agenda_items())
    else:
        assert all(value for _, value in meeting.iter_sections())


@pytest.mark.parametrize("kind", ["initial", "review"])
def test_commented_optional_dates_validate_once_uncommented(kind: str) -> None:
    text = fill_in(kinds.get(kind).scaffold("FILE"))
    text = re.sub(
        r"^(\s*)# (start|end|due|completed|decided|review_date|previous_meeting):",
        r"\1\2:",
        text,
        flags=re.M,
    )
    text = text.replace("status: none", "status: imposed")
    meeting = load_meeting_text(text, "new.yaml").meeting
    assert meeting.meeting.end is not None
    assert meeting.suspension is not None
    assert meeting.suspension.review_date is not None
    assert meeting.actions[0].completed is not None


def test_scaffold_names_its_file_in_the_check_command() -> None:
    assert "toolkit validate meetings/larkspur.yaml" in kinds.get("review").scaffold(
        "meetings/larkspur.yaml"
    )
    assert "toolkit validate FILE" in kinds.get("review").scaffold("FILE")
