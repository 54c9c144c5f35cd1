"""Password protection of Office files (ECMA-376 agile encryption, AES-256), in memory only.

Encryption and decryption work on bytes, so that no plaintext copy of a protected document is
ever left behind; `protect_files` and `unprotect_files` add the file handling of `toolkit protect`
and `toolkit unprotect`: everything is done in memory first, then written atomically.
"""

from __future__ import annotations

import contextlib
import gc
import io
import multiprocessing
import os
import re
import signal
import struct
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit.errors import ExistsError, PasswordNeeded, ProtectError, UsageError
from toolkit.files import (
    OLE_MAGIC,
    ZIP_MAGIC,
    OfficeFormat,
    check_package,
    office_format,
    old_format_name,
    read_office,
)
from toolkit.passwords import check_password
from toolkit.write import write_all_or_nothing

#: The most key derivation rounds (spin count) accepted in an encrypted file. Word, Excel,
#: LibreOffice and this toolkit write 100,000 (the standard's default); each round is a SHA-512
#: in Python, ~0.6 s per million here, and the standard allows up to 10,000,000 (15 s a file):
#: a file asking for more than ten times the usual is refused before any key is derived, so a
#: hostile file cannot hold a command for minutes. Ten times leaves room for tools that harden
#: the default.
MAX_SPIN_COUNT = 1_000_000
#: Agile encryption encrypts the package in segments of this many bytes.
SEGMENT = 4096
#: An EncryptionInfo stream is ~1.5 KB; more than this is not read to look for the spin count.
_MAX_ENCRYPTION_INFO = 64 * 1024
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
    """True when ``data`` starts like an encrypted Office file: an OLE container.

    ``data`` may be only a file's first bytes (the leftovers sweep looks at those). An old
    .doc/.xls is an OLE container too: `decrypt_bytes` and `encrypt_bytes` look inside and name
    it, so callers that route OLE files there (check, tracker update) get the right message.
    """
    return data.startswith(OLE_MAGIC)


def is_plain_office(data: bytes) -> bool:
    """True when ``data`` looks like an unencrypted .docx/.xlsx (a zip); the pack tests use it."""
    return data.startswith(ZIP_MAGIC)


def old_format_message(data: bytes) -> str:
    """What to tell about an old Office file (.doc/.xls): what it is and what to do.

    Such a file has a password scheme of its own, weaker, which the toolkit neither reads nor
    writes; saved as .docx/.xlsx it can be protected properly.
    """
    name = old_format_name(data)
    if _old_format_encrypted(data):
        return (
            f"{name} with a password of its own; open it with that password in Word or Excel "
            "and save it as .docx/.xlsx first"
        )
    return f"{name}, not a .docx/.xlsx; open it in Word or Excel and save it as .docx/.xlsx first"


def _old_format_encrypted(data: bytes) -> bool:
    """Whether an old .doc/.xls says it is encrypted (msoffcrypto reads its flags, no key)."""
    import msoffcrypto

    try:
        return bool(msoffcrypto.OfficeFile(io.BytesIO(data)).is_encrypted())
    except Exception:  # an old file msoffcrypto cannot parse: its advice stands anyway
        return False


def encrypt_bytes(plain: bytes, password: str) -> bytes:
    """Return ``plain`` (a .docx or .xlsx) encrypted with ``password``, verified.

    The result has been read back as a reader would read it, with ``password``, and found to
    decrypt to ``plain`` before it is returned (see `_verify`): a fault in the encryption
    library can refuse a file, never turn it into one nobody can open.
    """
    kind = office_format(plain)
    if kind is OfficeFormat.ENCRYPTED:
        raise ProtectError("already password protected")
    if kind is OfficeFormat.OLD:
        raise ProtectError(old_format_message(plain))
    if kind is not OfficeFormat.OPEN_XML:
        raise ProtectError("not a Word or Excel file (.docx/.xlsx), so it cannot be encrypted")
    check_password(password)
    _check_is_package(plain)
    try:
        encrypted, keys = _encrypt(plain, password)
    except Exception as error:  # msoffcrypto raises bare Exceptions on bad input
        raise ProtectError(f"could not encrypt: {error}") from None
    _verify(encrypted, plain, password, keys)
    return encrypted


def _check_is_package(plain: bytes) -> None:
    """Refuse a zip that is no Office package (msoffcrypto looks for ``[Content_Types].xml``),
    so that nothing unopenable is dressed up as a protected document."""
    from msoffcrypto.exceptions import FileFormatError
    from msoffcrypto.format.ooxml import OOXMLFile

    try:
        OOXMLFile(io.BytesIO(plain))
    except FileFormatError:
        raise ProtectError("not a Word or Excel file (.docx/.xlsx), only a zip") from None


@dataclass(frozen=True)
class PasswordHash:
    """A password's iterated hash (ECMA-376 agile: SHA-512 over salt + password, then
    ``spins`` rounds), with the salt, rounds and algorithm it was derived under.

    It is the costly part of opening a file (~0.05 s for 100,000 rounds) and depends on
    nothing else, so a file whose password key encryptor names the same salt, rounds and
    algorithm is opened with it and no second derivation. It cannot be reused across files
    with different salts (the salt is hashed first, so every round differs): each file
    encrypted gets a fresh salt, as Office gives it, and one derivation. Kept in memory for
    one call only, never in a cache that outlives it.
    """

    salt: bytes
    spins: int
    algorithm: str
    value: bytes = field(repr=False)

    def opens(self, info: dict[str, Any]) -> bool:
        """Whether this hash is the one a reader derives for the key encryptor ``info`` (the
        parsed EncryptionInfo of msoffcrypto's OOXMLFile)."""
        return (
            info["passwordSalt"] == self.salt
            and info["spinValue"] == self.spins
            and info["passwordHashAlgorithm"] == self.algorithm
        )


@dataclass(frozen=True)
class _Secrets:
    """What encrypting a file left in memory: its intermediate key (random, the one that
    encrypts the package) and the password hash its key encryptor was made from (None when
    unknown: the file is then opened by deriving afresh)."""

    key: bytes = field(repr=False)
    password_hash: PasswordHash | None = None


def derive_password_hash(
    password: str, salt: bytes, spins: int, algorithm: str = "SHA512"
) -> PasswordHash:
    """Derive ``password``'s iterated hash under ``salt`` (msoffcrypto's own derivation, the
    one its reader runs, so that writer and reader cannot differ)."""
    from msoffcrypto.method.ecma376_agile import ECMA376Agile

    value = ECMA376Agile._derive_iterated_hash_from_password(password, salt, algorithm, spins)
    return PasswordHash(salt, spins, algorithm, value.digest())


def _encrypt(plain: bytes, password: str) -> tuple[bytes, _Secrets]:
    """Agile encryption of ``plain`` (msoffcrypto's steps, one of them corrected); the file and
    the secrets verification reads it back with.

    msoffcrypto-tool (5.4 to 6.1 at least) writes an EncryptedPackage stream of 4,096 bytes or
    less at the wrong place of its container: where small streams go, while its directory entry
    and the readers expect it among the normal sectors. A .docx/.xlsx under 4,081 bytes (an empty
    document) then never decrypts again ("not a multiple of the block length"). So a short
    package is encrypted as one whole segment, zeros after its end, and its StreamSize says
    where it ends: the standard lets the stream be longer than StreamSize, and every reader
    (msoffcrypto, LibreOffice, Word) stops there. The data integrity HMAC is computed over the
    final stream, as the standard requires.
    """
    from msoffcrypto.method.container.ecma376_encrypted import ECMA376Encrypted
    from msoffcrypto.method.ecma376_agile import ECMA376Agile

    info, keys = _encryption_parameters(password)
    padded = plain.ljust(SEGMENT, b"\0")
    payload = bytearray(
        ECMA376Agile.encrypt_payload(
            io.BytesIO(padded), info.encryptedKey, keys.key, info.keyData.saltValue
        )
    )
    payload[:8] = struct.pack("<Q", len(plain))  # StreamSize: the real length, not the padded
    stream = bytes(payload)
    description = ECMA376Agile.get_encryption_information(info, stream, keys.key)
    container = io.BytesIO()
    ECMA376Encrypted(stream, description).write_to(container)
    return container.getvalue(), keys


def _encryption_parameters(password: str) -> tuple[Any, _Secrets]:
    """The EncryptionInfo of a new file (msoffcrypto's ECMA376AgileEncryptionInfo) and its
    secrets: msoffcrypto's ``generate_encryption_parameters``, step for step, except that the
    password hash it derives is kept, so that verification need not derive it again.

    [MS-OFFCRYPTO] 2.3.4.13: from the password hash, three keys (one per block key) encrypt a
    random verifier, its SHA-512, and the random intermediate key that encrypts the package.
    """
    from msoffcrypto.method import ecma376_agile as agile

    info = agile.ECMA376AgileEncryptionInfo()
    params = info.encryptedKey
    params.saltValue = os.urandom(params.saltSize)
    password_hash = derive_password_hash(
        password, params.saltValue, info.spinCount, params.hashName
    )

    def key_for(block_key: bytes) -> bytes:
        return bytes(
            agile.ECMA376Agile._derive_encryption_key(
                password_hash.value, block_key, params.hashName, params.keyBits
            )
        )

    def encrypted(data: bytes, block_key: bytes) -> bytes:
        size = -(-len(data) // params.blockSize) * params.blockSize  # whole AES blocks
        return bytes(
            agile._encrypt_aes_cbc(data.ljust(size, b"\0"), key_for(block_key), params.saltValue)
        )

    verifier = os.urandom(params.saltSize)
    info.encryptedVerifierHashInput = encrypted(verifier, agile.blkKey_VerifierHashInput)
    verifier_hash = agile._get_hash_func(params.hashName)(verifier).digest()
    info.encryptedVerifierHashValue = encrypted(
        verifier_hash, agile.blkKey_encryptedVerifierHashValue
    )
    key = os.urandom(params.keyBits // 8)
    info.encryptedKeyValue = encrypted(key, agile.blkKey_encryptedKeyValue)
    info.keyData.saltValue = os.urandom(info.keyData.saltSize)
    return info, _Secrets(key, password_hash)


def _key_from_hash(info: dict[str, Any], password_hash: PasswordHash) -> bytes:
    """The intermediate key of an agile file (``info``: msoffcrypto's parsed EncryptionInfo),
    unwrapped with the password hash, after checking the password verifier.

    msoffcrypto's ``verify_password`` and ``makekey_from_password`` after their derivation, on
    the same fields with the same functions: the two derivations they would run (one each) are
    replaced by ``password_hash``, which must be the hash of the salt, rounds and algorithm
    ``info`` names. Raises InvalidKeyError for a password that does not open the file.
    """
    from msoffcrypto.exceptions import InvalidKeyError
    from msoffcrypto.method import ecma376_agile as agile

    if not password_hash.opens(info):
        raise ValueError("the password hash was derived for another key encryptor")
    algorithm, bits, salt = (
        info["passwordHashAlgorithm"],
        info["passwordKeyBits"],
        info["passwordSalt"],
    )

    def decrypted(field_name: str, block_key: bytes) -> bytes:
        key = agile.ECMA376Agile._derive_encryption_key(
            password_hash.value, block_key, algorithm, bits
        )
        return bytes(agile._decrypt_aes_cbc(info[field_name], key, salt))

    verifier = decrypted("encryptedVerifierHashInput", agile.blkKey_VerifierHashInput)
    expected = decrypted("encryptedVerifierHashValue", agile.blkKey_encryptedVerifierHashValue)
    if agile._get_hash_func(algorithm)(verifier).digest() != expected:
        raise InvalidKeyError("Key verification failed")
    return decrypted("encryptedKeyValue", agile.blkKey_encryptedKeyValue)


def _verify(encrypted: bytes, plain: bytes, password: str, keys: _Secrets) -> None:
    """Read ``encrypted`` back as a reader would and check it decrypts to ``plain``.

    The fault this guards against (msoffcrypto's layout of short packages) is in where the
    container puts the package's segments, so every file is read back in full: the container
    parsed afresh, its EncryptionInfo read, the password verifier checked, the intermediate key
    unwrapped from the key encryptor and found to be the one generated, the integrity HMAC
    checked and every segment decrypted. Only the password hash is not derived a second time
    (100,000 SHA-512 rounds, as long again as the encryption): the one derived to write the
    file is used when the salt, rounds and algorithm read back from the file are those it was
    derived under. Its derivation is msoffcrypto's own, the function its reader runs, and a
    pure function of those inputs, so deriving it again could only give the same bytes;
    whether Word and LibreOffice derive as msoffcrypto does is a question for the tests
    (tests/test_libreoffice_password.py), which no runtime check could answer. A file whose
    key encryptor names anything else is opened by deriving afresh, as any reader would.
    """
    from msoffcrypto.format.ooxml import OOXMLFile

    back = io.BytesIO()
    known = keys.password_hash
    try:
        office = OOXMLFile(io.BytesIO(encrypted))
        if office.type == "agile" and known is not None and known.opens(office.info):
            key = _key_from_hash(office.info, known)
        else:
            office.load_key(password=password, verify_password=True)
            key = office.secret_key
        office.load_key(secret_key=key)
        office.decrypt(back, verify_integrity=True)
    except Exception as error:  # any failure to read back is the fault verification is for
        raise ProtectError(
            f"the encrypted copy could not be decrypted again ({error}); nothing was written"
        ) from None
    if key != keys.key or back.getvalue() != plain:
        raise ProtectError(
            "the encrypted copy does not decrypt to the original; nothing was written"
        )


def decrypt_bytes(data: bytes, password: str | None) -> bytes:
    """Return the plain Office file inside encrypted ``data`` (or ``data`` itself if not encrypted).

    Raises ProtectError for a wrong or missing password, an old .doc/.xls, a file asking for
    an unreasonable key derivation (refused before any is done), or data that is no Office
    file at all.
    """
    kind = office_format(data)
    if kind is OfficeFormat.OPEN_XML:
        return data
    if kind is OfficeFormat.OLD:
        raise ProtectError(old_format_message(data))
    if kind is not OfficeFormat.ENCRYPTED:
        raise ProtectError("not a Word or Excel file (neither a .docx/.xlsx nor an encrypted one)")
    if not password:
        raise PasswordNeeded("the file is password protected; give the password")
    spins = spin_count(data)
    if spins is not None and spins > MAX_SPIN_COUNT:
        raise ProtectError(
            f"the file asks for {spins:,} key derivation rounds, far beyond the usual 100,000 "
            f"(at most {MAX_SPIN_COUNT:,} are accepted); refused as hostile or damaged"
        )
    import msoffcrypto
    from msoffcrypto.exceptions import InvalidKeyError

    plain = io.BytesIO()
    try:
        office = msoffcrypto.OfficeFile(io.BytesIO(data))
        if getattr(office, "type", None) == "agile":
            # one derivation for both the verifier and the key (msoffcrypto's
            # load_key(verify_password=True) runs two, each 100,000 rounds)
            info = office.info
            password_hash = derive_password_hash(
                password, info["passwordSalt"], info["spinValue"], info["passwordHashAlgorithm"]
            )
            office.load_key(secret_key=_key_from_hash(info, password_hash))
        else:
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


def spin_count(data: bytes) -> int | None:
    """The key derivation rounds an encrypted .docx/.xlsx asks for (agile encryption), or None
    when it does not say (standard encryption has a fixed 50,000) or cannot be read here.

    Read from the EncryptionInfo stream's XML without deriving anything, so that a file asking
    for 10,000,000 rounds is refused in milliseconds, not after 15 seconds per file.
    """
    import olefile

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            if ole.get_size("EncryptionInfo") > _MAX_ENCRYPTION_INFO:
                return None
            info = ole.openstream("EncryptionInfo").read()
    except Exception:  # damaged: msoffcrypto's own reading names the damage
        return None
    if info[:4] != b"\x04\x00\x04\x00":  # not version 4.4 (agile)
        return None
    counts = [int(n) for n in re.findall(rb"""spinCount\s*=\s*["']\s*(\d{1,12})\s*["']""", info)]
    return max(counts, default=None)


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
) -> Generator[bytes, None, None]:
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

    with _frozen_heap():
        pool = _pool(workers)
        try:
            futures: list[Future[bytes]] = [
                pool.submit(_encrypt_source, source, password) for source in sources
            ]
            for future in futures:
                yield future.result()
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


@contextlib.contextmanager
def _frozen_heap() -> Iterator[None]:
    """Keep the garbage collector of forked workers off the objects they inherit.

    A forked worker shares the parent's memory until it writes to it, and a collection writes
    to every object it visits. Importing and running a renderer sets off one full collection
    in each worker, which visited (and so copied) the whole heap inherited from the parent:
    ~75 ms in each worker of a one-meeting pack, on the path to the pack being written.
    `gc.freeze` sets the objects alive at the fork aside from collections, in the workers and
    the parent alike; they are handed back to the collector once the workers are gone, so
    that a long-running process (a web app) leaks nothing. A heap frozen by someone else (a
    pre-forking server) is left as it is.
    """
    if not _can_fork() or gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


# toolkit protect / unprotect ----------------------------------------------------------------


@dataclass(frozen=True)
class Job:
    """One file to protect or unprotect: where it is read and where the result goes."""

    source: Path
    target: Path


def plan_jobs(sources: list[Path], output: Path | None, *, force: bool = False) -> list[Job]:
    """Pair each source with its target: itself (in place), ``output`` (a file for one source,
    a folder for several) or ``output/name``. Raises UsageError for clashes before any work.

    A target that is a symbolic link is written through: the real file is replaced, the link
    kept. A link to nothing, or a target that is no regular file (a FIFO, a device), is refused.
    """
    if output is None:
        jobs = [Job(source, source) for source in sources]
    elif len(sources) > 1 or output.is_dir():
        if output.exists() and not output.is_dir():
            raise UsageError(f"{output}: not a folder; several files need a folder for -o")
        jobs = [Job(source, output / source.name) for source in sources]
    else:
        jobs = [Job(sources[0], output)]
    names = [job.target.name for job in jobs]
    if duplicate := next((name for name in names if names.count(name) > 1), None):
        raise UsageError(f"{output}: two files would be written as {duplicate}")
    seen: dict[Path, Path] = {}
    for job in jobs:
        real = Path(os.path.realpath(job.target))
        if real in seen:
            raise UsageError(f"{job.target}: the same file as {seen[real]}; give it once")
        seen[real] = job.target
        if job.target.is_symlink() and not job.target.exists():
            raise UsageError(f"{job.target}: a link to a file that does not exist")
        if job.target.exists() and not job.target.is_file():
            raise UsageError(f"{job.target}: not a regular file; it cannot be replaced")
        if (
            output is not None
            and job.target.exists()
            and not force
            and real != job.source.resolve()
        ):
            raise ExistsError(job.target)
    return jobs


def _read(path: Path) -> bytes:
    return read_office(path, error=ProtectError)


def _write_all(jobs: list[Job], results: list[bytes]) -> None:
    """Write every result to its target, all or nothing (see write_all_or_nothing)."""
    made: list[Path] = []
    for job in jobs:  # the -o folder of several files, not its parents
        if not job.target.parent.exists():
            job.target.parent.mkdir()
            made.append(job.target.parent)
    try:
        write_all_or_nothing([(job.target, data) for job, data in zip(jobs, results, strict=True)])
    except BaseException:
        for folder in made:
            with contextlib.suppress(OSError):
                folder.rmdir()  # only if still empty
        raise


def protect_files(jobs: list[Job], password: str, *, workers: int | None = None) -> None:
    """Encrypt each job's source into its target.

    Every source is read and checked (a plain .docx/.xlsx) before anything is encrypted, every
    file is encrypted (and verified) in memory before anything is written, and the files are
    then replaced all or none: a bad file or a failed write leaves every file as it was, or
    raises PartialWriteError naming those that changed.
    """
    check_password(password)
    plains = [_read(job.source) for job in jobs]
    for job, data in zip(jobs, plains, strict=True):
        kind = office_format(data)
        if kind is OfficeFormat.OLD:
            raise ProtectError(f"{job.source}: {old_format_message(data)}")
        if kind is OfficeFormat.ENCRYPTED:
            raise ProtectError(f"{job.source}: already password protected")
        if kind is not OfficeFormat.OPEN_XML:
            raise ProtectError(f"{job.source}: not a Word or Excel file (.docx/.xlsx)")
        check_package(data, str(job.source), error=ProtectError)  # msoffcrypto reads the zip
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
    an error naming the file, and nothing is written unless every file decrypts; then the
    files are replaced all or none, as in protect_files."""
    datas = [_read(job.source) for job in jobs]
    for job, data in zip(jobs, datas, strict=True):
        if is_plain_office(data):
            raise ProtectError(f"{job.source}: not password protected; nothing to remove")
    plains = (decrypt_bytes(data, password) for data in datas)
    _write_all(jobs, list(_named_errors(jobs, plains)))
