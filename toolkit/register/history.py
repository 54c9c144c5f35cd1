"""Reading the register back: each provider's history, loaded in a few set-wise queries.

`show` loads one provider and `alerts` all of them through the same function, so that the
screen and the alerts can never disagree about what the register holds.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select

from toolkit.register.add import (
    ACTIONS,
    COMPANIES,
    CONCERN_TYPES,
    CONCERNS,
    FORMS,
    LEVELS,
    MEASURES,
    MEETINGS,
    PAPERS,
    PROVIDERS,
)
from toolkit.register.errors import UnknownProviderError
from toolkit.register.identity import cqc_key, name_key


@dataclass(slots=True)
class ConcernRow:
    raised: dt.date
    source: str
    types: list[str]
    referred: int | None
    reviewed: int | None
    outcome: str
    outcome_date: dt.date | None


@dataclass(slots=True)
class MeetingRow:
    kind: str
    date: dt.date
    minutes_due: dt.date | None
    circulated: dt.date | None


@dataclass(slots=True)
class ActionRow:
    number: int
    owner: str
    due: dt.date | None
    completed: dt.date | None


@dataclass(slots=True)
class LevelRow:
    level: int
    date: dt.date
    entry_point: bool
    reason: str | None


@dataclass(slots=True)
class MeasureRow:
    date: dt.date
    status: str
    measure: str
    decided: dt.date | None
    review_date: dt.date | None


@dataclass(slots=True)
class FormRow:
    type: str
    identified: dt.date


@dataclass
class History:
    """Everything the register holds about one provider, oldest first."""

    id: int
    name: str
    company: str | None
    cqc_location_id: str | None
    concerns: list[ConcernRow] = field(default_factory=list)
    meetings: list[MeetingRow] = field(default_factory=list)
    actions: list[ActionRow] = field(default_factory=list)
    levels: list[LevelRow] = field(default_factory=list)
    measures: list[MeasureRow] = field(default_factory=list)
    forms: list[FormRow] = field(default_factory=list)


def find_provider(connection: Connection, asked: str) -> int:
    """The id of the provider ``asked`` names: a CQC location ID, or a name compared loosely.

    Raises UnknownProviderError naming near misses, or the locations a shared name covers.
    """
    cqc = cqc_key(asked)
    found = connection.execute(
        select(PROVIDERS.c.id).where(PROVIDERS.c.cqc_location_id == cqc)
    ).scalar()
    if found is not None:
        return int(found)
    key = name_key(asked)
    matches = connection.execute(
        select(PROVIDERS.c.id, PROVIDERS.c.cqc_location_id).where(PROVIDERS.c.name_key == key)
    ).all()
    if len(matches) == 1:
        return int(matches[0].id)
    if matches:
        ids = ", ".join(str(m.cqc_location_id or "no CQC ID") for m in matches)
        raise UnknownProviderError(
            f"{asked!r} names {len(matches)} locations; ask for one by CQC location ID ({ids})"
        )
    names = connection.execute(select(PROVIDERS.c.name)).scalars().all()
    close = difflib.get_close_matches(asked, names, n=3, cutoff=0.75)
    hint = f" (did you mean {' or '.join(repr(n) for n in close)}?)" if close else ""
    raise UnknownProviderError(f"no provider {asked!r} in the register{hint}")


#: What a history can hold beyond the provider; a report needs fewer parts than the alerts.
PARTS = frozenset({"concerns", "meetings", "actions", "levels", "measures", "forms"})


def load_histories(
    connection: Connection, only: int | None = None, *, parts: frozenset[str] = PARTS
) -> dict[int, History]:
    """Every provider's history (or only provider ``only``'s), by provider id, with ``parts``."""

    def where(table: Any) -> Any:
        return table.c.provider_id == only if only is not None else True

    query = select(
        PROVIDERS.c.id, PROVIDERS.c.name, PROVIDERS.c.cqc_location_id, COMPANIES.c.name
    ).outerjoin(COMPANIES, COMPANIES.c.id == PROVIDERS.c.company_id)
    if only is not None:
        query = query.where(PROVIDERS.c.id == only)
    histories = {
        pid: History(pid, name, company, cqc)
        for pid, name, cqc, company in connection.execute(
            query.order_by(PROVIDERS.c.name, PROVIDERS.c.id)
        )
    }
    if "concerns" in parts:
        _load_concerns(connection, histories, only, where(CONCERNS))
    if "meetings" in parts:
        for m in connection.execute(
            select(MEETINGS).where(where(MEETINGS)).order_by(MEETINGS.c.date, MEETINGS.c.kind)
        ):
            histories[m.provider_id].meetings.append(
                MeetingRow(m.kind, m.date, m.minutes_due, m.circulated)
            )
    if "actions" in parts:
        _load_actions(connection, histories, where(ACTIONS))
    if "levels" in parts:
        for lv in connection.execute(
            select(LEVELS).where(where(LEVELS)).order_by(LEVELS.c.date, LEVELS.c.id)
        ):
            histories[lv.provider_id].levels.append(
                LevelRow(lv.level, lv.date, bool(lv.entry_point), lv.reason)
            )
    if "measures" in parts:
        for ms in connection.execute(
            select(MEASURES).where(where(MEASURES)).order_by(MEASURES.c.date, MEASURES.c.id)
        ):
            histories[ms.provider_id].measures.append(
                MeasureRow(ms.date, ms.status, ms.measure, ms.decided, ms.review_date)
            )
    if "forms" in parts:
        for f in connection.execute(
            select(FORMS).where(where(FORMS)).order_by(FORMS.c.identified, FORMS.c.id)
        ):
            histories[f.provider_id].forms.append(FormRow(f.type, f.identified))
    return histories


def _load_concerns(
    connection: Connection, histories: dict[int, History], only: int | None, where: Any
) -> None:
    types: dict[int, list[str]] = defaultdict(list)
    type_query = select(CONCERN_TYPES.c.concern_id, CONCERN_TYPES.c.type)
    if only is not None:
        type_query = type_query.join(CONCERNS, CONCERNS.c.id == CONCERN_TYPES.c.concern_id).where(
            CONCERNS.c.provider_id == only
        )
    for concern_id, kind in connection.execute(type_query):
        types[concern_id].append(kind)
    concern_rows = connection.execute(
        select(
            CONCERNS.c.id,
            CONCERNS.c.provider_id,
            CONCERNS.c.raised,
            CONCERNS.c.source,
            CONCERNS.c.service_users_referred,
            CONCERNS.c.service_users_reviewed,
            CONCERNS.c.outcome,
            CONCERNS.c.outcome_date,
        )
        .where(where)
        .order_by(CONCERNS.c.raised, CONCERNS.c.id)
    )
    for cid, pid, raised, source, referred, reviewed, outcome, outcome_date in concern_rows:
        histories[pid].concerns.append(
            ConcernRow(
                raised, source, sorted(types.get(cid, ())), referred, reviewed, outcome,
                outcome_date,
            )
        )  # fmt: skip


def _load_actions(connection: Connection, histories: dict[int, History], where: Any) -> None:
    """Each provider's actions as the latest paper that lists them has them.

    An action is carried from meeting to meeting (the tracker) under its number: the most recent
    paper's row says whether it is done, so a completed action does not stay overdue because an
    older meeting listed it open.
    """
    rows = connection.execute(
        select(
            ACTIONS.c.provider_id,
            ACTIONS.c.number,
            ACTIONS.c.owner,
            ACTIONS.c.due,
            ACTIONS.c.completed,
        )
        .join(PAPERS, PAPERS.c.id == ACTIONS.c.paper_id)
        .where(where)
        .order_by(PAPERS.c.date, PAPERS.c.id)
    )
    latest: dict[tuple[int, int], ActionRow] = {}
    for r in rows:
        latest[(r.provider_id, r.number)] = ActionRow(r.number, r.owner, r.due, r.completed)
    for (provider_id, _), action in sorted(latest.items()):
        histories[provider_id].actions.append(action)


def iter_open_actions(history: History) -> Iterable[ActionRow]:
    """The provider's actions not yet completed."""
    return (a for a in history.actions if a.completed is None)
