"""What a record prints of the meeting's decisions on the provider: its escalation level and
its placement decision (Appendix A's criteria, the evidence trail), as plain template values.

Kept apart from `toolkit.render.record` so that the record's context stays one screen; the
wording comes from `toolkit.decisions`, and the check reads it back (`toolkit.check.placement`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from toolkit import dates
from toolkit.decisions import (
    CAUTION_CRITERIA,
    EVIDENCE_ITEMS,
    MEASURES,
    SUSPENSION_CRITERIA,
    TICK,
    escalation_name,
)
from toolkit.frameworks import NOT_RECORDED
from toolkit.model import Escalation, FrameworkMeeting, NotApplicable, Suspension

#: How a decision in force was reached, as the record's decision line says it.
_HOW = {"imposed": "imposed", "voluntary": "agreed voluntarily by the provider"}


def escalation_line(escalation: Escalation | None) -> str:
    """``4 — Multi-agency meetings regarding organisational failure (entered at this level:
    reason)``; empty when the meeting records no level, so that the record leaves the row out."""
    if escalation is None:
        return ""
    line = escalation_name(escalation.level)
    if escalation.entry_point:
        line += f" (entered at this level: {(escalation.reason or '').strip()})"
    return line


def suspension_line(suspension: Suspension | None) -> str:
    """One line on new admissions and placements, when the meeting file records a decision."""
    if suspension is None:
        return NOT_RECORDED
    measure = suspension.measure_in_force
    if suspension.status == "none":
        text = "No suspension" if measure == "suspension" else f"No {MEASURES[measure].lower()}"
    elif measure == "suspension":
        text = {"voluntary": "Voluntary suspension", "imposed": "Suspension imposed"}[
            suspension.status
        ]
    else:
        text = f"{MEASURES[measure]} {_HOW[suspension.status]}"
    if suspension.decided:
        text += f" from {dates.long_date(suspension.decided)}"
    if suspension.review_date:
        text += f"; to be reviewed by {dates.long_date(suspension.review_date)}"
    return text


def placement_context(
    meeting: FrameworkMeeting, blocks: Callable[[str | NotApplicable | None], list[Any]]
) -> dict[str, Any] | None:
    """The placement decision part of the record, or None when the meeting file records no
    decision in 4LSAB's terms (a status and dates alone print as one line, as they always did).

    ``blocks`` turns a text into paragraphs and bullets, as the record does for its sections.
    """
    suspension = meeting.suspension
    if suspension is None or not suspension.records_decision:
        return None
    measure = MEASURES[suspension.measure_in_force]
    decision = (
        f"No restriction in force ({measure.lower()} considered)"
        if suspension.status == "none"
        else f"{measure}, {_HOW[suspension.status]}"
    )
    ticked = set(suspension.criteria)
    evidence = suspension.evidence
    return {
        "decision": decision,
        "decided": _date(suspension.decided),
        "review_date": _date(suspension.review_date),
        "commissioners_informed": _date(suspension.commissioners_informed),
        "caution": _criteria(CAUTION_CRITERIA, ticked),
        "suspension": _criteria(SUSPENSION_CRITERIA, ticked),
        "evidence": [
            {"name": name, "blocks": blocks(getattr(evidence, key) if evidence else None)}
            for key, name in EVIDENCE_ITEMS.items()
        ],
    }


def _criteria(criteria: dict[str, str], ticked: set[str]) -> list[dict[str, str]]:
    return [{"text": text, "tick": TICK if key in ticked else ""} for key, text in criteria.items()]


def _date(day: Any) -> str:
    return dates.long_date(day) if day else NOT_RECORDED
