"""`toolkit tracker update` as a library call: read a tracker file, add a meeting, write it back.

The rules live in `toolkit.tracker` (plain data) and the workbook in `toolkit.render.tracker`;
this module joins them with the file: reading, decrypting, encrypting and writing. Keeping it
apart is what lets both of those import in one direction only.
"""

from __future__ import annotations

import contextlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from toolkit import kinds
from toolkit.errors import ExistsError, InputError, OutputError, ProtectError, UsageError
from toolkit.files import read_office
from toolkit.load import Loaded
from toolkit.model import MeetingPaper
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
    force: bool = False,
) -> UpdateReport:
    """Add the actions of ``loaded`` (a meeting) to the tracker file ``tracker``.

    The tracker may be encrypted (``password`` opens it); the result is written atomically to
    ``output`` (default: the tracker itself), encrypted again with the same password if it was,
    so no plaintext copy reaches the disk. Raises InputError listing every conflict, in which
    case nothing is written.

    A link (the tracker or ``output``) is followed: the file it names is updated and the link
    stays. ``output`` must be a new file, the tracker itself, or with ``force`` an existing
    file; never a device or a pipe (UsageError).

    Read, merge and write happen under the writers' lock of the file written (`writer_lock`),
    so two updates at once run one after the other and neither meeting is lost. A program
    that takes no lock (Excel saving the tracker) is caught by reading the tracker again just
    before writing: if it changed, nothing is written and OutputError says so.
    """
    name = str(tracker)
    if not isinstance(loaded.meeting, MeetingPaper):
        kind = kinds.of(loaded.meeting).label()
        raise InputError(f"{loaded.source}: is a {kind}, which has no actions to track")
    source = _real(Path(tracker))
    destination = source if output is None else _destination(Path(output), source, force=force)
    with writer_lock(destination):
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
        write_bytes_atomic(destination, result)
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


def _real(path: Path) -> Path:
    """The file ``path`` names, links followed: writing there updates it for every link, where
    replacing ``path`` would put a new file in place of the link and leave the real one old."""
    return Path(os.path.realpath(path))


def _destination(output: Path, source: Path, *, force: bool) -> Path:
    """The real file to write for ``-o output``, after refusing what must not be replaced."""
    real = _real(output)
    try:
        mode = os.stat(real).st_mode
    except FileNotFoundError:
        return real
    except OSError:
        return real  # the write says what is wrong, in its own words
    if not stat.S_ISREG(mode):
        raise UsageError(f"{output}: not a regular file; name a new .xlsx file")
    if not force and not os.path.samefile(real, source):
        raise ExistsError(output)
    return real


def _read(path: Path) -> bytes:
    """The tracker's bytes (through any link). A pipe or a device is refused before it is
    opened: reading one would wait forever or never end."""
    with contextlib.suppress(OSError):
        mode = os.stat(path).st_mode
        if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
            raise InputError(f"{path}: not a regular file, not a tracker (.xlsx)")
    missing = "no such tracker; `toolkit render` writes the first one for a meeting"
    return read_office(path, what="tracker (.xlsx)", error=InputError, missing=missing)


def _decrypted(data: bytes, password: str | None, name: str) -> bytes:
    """The plain .xlsx of ``data``; a protection error names the tracker file."""
    try:
        return decrypt_bytes(data, password)
    except ProtectError as error:
        raise ProtectError(f"{name}: {error}") from None
