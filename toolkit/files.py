"""Reading the files people give the toolkit: every operating-system problem is one line."""

from __future__ import annotations

import contextlib
import enum
import io
import os
import stat
import struct
import zipfile
import zlib
from importlib import resources
from pathlib import Path

from toolkit.errors import DocumentError, InputError, ToolkitError

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
    and ``missing`` what to say when it is absent. A device (/dev/zero), a pipe or a socket is
    refused before a byte is read: reading one would never end, or wait for ever.
    """
    with contextlib.suppress(OSError):  # a missing file: opening it names the problem
        mode = os.stat(path).st_mode
        if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
            raise error(f"{path}: not a regular file (a device or a pipe), not a {what}")
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


#: The largest Office file (.docx/.xlsx, plain or encrypted) the toolkit reads, as stored.
MAX_OFFICE_FILE_BYTES = 64 * 1024 * 1024
#: The most one part of an Office package may inflate to (word/document.xml, a worksheet...).
MAX_PART_BYTES = 64 * 1024 * 1024
#: The most all the parts of one package may inflate to together.
MAX_PACKAGE_BYTES = 256 * 1024 * 1024
#: A part larger than RATIO_FLOOR may be at most MAX_RATIO times its compressed size: real
#: documents compress XML 5 to 50 times; a zip bomb thousands of times.
MAX_RATIO = 200
RATIO_FLOOR = 1024 * 1024
#: The most parts a package may hold (a real record has a few dozen).
MAX_PARTS = 10_000
_NOT_A_PAPER = "not a paper the toolkit will open"
_MB = 1024 * 1024
_CHUNK = 1024 * 1024
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")


def read_office(
    path: Path,
    *,
    what: str = "Word or Excel file",
    error: type[ToolkitError] = DocumentError,
    missing: str = "no such file",
) -> bytes:
    """The bytes of the Office file ``path``, read with a bound (MAX_OFFICE_FILE_BYTES): a larger
    file, a device or a pipe is refused with one line naming it, as read_input refuses."""
    data = read_input(path, what=what, error=error, limit=MAX_OFFICE_FILE_BYTES, missing=missing)
    if len(data) > MAX_OFFICE_FILE_BYTES:
        raise error(f"{path}: larger than {MAX_OFFICE_FILE_BYTES // _MB} MB; {_NOT_A_PAPER}")
    return data


def check_package(data: bytes, source: str, *, error: type[ToolkitError] = DocumentError) -> None:
    """Refuse the zip (.docx/.xlsx) in ``data`` if inflating it would take unbounded memory.

    The central directory is read first, and nothing is inflated when a part declares more
    than MAX_PART_BYTES, all parts more than MAX_PACKAGE_BYTES, or a large part a compression
    ratio beyond MAX_RATIO. Declared sizes can lie, so each part is then inflated in bounded
    chunks (never held whole) and refused the moment it exceeds what it declared: after this,
    a library that reads a part in one go (python-docx, openpyxl, msoffcrypto) inflates no more
    than the declared, checked size. Data that is no zip is left for the caller to refuse.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return  # not a zip (or too damaged to list): the reader names what it is
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_PARTS:
            raise error(f"{source}: holds more than {MAX_PARTS:,} parts; {_NOT_A_PAPER}")
        total = 0
        for info in infos:
            _check_declared(info, source, error)
            total += info.file_size
            if total > MAX_PACKAGE_BYTES:
                raise error(
                    f"{source}: inflates to more than {MAX_PACKAGE_BYTES // _MB} MB in all; "
                    f"{_NOT_A_PAPER}"
                )
        for info in infos:
            _check_inflated(data, info, source, error)


def _check_declared(info: zipfile.ZipInfo, source: str, error: type[ToolkitError]) -> None:
    name = info.filename
    if info.file_size > MAX_PART_BYTES:
        raise error(
            f"{source}: {name} inflates to more than {MAX_PART_BYTES // _MB} MB; {_NOT_A_PAPER}"
        )
    if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * info.compress_size:
        raise error(
            f"{source}: {name} is compressed more than {MAX_RATIO} to 1 (a zip bomb?); "
            f"{_NOT_A_PAPER}"
        )


def _check_inflated(
    data: bytes, info: zipfile.ZipInfo, source: str, error: type[ToolkitError]
) -> None:
    """Inflate one part in bounded chunks; refuse it past its declared size."""
    name = info.filename
    too_large = f"{source}: {name} inflates to more than it declares; {_NOT_A_PAPER}"
    if info.compress_type == zipfile.ZIP_STORED:
        if info.compress_size != info.file_size:
            raise error(too_large)
        return
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise error(f"{source}: {name} uses a compression Office files do not use; {_NOT_A_PAPER}")
    header = data[info.header_offset : info.header_offset + _LOCAL_HEADER.size]
    if len(header) < _LOCAL_HEADER.size or header[:4] != b"PK\x03\x04":
        return  # damaged: the reader's zipfile names it
    fields = _LOCAL_HEADER.unpack(header)
    start = info.header_offset + _LOCAL_HEADER.size + fields[9] + fields[10]
    compressed = memoryview(data)[start : start + info.compress_size]
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    produced = 0
    try:
        for offset in range(0, len(compressed), _CHUNK):
            pending = bytes(compressed[offset : offset + _CHUNK])
            while pending and not inflater.eof:
                produced += len(inflater.decompress(pending, _CHUNK))
                if produced > info.file_size:
                    raise error(too_large)
                pending = inflater.unconsumed_tail
            if inflater.eof:
                break
    except zlib.error:
        return  # damaged: the reader's zipfile names it


def package_file(*parts: str) -> Path:
    """A data file shipped inside the package (a template), wherever the package is installed.

    Found with importlib.resources, so that a wheel installed anywhere finds it; the toolkit is
    installed as files on disk (never run from a zip), where a resource is a real path.
    """
    return Path(str(resources.files("toolkit").joinpath(*parts)))
