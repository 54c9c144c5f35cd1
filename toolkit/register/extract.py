"""What the register takes from a paper: small duck-typed extractors over the spec's field names.

The kinds of paper grow (outcome, letter, ccrf, concern, an escalation block): each extractor
asks only for the fields the input contract names, with getattr and defaults, so a paper of a
kind this module has never heard of still gives its provider, date, meeting, actions, concerns,
escalation level, placement measure and reporting form, whatever is there.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

#: A measure's default when a suspension block gives none (meeting-input.md).
DEFAULT_MEASURE = "suspension"


@dataclass(frozen=True)
class ProviderFacts:
    """The provider as a paper names it."""

    name: str
    company: str | None
    cqc_location_id: str | None


@dataclass(frozen=True)
class MeetingFacts:
    """A meeting: its date and when its minutes are due (None when no rule is known)."""

    date: dt.date
    minutes_due: dt.date | None


@dataclass(frozen=True)
class ActionFacts:
    number: int
    owner: str
    organisation: str | None
    due: dt.date | None
    completed: dt.date | None


@dataclass(frozen=True)
class ConcernFacts:
    raised: dt.date
    source: str
    types: tuple[str, ...]
    service_users_referred: int | None
    service_users_reviewed: int | None
    outcome: str
    outcome_date: dt.date | None


@dataclass(frozen=True)
class LevelFacts:
    level: int
    entry_point: bool
    reason: str | None


@dataclass(frozen=True)
class MeasureFacts:
    status: str
    measure: str
    decided: dt.date | None
    review_date: dt.date | None


@dataclass(frozen=True)
class FormFacts:
    type: str
    identified: dt.date
    submitted: dt.date | None
    abuse_suspected: bool | None


@dataclass(frozen=True)
class PaperFacts:
    """Everything the register keeps of one paper; its identity is (kind, provider, date)."""

    kind: str
    date: dt.date
    provider: ProviderFacts
    meeting: MeetingFacts | None = None
    actions: list[ActionFacts] = field(default_factory=list)
    concerns: list[ConcernFacts] = field(default_factory=list)
    level: LevelFacts | None = None
    measure: MeasureFacts | None = None
    form: FormFacts | None = None


def facts_of(paper: Any) -> PaperFacts:
    """The register's facts of a validated paper of any kind."""
    day = paper_date(paper)
    return PaperFacts(
        kind=str(paper.kind),
        date=day,
        provider=provider_of(paper),
        meeting=meeting_of(paper),
        actions=actions_of(paper),
        concerns=concerns_of(paper),
        level=level_of(paper),
        measure=measure_of(paper),
        form=form_of(paper),
    )


def _kind(paper: Any) -> Any:
    """The registered kind of ``paper``, or None for a kind this toolkit does not list."""
    from toolkit import kinds

    try:
        return kinds.of(paper)
    except KeyError:
        return None


def paper_date(paper: Any) -> dt.date:
    """The date a paper is about: its kind says, else the first date the contract names."""
    kind = _kind(paper)
    if kind is not None:
        try:
            return kind.date_of(paper)
        except (NotImplementedError, AttributeError):
            pass
    for block, name in (
        ("meeting", "date"),
        ("letter", "date"),
        ("report", "identified"),
        ("concern", "raised"),
    ):
        value = getattr(getattr(paper, block, None), name, None)
        if isinstance(value, dt.date):
            return value
    raise ValueError(f"a {paper.kind} paper without a date the register knows")


def provider_of(paper: Any) -> ProviderFacts:
    provider = paper.provider
    return ProviderFacts(
        name=str(provider.name),
        company=getattr(provider, "company", None),
        cqc_location_id=getattr(provider, "cqc_location_id", None),
    )


def meeting_of(paper: Any) -> MeetingFacts | None:
    """A meeting's date and minutes deadline, for any paper with a ``meeting:`` block."""
    day = getattr(getattr(paper, "meeting", None), "date", None)
    if not isinstance(day, dt.date):
        return None
    kind = _kind(paper)
    due = None
    if kind is not None:
        try:
            due = kind.due(paper)
        except (NotImplementedError, AttributeError, KeyError):
            due = None
    return MeetingFacts(day, due)


def actions_of(paper: Any) -> list[ActionFacts]:
    """A meeting's actions, and the actions agreed on a reporting form, numbered in order."""
    items = list(getattr(paper, "actions", None) or [])
    items += list(getattr(getattr(paper, "report", None), "actions_agreed", None) or [])
    found = []
    for index, action in enumerate(items, start=1):
        owner = getattr(action, "owner", None)
        if owner is None:
            continue
        found.append(
            ActionFacts(
                number=getattr(action, "number", None) or index,
                owner=str(owner),
                organisation=getattr(action, "organisation", None),
                due=getattr(action, "due", None),
                completed=getattr(action, "completed", None),
            )
        )
    return found


def concerns_of(paper: Any) -> list[ConcernFacts]:
    """The register concerns a paper carries: a ``concern:`` block, or a list of ``concerns:``
    whose entries are register concerns (have ``types``); a letter's concerns are not."""
    items = []
    single = getattr(paper, "concern", None)
    if single is not None:
        items.append(single)
    items += [c for c in getattr(paper, "concerns", None) or [] if hasattr(c, "types")]
    return [_concern(item) for item in items if isinstance(getattr(item, "raised", None), dt.date)]


def _concern(item: Any) -> ConcernFacts:
    return ConcernFacts(
        raised=item.raised,
        source=str(getattr(item, "source", None) or "other"),
        types=tuple(str(t) for t in getattr(item, "types", None) or ()),
        service_users_referred=getattr(item, "service_users_referred", None),
        service_users_reviewed=getattr(item, "service_users_reviewed", None),
        outcome=str(getattr(item, "outcome", None) or "open"),
        outcome_date=getattr(item, "outcome_date", None),
    )


def level_of(paper: Any) -> LevelFacts | None:
    """The escalation level of an ``escalation:`` block (West Midlands framework)."""
    escalation = getattr(paper, "escalation", None)
    level = getattr(escalation, "level", None)
    if level is None:
        return None
    return LevelFacts(
        level=int(level),
        entry_point=bool(getattr(escalation, "entry_point", False)),
        reason=getattr(escalation, "reason", None),
    )


def measure_of(paper: Any) -> MeasureFacts | None:
    """A suspension or other placement measure, with its review date."""
    suspension = getattr(paper, "suspension", None)
    status = getattr(suspension, "status", None)
    if status is None:
        return None
    return MeasureFacts(
        status=str(status),
        measure=str(getattr(suspension, "measure", None) or DEFAULT_MEASURE),
        decided=getattr(suspension, "decided", None),
        review_date=getattr(suspension, "review_date", None),
    )


def form_of(paper: Any) -> FormFacts | None:
    """A reporting form's type and dates (a ``report:`` block with ``type`` and ``identified``)."""
    report = getattr(paper, "report", None)
    identified = getattr(report, "identified", None)
    kind = getattr(report, "type", None)
    if not isinstance(identified, dt.date) or kind is None:
        return None
    return FormFacts(
        type=str(kind),
        identified=identified,
        submitted=getattr(report, "submitted", None),
        abuse_suspected=getattr(report, "abuse_suspected", None),
    )
