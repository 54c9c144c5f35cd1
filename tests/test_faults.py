"""Faults while writing: a read-only folder, a full disk, Ctrl-C mid-write, SIGKILL mid-pack and
two packs at once. Whatever happens, the previous state survives whole, nothing half-written or
plain is left, and the message is one clear line (never a traceback).

The tests run as root in CI, where file modes do not stop writes, so a read-only folder and a
full disk are simulated where Python meets the system: the calls that create, write or rename
files refuse, or fail part way, for paths inside one folder.
"""

from __future__ import annotations

import builtins
import contextlib
import errno
import hashlib
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from tests.bad_inputs.make_corpus import PASSWORD
from toolkit.cli import main
from toolkit.pack import build_pack
from toolkit.passwords import PASSWORD_ENV
from toolkit.protect import decrypt_bytes, encrypt_bytes, is_encrypted
from toolkit.render import render_meeting

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
INITIAL = SAMPLES / "initial.yaml"
REVIEW = SAMPLES / "review.yaml"
TOOLKIT = Path(sys.executable).with_name("toolkit")
ZIP_MAGIC = b"PK\x03\x04"
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC


# Simulated faults ---------------------------------------------------------------------------


class FailingFile:
    """A file that accepts ``limit`` bytes, then writes part of the next chunk and raises."""

    def __init__(self, real: Any, fault: Callable[[], BaseException], limit: int) -> None:
        self._real, self._fault, self._left = real, fault, limit

    def write(self, data: bytes | str) -> int:
        if len(data) > self._left:
            self._real.write(data[: self._left])
            self._real.flush()
            self._left = 0
            raise self._fault()
        self._left -= len(data)
        return int(self._real.write(data))

    def __enter__(self) -> FailingFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._real.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


def _inside(path: Any, folder: Path) -> bool:
    if isinstance(path, int):
        try:
            path = os.readlink(f"/proc/self/fd/{path}")
        except OSError:
            return False
    try:
        return folder in Path(os.path.abspath(os.fsdecode(path))).parents
    except TypeError:
        return False


def _writes(mode: str) -> bool:
    return any(flag in mode for flag in "wxa+")


def readonly(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Make ``folder`` refuse to create, change, rename or remove anything in it."""

    def refuse(path: Any) -> OSError:
        return PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fsdecode(path))

    real_open, real_os_open = builtins.open, os.open
    real_mkdir, real_replace, real_rename = os.mkdir, os.replace, os.rename

    def open_(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if _writes(mode) and _inside(file, folder):
            raise refuse(file)
        return real_open(file, mode, *args, **kwargs)

    def os_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & _WRITE_FLAGS and _inside(path, folder):
            raise refuse(path)
        return real_os_open(path, flags, *args, **kwargs)

    def mkdir(path: Any, *args: Any, **kwargs: Any) -> None:
        if _inside(path, folder):
            raise refuse(path)
        real_mkdir(path, *args, **kwargs)

    def moving(real: Callable[..., None]) -> Callable[..., None]:
        def move(source: Any, target: Any, *args: Any, **kwargs: Any) -> None:
            if _inside(source, folder) or _inside(target, folder):
                raise refuse(target)
            real(source, target, *args, **kwargs)

        return move

    monkeypatch.setattr(builtins, "open", open_)
    monkeypatch.setattr(io, "open", open_)
    monkeypatch.setattr(os, "open", os_open)
    monkeypatch.setattr(os, "mkdir", mkdir)
    monkeypatch.setattr(os, "replace", moving(real_replace))
    monkeypatch.setattr(os, "rename", moving(real_rename))


def failing_writes(
    monkeypatch: pytest.MonkeyPatch,
    folder: Path,
    fault: Callable[[], BaseException],
    limit: int = 1000,
) -> None:
    """Make every file written in ``folder`` fail with ``fault`` after ``limit`` bytes."""
    real_open, real_fdopen = builtins.open, os.fdopen

    def open_(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = real_open(file, mode, *args, **kwargs)
        if _writes(mode) and _inside(file, folder):
            return FailingFile(handle, fault, limit)
        return handle

    def fdopen(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        inside = _inside(fd, folder)
        handle = real_fdopen(fd, mode, *args, **kwargs)
        return FailingFile(handle, fault, limit) if inside and _writes(mode) else handle

    monkeypatch.setattr(builtins, "open", open_)
    monkeypatch.setattr(io, "open", open_)
    monkeypatch.setattr(os, "fdopen", fdopen)


def disk_full() -> OSError:
    return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def ctrl_c() -> KeyboardInterrupt:
    return KeyboardInterrupt()


FAULTS: dict[str, Callable[[pytest.MonkeyPatch, Path], None]] = {
    "read-only": readonly,
    "disk-full": lambda mp, folder: failing_writes(mp, folder, disk_full),
    "ctrl-c": lambda mp, folder: failing_writes(mp, folder, ctrl_c),
}


# The state of a folder ------------------------------------------------------------------------


def snapshot(folder: Path) -> dict[str, str]:
    """Every file and folder under ``folder`` (hidden ones too), with a digest of each file."""
    return {
        str(path.relative_to(folder)): (
            hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "folder"
        )
        for path in sorted(folder.rglob("*"))
    }


@pytest.fixture(scope="module")
def rendered() -> dict[str, bytes]:
    """The sample initial meeting's record and tracker, plain and encrypted (rendered once)."""
    from toolkit.load import load_meeting

    record, tracker = render_meeting(load_meeting(INITIAL).meeting)
    return {
        "record": record.data,
        "tracker": tracker.data,
        "encrypted": encrypt_bytes(record.data, PASSWORD),
    }


@pytest.fixture(scope="module")
def old_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A pack of the review sample, built once and copied where a test needs a previous pack."""
    pack = tmp_path_factory.mktemp("old") / "pack"
    build_pack([REVIEW], pack, PASSWORD)
    return pack


def _setup(command: str, out: Path, rendered: dict[str, bytes], old_pack: Path) -> list[str]:
    """Fill ``out`` with the previous state a command would replace; return its arguments."""
    if command == "render":
        (out / "old.docx").write_bytes(rendered["record"])
        return ["render", str(INITIAL), "-o", str(out), "--force"]
    if command == "pack":
        shutil.copytree(old_pack, out / "pack")
        return ["pack", str(INITIAL), "-o", str(out / "pack"), "--force"]
    if command == "protect":
        (out / "record.docx").write_bytes(rendered["record"])
        return ["protect", str(out / "record.docx")]
    if command == "unprotect":
        (out / "record.docx").write_bytes(rendered["encrypted"])
        return ["unprotect", str(out / "record.docx")]
    if command == "tracker-update":
        (out / "tracker.xlsx").write_bytes(rendered["tracker"])
        return ["tracker", "update", str(out / "tracker.xlsx"), str(REVIEW)]
    if command == "new":
        (out / "meeting.yaml").write_text("kind: initial\n")
        return ["new", "initial", "-o", str(out / "meeting.yaml"), "--force"]
    assert command == "templates-export"
    (out / "appendix1").mkdir()
    (out / "appendix1" / "record.docx").write_bytes(b"a council's own template")
    return ["templates", "export", str(out), "--force"]


COMMANDS = ["render", "pack", "protect", "unprotect", "tracker-update", "new", "templates-export"]


@pytest.mark.parametrize("fault", list(FAULTS))
@pytest.mark.parametrize("command", COMMANDS)
def test_a_fault_while_writing_leaves_the_previous_state_whole(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    rendered: dict[str, bytes],
    old_pack: Path,
    command: str,
    fault: str,
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    args = _setup(command, out, rendered, old_pack)
    before = snapshot(tmp_path)
    FAULTS[fault](monkeypatch, out)

    result = CliRunner().invoke(main, args, env={PASSWORD_ENV: PASSWORD})
    monkeypatch.undo()

    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert "unexpected" not in output, output
    assert PASSWORD not in output
    if fault == "ctrl-c":
        assert result.exit_code == 130, output
        assert "interrupted" in result.stderr
    else:
        assert result.exit_code == 2, output
        reason = "Permission denied" if fault == "read-only" else "No space left on device"
        assert str(out) in result.stderr, output
        assert reason in result.stderr, output
        assert len(result.stderr.strip().splitlines()) == 1, output
    assert snapshot(tmp_path) == before


# A real process killed mid-pack ---------------------------------------------------------------


def _meetings(folder: Path, count: int) -> list[Path]:
    """``count`` copies of the sample initial meeting, each about a different provider."""
    data = yaml.safe_load(INITIAL.read_text(encoding="utf-8"))
    paths = []
    for number in range(count):
        data["provider"]["name"] = f"Home number {number}"
        path = folder / f"meeting-{number}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        paths.append(path)
    return paths


def _start_pack(sources: list[Path], target: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [str(TOOLKIT), "pack", *map(str, sources), "-o", str(target), *extra],
        env={**os.environ, PASSWORD_ENV: PASSWORD},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: the encryption workers die with it
    )


def _kill(process: subprocess.Popen[str]) -> None:
    """SIGKILL the pack and its workers (its process group), and reap it."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate(timeout=60)


def _wait_for(condition: Callable[[], bool], process: subprocess.Popen[str]) -> bool:
    deadline = time.monotonic() + 120
    while not condition() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    return condition()


def assert_nothing_plain_or_secret(root: Path) -> None:
    """No plaintext Office file and no password in any file under ``root``."""
    for path in root.rglob("*"):
        if path.is_file() and path.suffix in (".docx", ".xlsx", ".json", ".txt", ""):
            data = path.read_bytes()
            assert not data.startswith(ZIP_MAGIC), f"plaintext Office file left: {path}"
            assert PASSWORD.encode() not in data, f"password in {path}"


def assert_whole_pack(pack: Path) -> list[str]:
    """The pack holds exactly its manifest's files, each with its digest, each decrypting;
    return the providers' names, from the manifest."""
    manifest = json.loads((pack / "manifest.json").read_text(encoding="utf-8"))
    listed = {f["name"]: f for m in manifest["meetings"] for f in m["files"]}
    assert {p.name for p in pack.iterdir()} == {*listed, "manifest.json", "cover-note.txt"}
    for name, entry in listed.items():
        data = (pack / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
        assert is_encrypted(data)
        assert decrypt_bytes(data, PASSWORD).startswith(ZIP_MAGIC)
    return sorted(listed)


def test_sigkill_mid_pack_leaves_no_pack_and_nothing_plain(tmp_path: Path) -> None:
    sources = _meetings(tmp_path, 8)
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    target = outbox / "pack"

    def some_files_encrypted() -> bool:
        temps = [p for p in outbox.iterdir() if p.name.startswith(".")]
        return any(len(list(temp.iterdir())) >= 3 for temp in temps)

    process = _start_pack(sources, target)
    try:
        seen = _wait_for(some_files_encrypted, process)
    finally:
        _kill(process)
    assert seen, "the pack finished before it could be killed"
    assert not target.exists(), "a pack was published half-made"
    assert_nothing_plain_or_secret(tmp_path)
    # What SIGKILL leaves (the temporary folder) does not stop the next pack, which removes it
    # once it is old enough to be surely abandoned (its lock went with the killed process).
    left = [p for p in outbox.iterdir() if p.name.startswith(".")]
    assert left
    for folder in left:
        os.utime(folder, (time.time() - 3600,) * 2)
    result = CliRunner().invoke(
        main, ["pack", *map(str, sources[:2]), "-o", str(target)], env={PASSWORD_ENV: PASSWORD}
    )
    assert result.exit_code == 0, result.output
    assert len(assert_whole_pack(target)) == 4
    assert [p.name for p in outbox.iterdir()] == ["pack"]
    assert f"{left[0]}: removed (left by an interrupted pack)" in result.output


@pytest.mark.parametrize("force", [False, True], ids=["new", "force-over-old"])
def test_two_packs_at_once_one_wins_whole(tmp_path: Path, old_pack: Path, force: bool) -> None:
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    target = outbox / "pack"
    if force:
        shutil.copytree(old_pack, target)
    first, second = _meetings(tmp_path, 2)
    extra = ["--force"] if force else []
    processes = [_start_pack([first], target, *extra), _start_pack([second], target, *extra)]
    try:
        results = [process.communicate(timeout=300) for process in processes]
    finally:
        for process in processes:
            if process.poll() is None:
                _kill(process)
    codes = [process.returncode for process in processes]
    for _, err in results:
        assert "Traceback" not in err, err
        assert "unexpected" not in err, err
    names = assert_whole_pack(target)
    winners = [index for index, code in enumerate(codes) if code == 0]
    assert winners, results
    if not force:
        assert codes.count(0) == 1, results
        loser = codes.index(2)
        err = results[loser][1]
        assert err.startswith(f"{target}: "), err
        assert len(err.strip().splitlines()) == 1, err
    # The pack holds one run's files only: all of one meeting, none of the other.
    homes = {name.split(" - ")[0] for name in names}
    assert len(homes) == 1, names
    assert [p.name for p in outbox.iterdir() if p.name.startswith(".")] == []
    assert_nothing_plain_or_secret(tmp_path)


# Load ---------------------------------------------------------------------------------------


def test_a_large_meeting_goes_through_every_command(tmp_path: Path) -> None:
    """A tenth of the scale benchmark (benchmarks/bench_scale.py), untimed: 200 actions and
    about 20 pages of text validate, render, check, pack and update the packed tracker."""
    import openpyxl

    from benchmarks.bench_scale import write_meeting

    source = write_meeting(tmp_path, actions=200, pages=20)
    out, pack = tmp_path / "out", tmp_path / "pack"

    def ok(*args: str | Path) -> str:
        result = CliRunner().invoke(main, [str(a) for a in args], env={PASSWORD_ENV: PASSWORD})
        assert result.exit_code == 0, result.output + result.stderr
        return result.stdout

    assert "200 actions" in ok("validate", source)
    ok("render", source, "-o", out)
    (record,) = out.glob("*.docx")
    summary = ok("check", record, "--today", "2026-10-03").strip().splitlines()[-1]
    assert summary.endswith("; complete"), summary
    ok("pack", source, "-o", pack)
    (tracker,) = pack.glob("*.xlsx")
    assert "0 actions added" in ok("tracker", "update", tracker, source)
    workbook = openpyxl.load_workbook(io.BytesIO(decrypt_bytes(tracker.read_bytes(), PASSWORD)))
    numbers = [row[1] for row in workbook.worksheets[0].iter_rows(values_only=True)]
    assert [n for n in numbers if isinstance(n, int)] == list(range(1, 201))
