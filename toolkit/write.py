"""Atomic writes: a file is either the old one or the whole new one, never half-written."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from toolkit.errors import OutputError, UsageError


def write_bytes_atomic(path: str | Path, data: bytes, *, mode: int | None = None) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename it.

    An interruption or a full disk leaves the previous file (or none) and no temporary file.
    """
    path = Path(path)
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
