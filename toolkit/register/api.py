"""The register's library API: what the command line and the web app call.

`open_register` gives a `Register`; each of its writing methods is one transaction, so a
reader (another process, `show`) never sees half a paper and a failed add leaves nothing.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from toolkit.register.add import MEETINGS, PAPERS, PROVIDERS, Added, add_facts
from toolkit.register.errors import RegisterError
from toolkit.register.extract import PaperFacts, facts_of, provider_of
from toolkit.register.history import History, find_provider, iter_open_actions, load_histories
from toolkit.register.opening import Opened, open_database
from toolkit.register.rules import Alert, alerts_for, current_measure, review_reasons

T = TypeVar("T")
#: Concurrent writers on a server can race to create one provider or paper (a unique key);
#: the loser's transaction is rolled back whole and run again.
RETRIES = 5
OUTCOMES = ("open", "substantiated", "unsubstantiated", "undetermined")


class Register:
    """An open register. Use as a context manager, or call `close`."""

    def __init__(self, opened: Opened) -> None:
        self._opened = opened
        self.engine = opened.engine
        #: Where a key generated for a new register was written (None: none was generated).
        self.key_file = opened.key_file

    @property
    def where(self) -> str:
        """The register's file, or its server URL without a password."""
        return self._opened.location.shown

    def __enter__(self) -> Register:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    # writing ----------------------------------------------------------------------------------

    def add_paper(self, path: str | Path) -> Added:
        """Add (or update) one paper file; see `add_papers`."""
        return self.add_papers([path])[0]

    def add_papers(self, paths: Sequence[str | Path]) -> list[Added]:
        """Add paper files of any kind, all in one transaction.

        Every file is loaded and validated first: one bad file (reported FILE:LINE: field:
        message, all files' problems together) means nothing is written.
        """
        from toolkit.load import load_all

        loaded = load_all([Path(p) for p in paths])
        return self.add_loaded([(item.meeting, item.source) for item in loaded])

    def add_loaded(self, papers: Iterable[tuple[Any, str]]) -> list[Added]:
        """Add validated papers (any object with the contract's fields), named by source."""
        facts = [(_facts(paper, source), source) for paper, source in papers]

        def write(connection: Connection) -> list[Added]:
            return [add_facts(connection, f, source) for f, source in facts]

        return self._transaction(write)

    def record_circulation(self, paper: Any, circulated: dt.date) -> bool:
        """Record that a meeting's minutes were circulated on ``circulated``.

        Returns False when the register does not hold the meeting (add it first).
        """
        return self._transaction(lambda connection: _circulated(connection, paper, circulated))

    def add_circulated(self, papers: Iterable[tuple[Any, str]], circulated: dt.date) -> list[Added]:
        """Add packed papers and record them circulated on ``circulated``, in one transaction
        (`pack --register`): the register never holds a pack's papers without its circulation."""
        facts = [(_facts(paper, source), paper, source) for paper, source in papers]

        def write(connection: Connection) -> list[Added]:
            added = [add_facts(connection, each, source) for each, _, source in facts]
            for _, paper, _ in facts:
                _circulated(connection, paper, circulated)
            return added

        return self._transaction(write)

    def _transaction(self, body: Callable[[Connection], T]) -> T:
        """Run ``body`` in one transaction, again from the start if a concurrent writer won a
        race for a unique key; database faults become one-line RegisterErrors."""
        for attempt in range(RETRIES):
            try:
                with self.engine.begin() as connection:
                    return body(connection)
            except IntegrityError:
                if attempt == RETRIES - 1:
                    raise RegisterError(
                        f"{self.where}: another writer kept changing the same papers; try again"
                    ) from None
                time.sleep(0.05 * (attempt + 1))
            except OperationalError as error:
                raise RegisterError(f"{self.where}: {_first_line(error)}") from None
        raise AssertionError("unreachable")  # pragma: no cover

    # reading ----------------------------------------------------------------------------------

    def _read(self, body: Callable[[Connection], T]) -> T:
        try:
            with self.engine.connect() as connection:
                return body(connection)
        except OperationalError as error:
            raise RegisterError(f"{self.where}: {_first_line(error)}") from None

    def providers(self) -> list[dict[str, Any]]:
        """Every provider: name, company, CQC location ID and how many papers it has."""
        from sqlalchemy import func

        from toolkit.register.add import COMPANIES

        def read(connection: Connection) -> list[dict[str, Any]]:
            papers = (
                select(PAPERS.c.provider_id, func.count().label("papers"))
                .group_by(PAPERS.c.provider_id)
                .subquery()
            )
            rows = connection.execute(
                select(
                    PROVIDERS.c.name,
                    COMPANIES.c.name.label("company"),
                    PROVIDERS.c.cqc_location_id,
                    func.coalesce(papers.c.papers, 0),
                )
                .outerjoin(COMPANIES, COMPANIES.c.id == PROVIDERS.c.company_id)
                .outerjoin(papers, papers.c.provider_id == PROVIDERS.c.id)
                .order_by(PROVIDERS.c.name, PROVIDERS.c.cqc_location_id, PROVIDERS.c.id)
            )
            return [
                {"name": n, "company": c, "cqc_location_id": q, "papers": int(p)}
                for n, c, q, p in rows
            ]

        return self._read(read)

    def show(self, provider: str, *, today: dt.date | None = None) -> dict[str, Any]:
        """The provider's history on one screen, as the spec's ``show --format json`` keys."""
        day = today or dt.date.today()

        def read(connection: Connection) -> dict[str, Any]:
            pid = find_provider(connection, provider)
            return summary(load_histories(connection, only=pid)[pid], day)

        return self._read(read)

    def report(
        self,
        *,
        start: dt.date | None = None,
        end: dt.date | None = None,
        password: str | None = None,
        publishable: bool = False,
    ) -> bytes:
        """The trend report as .xlsx bytes, encrypted with ``password`` when one is given.

        Concerns per month per provider, by type and by outcome, with charts, marked on every
        sheet; ``publishable`` shows counts from 1 to 4 as "<5".
        """
        from toolkit.register.report import report_data
        from toolkit.render.register_report import render_register_report

        if start and end and start > end:
            from toolkit.errors import UsageError

            raise UsageError(
                f"the report starts on {start.isoformat()}, after it ends ({end.isoformat()})"
            )
        needed = frozenset({"concerns", "levels", "measures"})
        histories = self._read(lambda c: load_histories(c, parts=needed)).values()
        data = report_data(histories, start=start, end=end, publishable=publishable)
        workbook = render_register_report(data)
        if password is None:
            return workbook
        from toolkit.protect import encrypt_bytes

        return encrypt_bytes(workbook, password)

    def alerts(self, today: dt.date | None = None, *, provider: str | None = None) -> list[Alert]:
        """Every alert for every provider, providers in name order; or only ``provider``'s
        (a name or CQC location ID, as `show` takes), for a page about that provider."""
        day = today or dt.date.today()

        def read(connection: Connection) -> Iterable[History]:
            only = None if provider is None else find_provider(connection, provider)
            return load_histories(connection, only=only).values()

        histories = self._read(read)
        return [alert for history in histories for alert in alerts_for(history, day)]


def _facts(paper: Any, source: str) -> PaperFacts:
    """The facts of a paper, or a RegisterError naming its source."""
    try:
        return facts_of(paper)
    except ValueError as error:
        raise RegisterError(f"{source}: {error}") from None


def _circulated(connection: Connection, paper: Any, circulated: dt.date) -> bool:
    """Mark the meeting ``paper`` circulated; False when the register does not hold it."""
    from toolkit.register.add import provider_id_for

    facts = facts_of(paper)
    provider_id = provider_id_for(connection, provider_of(paper), "pack")
    paper_id = connection.execute(
        select(PAPERS.c.id).where(
            PAPERS.c.provider_id == provider_id,
            PAPERS.c.kind == facts.kind,
            PAPERS.c.date == facts.date,
        )
    ).scalar()
    if paper_id is None:
        return False
    connection.execute(
        update(MEETINGS).where(MEETINGS.c.paper_id == paper_id).values(circulated=circulated)
    )
    return True


def open_register(
    db: str | None = None,
    *,
    key: str | None = None,
    key_file: str | Path | None = None,
    key_out: str | Path | None = None,
    plain: bool = False,
) -> Register:
    """Open the register (``db``: a URL or path; else $TOOLKIT_DB; else the user's default),
    creating it encrypted and migrating it forward on first use. See `open_database`."""
    return Register(open_database(db, key=key, key_file=key_file, key_out=key_out, plain=plain))


def summary(history: History, today: dt.date) -> dict[str, Any]:
    """One provider's history as the spec's JSON: counts, meetings, actions, level, measure."""
    concerns = history.concerns
    outcomes = Counter(c.outcome for c in concerns)
    by_type = Counter(t for c in concerns for t in c.types)
    open_actions = list(iter_open_actions(history))
    measure = current_measure(history)
    reasons = review_reasons(history, today)
    return {
        "provider": {
            "name": history.name,
            "company": history.company,
            "cqc_location_id": history.cqc_location_id,
        },
        "concerns": {
            "total": len(concerns),
            **{outcome: outcomes.get(outcome, 0) for outcome in OUTCOMES},
            "by_type": dict(sorted(by_type.items())),
        },
        "service_users_referred": sum(c.referred or 0 for c in concerns),
        "service_users_reviewed": sum(c.reviewed or 0 for c in concerns),
        "meetings": [
            {
                "kind": m.kind,
                "date": m.date.isoformat(),
                "minutes_due": _iso(m.minutes_due),
                "circulated": _iso(m.circulated),
            }
            for m in history.meetings
        ],
        "actions": {
            "total": len(history.actions),
            "open": len(open_actions),
            "overdue": sum(1 for a in open_actions if a.due is not None and a.due < today),
        },
        "level": history.levels[-1].level if history.levels else None,
        "levels": [
            {
                "level": lv.level,
                "date": lv.date.isoformat(),
                "entry_point": lv.entry_point,
                "reason": lv.reason,
            }
            for lv in history.levels
        ],
        "suspension": None
        if measure is None
        else {
            "status": measure.status,
            "measure": measure.measure,
            "decided": _iso(measure.decided),
            "review_date": _iso(measure.review_date),
        },
        "forms": dict(sorted(Counter(f.type for f in history.forms).items())),
        "review_triggered": bool(reasons),
        "reasons": reasons,
    }


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _first_line(error: DBAPIError) -> str:
    text = str(error.orig) if error.orig is not None else str(error)
    return text.strip().splitlines()[0] if text.strip() else type(error).__name__
