"""Completeness check before a chair signs off: every framework heading addressed, and the
sign-off facts (date, chair, attendees, actions, suspension review, quorum, minutes deadline).

`check_meeting` judges a meeting file; `check_document` a Word record, generated or edited by
hand or written from scratch. Both return a `Report` (data); only the CLI prints.
"""

from __future__ import annotations

import datetime as dt

from toolkit import kinds
from toolkit.check.placeholders import Verdict, judge_not_applicable, judge_text
from toolkit.check.report import Finding, HeadingStatus, Report, Severity, Status
from toolkit.model import NotApplicable, Paper
from toolkit.text import split_blocks

__all__ = [
    "Finding",
    "HeadingStatus",
    "Report",
    "Severity",
    "Status",
    "check_document",
    "check_meeting",
]


def check_meeting(meeting: Paper, *, today: dt.date | None = None, source: str = "") -> Report:
    """Check a validated paper: each framework heading (or agenda item's notes) and sign-off.

    ``today`` decides whether the minutes are overdue (default: the real today).
    """
    kind = kinds.of(meeting)
    headings = [_status(key, title, _judge(value)) for key, title, value in kind.sections(meeting)]
    findings = kind.findings(meeting, today or dt.date.today())
    return Report(source, kind.name, headings, findings, kind.due(meeting), item=kind.item)


def check_document(
    data: bytes, *, source: str, kind: str | None = None, today: dt.date | None = None
) -> Report:
    """Check a Word record (``data``: a plain .docx; the caller decrypts) named ``source``.

    The kind comes from ``kind`` (its name), else the record's title, else its headings. Raises
    DocumentError when ``data`` is no readable .docx, or its kind cannot be told.
    """
    from toolkit.check.docx_reader import read_record
    from toolkit.check.sections import detect_kind, find_sections, refuse_agenda
    record = read_record(data, source)
    refuse_agenda(record, source)
    paper_kind = kinds.get(kind) if kind else detect_kind(record, source)
    found = find_sections(record, paper_kind)
    findings, due = paper_kind.document_findings(record, today or dt.date.today())
    return Report(
        source, paper_kind.name, found.headings, findings, due, found.extra, item=paper_kind.item
    )


def _judge(value: str | NotApplicable | None) -> Verdict:
    """Judge a section as the record prints it (paragraphs and bullets), so that a meeting file
    and its rendered record get the same status."""
    if isinstance(value, NotApplicable):
        return judge_not_applicable(value.not_applicable)
    return judge_text(block.text for block in split_blocks(value or ""))


def _status(key: str, title: str, verdict: Verdict) -> HeadingStatus:
    return HeadingStatus(key, title, verdict.status, verdict.note)
