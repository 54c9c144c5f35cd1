"""Checking and saving a paper's form: what the paper pages do with a posted form.

The live check and the save read the form the same way (`toolkit.web.formdata`) and judge
it as the commands do: `toolkit.load.load_meeting_text`, then `toolkit.check.check_meeting`.
A save writes only text that loads, only over the file the form was opened from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit import kinds
from toolkit.check import Report, check_meeting
from toolkit.errors import InputError
from toolkit.kinds.base import PaperKind
from toolkit.load import load_meeting_text
from toolkit.model import Paper
from toolkit.text import counted
from toolkit.web.formdata import Posted, collect, problems_by_field, validated
from toolkit.web.forms import control_id
from toolkit.web.yamlfile import digest, merged_text
from toolkit.write import write_text_atomic, writer_lock


@dataclass
class Checked:
    """The completeness of a form as the page shows it: the check's report when the form
    holds a valid paper, else the problems to fix first, by form name."""

    kind: PaperKind[Any]
    report: Report | None
    problems: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return self.report is not None and self.report.complete

    def summary(self) -> str:
        """One line for the status: complete, what is missing, or how much to fix first."""
        if self.report is None:
            count = sum(len(messages) for messages in self.problems.values())
            return f"Not complete: {counted(count, 'problem')} to fix before it can be checked"
        addressed = self.report.summary().split(";")[0]
        return f"{'Complete' if self.complete else 'Not complete'}: {addressed}"

    def to_dict(self) -> dict[str, Any]:
        """The JSON the page's script shows (plain data; the script builds the page from it
        with text nodes only)."""
        report = self.report
        due = report.minutes_due if report else None
        return {
            "valid": report is not None,
            "complete": self.complete,
            "summary": self.summary(),
            "items": [
                {**h.to_dict(), "label": h.status.label}
                for h in (report.headings if report else [])
            ],
            "errors": [f.message for f in report.errors] if report else [],
            "warnings": [f.message for f in report.warnings] + self.warnings if report else [],
            "problems": [
                {"field": name, "id": control_id(name), "message": message}
                for name, messages in self.problems.items()
                for message in messages
            ],
            "due": self.kind.due_by(due) if due else "",
        }


def check_form(kind: PaperKind[Any], posted: Posted, today: dt.date | None = None) -> Checked:
    """The live check of a posted form."""
    data, form_problems = collect(kind, posted)
    loaded, problems = validated(data)
    if loaded is None or form_problems:
        return Checked(kind, None, {**problems, **form_problems})
    report = check_meeting(loaded.meeting, today=today)
    return Checked(kind, report, warnings=loaded.warnings)


def check_paper(paper: Paper, today: dt.date | None = None) -> Checked:
    """The check of a file that loads, as the page first shows it."""
    return Checked(kinds.of(paper), check_meeting(paper, today=today))


class ChangedOnDisk(Exception):
    """The file changed since the form was opened: saving would lose someone's changes."""


@dataclass
class Saved:
    """What a save did: the problems that stopped it (by form name), or nothing."""

    problems: dict[str, list[str]] = field(default_factory=dict)


def save_form(path: Path, kind: PaperKind[Any], posted: Posted, opened: str) -> Saved:
    """Write the form over ``path`` when it loads; ``opened`` is the digest of the file when
    the form was opened (ChangedOnDisk when the file no longer has it)."""
    data, form_problems = collect(kind, posted)
    if form_problems:
        return Saved(form_problems)
    with writer_lock(path):
        old = path.read_text(encoding="utf-8") if path.exists() else ""
        if digest(old) != opened:
            raise ChangedOnDisk(path.name)
        text = merged_text(old, data)
        try:
            load_meeting_text(text, path.name)
        except InputError as error:
            return Saved(problems_by_field(error))
        write_text_atomic(path, text)
    return Saved()
