"""Atomic writes: a file is either the old one or the whole new one, never half-written."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from toolkit.errors import ExistsError, OutputError, UsageError


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
        raise ExistsError(existing[0], others=len(existing) - 1)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(
            f"{folder}: cannot create the folder ({error.strerror or error})"
        ) from None
    for path, data in targets:
        write_bytes_atomic(path, data)
    return [path for path, _ in targets]


#: How long a writer waits for another to finish with the same file before giving up.
LOCK_WAIT_SECONDS = 60.0
#: errno values that mean "another process holds the lock", as opposed to "no locks here".
_BUSY = frozenset({errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK, errno.EDEADLK})

if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


@contextlib.contextmanager
def writer_lock(path: str | Path, *, wait: float = LOCK_WAIT_SECONDS) -> Iterator[None]:
    """Hold the lock that every toolkit command writing ``path`` takes, for read-change-write.

    Two commands that read a file, change it and write it back (`tracker update`) would
    otherwise both read the old file, and the second to write would drop the first one's
    change. The lock is an OS lock (flock, or msvcrt on Windows; both in the standard library,
    and both dropped by the system when a process dies, so a crash never leaves it held) on a
    sibling file ``.NAME.lock``, never on the file itself: the file is replaced by a rename,
    and on Windows a file held open cannot be replaced. The sibling is removed on release, so
    a folder is left as it was; a waiter that then holds the lock of a removed sibling sees
    that it no longer names the path and tries again. A second writer waits up to ``wait``
    seconds, then raises OutputError. Where the file system has no locks (some network
    shares), it goes on unlocked: the caller's own check for a change is then the guard.
    """
    path = Path(path)
    lock = path.with_name(f".{path.name}.lock")
    deadline = time.monotonic() + wait
    fd: int | None = None
    while fd is None:
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as error:
            raise OutputError(f"{path}: cannot write ({error.strerror or error})") from None
        try:
            _try_lock(fd)
        except OSError as error:
            os.close(fd)
            fd = None
            if error.errno not in _BUSY:
                break  # no locks on this file system
            if time.monotonic() > deadline:
                raise OutputError(
                    f"{path}: another toolkit command is still writing it; try again later"
                ) from None
            time.sleep(0.05)
            continue
        if sys.platform != "win32" and not _names(lock, fd):
            os.close(fd)  # the holder before us removed this sibling: lock the new one
            fd = None
    try:
        yield
    finally:
        if fd is not None:
            _release(lock, fd)


def _release(lock: Path, fd: int) -> None:
    """Drop the lock and remove its file (while still held on POSIX, so no one locks it in
    between; after closing on Windows, where it fails while another writer has it open, and
    that writer removes it)."""
    if sys.platform != "win32":
        with contextlib.suppress(OSError):
            os.unlink(lock)
    _unlock(fd)
    os.close(fd)
    if sys.platform == "win32":
        with contextlib.suppress(OSError):
            os.unlink(lock)


def _names(lock: Path, fd: int) -> bool:
    """True when ``lock`` is still the file open as ``fd`` (not removed or replaced)."""
    try:
        there = os.stat(lock)
    except OSError:
        return False
    held = os.fstat(fd)
    return (there.st_dev, there.st_ino) == (held.st_dev, held.st_ino)
