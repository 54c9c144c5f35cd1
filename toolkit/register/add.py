"""Writing papers into the register: one provider identity, one row set per paper, replaceable.

Adding a paper again finds it by its identity (kind, provider, date), keeps what only the
register knows (when its minutes were circulated) and replaces everything else the paper
said, so a corrected file updates the register and never duplicates it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import cast

from sqlalchemy import Connection, Table, delete, insert, select, text, update

from toolkit.register import schema
from toolkit.register.errors import RegisterError
from toolkit.register.extract import PaperFacts, ProviderFacts
from toolkit.register.identity import cqc_key, name_key

PROVIDERS = cast(Table, schema.Provider.__table__)
COMPANIES = cast(Table, schema.Company.__table__)
PAPERS = cast(Table, schema.Paper.__table__)
MEETINGS = cast(Table, schema.Meeting.__table__)
ACTIONS = cast(Table, schema.Action.__table__)
CONCERNS = cast(Table, schema.Concern.__table__)
CONCERN_TYPES = cast(Table, schema.ConcernType.__table__)
LEVELS = cast(Table, schema.Level.__table__)
MEASURES = cast(Table, schema.Measure.__table__)
FORMS = cast(Table, schema.Form.__table__)
#: Tables whose rows a paper owns outright: replaced whole when the paper is added again.
OWNED = (ACTIONS, CONCERNS, LEVELS, MEASURES, FORMS)


@dataclass(frozen=True)
class Added:
    """What `add` did with one paper: ``updated`` when the register already held it."""

    source: str
    kind: str
    provider: str
    date: dt.date
    updated: bool


def add_facts(connection: Connection, facts: PaperFacts, source: str) -> Added:
    """Write one paper's facts inside the caller's transaction."""
    provider_id = provider_id_for(connection, facts.provider, source)
    paper_id = connection.execute(
        select(PAPERS.c.id).where(
            PAPERS.c.provider_id == provider_id,
            PAPERS.c.kind == facts.kind,
            PAPERS.c.date == facts.date,
        )
    ).scalar()
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    updated = paper_id is not None
    if paper_id is None:
        paper_id = connection.execute(
            insert(PAPERS).returning(PAPERS.c.id),
            {
                "provider_id": provider_id,
                "kind": facts.kind,
                "date": facts.date,
                "source": source,
                "added": now,
            },
        ).scalar_one()
    else:
        connection.execute(
            update(PAPERS).where(PAPERS.c.id == paper_id).values(source=source, added=now)
        )
        for table in OWNED:  # concern types go with their concerns (ON DELETE CASCADE)
            connection.execute(delete(table).where(table.c.paper_id == paper_id))
    _write_meeting(connection, facts, paper_id, provider_id)
    _write_owned(connection, facts, paper_id, provider_id)
    return Added(source, facts.kind, facts.provider.name, facts.date, updated)


def provider_id_for(connection: Connection, provider: ProviderFacts, source: str) -> int:
    """The register's provider for a paper's ``provider:`` block, created when new.

    Found by CQC location ID, else by name key. A provider first known only by name takes the
    CQC ID of the first paper that gives one. The latest paper's spelling of the name is kept.
    """
    cqc = cqc_key(provider.cqc_location_id)
    key = name_key(provider.name)
    if connection.dialect.name == "postgresql":
        # Two writers adding papers of one new provider would each find none and insert it
        # twice: a name is not unique (two locations may share it), so no constraint stops
        # them. A lock on the name key, held to the end of the transaction, queues them.
        # (SQLite needs none: its writers queue at BEGIN IMMEDIATE.)
        connection.execute(
            text("SELECT pg_advisory_xact_lock(hashtextextended(:k, 11))"), {"k": key}
        )
    columns = (
        PROVIDERS.c.id,
        PROVIDERS.c.name,
        PROVIDERS.c.cqc_location_id,
        PROVIDERS.c.company_id,
    )
    found = None
    if cqc is not None:
        found = connection.execute(
            select(*columns).where(PROVIDERS.c.cqc_location_id == cqc)
        ).first()
        if found is None:
            found = connection.execute(
                select(*columns)
                .where(PROVIDERS.c.name_key == key, PROVIDERS.c.cqc_location_id.is_(None))
                .order_by(PROVIDERS.c.id)
            ).first()
    else:
        matches = connection.execute(select(*columns).where(PROVIDERS.c.name_key == key)).all()
        if len(matches) > 1:
            ids = ", ".join(str(m.cqc_location_id or "no CQC ID") for m in matches)
            raise RegisterError(
                f"{source}: provider.name: {provider.name!r} names {len(matches)} locations in "
                f"the register ({ids}); give provider.cqc_location_id"
            )
        found = matches[0] if matches else None
        cqc = found.cqc_location_id if found is not None else None
    values: dict[str, object] = {"name": provider.name, "name_key": key, "cqc_location_id": cqc}
    if provider.company:
        values["company_id"] = _company_id(connection, provider.company)
    if found is None:
        return int(
            connection.execute(insert(PROVIDERS).returning(PROVIDERS.c.id), values).scalar_one()
        )
    current = {"name": found.name, "name_key": key, "cqc_location_id": found.cqc_location_id,
               "company_id": found.company_id}  # fmt: skip
    if any(current[k] != v for k, v in values.items()):  # most papers change nothing
        connection.execute(update(PROVIDERS).where(PROVIDERS.c.id == found.id).values(values))
    return int(found.id)


def _company_id(connection: Connection, company: str) -> int:
    key = name_key(company)
    found = connection.execute(select(COMPANIES.c.id).where(COMPANIES.c.key == key)).scalar()
    if found is not None:
        connection.execute(update(COMPANIES).where(COMPANIES.c.id == found).values(name=company))
        return int(found)
    return int(
        connection.execute(
            insert(COMPANIES).returning(COMPANIES.c.id), {"key": key, "name": company}
        ).scalar_one()
    )


def _write_meeting(
    connection: Connection, facts: PaperFacts, paper_id: int, provider_id: int
) -> None:
    """Insert or update the paper's meeting, keeping its circulation date."""
    meeting = facts.meeting
    existing = connection.execute(
        select(MEETINGS.c.id).where(MEETINGS.c.paper_id == paper_id)
    ).scalar()
    if meeting is None:
        if existing is not None:
            connection.execute(delete(MEETINGS).where(MEETINGS.c.id == existing))
        return
    values = {
        "paper_id": paper_id,
        "provider_id": provider_id,
        "kind": facts.kind,
        "date": meeting.date,
        "minutes_due": meeting.minutes_due,
    }
    if existing is None:
        connection.execute(insert(MEETINGS), values)
    else:
        connection.execute(update(MEETINGS).where(MEETINGS.c.id == existing).values(values))


def _write_owned(
    connection: Connection, facts: PaperFacts, paper_id: int, provider_id: int
) -> None:
    """Insert the rows the paper owns: actions, concerns and their types, level, measure, form."""
    owned = {"paper_id": paper_id, "provider_id": provider_id}
    if facts.actions:
        connection.execute(
            insert(ACTIONS),
            [
                {
                    **owned,
                    "number": a.number,
                    "owner": a.owner,
                    "organisation": a.organisation,
                    "due": a.due,
                    "completed": a.completed,
                }
                for a in facts.actions
            ],
        )
    if facts.concerns:
        rows = [
            {
                **owned,
                "raised": c.raised,
                "source": c.source,
                "service_users_referred": c.service_users_referred,
                "service_users_reviewed": c.service_users_reviewed,
                "outcome": c.outcome,
                "outcome_date": c.outcome_date,
            }
            for c in facts.concerns
        ]
        ids = (
            connection.execute(
                insert(CONCERNS).returning(CONCERNS.c.id, sort_by_parameter_order=True), rows
            )
            .scalars()
            .all()
        )
        types = [
            {"concern_id": cid, "type": t}
            for cid, concern in zip(ids, facts.concerns, strict=True)
            for t in dict.fromkeys(concern.types)
        ]
        if types:
            connection.execute(insert(CONCERN_TYPES), types)
    if facts.level is not None:
        connection.execute(
            insert(LEVELS),
            {
                **owned,
                "level": facts.level.level,
                "date": facts.date,
                "entry_point": facts.level.entry_point,
                "reason": facts.level.reason,
            },
        )
    if facts.measure is not None:
        m = facts.measure
        connection.execute(
            insert(MEASURES),
            {
                **owned,
                "date": facts.date,
                "status": m.status,
                "measure": m.measure,
                "decided": m.decided,
                "review_date": m.review_date,
            },
        )
    if facts.form is not None:
        f = facts.form
        connection.execute(
            insert(FORMS),
            {
                **owned,
                "type": f.type,
                "identified": f.identified,
                "submitted": f.submitted,
                "abuse_suspected": f.abuse_suspected,
            },
        )
