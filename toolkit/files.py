"""Reading the files people give the toolkit: every operating-system problem is one line."""

from __future__ import annotations

import enum
import io
from importlib import resources
from pathlib import Path

from toolkit.errors import InputError, ToolkitError

#: How an Office file starts: a plain .docx/.xlsx is a zip; an encrypted one an OLE container.
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


#: The streams that name the Office 97-2003 binary formats inside an OLE container (MS-DOC,
#: MS-XLS: "Book" in Excel 5/95 files, MS-PPT), with how to call each format to a user.
OLD_FORMAT_STREAMS = {
    "WordDocument": "an old Word format (.doc)",
    "Workbook": "an old Excel format (.xls)",
    "Book": "an old Excel format (.xls)",
    "PowerPoint Document": "an old PowerPoint format (.ppt)",
}


class OfficeFormat(enum.Enum):
    """What the bytes of an Office file are, as far as protecting and reading it goes."""

    #: a .docx/.xlsx (or any zip): what the toolkit reads and protects
    OPEN_XML = "open-xml"
    #: an OLE container holding an encrypted .docx/.xlsx (EncryptionInfo), or one too damaged
    #: to tell: decryption names the damage
    ENCRYPTED = "encrypted"
    #: an Office 97-2003 file (.doc/.xls/.ppt), encrypted or not: to be saved as .docx/.xlsx
    OLD = "old"
    #: anything else
    OTHER = "other"


def looks_like_office(head: bytes) -> bool:
    """True when ``head`` (a file's first bytes) starts a Word/Excel file, plain or encrypted."""
    return head.startswith((ZIP_MAGIC, OLE_MAGIC))


def office_format(data: bytes) -> OfficeFormat:
    """Tell what ``data`` (a whole file) is by its container, not by its name.

    Both an encrypted .docx/.xlsx and an old .doc/.xls are OLE containers with the same magic
    number; only the streams inside tell them apart, and people do rename files.
    """
    if data.startswith(ZIP_MAGIC):
        return OfficeFormat.OPEN_XML
    if not data.startswith(OLE_MAGIC):
        return OfficeFormat.OTHER
    streams = ole_streams(data)
    if streams is None or "EncryptionInfo" in streams:
        return OfficeFormat.ENCRYPTED
    if any(name in streams for name in OLD_FORMAT_STREAMS):
        return OfficeFormat.OLD
    return OfficeFormat.OTHER


def old_format_name(data: bytes) -> str:
    """How to call the old Office format of ``data`` ("an old Word format (.doc)")."""
    streams = ole_streams(data) or set()
    names = (text for stream, text in OLD_FORMAT_STREAMS.items() if stream in streams)
    return next(names, "an old Office format (.doc/.xls)")


def ole_streams(data: bytes) -> set[str] | None:
    """The names of the top-level streams of the OLE container ``data``; None if it is too
    damaged to list (olefile reads only the directory here, not the streams)."""
    import olefile

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            return {path[0] for path in ole.listdir(streams=True, storages=False) if len(path) == 1}
    except Exception:  # olefile raises assorted errors on damaged containers
        return None


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
