"""Atomic writes: a file is either the old one or the whole new one, never half-written."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from toolkit.errors import OutputError, UsageError


class PartialWriteError(OutputError):
    """Some files of an all-or-nothing write were replaced and could not be put back.

    ``changed`` lists them, so that a caller keeps what they depend on (the password of files
    that were encrypted, for one).
    """

    def __init__(self, message: str, changed: list[Path]) -> None:
        super().__init__(message)
        self.changed = list(changed)


def write_bytes_atomic(path: str | Path, data: bytes, *, mode: int | None = None) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename it.

    An interruption or a full disk leaves the previous file (or none) and no temporary file.
    """
    path = Path(path)
    temp = _stage(path, data, mode=mode)
    _replace(temp, path)


def _stage(path: Path, data: bytes, *, mode: int | None = None) -> str:
    """Write ``data`` whole to a new temporary file beside ``path`` (so that a rename onto
    ``path`` cannot cross file systems) and return its name; nothing is left on failure."""
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except FileNotFoundError:
        if path.parent.is_dir():  # a folder files cannot be made in, such as /proc
            raise OutputError(f"{path.parent}: cannot write files in this folder") from None
        raise OutputError(f"{path.parent}: no such folder") from None
    except OSError as error:
        raise OutputError(f"{path}: cannot write ({error.strerror or error})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(temp, mode)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(error, OSError):
            raise OutputError(f"{path}: cannot write ({error.strerror or error})") from None
        raise
    return temp


def _replace(temp: str, path: Path) -> None:
    """Rename the staged ``temp`` onto ``path``; on failure remove ``temp`` and say why."""
    try:
        os.replace(temp, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(error, PermissionError) and path.exists():
            # On Windows, a file open in Word or Excel cannot be replaced: say so.
            raise OutputError(
                f"{path}: cannot replace it (permission denied); is it open in Word or Excel?"
            ) from None
        if isinstance(error, OSError):
            raise OutputError(f"{path}: cannot write ({error.strerror or error})") from None
        raise


@dataclass
class _Slot:
    """One file of an all-or-nothing write: where it goes and what was there before."""

    shown: Path  # the name the caller gave (a link, perhaps), for messages
    real: Path  # the file actually replaced
    data: bytes
    temp: str | None = None
    before: bytes | None = None
    mode: int | None = None
    replaced: bool = False


def write_all_or_nothing(files: list[tuple[Path, bytes]]) -> None:
    """Replace each ``(path, data)`` atomically, and either all of them or none.

    Every file is first written whole beside its target; only then are they renamed into
    place, one by one. If a rename fails (a file open in Excel, a folder made read-only
    meanwhile) or the user interrupts, the files already replaced get their previous content
    back (or are removed if new), so the disk is as it was. A path that is a symbolic link is
    followed: the real file is replaced and the link kept, never the link replaced by a file
    beside a real file left as it was. Raises OutputError saying that nothing changed, or
    PartialWriteError naming the files that changed and could not be put back.
    """
    slots = [_Slot(Path(path), Path(os.path.realpath(path)), data) for path, data in files]
    try:
        for slot in slots:
            slot.temp = _stage(slot.real, slot.data)
        for slot in slots:
            _remember(slot)
        for slot in slots:
            assert slot.temp is not None
            temp, slot.temp = slot.temp, None
            _replace(temp, slot.real)
            slot.replaced = True
    except BaseException as error:
        for slot in slots:
            if slot.temp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(slot.temp)
        changed = _put_back([slot for slot in slots if slot.replaced])
        if changed:
            what = "interrupted" if not isinstance(error, Exception) else str(error)
            names = ", ".join(str(path) for path in changed)
            raise PartialWriteError(
                f"{what}; {names}: changed, and could not be put back", changed
            ) from None
        if isinstance(error, OutputError) and len(slots) > 1:
            raise OutputError(f"{error} (none of the {len(slots)} files was changed)") from None
        raise


def _remember(slot: _Slot) -> None:
    """Keep what ``slot.real`` holds now (and its permissions), to put it back on failure."""
    try:
        slot.mode = stat.S_IMODE(slot.real.stat().st_mode)
        slot.before = slot.real.read_bytes()
    except FileNotFoundError:
        slot.mode = slot.before = None
    except OSError as error:
        raise OutputError(
            f"{slot.shown}: cannot read it before replacing it ({error.strerror})"
        ) from None


def _put_back(replaced: list[_Slot]) -> list[Path]:
    """Undo the replacements, newest first; return the files that could not be put back."""
    failed: list[Path] = []
    for slot in reversed(replaced):
        try:
            if slot.before is None:
                slot.real.unlink(missing_ok=True)
            else:
                _replace(_stage(slot.real, slot.before, mode=slot.mode), slot.real)
        except (OSError, OutputError):
            failed.append(slot.shown)
    return failed[::-1]


def write_text_atomic(path: str | Path, text: str) -> None:
    """Write UTF-8 text atomically (see write_bytes_atomic)."""
    write_bytes_atomic(path, text.encode("utf-8"))


def write_files(folder: Path, files: list[tuple[str, bytes]], *, force: bool = False) -> list[Path]:
    """Write named files into ``folder`` (created when missing); return their paths.

    Every target is checked before any is written, so that a refusal (a file already there
    without ``force``, two files of one name) leaves the folder as it was.
    """
    targets = [(folder / name, data) for name, data in files]
    names = [path.name for path, _ in targets]
    if clashes := sorted({name for name in names if names.count(name) > 1}):
        raise UsageError(
            f"{folder / clashes[0]}: two meetings would write this file; render them apart"
        )
    existing = [path for path, _ in targets if path.exists()]
    if existing and not force:
        more = f" (and {len(existing) - 1} more)" if len(existing) > 1 else ""
        raise UsageError(f"{existing[0]}: already exists{more}; use --force to overwrite it")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(
            f"{folder}: cannot create the folder ({error.strerror or error})"
        ) from None
    for path, data in targets:
        write_bytes_atomic(path, data)
    return [path for path, _ in targets]
