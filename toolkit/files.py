"""Reading the files people give the toolkit: every operating-system problem is one line."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from toolkit.errors import InputError, ToolkitError

#: How an Office file starts: a plain .docx/.xlsx is a zip; an encrypted one an OLE container.
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def looks_like_office(head: bytes) -> bool:
    """True when ``head`` (a file's first bytes) starts a Word/Excel file, plain or encrypted."""
    return head.startswith((ZIP_MAGIC, OLE_MAGIC))


def read_input(
    path: Path,
    *,
    what: str,
    error: type[ToolkitError] = InputError,
    limit: int | None = None,
    missing: str = "no such file",
) -> bytes:
    """Return the bytes of ``path`` (at most ``limit`` + 1 of them, so callers can refuse more).

    A missing file, a folder, a file the user may not read, or a failing disk raise ``error``
    with one line naming the file; ``what`` says what the file should have been ("meeting file")
    and ``missing`` what to say when it is absent.
    """
    try:
        with path.open("rb") as handle:
            return handle.read() if limit is None else handle.read(limit + 1)
    except FileNotFoundError:
        raise error(f"{path}: {missing}") from None
    except IsADirectoryError:
        raise error(f"{path}: is a folder, not a {what}") from None
    except PermissionError:
        raise error(f"{path}: cannot be read (permission denied)") from None
    except OSError as problem:
        raise error(f"{path}: cannot be read ({problem.strerror or problem})") from None


def package_file(*parts: str) -> Path:
    """A data file shipped inside the package (a template), wherever the package is installed.

    Found with importlib.resources, so that a wheel installed anywhere finds it; the toolkit is
    installed as files on disk (never run from a zip), where a resource is a real path.
    """
    return Path(str(resources.files("toolkit").joinpath(*parts)))
