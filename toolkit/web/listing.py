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
from toolkit.text import counted


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


def paper_row(path: Path, today: dt.date) -> PaperRow:
    """Load, check and date one file; a file that does not load says why in one line."""
    try:
        paper = load_meeting(path).meeting
    except InputError as error:
        problems = error.lines()
        first = problems[0].removeprefix(f"{path}:")
        more = f" (and {counted(len(problems) - 1, 'more problem')})" if len(problems) > 1 else ""
        return PaperRow(path.name, "invalid", first + more, kind=_kind_written(path))
    kind = kinds.of(paper)
    report = check_meeting(paper, today=today, source=path.name)
    due = kind.due(paper)
    done_day = kind.done_on(paper)
    done = None if done_day is None else (kind.done_label, done_day)
    status = dates.due_status(due, today, done)
    return PaperRow(
        path.name,
        "complete" if report.complete else "incomplete",
        report.summary(),
        kind=kind.label(),
        provider=paper.provider.name,
        date=dates.long_date(kind.date_of(paper)),
        due=f"{kind.due_label.capitalize()} {dates.long_date(due)}",
        standing=status[:1].upper() + status[1:].lower(),
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
