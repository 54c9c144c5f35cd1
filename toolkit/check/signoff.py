"""The sign-off checks beyond the headings: date, chair, attendees, actions, suspension, quorum,
and the minutes deadline. Each problem is a Finding with a stable code.

From a meeting file every fact is known; from a Word record only what the record shows can be
checked, and what cannot be found is a warning ("could not find ..."), never a guess.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from toolkit import dates
from toolkit.check.headings import normalise
from toolkit.check.placeholders import is_placeholder
from toolkit.check.report import Finding, Severity
from toolkit.decisions import MEASURES
from toolkit.text import counted

if TYPE_CHECKING:  # python-docx (docx_reader) is not loaded to check a meeting file
    from toolkit.check.docx_reader import RecordText, Table
    from toolkit.model import MeetingPaper, Suspension

ERROR, WARNING = Severity.ERROR, Severity.WARNING

_DATE_LABELS = ("date", "meeting date", "date of meeting", "date of the meeting")
_CHAIR_LABELS = ("chair", "chaired by", "chairperson", "chair person", "meeting chair", "chairman")
_MONTH_NAMES = (
    "january february march april may june july august september october november december"
)
_MONTHS = {
    **{name: n for n, name in enumerate(_MONTH_NAMES.split(), start=1)},
    **{name[:3]: n for n, name in enumerate(_MONTH_NAMES.split(), start=1)},
    "sept": 9,
}
_SUSPENSION_LABELS = (
    "suspension",
    "suspension of new admissions",
    "suspension of admissions",
    "suspension of new placements",
    "new admissions and placements",
)
_NO_SUSPENSION_REVIEW = Finding(
    "suspension-review-date-missing",
    Severity.ERROR,
    "the imposed suspension of admissions has no review date",
)
_NO_ATTENDEES = Finding(
    "attendees-missing", Severity.ERROR, "no attendee is listed with an organisation"
)
_QUORATE = re.compile(r"\b(?:in)?quorate\b", re.I)
_NOT_QUORATE = re.compile(r"(?:\bnot|n't)\s+(?:\w+\s+){0,2}quorate\b|\binquorate\b", re.I)
_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_UK = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b")
_LONG = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")


@dataclass(frozen=True)
class ActionFacts:
    """One action as far as it is known. A Word action table may lack an organisation or a due
    column: ``known`` names the facts that can be checked."""

    label: str
    owner: str | None
    organisation: str | None
    due: str | None
    known: frozenset[str] = frozenset({"organisation", "due"})


def meeting_findings(meeting: MeetingPaper) -> list[Finding]:
    """The sign-off findings every meeting file is judged on: chair, attendees, actions."""
    details = meeting.meeting
    findings: list[Finding] = []
    if is_placeholder(details.chair.name):
        findings.append(Finding("chair-missing", ERROR, "no chair is named"))
    if not any(_listed(a.name, a.organisation) for a in details.attendees):
        findings.append(_NO_ATTENDEES)
    findings += action_findings(
        ActionFacts(
            f"action {a.number}", a.owner, a.organisation, a.due.isoformat() if a.due else None
        )
        for a in meeting.actions
    )
    return findings


def record_findings(record: RecordText) -> tuple[list[Finding], dt.date | None]:
    """Sign-off findings every Word record is judged on (best effort), and the meeting date
    if the record shows one."""
    findings: list[Finding] = []
    meeting_date = _find_date(record)
    if meeting_date is None:
        findings.append(Finding("date-not-found", WARNING, "could not find the meeting date"))
    chair = _find_value(record, _CHAIR_LABELS)
    if chair is None:
        findings.append(Finding("chair-not-found", WARNING, "could not find the chair's name"))
    elif is_placeholder(chair):
        findings.append(Finding("chair-missing", ERROR, f'no chair is named (found "{chair}")'))
    findings += _record_suspension(record)
    findings += _record_attendees(record.tables)
    findings += _record_actions(record.tables)
    return findings, meeting_date


def action_findings(actions: Iterable[ActionFacts]) -> list[Finding]:
    """Every action needs an owner and an organisation (errors) and should have a due date."""
    findings: list[Finding] = []
    for action in actions:
        if _blank(action.owner):
            findings.append(Finding("action-owner-missing", ERROR, f"{action.label} has no owner"))
        if "organisation" in action.known and _blank(action.organisation):
            findings.append(
                Finding("action-organisation-missing", ERROR, f"{action.label} has no organisation")
            )
        if "due" in action.known and _blank(action.due):
            findings.append(
                Finding("action-due-missing", WARNING, f"{action.label} has no due date")
            )
    return findings


def _blank(text: str | None) -> bool:
    return text is None or is_placeholder(text)


def _listed(name: str | None, organisation: str | None) -> bool:
    """An attendee counts when named with an organisation; "TBC" is neither (the model already
    refuses blanks, so a meeting file's attendees can only fall short this way)."""
    return not _blank(name) and not _blank(organisation)


def minutes_findings(due: dt.date, today: dt.date) -> list[Finding]:
    """A warning when the minutes' due date has passed."""
    if today <= due:
        return []
    late = (today - due).days
    message = (
        f"the minutes were due by {dates.long_date(due)} ({counted(late, 'day')} ago); "
        "make sure they have been agreed and shared"
    )
    return [Finding("minutes-overdue", WARNING, message)]


def suspension_findings(suspension: Suspension | None) -> list[Finding]:
    """An imposed suspension of admissions (or caution, or termination) needs a date for its
    review; the rest of a placement decision is judged by `toolkit.check.placement`."""
    if suspension and suspension.status == "imposed" and suspension.review_date is None:
        if suspension.measure_in_force == "suspension":
            return [_NO_SUSPENSION_REVIEW]
        what = MEASURES[suspension.measure_in_force].lower()
        message = f"the imposed {what} has no review date"
        return [Finding(_NO_SUSPENSION_REVIEW.code, ERROR, message)]
    return []


def quorum_findings(missing: list[str]) -> list[Finding]:
    """An error when the organisations ``missing`` left the meeting inquorate."""
    if missing:
        return [
            Finding(
                "quorum-not-met",
                ERROR,
                "not quorate: no attendee from " + ", ".join(missing),
            )
        ]
    return []


def parse_written_date(text: str) -> dt.date | None:
    """The first date in ``text`` as records write them: 20/11/2026, 20 November 2026..."""
    for pattern in (_ISO, _UK, _LONG):
        if match := pattern.search(text):
            a, b, c = match.groups()
            if pattern is _ISO:
                year, month, day = int(a), int(b), int(c)
            elif pattern is _UK:
                day, month, year = int(a), int(b), int(c)
            elif (found := _MONTHS.get(b.lower())) is not None:
                day, month, year = int(a), found, int(c)
            else:
                continue
            try:
                return dt.date(year, month, day)
            except ValueError:
                continue
    return None


def _find_value(record: RecordText, labels: Sequence[str]) -> str | None:
    for label, value in record.pairs:
        if normalise(label) in labels:
            return value
    return None


def _find_date(record: RecordText) -> dt.date | None:
    for label, value in record.pairs:
        if normalise(label) in _DATE_LABELS and (found := parse_written_date(value)):
            return found
    return None


def _columns(header: list[str], *words: str) -> int | None:
    """Index of the first header cell containing any of ``words``."""
    for index, cell in enumerate(header):
        text = normalise(cell)
        if any(re.search(rf"\b{word}", text) for word in words):
            return index
    return None


def _is_action_table(header: list[str]) -> bool:
    return (
        _columns(header, "action", "detail") is not None
        and _columns(header, "owner", "lead", "responsible", "who") is not None
    )


def _record_suspension(record: RecordText) -> list[Finding]:
    """An imposed suspension the record states ("Suspension imposed ...") needs a review date."""
    text = _find_value(record, _SUSPENSION_LABELS) or ""
    if "imposed" not in text.lower():
        return []
    review = re.search(r"\breview", text, re.I)
    if review and parse_written_date(text[review.start() :]):
        return []
    return [_NO_SUSPENSION_REVIEW]


def record_quorum_findings(record: RecordText) -> list[Finding]:
    """The minutes' own statement of quoracy ("The meeting was NOT quorate: ...")."""
    statements = [b.text for b in record.blocks if _QUORATE.search(b.text)]
    if not statements:
        return [
            Finding("quorum-not-found", WARNING, "could not find whether the meeting was quorate")
        ]
    if not_quorate := [text for text in statements if _NOT_QUORATE.search(text)]:
        return [Finding("quorum-not-met", ERROR, not_quorate[0])]
    return []


def _record_attendees(tables: list[Table]) -> list[Finding]:
    """The first table with name and organisation columns that is neither the action plan nor
    the apologies lists the attendees; one of them must be named with an organisation."""
    for table in tables:
        if not table.rows or _is_action_table(table.rows[0]):
            continue
        header = table.rows[0]
        name, organisation = (
            _columns(header, "name"),
            _columns(header, "organisation", "organization", "agency"),
        )
        if (
            name is None
            or organisation is None
            or "apolog" in normalise(table.before + " " + " ".join(header))
        ):
            continue
        if any(_listed(_cell(row, name), _cell(row, organisation)) for row in table.rows[1:]):
            return []
        return [_NO_ATTENDEES]
    return [Finding("attendees-not-found", WARNING, "could not find a table of attendees")]


def _record_actions(tables: list[Table]) -> list[Finding]:
    """Every row of every action table (headed "action" and "owner" or the like), judged with
    the columns the table has: a plan without a due column is not short of due dates."""
    findings: list[Finding] = []
    for table in tables:
        if not table.rows or not _is_action_table(table.rows[0]):
            continue
        header = table.rows[0]
        owner = _columns(header, "owner", "lead", "responsible", "who")
        organisation = _columns(header, "organisation", "organization", "agency")
        due = _columns(header, "due", "by when", "deadline", "target", "timescale")
        number = _columns(header, "no", "number", "ref")
        known = frozenset(
            name
            for name, column in (("organisation", organisation), ("due", due))
            if column is not None
        )
        findings += action_findings(
            ActionFacts(
                f"action {_cell(row, number) or index}",
                _cell(row, owner),
                _cell(row, organisation),
                _cell(row, due),
                known,
            )
            for index, row in enumerate(table.rows[1:], start=1)
            if any(cell.strip() for cell in row)
        )
    return findings


def _cell(row: list[str], index: int | None) -> str | None:
    if index is None or index >= len(row) or not row[index].strip():
        return None
    return row[index].strip()
