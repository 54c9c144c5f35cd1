"""What a letter to the provider must say before it is signed (4LSAB): each concern with the
part of the contract it relates to, the action needed and its timescale; the sanctions for
non-compliance; a review date. Each problem is a Finding with a stable code.

The same judgement serves a letter file and a Word letter, edited by hand or not: both are read
into `LetterFacts` first. The model already refuses a blank concern, clause or action in a file,
but "TBC" passes it, and a Word letter can lose anything, so every fact is judged here again.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from toolkit import dates
from toolkit.check.docx_reader import Block, RecordText, Table
from toolkit.check.headings import THRESHOLD, Strength, normalise, similarity
from toolkit.check.placeholders import judge_text
from toolkit.check.report import DONE, Finding, Severity
from toolkit.check.signoff import parse_written_date
from toolkit.text import split_blocks

ERROR, WARNING = Severity.ERROR, Severity.WARNING

_DATE_LABELS = ("date", "dated", "date of letter")


@dataclass(frozen=True)
class ConcernFacts:
    """One row of the table of concerns, as far as it is known (None: blank or unreadable)."""

    number: int
    nature: str | None
    clause: str | None
    action: str | None
    timescale: dt.date | None


@dataclass(frozen=True)
class LetterFacts:
    """What the letter says, from a file or read from Word; None where it says nothing.

    ``send_by`` is when the letter should have gone (from the meeting it follows) and ``rule``
    that deadline in words; both are None when the meeting is not known.
    """

    date: dt.date | None
    concerns: Sequence[ConcernFacts]
    sanctions: str | None
    review_date: dt.date | None
    invitation: dt.date | None = None
    send_by: dt.date | None = None
    rule: str = ""
    found: Sequence[Finding] = field(default_factory=tuple)


def letter_findings(facts: LetterFacts) -> list[Finding]:
    """Every finding about a letter: concerns, sanctions, review date, dates in order."""
    findings = list(facts.found)
    if not facts.concerns:
        findings.append(Finding("concerns-missing", ERROR, "the letter states no concern"))
    for concern in facts.concerns:
        findings += _concern_findings(concern, facts.date)
    if not _said(facts.sanctions):
        findings.append(
            Finding(
                "sanctions-missing",
                ERROR,
                "the letter does not state the sanctions for non-compliance",
            )
        )
    if facts.review_date is None:
        findings.append(
            Finding("review-date-missing", ERROR, "the letter sets no date to review progress")
        )
    elif facts.date and facts.review_date <= facts.date:
        findings.append(
            Finding(
                "review-date-early",
                WARNING,
                f"the review date, {dates.long_date(facts.review_date)}, is not after the "
                f"letter's date, {dates.long_date(facts.date)}",
            )
        )
    if facts.invitation and facts.date and facts.invitation <= facts.date:
        findings.append(
            Finding(
                "meeting-invitation-early",
                WARNING,
                f"the meeting the provider is invited to, {dates.long_date(facts.invitation)}, "
                "is not after the letter's date",
            )
        )
    if facts.send_by and facts.date and facts.date > facts.send_by:
        findings.append(
            Finding(
                "letter-late",
                WARNING,
                f"the letter is dated {dates.long_date(facts.date)}; it was to be sent "
                f"{facts.rule}, by {dates.long_date(facts.send_by)}",
            )
        )
    return findings


def _concern_findings(concern: ConcernFacts, letter_date: dt.date | None) -> list[Finding]:
    label = f"concern {concern.number}"
    findings = [
        Finding(f"concern-{code}-missing", ERROR, f"{label} {what}")
        for code, what, text in (
            ("nature", "does not say what the concern is", concern.nature),
            ("clause", "names no part of the contract", concern.clause),
            ("action", "states no action required", concern.action),
        )
        if not _said(text)
    ]
    if concern.timescale is None:
        findings.append(
            Finding("concern-timescale-missing", ERROR, f"{label} gives no date for its action")
        )
    elif letter_date and concern.timescale <= letter_date:
        findings.append(
            Finding(
                "concern-timescale-early",
                WARNING,
                f"{label}: its timescale, {dates.long_date(concern.timescale)}, is not after "
                f"the letter's date, {dates.long_date(letter_date)}",
            )
        )
    return findings


def _said(text: str | None) -> bool:
    """True when ``text`` says something: not blank, not only "TBC", "see above" or the like."""
    if text is None:
        return False
    return judge_text(block.text for block in split_blocks(text)).status in DONE


# A Word letter -------------------------------------------------------------------------------


def read_letter(
    record: RecordText, *, sanctions_title: str, review_title: str
) -> tuple[list[Finding], dt.date | None]:
    """The findings of a Word letter, and its review date (the date it is due again); the
    sanctions and the review date are read under the headings the letter prints."""
    found: list[Finding] = []
    letter_date = _letter_date(record)
    if letter_date is None:
        found.append(Finding("letter-date-not-found", WARNING, "could not find the letter's date"))
    sanctions = _under(record.blocks, sanctions_title)
    review_text = _under(record.blocks, review_title)
    review_date = parse_written_date(" ".join(review_text or []))
    facts = LetterFacts(
        date=letter_date,
        concerns=_concerns(record.tables),
        sanctions=None if sanctions is None else "\n\n".join(sanctions),
        review_date=review_date,
        found=found,
    )
    return letter_findings(facts), review_date


def _letter_date(record: RecordText) -> dt.date | None:
    for label, value in record.pairs:
        if normalise(label) in _DATE_LABELS and (found := parse_written_date(value)):
            return found
    return None


def _under(blocks: Sequence[Block], title: str) -> list[str] | None:
    """The paragraphs under the heading ``title`` (styled or bold, wording as people edit
    it) up to the next heading; None when there is no such heading."""
    for index, block in enumerate(blocks):
        if block.in_table or block.strength is Strength.PLAIN:
            continue
        if similarity(block.text, title) >= THRESHOLD:
            texts = []
            for following in blocks[index + 1 :]:
                if following.level is not None or (
                    following.bold and not following.in_table and len(following.text) <= 80
                ):
                    break
                texts.append(following.text)
            return texts
    return None


def _column(header: list[str], *words: str) -> int | None:
    for index, cell in enumerate(header):
        if any(re.search(rf"\b{word}", normalise(cell)) for word in words):
            return index
    return None


def _concerns(tables: Sequence[Table]) -> list[ConcernFacts]:
    """The rows of the first table headed with a concern and an action column."""
    for table in tables:
        if not table.rows:
            continue
        header = table.rows[0]
        nature, action = _column(header, "concern", "nature"), _column(header, "action")
        if nature is None or action is None:
            continue
        clause = _column(header, "clause", "contract")
        timescale = _column(header, "timescale", "by when", "date", "deadline", "due")
        facts = []
        for number, row in enumerate(table.rows[1:], start=1):
            if not any(cell.strip() for cell in row):
                continue
            when = _cell(row, timescale)
            facts.append(
                ConcernFacts(
                    number,
                    _cell(row, nature),
                    _cell(row, clause),
                    _cell(row, action),
                    parse_written_date(when) if when else None,
                )
            )
        return facts
    return []


def _cell(row: list[str], index: int | None) -> str | None:
    if index is None or index >= len(row) or not row[index].strip():
        return None
    return row[index].strip()
