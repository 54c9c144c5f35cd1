"""The input contract (shared/spec/meeting-input.md) and the toolkit agree: keys, headings, agenda,
tracker columns, and the contract's own example validates."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from toolkit import kinds
from toolkit.frameworks import TRACKER_COLUMNS
from toolkit.kinds.strategic import AGENDA
from toolkit.load import load_meeting_text

CONTRACT = Path(__file__).resolve().parents[2] / "shared" / "spec" / "meeting-input.md"


@pytest.fixture(scope="module")
def contract() -> str:
    if not CONTRACT.exists():  # CI clones the repository with shared/ beside it
        if os.environ.get("CI"):  # .ci/run sets it: there, a missing contract is a failure
            pytest.fail(f"{CONTRACT} is missing: the contract tests cannot run")
        pytest.skip(f"{CONTRACT} is not beside this checkout")
    return CONTRACT.read_text(encoding="utf-8")


def _table_after(text: str, marker: str) -> list[list[str]]:
    """Rows (cells stripped of backticks) of the first Markdown table after ``marker``."""
    rows = []
    for line in text[text.index(marker) :].splitlines()[1:]:
        if line.startswith("|"):
            cells = [cell.strip().strip("`") for cell in line.strip("|").split("|")]
            if not set("".join(cells)) <= set("-: "):
                rows.append(cells)
        elif rows:
            break
    return rows[1:]  # without the header row


@pytest.mark.parametrize(
    ("kind", "marker"),
    [("initial", "## kind: initial"), ("review", "## kind: review")],
    ids=["initial", "review"],
)
def test_framework_keys_and_headings_are_the_contracts(
    contract: str, kind: str, marker: str
) -> None:
    expected = [(key, heading) for key, heading in _table_after(contract, marker)]
    assert [(h.key, h.title) for h in kinds.get(kind).headings] == expected


def test_draft_agenda_is_the_contracts(contract: str) -> None:
    rows = _table_after(contract, "Draft agenda (")
    assert [row[0] for row in rows] == [item.key for item in AGENDA]
    assert [row[2] for row in rows] == [item.lead for item in AGENDA]
    for row, item in zip(rows, AGENDA, strict=True):
        assert row[1].startswith(item.item)


def test_tracker_columns_are_the_contracts(contract: str) -> None:
    section = contract[contract.index("## Action tracker columns") :].split("\n\n")[1]
    columns = [" ".join(column.split()) for column in section.split("·")]
    assert list(TRACKER_COLUMNS) == columns


def test_the_contracts_example_validates(contract: str) -> None:
    example = re.search(r"```yaml\n(.*?)```", contract, re.S)
    assert example is not None
    meeting = load_meeting_text(example.group(1), "contract-example.yaml").meeting
    assert meeting.kind == "initial"
    assert meeting.provider.name == "Oakview Care Home"
    assert meeting.actions[0].number == 1
    assert meeting.meeting.attendees[0].organisation == "Anyshire ICB"
