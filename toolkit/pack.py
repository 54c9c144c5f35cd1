"""The circulation pack: load, check, render, encrypt, then publish a folder safe to email.

Nothing plain touches the disk: documents are rendered and encrypted in memory and only the
encrypted files are written, into a temporary folder beside the destination that is renamed into
place at the end (swapped with an old pack in one step where the system can: `_publish`). An
error or an interruption at any point leaves the old state (or nothing) and no temporary
folder; even a killed process leaves a whole pack, old or new, or the old one set aside for
the next pack to restore. The password is never written into the pack.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import hashlib
import json
import os
import secrets
import shutil
import signal
import sys
import tempfile
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit import kinds, leftovers
from toolkit.errors import ExistsError, IncompleteError, OutputError, Problem, UsageError
from toolkit.load import Loaded, load_all
from toolkit.manifest import (
    COVER_NOTE_NAME,
    MANIFEST_NAME,
    PackedFile,
    PackedMeeting,
    build_manifest,
    cover_note,
)
from toolkit.passwords import check_password, write_password_file
from toolkit.protect import encrypt_many

if TYPE_CHECKING:
    from toolkit.kinds.base import DocumentSpec
    from toolkit.model import Paper
    from toolkit.render import Document


@dataclass(frozen=True)
class CheckedRender:
    """Render a Word paper, then check it as rendered (`toolkit.check.check_document`) before
    it is encrypted; called in the worker process that encrypts it.

    The meeting file has been checked already, but what is circulated is what the template
    printed: a council's template (``--templates``) that leaves out headings, or prints
    nothing of the meeting, would otherwise send an incomplete record as a complete one. The
    check runs beside the rendering, on each worker's core, so it adds ~10-25 ms a paper to a
    pack's work and nothing while another worker renders the tracker.
    """

    render: Callable[[], bytes]
    kind: str
    source: str
    #: Whether the paper is printed by a template (the council's ``templates``, or the
    #: toolkit's when None), which the message then names.
    templated: bool
    templates: Path | None = None
    today: dt.date | None = None

    def __call__(self) -> bytes:
        """The rendered paper; raises IncompleteError naming the meeting file, the template
        and what the paper lacks."""
        from toolkit.check import check_document

        data = self.render()
        report = check_document(data, source=self.source, kind=self.kind, today=self.today)
        if not report.complete:
            message = (
                f"not packed: the meeting file is complete, but the {report.kind} paper "
                f"{self._printed_by()} is not: {report.summary()}"
            )
            raise IncompleteError([Problem(message, self.source)])
        return data

    def _printed_by(self) -> str:
        if not self.templated:
            return "as the toolkit renders it"
        from toolkit.render.record import template_path

        return f"printed by the template {template_path(self.kind, self.templates)}"


@dataclass
class Pack:
    """A published pack: its folder, its meetings and files, and the loader's warnings."""

    directory: Path
    meetings: list[PackedMeeting]
    warnings: list[str] = field(default_factory=list)


def build_pack(
    sources: list[Path],
    directory: Path,
    password: str,
    *,
    draft: bool = False,
    force: bool = False,
    templates: Path | None = None,
    provider_copy: bool = False,
    password_out: Path | None = None,
    today: dt.date | None = None,
    workers: int | None = None,
    progress: Callable[[str], None] | None = None,
) -> Pack:
    """Build the encrypted pack of the meeting files ``sources`` in the folder ``directory``.

    Every file is loaded and checked before anything is rendered: a file that does not load is
    an InputError, an incomplete meeting (unless ``draft``) an IncompleteError, both listing
    every file at fault. Each paper's judged Word document is checked again as rendered
    (`CheckedRender`; unless ``draft``): a template that prints less than the file holds is an
    IncompleteError naming the first meeting and template at fault. An existing ``directory`` is
    replaced only with ``force``, and only if it holds a pack and nothing else.
    ``password_out`` (a new file) receives the password just before the pack is published.
    ``progress`` is called with each meeting's source once its files are encrypted.
    ``provider_copy`` adds the provider's copy of each record.
    """
    check_password(password)
    restored = leftovers.restore(directory)  # an old pack a killed --force left aside
    _check_destination(directory, force=force)
    loaded = load_all(sources)
    incomplete = check_all(loaded, draft=draft, today=today)
    directory.parent.mkdir(parents=True, exist_ok=True)
    swept = leftovers.sweep(directory)
    with _building(directory) as temp:
        meetings = write_pack(
            loaded,
            password,
            lambda name, data: _write_new(temp / name, data),
            draft=draft,
            templates=templates,
            provider_copy=provider_copy,
            today=today,
            workers=workers,
            progress=progress,
        )
        _fsync_folder(temp)
        with _signals_held():  # the password file and the pack appear together, or neither
            if password_out is not None:
                write_password_file(password_out, password)
            try:
                _publish(temp, directory, force=force)
            except BaseException:
                if password_out is not None:
                    password_out.unlink(missing_ok=True)
                raise
    warnings = [warning for each in loaded for warning in each.warnings]
    return Pack(directory, meetings, restored + warnings + incomplete + swept)


def _check_destination(directory: Path, *, force: bool) -> None:
    """Refuse an existing destination without ``force``, and with it anything but a pack: a
    mistyped -o must never delete someone's folder."""
    if not directory.exists() and not directory.is_symlink():
        return
    if not force:
        raise ExistsError(directory, remedy="replace the pack in it")
    if not directory.is_dir() or directory.is_symlink():
        raise UsageError(f"{directory}: not a pack folder; refusing to replace it")
    entries = {entry.name for entry in directory.iterdir()}
    if not entries:
        return
    try:
        manifest = json.loads((directory / MANIFEST_NAME).read_text(encoding="utf-8"))
        listed = {f["name"] for m in manifest["meetings"] for f in m["files"]}
    except (OSError, ValueError, KeyError, TypeError):
        raise UsageError(
            f"{directory}: has no pack manifest ({MANIFEST_NAME}); refusing to replace it"
        ) from None
    if others := sorted(entries - listed - {MANIFEST_NAME, COVER_NOTE_NAME}):
        raise UsageError(
            f"{directory}: holds files that are not part of the pack ({', '.join(others[:3])}); "
            "refusing to replace it"
        )


def check_all(loaded: list[Loaded], *, draft: bool, today: dt.date | None = None) -> list[str]:
    """Refuse incomplete meetings with an IncompleteError (all of them named, with the check's
    summary) unless drafts; for drafts, return the same summaries as warnings.

    Called before anything is rendered, by `build_pack` and by the web app's packs."""
    from toolkit.check import check_meeting

    incomplete = [
        (each.source, report.summary())
        for each in loaded
        if not (report := check_meeting(each.meeting, today=today, source=each.source)).complete
    ]
    if draft:
        return [f"{source}: packed as a DRAFT: {summary}" for source, summary in incomplete]
    if incomplete:
        raise IncompleteError(
            [Problem(f"not packed: {summary}", source) for source, summary in incomplete]
        )
    return []


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM until the block ends (they are delivered then), so that no
    interruption falls between creating the temporary folder and arranging its removal, or
    between the renames that swap a pack into place."""
    if not hasattr(signal, "pthread_sigmask"):  # Windows: no signal masks
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _remove(folder: Path) -> None:
    with _signals_held():  # an interruption must not leave half a folder of encrypted files
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def _building(directory: Path) -> Iterator[Path]:
    """A temporary folder beside ``directory`` (same file system, so renaming is atomic),
    removed whatever happens unless it has been renamed into place."""
    with contextlib.ExitStack() as cleanup:
        with _signals_held():
            try:
                temp = Path(tempfile.mkdtemp(prefix=f".{directory.name}.", dir=directory.parent))
            except OSError as error:
                raise OutputError(f"{directory}: cannot write ({error.strerror})") from None
            cleanup.callback(_remove, temp)
            cleanup.enter_context(leftovers.locked(temp))  # never swept while it is built
        try:
            yield temp
        except OSError as error:  # a full disk, a folder made read-only while packing
            reason = error.strerror or error
            raise OutputError(f"{directory}: cannot write the pack ({reason})") from None


def write_pack(
    loaded: list[Loaded],
    password: str,
    write: Callable[[str, bytes], None],
    *,
    draft: bool = False,
    templates: Path | None = None,
    provider_copy: bool = False,
    today: dt.date | None = None,
    workers: int | None = None,
    progress: Callable[[str], None] | None = None,
) -> list[PackedMeeting]:
    """Give every file of the pack of ``loaded`` to ``write(name, data)``: each document
    encrypted (`iter_encrypted`), then the cover note and the manifest; return the meetings
    packed. ``write`` is where the pack goes (a folder being built, a zip in memory), so that
    the command line and the web app pack with the same steps.

    ``progress`` is called with each meeting's source once its files are written.
    """
    files: list[list[PackedFile]] = [[] for _ in loaded]
    documents = iter_encrypted(
        loaded,
        password,
        draft=draft,
        templates=templates,
        provider_copy=provider_copy,
        today=today,
        workers=workers,
    )
    with contextlib.closing(documents):  # stops the workers at once if a file cannot be written
        for index, name, data, last in documents:
            write(name, data)
            files[index].append(PackedFile(name, hashlib.sha256(data).hexdigest(), len(data)))
            if progress is not None and last:
                progress(loaded[index].source)
    meetings = [
        PackedMeeting(each.source, each.meeting, tuple(files[index]))
        for index, each in enumerate(loaded)
    ]
    write(COVER_NOTE_NAME, cover_note(meetings, draft=draft).encode("utf-8"))
    manifest = build_manifest(meetings, draft=draft, created=dt.datetime.now(dt.UTC))
    write(MANIFEST_NAME, json.dumps(manifest, indent=2, ensure_ascii=False).encode("utf-8"))
    return meetings


def iter_encrypted(
    loaded: list[Loaded],
    password: str,
    *,
    draft: bool = False,
    templates: Path | None = None,
    provider_copy: bool = False,
    today: dt.date | None = None,
    workers: int | None = None,
) -> Generator[tuple[int, str, bytes, bool], None, None]:
    """Render and encrypt every document of ``loaded`` in memory (each in a worker process,
    on all cores), in order, checking the judged Word paper as rendered unless ``draft``.

    Yields ``(meeting index, file name, encrypted bytes, last of its meeting)``; nothing plain
    leaves memory. Raises UsageError before any work when two meetings would write one name.
    """
    from toolkit.render import meeting_documents

    documents: list[tuple[int, Document]] = []
    renderers: list[Callable[[], bytes]] = []
    for index, each in enumerate(loaded):
        judged = None if draft else _judged(each.meeting)
        papers = meeting_documents(
            each.meeting, templates=templates, draft=draft, provider_copy=provider_copy
        )
        for document in papers:
            documents.append((index, document))
            if judged is not None and document.name == judged[0]:
                renderers.append(_checked(each, document, judged[1], templates, today))
            else:
                renderers.append(document.render)
    _refuse_clashes(loaded, documents)
    encrypted = encrypt_many(renderers, password, count=len(documents), workers=workers)
    with contextlib.closing(encrypted):
        pairs = zip(documents, encrypted, strict=True)
        for position, ((index, document), data) in enumerate(pairs):
            last = position + 1 == len(documents) or documents[position + 1][0] != index
            yield index, document.name, data, last


def _judged(meeting: Paper) -> tuple[str, DocumentSpec] | None:
    """The file name and spec of the Word paper `check` judges (the record, the minutes: the
    last Word document its kind declares; not a provider's copy of it), or None if none."""
    from toolkit.naming import output_name

    kind = kinds.of(meeting)
    if not kind.check_targets()[0]:
        return None
    words = [spec for spec in kind.documents if spec.suffix == ".docx"]
    if not words:
        return None
    spec = words[-1]
    day = kind.date_of(meeting)
    return output_name(day, meeting.provider.name, spec.what, spec.suffix), spec


def _checked(
    each: Loaded,
    document: Document,
    spec: DocumentSpec,
    templates: Path | None,
    today: dt.date | None,
) -> CheckedRender:
    """``document``'s renderer, checked as rendered."""
    kind = kinds.of(each.meeting)
    templated = spec.templates
    return CheckedRender(document.render, kind.name, str(each.source), templated, templates, today)


def _refuse_clashes(loaded: list[Loaded], documents: list[tuple[int, Document]]) -> None:
    """Two meetings that would write the same file name (same kind, provider and date)."""
    owner: dict[str, int] = {}
    for index, document in documents:
        if document.name in owner:
            raise UsageError(
                f"{loaded[index].source}: would write {document.name!r}, as "
                f"{loaded[owner[document.name]].source} does; pack these meetings separately"
            )
        owner[document.name] = index


def _write_new(path: Path, data: bytes) -> None:
    """Write a new file and flush it to disk before the folder is published."""
    with open(path, "xb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _fsync_folder(folder: Path) -> None:
    """Make the folder's entries durable before it is renamed (where the platform allows)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _publish(temp: Path, directory: Path, *, force: bool) -> None:
    """Put the pack built in ``temp`` at ``directory``, replacing an old pack there.

    The invariant, whatever stops the process (SIGKILL, a power cut) and whenever:

    - where the system can swap two folders atomically (Linux: renameat2 RENAME_EXCHANGE),
      ``directory`` holds a whole pack at every instant, the old one until the swap and the
      new one after it; the old pack, then under the temporary name, is deleted (if that is
      cut short, it is swept by a later pack as any interrupted pack's folder);
    - elsewhere (Windows, macOS, file systems without the swap) the old pack is renamed aside
      as ``.NAME.xxxxxxxx.old`` and the new one renamed into place: between those two renames
      ``directory`` is missing and the old pack is whole under the aside name, and the next
      pack to ``directory`` puts it back before anything else (`leftovers.restore`), so that
      no pack is ever lost. The old pack is locked while it is aside, so that a pack run
      meanwhile never takes it for abandoned.
    """
    if not directory.exists():
        try:
            os.rename(temp, directory)
        except OSError as error:
            raise OutputError(f"{directory}: cannot publish the pack ({error.strerror})") from None
        return
    # Judged again: another pack may have been published there while this one was built.
    _check_destination(directory, force=force)
    try:
        swapped = _exchange(temp, directory)
    except OSError as error:
        raise OutputError(f"{directory}: cannot publish the pack ({error.strerror})") from None
    if swapped:
        shutil.rmtree(temp, ignore_errors=True)  # the old pack, now under the temporary name
        return
    _replace_via_aside(temp, directory)


#: renameat2's flag that swaps two paths (Linux 3.15 and later; glibc 2.28 exports it).
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
#: What renameat2 says when the system or the file system cannot swap: use two renames.
_NO_EXCHANGE = frozenset(
    {errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV, errno.EPERM}
)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders atomically (each takes the other's name); False, having done nothing,
    where the system cannot. Raises OSError for any other failure (a full disk, no access)."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):  # a C library older than glibc 2.28, or none
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
    renameat2.argtypes += [ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    paths = os.fsencode(first), os.fsencode(second)
    if renameat2(_AT_FDCWD, paths[0], _AT_FDCWD, paths[1], _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in _NO_EXCHANGE:
        return False
    raise OSError(code, os.strerror(code), str(second))


def _replace_via_aside(temp: Path, directory: Path) -> None:
    """Rename the old pack aside, the new one into place, then delete the old; if the new one
    cannot take its place, put the old one back (see `_publish` for what a kill leaves)."""
    aside = directory.parent / f".{directory.name}.{secrets.token_hex(4)}.old"
    with leftovers.locked(directory):  # the old pack: never restored by others while aside
        try:
            os.rename(directory, aside)
        except OSError as error:
            reason = error.strerror
            raise OutputError(f"{directory}: cannot replace the old pack ({reason})") from None
        try:
            os.rename(temp, directory)
        except BaseException as error:
            # put the old pack back; if another pack took the place meanwhile, the old one
            # stays aside and is swept once superseded
            with contextlib.suppress(OSError):
                os.rename(aside, directory)
            if isinstance(error, OSError):
                reason = error.strerror
                raise OutputError(f"{directory}: cannot publish the pack ({reason})") from None
            raise
        shutil.rmtree(aside, ignore_errors=True)
