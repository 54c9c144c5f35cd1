"""The completeness report: heading statuses and sign-off findings as data, with stable codes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from toolkit.text import counted


class Status(StrEnum):
    """What a required heading holds; only the first two count as addressed."""

    ADDRESSED = "addressed"
    NOT_APPLICABLE = "not_applicable"
    EMPTY = "empty"
    PLACEHOLDER = "placeholder"
    MISSING = "missing"

    @property
    def label(self) -> str:
        """The status as a table prints it: ``not applicable``."""
        return self.value.replace("_", " ")


#: Statuses a chair can sign off.
DONE = frozenset({Status.ADDRESSED, Status.NOT_APPLICABLE})


class Severity(StrEnum):
    """An error stops sign-off (and packing); a warning is for the chair to weigh; an info
    finding says where the paper stands (a form screened, a concern open), asking nothing."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class HeadingStatus:
    """One required heading (or strategic agenda item), its status and a note (the n/a reason,
    the placeholder found, the heading's wording in the document when it differs)."""

    key: str
    title: str
    status: Status
    note: str = ""

    def to_dict(self) -> dict[str, str]:
        return {
            "key": self.key,
            "title": self.title,
            "status": self.status.value,
            "note": self.note,
        }


@dataclass(frozen=True)
class Finding:
    """One sign-off problem; ``code`` is stable (scripts and tests rely on it)."""

    code: str
    severity: Severity
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "severity": self.severity.value, "message": self.message}


@dataclass
class Report:
    """The completeness of one meeting file or Word record, for a chair about to sign it off.

    ``extra_headings`` are headings of a Word record that are not framework headings (shown so
    that a chair can see where text went); ``minutes_due`` is None when the date is unknown;
    ``item`` is what the kind calls the parts judged ("heading", "agenda item").
    """

    source: str
    kind: str
    headings: list[HeadingStatus]
    findings: list[Finding] = field(default_factory=list)
    minutes_due: dt.date | None = None
    extra_headings: list[str] = field(default_factory=list)
    item: str = "heading"

    @property
    def complete(self) -> bool:
        """True when every heading is addressed or not applicable and no finding is an error."""
        return all(h.status in DONE for h in self.headings) and not self.errors

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.WARNING]

    def summary(self) -> str:
        """One line: ``17 of 19 headings addressed; missing: A, B; 1 error, 2 warnings``."""
        done = [h for h in self.headings if h.status in DONE]
        parts = [f"{len(done)} of {counted(len(self.headings), self.item)} addressed"]
        if not_applicable := sum(h.status is Status.NOT_APPLICABLE for h in done):
            parts[0] += f" ({not_applicable} not applicable)"
        for status in (Status.MISSING, Status.EMPTY, Status.PLACEHOLDER):
            if titles := [h.title for h in self.headings if h.status is status]:
                parts.append(f"{status.label}: {', '.join(titles)}")
        if self.errors or self.warnings:
            parts.append(
                f"{counted(len(self.errors), 'error')}, {counted(len(self.warnings), 'warning')}"
            )
        parts.append("complete" if self.complete else "INCOMPLETE")
        return "; ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data (dates as ISO text)."""
        return {
            "source": self.source,
            "kind": self.kind,
            "complete": self.complete,
            "summary": self.summary(),
            "minutes_due": self.minutes_due.isoformat() if self.minutes_due else None,
            "headings": [h.to_dict() for h in self.headings],
            "findings": [f.to_dict() for f in self.findings],
            "extra_headings": list(self.extra_headings),
        }
