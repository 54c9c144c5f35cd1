"""Atomic writes: a file is either the old one or the whole new one, never half-written."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from toolkit.errors import OutputError


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
