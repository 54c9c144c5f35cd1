"""Password protection of Office files (ECMA-376 agile encryption, AES-256), in memory only.

Encryption and decryption work on bytes, so that no plaintext copy of a protected document is
ever left behind; `protect_files` and `unprotect_files` add the file handling of `toolkit protect`
and `toolkit unprotect`: everything is done in memory first, then written atomically.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from toolkit.errors import ProtectError, UsageError
from toolkit.files import OLE_MAGIC, ZIP_MAGIC, read_input
from toolkit.write import write_bytes_atomic

#: Shorter passwords are refused: the pack travels by email, the password by another channel.
MIN_PASSWORD_LENGTH = 12
#: Environment variable read when no --password-file is given.
PASSWORD_ENV = "TOOLKIT_PASSWORD"
#: What `encrypt_bytes` produces (msoffcrypto-tool's agile encryption: AES-256-CBC, SHA-512,
#: 100,000 key derivation rounds), as the manifest records it.
ENCRYPTION = "ECMA-376 agile encryption (AES-256, SHA-512)"
#: Encrypting one file costs ~0.2 s of key derivation (100,000 SHA-512 rounds); a worker process
#: costs a few milliseconds with fork, so two files or more are worth spreading over the cores
#: (benchmarks/bench_pack.py: a 20-meeting batch runs 1.7 times faster on two cores).
MIN_FILES_FOR_WORKERS = 2
#: Without fork (Windows) each worker starts a fresh Python and imports the renderers (~1 s
#: for a pool of two, against ~0.25 s of work a file): only a batch of many files gains.
MIN_FILES_FOR_SPAWNED_WORKERS = 8


def is_encrypted(data: bytes) -> bool:
    """True when ``data`` is an encrypted Office file (an OLE container), not a plain zip."""
    return data.startswith(OLE_MAGIC)


def is_plain_office(data: bytes) -> bool:
    """True when ``data`` looks like an unencrypted .docx/.xlsx (a zip); the pack tests use it."""
    return data.startswith(ZIP_MAGIC)


def check_password(password: str) -> str:
    """Return ``password`` if it is strong enough to protect a pack; raise ProtectError if not."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ProtectError(
            f"the password is shorter than {MIN_PASSWORD_LENGTH} characters; use a longer one"
        )
    return password


def encrypt_bytes(plain: bytes, password: str) -> bytes:
    """Return ``plain`` (a .docx or .xlsx) encrypted with ``password``."""
    from msoffcrypto.exceptions import FileFormatError
    from msoffcrypto.format.ooxml import OOXMLFile

    if is_encrypted(plain):
        raise ProtectError("already password protected")
    if not is_plain_office(plain):
        raise ProtectError("not a Word or Excel file (.docx/.xlsx), so it cannot be encrypted")
    check_password(password)
    encrypted = io.BytesIO()
    try:
        OOXMLFile(io.BytesIO(plain)).encrypt(password, encrypted)
    except FileFormatError:
        raise ProtectError("not a Word or Excel file (.docx/.xlsx), only a zip") from None
    except Exception as error:  # msoffcrypto raises bare Exceptions on bad input
        raise ProtectError(f"could not encrypt: {error}") from None
    return encrypted.getvalue()


def decrypt_bytes(data: bytes, password: str | None) -> bytes:
    """Return the plain Office file inside encrypted ``data`` (or ``data`` itself if not encrypted).

    Raises ProtectError for a wrong or missing password, or data that is no Office file at all.
    """
    if is_plain_office(data):
        return data
    if not is_encrypted(data):
        raise ProtectError("not a Word or Excel file (neither a .docx/.xlsx nor an encrypted one)")
    if not password:
        raise ProtectError("the file is password protected; give the password with --password-file")
    import msoffcrypto
    from msoffcrypto.exceptions import InvalidKeyError

    plain = io.BytesIO()
    try:
        office = msoffcrypto.OfficeFile(io.BytesIO(data))
        office.load_key(password=password, verify_password=True)
        office.decrypt(plain)
    except InvalidKeyError:
        raise ProtectError("wrong password") from None
    except Exception as error:  # corrupt containers raise assorted errors
        raise ProtectError(
            f"cannot decrypt: the file is damaged or not an Office file ({error})"
        ) from None
    if not is_plain_office(plain.getvalue()):
        raise ProtectError("not an encrypted .docx/.xlsx (an older Office format?)")
    return plain.getvalue()


def read_password_file(path: str | Path) -> str:
    """Return the first line of a password file (without its line end).

    The password itself never appears in an error: only the file's name does.
    """
    try:
        with open(path, encoding="utf-8-sig") as handle:
            password = handle.readline().rstrip("\r\n")
    except FileNotFoundError:
        raise ProtectError(f"{path}: no such password file") from None
    except (OSError, UnicodeDecodeError):
        raise ProtectError(f"{path}: cannot read the password file") from None
    if not password:
        raise ProtectError(f"{path}: the password file is empty")
    return password


def password_from(password_file: str | Path | None) -> str | None:
    """The password from ``password_file`` if given, else from $TOOLKIT_PASSWORD, else None."""
    if password_file is not None:
        return read_password_file(password_file)
    return os.environ.get(PASSWORD_ENV) or None


def write_password_file(path: Path, password: str) -> None:
    """Write ``password`` to a new file readable by its owner only (mode 0600).

    The file is created exclusively: an existing file (perhaps another pack's password) is never
    overwritten, and the mode is set at creation so the password is never readable by others.
    """
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise UsageError(f"{path}: already exists; choose a new file for the password") from None
    except OSError as error:
        raise UsageError(f"{path}: cannot create the password file ({error.strerror})") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(password + "\n")
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException as error:
        # a full disk or Ctrl-C must not leave half a password, which the next run (told the
        # file exists) or a reader would take for the whole one
        path.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise UsageError(
                f"{path}: cannot write the password file ({error.strerror or error})"
            ) from None
        raise


# Encrypting several files at once -----------------------------------------------------------


def _worker_init() -> None:
    """Leave Ctrl-C to the parent, which stops the pool and cleans up, without worker tracebacks;
    a worker asked to terminate just ends (it holds nothing on disk)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _cores() -> int:
    """The cores this process may use (the affinity mask where the platform has one)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _pool(workers: int) -> ProcessPoolExecutor:
    """A pool that forks where possible: the parent has msoffcrypto loaded, so workers start in
    milliseconds. Elsewhere workers are spawned: everything they run is a module-level
    function or a partial of one, so it pickles and imports in a fresh process."""
    context = multiprocessing.get_context("fork" if _can_fork() else "spawn")
    return ProcessPoolExecutor(workers, mp_context=context, initializer=_worker_init)


#: A file to encrypt: its plain bytes, or a function that renders them (in the worker).
Source = bytes | Callable[[], bytes]


def _encrypt_source(source: Source, password: str) -> bytes:
    """Render ``source`` if it is a renderer, then encrypt it (the unit of work of a worker)."""
    return encrypt_bytes(source() if callable(source) else source, password)


def encrypt_many(
    sources: Iterable[Source], password: str, *, count: int, workers: int | None = None
) -> Iterator[bytes]:
    """Yield each of ``sources`` encrypted, in order, using worker processes when it pays off.

    A source is plain bytes, or a picklable function that renders them: then the rendering is
    spread over the cores too. ``count`` is the number of sources expected (to decide on
    workers); ``workers`` overrides the choice (1: everything in this process, lazily).
    """
    check_password(password)
    if workers is None:
        least = MIN_FILES_FOR_WORKERS if _can_fork() else MIN_FILES_FOR_SPAWNED_WORKERS
        workers = min(_cores(), count) if count >= least else 1
    if workers <= 1:
        yield from (_encrypt_source(source, password) for source in sources)
        return
    import msoffcrypto.format.ooxml  # noqa: F401 - loaded once here, inherited by forked workers

    pool = _pool(workers)
    try:
        futures: list[Future[bytes]] = [
            pool.submit(_encrypt_source, source, password) for source in sources
        ]
        for future in futures:
            yield future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


# toolkit protect / unprotect ----------------------------------------------------------------


@dataclass(frozen=True)
class Job:
    """One file to protect or unprotect: where it is read and where the result goes."""

    source: Path
    target: Path


def plan_jobs(sources: list[Path], output: Path | None, *, force: bool = False) -> list[Job]:
    """Pair each source with its target: itself (in place), ``output`` (a file for one source,
    a folder for several) or ``output/name``. Raises UsageError for clashes before any work."""
    if output is None:
        return [Job(source, source) for source in sources]
    if len(sources) > 1 or output.is_dir():
        if output.exists() and not output.is_dir():
            raise UsageError(f"{output}: not a folder; several files need a folder for -o")
        jobs = [Job(source, output / source.name) for source in sources]
    else:
        jobs = [Job(sources[0], output)]
    names = [job.target.name for job in jobs]
    if duplicate := next((name for name in names if names.count(name) > 1), None):
        raise UsageError(f"{output}: two files would be written as {duplicate}")
    for job in jobs:
        if job.target.exists() and not force and job.target.resolve() != job.source.resolve():
            raise UsageError(f"{job.target}: already exists; use --force to overwrite it")
    return jobs


def _read(path: Path) -> bytes:
    return read_input(path, what="Word or Excel file", error=ProtectError)


def _write_all(jobs: list[Job], results: Iterable[bytes]) -> None:
    for job, data in zip(jobs, results, strict=True):
        job.target.parent.mkdir(exist_ok=True)  # the -o folder of several files, not its parents
        write_bytes_atomic(job.target, data)


def protect_files(jobs: list[Job], password: str, *, workers: int | None = None) -> None:
    """Encrypt each job's source into its target.

    Every source is read and checked (a plain .docx/.xlsx) before anything is encrypted, and
    every file is encrypted in memory before anything is written, so a bad file in the list
    leaves all the files untouched.
    """
    check_password(password)
    plains = [_read(job.source) for job in jobs]
    for job, data in zip(jobs, plains, strict=True):
        if is_encrypted(data):
            raise ProtectError(f"{job.source}: already password protected")
        if not is_plain_office(data):
            raise ProtectError(f"{job.source}: not a Word or Excel file (.docx/.xlsx)")
    encrypted = encrypt_many(plains, password, count=len(plains), workers=workers)
    _write_all(jobs, list(_named_errors(jobs, encrypted)))


def _named_errors(jobs: list[Job], results: Iterator[bytes]) -> Iterator[bytes]:
    """Re-raise a ProtectError from ``results`` naming the file it is about."""
    for job in jobs:
        try:
            yield next(results)
        except ProtectError as error:
            raise ProtectError(f"{job.source}: {error}") from None


def unprotect_files(jobs: list[Job], password: str) -> None:
    """Decrypt each job's source into its target: a wrong password or an unencrypted file is
    an error naming the file, and nothing is written unless every file decrypts."""
    datas = [_read(job.source) for job in jobs]
    for job, data in zip(jobs, datas, strict=True):
        if is_plain_office(data):
            raise ProtectError(f"{job.source}: not password protected; nothing to remove")
    plains = (decrypt_bytes(data, password) for data in datas)
    _write_all(jobs, list(_named_errors(jobs, plains)))
