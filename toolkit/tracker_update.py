"""`toolkit tracker update` as a library call: read a tracker file, add a meeting, write it back.

The rules live in `toolkit.tracker` (plain data) and the workbook in `toolkit.render.tracker`;
this module joins them with the file: reading, decrypting, encrypting and writing. Keeping it
apart is what lets both of those import in one direction only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from toolkit.errors import InputError, OutputError, ProtectError
from toolkit.files import read_input
from toolkit.load import Loaded
from toolkit.protect import decrypt_bytes, encrypt_bytes, is_encrypted
from toolkit.render.tracker import TrackerSheet, mark_tracker, open_tracker
from toolkit.tracker import Plan, plan_update, rows_for
from toolkit.write import write_bytes_atomic, writer_lock


@dataclass
class UpdateReport:
    """What `update_tracker` did: rows added and updated, and notes about kept cells."""

    tracker: str
    added: list[int]
    updated: int
    notes: list[str]
    encrypted: bool


def update_tracker(
    tracker: str | Path,
    loaded: Loaded,
    *,
    password: str | None = None,
    output: str | Path | None = None,
) -> UpdateReport:
    """Add the actions of ``loaded`` (a meeting) to the tracker file ``tracker``.

    The tracker may be encrypted (``password`` opens it); the result is written atomically to
    ``output`` (default: the tracker itself), encrypted again with the same password if it was,
    so no plaintext copy reaches the disk. Raises InputError listing every conflict, in which
    case nothing is written.

    Read, merge and write happen under the writers' lock of the file written (`writer_lock`),
    so two updates at once run one after the other and neither meeting is lost. A program
    that takes no lock (Excel saving the tracker) is caught by reading the tracker again just
    before writing: if it changed, nothing is written and OutputError says so.
    """
    name = str(tracker)
    with writer_lock(output or tracker):
        data = _read(Path(tracker))
        encrypted = is_encrypted(data)
        sheet = open_tracker(_decrypted(data, password, name), name)
        plan = plan_update(
            sheet.rows(),
            rows_for(loaded.meeting),
            tracker=name,
            source=loaded.source,
            columns=sheet.fields(),
            base=sheet.written(),
            letters=sheet.letters(),
        )
        if plan.conflicts:
            raise InputError(plan.conflicts)
        _apply(sheet, plan)
        mark_tracker(sheet)
        result = sheet.to_bytes()
        if encrypted:
            assert password is not None
            result = encrypt_bytes(result, password)
        if _read(Path(tracker)) != data:
            raise OutputError(
                f"{name}: changed while the update ran (saved in Excel?); nothing was written: "
                "run the update again"
            )
        write_bytes_atomic(output or tracker, result)
    return UpdateReport(
        name,
        [row.number for row in plan.additions],
        len(plan.updated),
        [*sheet.notes, *plan.notes],
        encrypted,
    )


def _apply(sheet: TrackerSheet, plan: Plan) -> None:
    for change in plan.changes:
        sheet.set_value(change.row, change.name, change.value)
    sheet.append(plan.additions)


def _read(path: Path) -> bytes:
    missing = "no such tracker; `toolkit render` writes the first one for a meeting"
    return read_input(path, what="tracker (.xlsx)", missing=missing)


def _decrypted(data: bytes, password: str | None, name: str) -> bytes:
    """The plain .xlsx of ``data``; a protection error names the tracker file."""
    try:
        return decrypt_bytes(data, password)
    except ProtectError as error:
        raise ProtectError(f"{name}: {error}") from None
