"""The register's trend report as data: concerns per month per provider, by type, by outcome.

Only counting happens here; `toolkit.render.register_report` lays the numbers out in Excel
with charts (Office code stays in render/). ``publishable`` suppresses every count from 1 to
4, the usual small-number rule for figures that leave the partnership, so that no provider's
handful of concerns can point at the people involved.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from toolkit.register.history import History

#: Counts from 1 to SMALLEST - 1 are shown as SUPPRESSED in a publishable report.
SMALLEST = 5
SUPPRESSED = "<5"
OUTCOMES = ("open", "substantiated", "unsubstantiated", "undetermined")

Count = int | str


@dataclass
class ReportData:
    """The report's tables; counts are ints, or SUPPRESSED when publishable."""

    start: dt.date | None
    end: dt.date | None
    publishable: bool
    months: list[str] = field(default_factory=list)
    providers: list[str] = field(default_factory=list)
    #: per_month[provider][month] -> count
    per_month: dict[str, dict[str, Count]] = field(default_factory=dict)
    #: (provider, total, open, substantiated, level or None, measure or None)
    summary: list[tuple[str, Count, Count, Count, int | None, str | None]] = field(
        default_factory=list
    )
    by_type: list[tuple[str, Count]] = field(default_factory=list)
    by_outcome: list[tuple[str, Count]] = field(default_factory=list)


def report_data(
    histories: Iterable[History],
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    publishable: bool = False,
) -> ReportData:
    """Count the concerns raised from ``start`` to ``end`` (inclusive; open-ended if None)."""
    data = ReportData(start, end, publishable)
    month_counts: dict[str, Counter[str]] = defaultdict(Counter)
    types: Counter[str] = Counter()
    outcomes: Counter[str] = Counter()
    months: set[str] = set()
    for history in histories:
        chosen = [
            c
            for c in history.concerns
            if (start is None or c.raised >= start) and (end is None or c.raised <= end)
        ]
        if not chosen:
            continue
        label = _label(history)
        data.providers.append(label)
        for concern in chosen:
            month = f"{concern.raised:%Y-%m}"
            months.add(month)
            month_counts[label][month] += 1
            types.update(concern.types)
            outcomes[concern.outcome] += 1
        provider_outcomes = Counter(c.outcome for c in chosen)
        measure = history.measures[-1] if history.measures else None
        data.summary.append(
            (
                label,
                _shown(len(chosen), publishable),
                _shown(provider_outcomes["open"], publishable),
                _shown(provider_outcomes["substantiated"], publishable),
                history.levels[-1].level if history.levels else None,
                None
                if measure is None or measure.status == "none"
                else f"{measure.status} {measure.measure}",
            )
        )
    data.months = _month_range(months)
    data.per_month = {
        p: {m: _shown(month_counts[p][m], publishable) for m in data.months} for p in data.providers
    }
    data.by_type = [(t, _shown(n, publishable)) for t, n in sorted(types.items())]
    data.by_outcome = [(o, _shown(outcomes[o], publishable)) for o in OUTCOMES]
    return data


def _label(history: History) -> str:
    """A provider's name, with its CQC ID when two locations could share the name."""
    if history.cqc_location_id:
        return f"{history.name} ({history.cqc_location_id})"
    return history.name


def _shown(count: int, publishable: bool) -> Count:
    return SUPPRESSED if publishable and 0 < count < SMALLEST else count


def _month_range(months: set[str]) -> list[str]:
    """Every month from the first to the last seen, so a quiet month shows as a zero."""
    if not months:
        return []
    first, last = min(months), max(months)
    year, month = int(first[:4]), int(first[5:])
    found = []
    while f"{year:04d}-{month:02d}" <= last:
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found
