"""The action tracker carried across meetings: its rows, and adding a meeting to an existing one.

People update the tracker by hand in Excel between meetings, so adding a meeting must never lose
what they typed. The rules, chosen for what an administrator expects:

* Actions match by **action number** alone: actions carry over from meeting to meeting with
  their numbers (a review re-lists the open actions of the initial meeting), so the meeting date
  of a row is the meeting that raised it and is never rewritten.
* A number the tracker lacks is **added** as a new row, dated with this meeting.
* Same number, same detail (ignoring case and spacing) is the **same action**. A cell that is
  empty, or still holds what the toolkit last wrote there, takes the meeting file's value (a
  due date moved at the meeting moves in the tracker). A cell that people changed in Excel is
  **kept**, even when the meeting file says something else, and reported as a note so that the
  administrator can look. The toolkit knows what it wrote from digests kept in a very hidden
  sheet of the workbook (`Record`); without them (a council's own tracker) every filled-in
  cell counts as typed in Excel.
  The update column is a running log: a new update is added below the old text as
  ``20/11/2026: text``, unless the cell already says it.
* Same number, different detail is a **conflict**: every conflict is reported, one line each,
  and nothing is written.

Running the same meeting twice changes nothing the second time.

This module is the rules alone, plain data in and out: `toolkit.render.tracker` reads and
writes the workbook, and `toolkit.tracker_update` joins the two for `toolkit tracker update`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from typing import Any

from toolkit.dates import short_date
from toolkit.frameworks import TRACKER_COLUMNS
from toolkit.model import EXCEL_CELL_LIMIT, MeetingPaper, action_number
from toolkit.text import shorten

#: The model field behind each Appendix ii column, in the columns' order.
FIELDS: tuple[str, ...] = (
    "meeting_date",
    "number",
    "detail",
    "owner",
    "organisation",
    "update",
    "completed",
    "document_filed",
)
#: Appendix ii has no due date; the tracker adds it after the eight columns to highlight overdue
#: actions (the contract allows adding columns, never removing or reordering them).
DUE_HEADER = "Due date"
#: (header, field) of every tracker column, in order.
COLUMNS: tuple[tuple[str, str], ...] = (
    *zip(TRACKER_COLUMNS, FIELDS, strict=True),
    (DUE_HEADER, "due"),
)
DATE_FIELDS = frozenset({"meeting_date", "completed", "due"})
#: How the tracker spells the contract's document_filed values (the Excel dropdown's choices).
FILED_LABELS = {"yes": "Yes", "no": "No", "n/a": "N/A"}
#: Fields a meeting may set on an existing row (the update column is a log, merged apart).
TRACKED = ("owner", "organisation", "due", "completed", "document_filed")


@dataclass(frozen=True)
class TrackerRow:
    """One action as the tracker shows it (values already in their Excel form)."""

    meeting_date: dt.date
    number: int
    detail: str
    owner: str
    organisation: str
    update: str | None
    completed: dt.date | None
    document_filed: str | None
    due: dt.date | None

    def value(self, name: str) -> Any:
        """The value of the column whose field is ``name``."""
        return getattr(self, name)


def rows_for(meeting: MeetingPaper) -> list[TrackerRow]:
    """Return one tracker row per action of ``meeting``, in the meeting's order."""
    return [
        TrackerRow(
            meeting_date=meeting.meeting.date,
            number=action.number or index,
            detail=action.detail,
            owner=action.owner,
            organisation=action.organisation,
            update=action.update or None,
            completed=action.completed,
            document_filed=FILED_LABELS.get(action.document_filed or ""),
            due=action.due,
        )
        for index, action in enumerate(meeting.actions, start=1)
    ]


@dataclass(frozen=True)
class Change:
    """One cell of an existing row to set: sheet row, field, new value."""

    row: int
    name: str
    value: Any


@dataclass(frozen=True)
class _Context:
    """What every row's merge needs to know about the tracker."""

    tracker: str
    present: set[str]
    base: Record


@dataclass
class Plan:
    """What adding a meeting to a tracker does; ``conflicts`` non-empty means write nothing."""

    changes: list[Change] = field(default_factory=list)
    additions: list[TrackerRow] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def updated(self) -> list[int]:
        """Sheet rows that change, in order."""
        return sorted({change.row for change in self.changes})


def plan_update(
    existing: list[tuple[int, dict[str, Any]]],
    rows: list[TrackerRow],
    *,
    tracker: str,
    source: str,
    columns: set[str] | None = None,
    base: Record | None = None,
    letters: dict[str, str] | None = None,
) -> Plan:
    """Work out how ``rows`` (a meeting's actions) join ``existing`` (sheet row, values) rows.

    ``tracker`` and ``source`` name the two files in messages; ``columns`` is the set of fields
    the tracker has columns for (a council's own tracker may lack the due date); ``base`` is the
    `Record` of what the toolkit last wrote, which tells a cell nobody has edited (the
    meeting's newer value replaces it) from one typed in Excel (kept). ``letters`` gives
    the column letter of each field, for messages that name a cell.
    """
    context = _Context(
        tracker,
        set(columns) if columns is not None else {name for _, name in COLUMNS},
        base or Record(None, {}),
    )
    by_number: dict[int, list[tuple[int, dict[str, Any]]]] = {}
    plan = Plan()
    for sheet_row, values in existing:
        cell = values.get("number")
        if (number := action_number(cell)) is not None:
            by_number.setdefault(number, []).append((sheet_row, values))
        elif str(cell or "").startswith("="):
            # Excel shows the formula's result, which cannot be known here: adding the
            # meeting's actions could duplicate the number Excel shows.
            plan.conflicts.append(
                f"{tracker}: row {sheet_row}: the action number is a formula "
                f"({_quote(cell)}); type the number itself"
            )
        elif _looks_like_a_number(cell):
            # "²" or "①" reads as 2 or 1 to a person but is no number to Excel or to the
            # match: adding the meeting's action 2 beside it would duplicate it.
            where = _column(letters, "number")
            plan.conflicts.append(
                f"{tracker}: row {sheet_row}, {where}: the action number {_quote(cell)} is "
                "not written in the digits 0-9; retype it"
            )
    for row in rows:
        matches = by_number.get(row.number, [])
        if not matches:
            plan.additions.append(row)
            continue
        for sheet_row, values in matches:
            if _same_text(values.get("detail"), row.detail):
                _merge_row(plan, sheet_row, values, row, context)
            else:
                plan.conflicts.append(
                    f"{tracker}: action {row.number}: row {sheet_row} says "
                    f"{_quote(values.get('detail'))} but {source} says {_quote(row.detail)}; "
                    "the same number for a different action: renumber one of them"
                )
    return plan


def _merge_row(
    plan: Plan,
    sheet_row: int,
    values: dict[str, Any],
    row: TrackerRow,
    context: _Context,
) -> None:
    """Add to ``plan`` the cells of one matching row that take the meeting's values."""
    for name in TRACKED:
        new = row.value(name)
        if name not in context.present or new is None:
            continue
        old = values.get(name)
        if _blank(old) or context.base.holds(row.number, row.detail, name, old):
            if not _same_value(old, new):
                plan.changes.append(Change(sheet_row, name, new))
        elif not _same_value(old, new):
            plan.notes.append(
                f"{context.tracker}: action {row.number}: kept {_label(name)} {_quote(old)} "
                f"typed in the tracker (row {sheet_row}); the meeting says {_quote(new)}"
            )
    if "update" in context.present and row.update:
        _merge_update(plan, sheet_row, values, row, context.tracker)


def _merge_update(
    plan: Plan, sheet_row: int, values: dict[str, Any], row: TrackerRow, tracker: str
) -> None:
    """Add the meeting's update to the row's update log, unless it already says it."""
    log = _logged_update(values.get("update"), row, raised=values.get("meeting_date"))
    if log is None:
        return
    if len(log) > EXCEL_CELL_LIMIT:
        plan.conflicts.append(
            f"{tracker}: action {row.number}: the update log of row {sheet_row} would pass "
            f"Excel's {EXCEL_CELL_LIMIT:,}-character cell limit; shorten it"
        )
    else:
        plan.changes.append(Change(sheet_row, "update", log))


#: Bytes of the random key of a record, drawn afresh each time a tracker is saved.
RECORD_KEY_BYTES = 16
#: Bytes of each digest: a chance of one in 2**48 that a cell edited in Excel passes for
#: untouched (and takes the meeting's value); short enough to keep the record small.
DIGEST_BYTES = 6


@dataclass(frozen=True)
class Record:
    """What the toolkit last wrote in the tracked cells of each action, as digests.

    The merge needs only to know whether a cell still holds what the toolkit wrote (then the
    meeting's newer value replaces it) or was typed in Excel (kept). A copy of the values
    would do, but a hidden sheet of names and dates is one more place for them to leak from,
    and a row deleted in Excel should be gone. Digests of the values alone are no better:
    the tracked values are short (a due date is one of a few hundred days, an organisation
    one of a handful, an owner one of the partnership's staff), so anyone holding the file
    recovers them by trying every candidate, however the digest is salted or slowed, since
    the toolkit must be able to check it with nothing but the file. A slow function (scrypt,
    Argon2) only multiplies both sides: 365 dates at 50 ms is 18 s for an attacker, and 50,000
    cells at 50 ms is 40 minutes for the 10,000-action benchmark.

    So each digest is keyed (BLAKE2b) with the action's own number and detail, besides the
    field name and a random ``key`` kept in the record. The detail is long free text. While
    the row is in the tracker, its detail and its values are in plain view and the digests
    hide nothing that matters; once the row is deleted in Excel, its detail is gone with it,
    and the digests are keyed by text the reader no longer has: they reveal nothing of the
    owner, organisation or dates without guessing the whole sentence. The random key stops
    only tables precomputed across workbooks; it is not what protects the values. Every save
    also drops what belongs to a deleted row and to a cell changed in Excel (`TrackerSheet`
    keeps only digests of cells that still hold what the toolkit wrote), so between an edit in
    Excel and the next `tracker update`, and only then, the digest of a cell's previous
    value stays beside its row.

    ``key`` None is a record written before digests were keyed (plain digests of the values):
    it is read, so that such a tracker keeps its merge, and replaced on the next save.
    """

    key: bytes | None
    digests: dict[int, dict[str, str]]

    def digests_of(self, number: int, detail: str, values: dict[str, Any]) -> dict[str, str]:
        """The digest of each value of ``values`` (field -> value) of action ``number``."""
        if self.key is None:
            return {
                name: hashlib.blake2b(
                    _digest_text(value).encode("utf-8"), digest_size=DIGEST_BYTES
                ).hexdigest()
                for name, value in values.items()
            }
        # The action's part of the message is hashed once, then copied for each field.
        action = hashlib.blake2b(key=self.key, digest_size=DIGEST_BYTES)
        action.update(f"{number}\x1f{_normal(detail)}\x1f".encode())
        found = {}
        for name, value in values.items():
            each = action.copy()
            each.update(f"{name}\x1f{_digest_text(value)}".encode())
            found[name] = each.hexdigest().translate(_TO_LETTERS)
        return found

    def still_written(self, number: int, detail: Any, values: dict[str, Any]) -> dict[str, Any]:
        """Those of ``values`` (field -> cell value) that still hold what the toolkit wrote."""
        written = self.digests.get(number)
        if not written or _blank(detail):
            return {}
        candidates = {
            name: value for name, value in values.items() if name in written and not _blank(value)
        }
        digests = self.digests_of(number, str(detail), candidates)
        return {
            name: value
            for name, value in candidates.items()
            if hmac.compare_digest(digests[name], written[name])
        }

    def holds(self, number: int, detail: Any, name: str, value: Any) -> bool:
        """True when the cell still holds what the toolkit wrote there: nobody has edited it."""
        return name in self.still_written(number, detail, {name: value})


def new_record_key() -> bytes:
    """A fresh random key for the record of a tracker being saved."""
    return secrets.token_bytes(RECORD_KEY_BYTES)


#: Keyed digests and the key are written in letters only (hex 0-f as g-v): random hex in a
#: hidden sheet holds numbers such as 49 or 2026, which a search of the workbook's text (for
#: a value that should not be there, or for a template's computed result) would find.
_TO_LETTERS = str.maketrans("0123456789abcdef", "ghijklmnopqrstuv")
_FROM_LETTERS = str.maketrans("ghijklmnopqrstuv", "0123456789abcdef")


def key_text(key: bytes) -> str:
    """``key`` as the record writes it (see `_TO_LETTERS`)."""
    return key.hex().translate(_TO_LETTERS)


def key_from_text(text: Any) -> bytes | None:
    """The key written as `key_text`; None for none (a record from before keys) or junk."""
    if not isinstance(text, str) or not text:
        return None
    try:
        return bytes.fromhex(text.translate(_FROM_LETTERS))
    except ValueError:
        return None


def _digest_text(value: Any) -> str:
    """A value as the merge compares it: dates by day, text without case or spacing."""
    if isinstance(value, dt.datetime):
        value = value.date()
    return value.isoformat() if isinstance(value, dt.date) else _normal(value)


def _logged_update(old: Any, row: TrackerRow, *, raised: Any) -> str | None:
    """The update cell with the meeting's update added, or None when it already says it.

    Each entry is dated with its meeting, except the update given at the meeting that raised
    the action (``raised``, the row's meeting date), as a tracker rendered for it shows it.
    """
    assert row.update is not None
    entry = row.update
    if not _same_value(raised, row.meeting_date):
        entry = f"{short_date(row.meeting_date)}: {row.update}"
    if _blank(old):
        return entry
    if _normal(row.update) in _normal(old):
        return None
    return f"{str(old).rstrip()}\n\n{entry}"


def _looks_like_a_number(value: Any) -> bool:
    """True for text made only of numerals other than plain digits ("²", "①", "٣", "３")."""
    text = "".join(str(value or "").split())
    return isinstance(value, str) and text.isnumeric()


def _column(letters: dict[str, str] | None, name: str) -> str:
    """A column named as people see it: ``column B (Action no.)``."""
    header = _header(name)
    letter = (letters or {}).get(name)
    return f"column {letter} ({header})" if letter else f"column {header}"


def _normal(value: Any) -> str:
    """Text compared without regard to case, spacing or line ends."""
    return " ".join(str(value).split()).casefold()


def _same_text(old: Any, new: str) -> bool:
    return not _blank(old) and _normal(old) == _normal(new)


def _same_value(old: Any, new: Any) -> bool:
    if isinstance(old, dt.datetime):
        old = old.date()
    if isinstance(new, dt.date):
        return old == new
    return _normal(old) == _normal(new)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _header(name: str) -> str:
    return dict((f, h) for h, f in COLUMNS)[name]


def _label(name: str) -> str:
    return _header(name).lower()


def _quote(value: Any, limit: int = 60) -> str:
    """A value on one short line, for a message."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return short_date(value)
    text = " ".join(str(value).split()) if value is not None else ""
    return f'"{shorten(text, limit)}"'
