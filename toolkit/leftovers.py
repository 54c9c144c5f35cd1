"""What an interrupted pack leaves beside its folder: restoring an old pack, sweeping the rest.

A pack is built in a temporary folder ``.NAME.xxxxxxxx`` beside its destination ``NAME``, and,
where folders cannot be swapped atomically, an old pack is set aside as ``.NAME.xxxxxxxx.old``
while the new one takes its place (`toolkit.pack._publish`). Ctrl-C and errors remove both,
but a killed process (SIGKILL, a power cut) cannot: the folders stay, holding encrypted files
only. The next pack to the same destination first puts back an old pack set aside when
``NAME`` is missing (`restore`: killed between the two renames), then removes those it can
prove abandoned: named as a pack names them, owned by this user, holding nothing but what a
pack writes, and not locked. A pack holds a lock on its temporary folder for as long as it
runs, and on its old pack while it is aside (the system drops them when the process dies), so
a pack still at work is never swept or robbed. Without advisory locks (Windows) nothing is
swept, as nothing could prove a folder abandoned; an old pack is still restored, as putting
it back where ``NAME`` is missing loses nothing (a pack still at work then fails to publish,
its rename refused by the restored folder, and says so).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import stat
import time
from collections.abc import Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

from toolkit.manifest import COVER_NOTE_NAME, MANIFEST_NAME
from toolkit.protect import is_encrypted

#: A leftover must be this old: a pack that has just created its folder may not have locked it.
STALE_AFTER_SECONDS = 60.0
_PACK_TEXTS = frozenset({MANIFEST_NAME, COVER_NOTE_NAME})
_OFFICE = (".docx", ".xlsx")
#: The length of the signature that starts an encrypted Office file.
_MAGIC_BYTES = 8


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` (a pack's temporary folder) until the block ends."""
    if fcntl is None:
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        with contextlib.suppress(OSError):  # no locks here (some network shares): no sweeping
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # either, as sweep cannot lock
        yield
    finally:
        os.close(fd)


def restore(directory: Path) -> list[str]:
    """Put back the old pack set aside beside ``directory`` when ``directory`` is missing (a
    pack replacing it was killed between its two renames); return a note if one was.

    Only a folder that is provably such a pack is renamed: named as a set-aside pack, a real
    folder of this user's, holding a manifest and nothing but what a pack writes, and not
    locked by a pack still at work. With several, none is (which one was current is unknown).
    """
    if directory.exists() or directory.is_symlink():
        return []
    aside = re.compile(rf"\.{re.escape(directory.name)}\.[0-9a-f]{{8}}\.old")
    try:
        found = [e for e in directory.parent.iterdir() if aside.fullmatch(e.name)]
        found = [folder for folder in found if _set_aside_pack(folder)]
    except OSError:
        return []
    if len(found) > 1:
        names = ", ".join(folder.name for folder in found)
        return [f"{directory}: several old packs set aside ({names}); none restored"]
    if not found:
        return []
    (folder,) = found
    with _unless_locked(folder) as free:
        if not free:
            return []
        try:
            os.rename(folder, directory)
        except OSError:  # taken meanwhile, or not ours to move: leave it to the sweep
            return []
    return [f"{directory}: restored from {folder.name} (a pack replacing it was interrupted)"]


def _set_aside_pack(folder: Path) -> bool:
    """Whether ``folder`` is a whole pack of this user's: what its manifest lists, the manifest
    and the cover note, encrypted files only."""
    info = folder.lstat()
    if not stat.S_ISDIR(info.st_mode):
        return False
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return False
    try:
        manifest = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
        listed = {f["name"] for m in manifest["meetings"] for f in m["files"]}
    except (OSError, ValueError, KeyError, TypeError):
        return False
    entries = {entry.name for entry in folder.iterdir()}
    return entries == listed | _PACK_TEXTS and _only_pack_files(folder)


@contextlib.contextmanager
def _unless_locked(folder: Path) -> Iterator[bool]:
    """Hold ``folder``'s lock for the block and yield True, or yield False if a running pack
    holds it. Without advisory locks, always True."""
    if fcntl is None:
        yield True
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            yield False
            return
        yield True
    finally:
        os.close(fd)


def sweep(directory: Path) -> list[str]:
    """Remove the folders interrupted packs to ``directory`` left beside it; return a note
    for each. Set-aside old packs are removed only once ``directory`` holds a pack again."""
    if fcntl is None:
        return []
    name = re.escape(directory.name)
    building = re.compile(rf"\.{name}\.[a-z0-9_]{{8}}")  # tempfile.mkdtemp's 8 characters
    aside = re.compile(rf"\.{name}\.[0-9a-f]{{8}}\.old")
    try:
        entries = sorted(directory.parent.iterdir())
    except OSError:
        return []
    notes = []
    superseded = directory.is_dir()
    for entry in entries:
        ours = building.fullmatch(entry.name) or (superseded and aside.fullmatch(entry.name))
        if ours and _remove_if_abandoned(entry):
            notes.append(f"{entry}: removed (left by an interrupted pack)")
    return notes


def _remove_if_abandoned(folder: Path) -> bool:
    """Remove ``folder`` if it is provably an abandoned pack folder; True if removed."""
    try:
        info = folder.lstat()
        if not _old_folder_of_ours(info) or not _only_pack_files(folder):
            return False
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # fails while its pack still runs
    except OSError:
        os.close(fd)
        return False
    try:
        shutil.rmtree(folder)
    except OSError:
        return False
    finally:
        os.close(fd)
    return True


def _old_folder_of_ours(info: os.stat_result) -> bool:
    return (
        stat.S_ISDIR(info.st_mode)
        and info.st_uid == os.getuid()
        and time.time() - info.st_mtime > STALE_AFTER_SECONDS
    )


def _only_pack_files(folder: Path) -> bool:
    """True when ``folder`` holds only regular files a pack writes: encrypted Office files
    (or the first few bytes of one, cut short by the kill), the manifest and the cover note."""
    for entry in folder.iterdir():
        if entry.is_symlink() or not entry.is_file():
            return False
        if entry.name in _PACK_TEXTS:
            continue
        if not entry.name.endswith(_OFFICE):
            return False
        with entry.open("rb") as handle:
            start = handle.read(8)
        if len(start) == _MAGIC_BYTES and not is_encrypted(start):
            return False
    return True
