"""What the papers page says of each meeting file: its kind, provider and date, whether it is
complete, and when its minutes (or form) are due, as `toolkit check` and `toolkit due` say."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from toolkit import dates, kinds
from toolkit.check import check_meeting
from toolkit.errors import InputError
from toolkit.load import load_meeting
from toolkit.parse import parse
from toolkit.text import capitalised, counted


@dataclass(frozen=True)
class PaperRow:
    """One meeting file as the list shows it. ``state`` is ``complete``, ``incomplete`` or
    ``invalid`` (it does not load); ``detail`` is the check's summary or the first problem;
    ``standing`` says how far off or past the due date is, or when the due thing was done."""

    name: str
    state: str
    detail: str
    kind: str = ""
    provider: str = ""
    date: str = ""
    due: str = ""
    standing: str = ""
    overdue: bool = False

    @property
    def title(self) -> str:
        """What the row's link says the paper is, so that a list of one provider's papers reads
        as a list of papers: ``Larkspur House – initial meeting, 2 October 2026``; a file that
        does not load, by its name (and the kind it names)."""
        if not self.provider:
            return f"{self.name} ({self.kind})" if self.kind else self.name
        return f"{self.provider} – {self.kind}, {self.date}"


def paper_row(path: Path, today: dt.date) -> PaperRow:
    """Load, check and date one file; a file that does not load says why in one line.

    A file of a known kind that does not load yet (a blank one, just made) is ``incomplete``,
    as its form says, since the form opens it to fill in; one the form cannot open (no kind,
    not YAML) is ``invalid``."""
    try:
        paper = load_meeting(path).meeting
    except InputError as error:
        first, *others = error.details
        where = f" (line {first.line})" if first.line is not None else ""
        said = ": ".join(part for part in (first.field, first.message) if part) + where
        kind_written = _kind_written(path)
        if kind_written:
            fix = f"{counted(len(error.details), 'problem')} to fix before it can be checked"
            return PaperRow(path.name, "incomplete", f"{fix}, the first: {said}", kind=kind_written)
        more = f" (and {counted(len(others), 'more problem')})" if others else ""
        return PaperRow(path.name, "invalid", said + more)
    kind = kinds.of(paper)
    report = check_meeting(paper, today=today, source=path.name)
    due = kind.due(paper)
    done_day = kind.done_on(paper)
    done = None if done_day is None else (kind.done_label, done_day)
    status = dates.due_status(due, today, done, loud=False)
    return PaperRow(
        path.name,
        "complete" if report.complete else "incomplete",
        report.summary(),
        kind=kind.label(),
        provider=paper.provider.name,
        date=dates.plain_date(kind.date_of(paper)),
        due=kind.due_by(due),
        standing=capitalised(status),
        overdue=done is None and due < today,
    )


def _kind_written(path: Path) -> str:
    """The ``kind:`` a file that does not load says it is, if it names a kind."""
    try:
        data, _ = parse(path.read_text(encoding="utf-8"), path.name)
    except (InputError, OSError, UnicodeDecodeError):
        return ""
    written = data.get("kind")
    return kinds.get(written).label() if written in kinds.names() else ""
