"""The sign-off checks of a placement decision (4LSAB): the whole evidence trail of an imposed
suspension or termination, a review date, Appendix A's criteria, neighbouring commissioners told.

They judge a decision recorded in 4LSAB's terms (`toolkit.model.Suspension.records_decision`),
in a meeting file or in the "Placement decision" part of a record the toolkit printed; a block
of status and dates alone keeps the one rule it always had (`signoff.suspension_findings`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from toolkit.check.headings import normalise
from toolkit.check.placeholders import is_placeholder
from toolkit.check.report import Finding, Severity
from toolkit.decisions import (
    CAUTION_CRITERIA,
    CAUTION_HEADER,
    DECISION_LABEL,
    EVIDENCE_HEADER,
    EVIDENCE_ITEMS,
    INFORMED_LABEL,
    MEASURES,
    RESTRICTING,
    REVIEW_LABEL,
    SUSPENSION_CRITERIA,
    SUSPENSION_HEADER,
    TICK,
)
from toolkit.frameworks import NOT_RECORDED

if TYPE_CHECKING:
    from toolkit.check.docx_reader import RecordText, Table
    from toolkit.model import Suspension

ERROR, WARNING = Severity.ERROR, Severity.WARNING


def placement_findings(suspension: Suspension | None) -> list[Finding]:
    """The findings of a placement decision in a meeting file (none for a status-only block)."""
    if suspension is None or not suspension.records_decision or suspension.status == "none":
        return []
    measure = suspension.measure_in_force
    evidence = suspension.evidence
    missing = [
        name
        for key, name in EVIDENCE_ITEMS.items()
        if _blank(getattr(evidence, key) if evidence else None)
    ]
    return _findings(
        measure,
        imposed=suspension.status == "imposed",
        missing_evidence=missing,
        review_date=suspension.review_date is not None,
        criteria=suspension.criteria,
        informed=suspension.commissioners_informed is not None,
    )


def record_placement_findings(record: RecordText) -> list[Finding]:
    """The same findings from the "Placement decision" part of a Word record; nothing when the
    record has none (a record written before it, or by hand: nothing there to judge)."""
    decision = _value(record, DECISION_LABEL)
    measure = _measure(decision or "")
    if decision is None or measure is None or "no restriction" in decision.lower():
        return []
    evidence = _table(record.tables, EVIDENCE_HEADER)
    given = {normalise(row[0]): row[1] for row in evidence[1:] if len(row) > 1} if evidence else {}
    missing = [name for name in EVIDENCE_ITEMS.values() if _blank(given.get(normalise(name)))]
    review = _value(record, REVIEW_LABEL)
    informed = _value(record, INFORMED_LABEL)
    return _findings(
        measure,
        imposed="imposed" in decision.lower(),
        missing_evidence=missing,
        review_date=not _blank(review),
        criteria=[
            *_ticked(record.tables, CAUTION_HEADER, CAUTION_CRITERIA),
            *_ticked(record.tables, SUSPENSION_HEADER, SUSPENSION_CRITERIA),
        ],
        informed=not _blank(informed),
    )


def _findings(
    measure: str,
    *,
    imposed: bool,
    missing_evidence: list[str],
    review_date: bool,
    criteria: Iterable[str],
    informed: bool,
) -> list[Finding]:
    """The findings of one decision, however it was read."""
    findings: list[Finding] = []
    what = MEASURES[measure].lower()
    restricts = measure in RESTRICTING
    if restricts and imposed and missing_evidence:
        findings.append(
            Finding(
                "placement-evidence-incomplete",
                ERROR,
                f"the {what} has no evidence trail for: " + "; ".join(missing_evidence),
            )
        )
    if restricts and not imposed and not review_date:
        # An imposed one is found by `signoff.suspension_findings`, under the same code.
        findings.append(
            Finding(
                "suspension-review-date-missing", ERROR, f"the voluntary {what} has no review date"
            )
        )
    ticked = list(criteria)
    if restricts and not ticked:
        findings.append(
            Finding(
                "placement-criteria-missing",
                WARNING,
                f"no criterion of 4LSAB Appendix A is recorded for the {what}",
            )
        )
    elif restricts and all(key in CAUTION_CRITERIA for key in ticked):
        findings.append(
            Finding(
                "placement-caution-criteria-only",
                WARNING,
                f"only criteria for a caution (4LSAB Appendix A) are recorded for the {what}",
            )
        )
    if restricts and not informed:
        findings.append(
            Finding(
                "commissioners-not-informed",
                WARNING,
                f"neighbouring local authority and NHS commissioners are not recorded as "
                f"informed of the {what}",
            )
        )
    return findings


def _blank(text: str | None) -> bool:
    return text is None or is_placeholder(text) or text.strip() == NOT_RECORDED


def _measure(text: str) -> str | None:
    """The measure a decision line names ("Suspension of new placements, imposed ...")."""
    lowered = text.lower()
    for measure, title in MEASURES.items():
        if lowered.startswith(title.lower()):
            return measure
    return None


def _value(record: RecordText, label: str) -> str | None:
    wanted = normalise(label)
    for found, value in record.pairs:
        if normalise(found) == wanted:
            return value
    return None


def _table(tables: list[Table], header: str) -> list[list[str]] | None:
    """The rows of the first table whose first cell is ``header``."""
    wanted = normalise(header)
    for table in tables:
        if table.rows and table.rows[0] and normalise(table.rows[0][0]) == wanted:
            return table.rows
    return None


def _ticked(tables: list[Table], header: str, criteria: dict[str, str]) -> list[str]:
    """The keys of the criteria a criteria table ticks."""
    rows = _table(tables, header) or []
    keys = {normalise(text): key for key, text in criteria.items()}
    return [
        keys[normalise(row[0])]
        for row in rows[1:]
        if len(row) > 1 and TICK in row[1] and normalise(row[0]) in keys
    ]
