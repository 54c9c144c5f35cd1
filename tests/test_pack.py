"""`toolkit pack`: the real pipeline (load, check, render, encrypt) into a folder safe to email.

Every test reads the result back: decrypts with msoffcrypto, opens with python-docx/openpyxl,
recomputes digests, and searches every file left on disk for plaintext Office files and for the
password.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest
import yaml
from click.testing import Result
from docx import Document

import toolkit.protect
from tests.cli_run import password_file_at, run_keeping_secret
from tests.conftest import SAMPLES
from toolkit.errors import InputError, ProtectError, UsageError
from toolkit.pack import IncompleteError, build_pack
from toolkit.passwords import PASSWORD_ENV
from toolkit.protect import decrypt_bytes, is_encrypted

PASSWORD = "kestrel-orchard-velvet-compass"
MANIFEST, COVER = "manifest.json", "cover-note.txt"
ZIP_MAGIC = b"PK\x03\x04"


@pytest.fixture
def password_file(tmp_path: Path) -> Path:
    return password_file_at(tmp_path / "secrets" / "password.txt", PASSWORD)


def run(*args: str | Path, env: dict[str, str] | None = None) -> Result:
    return run_keeping_secret(PASSWORD, *args, env=env)


def assert_nothing_plain_or_secret(root: Path, password: str, *, allowed: set[Path]) -> None:
    """No plaintext Office file and no password anywhere under ``root`` (but ``allowed``)."""
    for path in root.rglob("*"):
        if not path.is_file() or path in allowed:
            continue
        data = path.read_bytes()
        assert not data.startswith(ZIP_MAGIC), f"plaintext Office file left: {path}"
        for encoded in (password.encode("utf-8"), password.encode("utf-16-le")):
            assert encoded not in data, f"password found in {path}"


def hidden_leftovers(folder: Path) -> list[str]:
    """Temporary or set-aside folders left beside the pack."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def docx_texts(data: bytes) -> tuple[str, str]:
    """(body text, header text) of a .docx."""
    document = Document(io.BytesIO(data))
    body = "\n".join(p.text for p in document.paragraphs)
    header = "\n".join(p.text for s in document.sections for p in s.header.paragraphs)
    return body, header


def test_pack_of_the_initial_sample(initial_sample: Path, password_file: Path, work: Path) -> None:
    pack = work / "pack"
    result = run("pack", initial_sample, "-o", pack, "--password-file", password_file)
    assert result.exit_code == 0, result.stderr
    sample = yaml.safe_load(initial_sample.read_text(encoding="utf-8"))
    record = "2026-10-02 Larkspur House - Initial meeting record.docx"
    tracker = "2026-10-02 Larkspur House - Action tracker.xlsx"
    assert sorted(p.name for p in pack.iterdir()) == sorted(
        [record, tracker, "manifest.json", "cover-note.txt"]
    )

    body, header = docx_texts(decrypt_bytes((pack / record).read_bytes(), PASSWORD))
    assert "Record of Multi-Agency Initial Meeting" in body
    assert "Larkspur House" in body
    assert "OFFICIAL-SENSITIVE" in header
    assert "DRAFT" not in header
    workbook = openpyxl.load_workbook(
        io.BytesIO(decrypt_bytes((pack / tracker).read_bytes(), PASSWORD))
    )
    cells = [c.value for row in workbook.active.iter_rows() for c in row]
    assert sample["actions"][0]["detail"] in cells

    manifest = json.loads((pack / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["classification"] == "OFFICIAL-SENSITIVE"
    assert manifest["draft"] is False
    assert "AES-256" in manifest["encryption"]
    (meeting,) = manifest["meetings"]
    assert meeting["source"] == "initial.yaml"
    assert meeting["kind"] == "initial"
    assert meeting["date"] == "2026-10-02"
    assert meeting["provider"]["name"] == "Larkspur House"
    assert meeting["minutes_due"] == "2026-10-16"
    assert meeting["recipients"] == sample["circulation"]["recipients"]
    assert [f["name"] for f in meeting["files"]] == [record, tracker]
    for entry in meeting["files"]:
        data = (pack / entry["name"]).read_bytes()
        assert is_encrypted(data)
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["bytes"] == len(data)

    note = (pack / "cover-note.txt").read_text(encoding="utf-8")
    subject = note.splitlines()[0]
    assert subject.startswith("Subject: OFFICIAL-SENSITIVE: ")
    assert "Larkspur House" in subject
    assert "The password follows by another channel" in note
    assert "by Friday 16 October 2026" in note
    assert record in note
    assert tracker in note

    assert "minutes due by 16/10/2026" in result.stdout
    assert hidden_leftovers(work) == []
    assert_nothing_plain_or_secret(work, PASSWORD, allowed=set())
    assert stat.S_IMODE(pack.stat().st_mode) == 0o700


def test_a_batch_is_one_pack_with_one_manifest(
    initial_sample: Path,
    review_sample: Path,
    strategic_sample: Path,
    password_file: Path,
    work: Path,
) -> None:
    pack = work / "pack"
    samples = [initial_sample, review_sample, strategic_sample]
    result = run("pack", *samples, "-o", pack, "--password-file", password_file)
    assert result.exit_code == 0, result.stderr
    manifest = json.loads((pack / "manifest.json").read_text(encoding="utf-8"))
    assert [m["kind"] for m in manifest["meetings"]] == ["initial", "review", "strategic"]
    assert [m["minutes_due"] for m in manifest["meetings"]] == [
        "2026-10-16",
        "2026-11-13",
        "2026-11-27",
    ]
    strategic = manifest["meetings"][2]
    assert [f["name"].split(" - ")[1] for f in strategic["files"]] == [
        "Agenda.docx",
        "Minutes.docx",
        "Action tracker.xlsx",
    ]
    names = [f["name"] for m in manifest["meetings"] for f in m["files"]]
    assert len(names) == len(set(names)) == 7
    assert sorted(names + ["cover-note.txt", "manifest.json"]) == sorted(
        p.name for p in pack.iterdir()
    )
    for entry in (f for m in manifest["meetings"] for f in m["files"]):
        data = (pack / entry["name"]).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert decrypt_bytes(data, PASSWORD).startswith(ZIP_MAGIC)
    minutes_body, _ = docx_texts(
        decrypt_bytes((pack / strategic["files"][1]["name"]).read_bytes(), PASSWORD)
    )
    assert "Strategic Provider Concerns Group" in minutes_body
    note = (pack / "cover-note.txt").read_text(encoding="utf-8")
    assert note.startswith("Subject: OFFICIAL-SENSITIVE: papers of 3 provider concerns meetings")
    for due in ("Friday 16 October 2026", "Friday 13 November 2026", "Friday 27 November 2026"):
        assert f"by {due}." in note
    assert "no later than five working days after the meeting" in note
    assert_nothing_plain_or_secret(work, PASSWORD, allowed=set())


def test_progress_is_reported_once_per_meeting_in_order(
    initial_sample: Path, review_sample: Path, work: Path
) -> None:
    seen: list[str] = []
    build_pack(
        [initial_sample, review_sample],
        work / "pack",
        PASSWORD,
        progress=seen.append,
    )
    assert seen == [str(initial_sample), str(review_sample)]


def test_the_same_meeting_twice_is_refused(
    initial_sample: Path, password_file: Path, work: Path
) -> None:
    result = run(
        "pack",
        initial_sample,
        initial_sample,
        "-o",
        work / "pack",
        "--password-file",
        password_file,
    )
    assert result.exit_code == 2
    assert "pack these meetings separately" in result.stderr
    assert list(work.iterdir()) == []


@pytest.fixture
def incomplete(initial_sample: Path, tmp_path: Path) -> Path:
    data = yaml.safe_load(initial_sample.read_text(encoding="utf-8"))
    del data["sections"]["risk_assessment"]
    data["sections"]["purpose"] = "TBC"
    path = tmp_path / "incomplete.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_an_incomplete_meeting_is_refused_with_the_check_summary(
    incomplete: Path, initial_sample: Path, password_file: Path, work: Path
) -> None:
    result = run(
        "pack", initial_sample, incomplete, "-o", work / "pack", "--password-file", password_file
    )
    assert result.exit_code == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{incomplete}: not packed: 17 of 19 headings addressed")
    assert "Multi-agency assessment of risk" in first
    assert "INCOMPLETE" in first
    assert "--draft" in result.stderr
    assert str(initial_sample) not in result.stderr
    assert list(work.iterdir()) == []


def test_draft_packs_an_incomplete_meeting_marked_draft(
    incomplete: Path, password_file: Path, work: Path
) -> None:
    pack = work / "pack"
    result = run("pack", incomplete, "-o", pack, "--draft", "--password-file", password_file)
    assert result.exit_code == 0, result.stderr
    assert f"{incomplete}: packed as a DRAFT: 17 of 19 headings addressed" in result.stderr
    manifest = json.loads((pack / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["classification"] == "OFFICIAL-SENSITIVE DRAFT"
    assert manifest["draft"] is True
    note = (pack / "cover-note.txt").read_text(encoding="utf-8")
    assert note.startswith("Subject: OFFICIAL-SENSITIVE DRAFT: ")
    assert "draft papers" in note
    record = pack / manifest["meetings"][0]["files"][0]["name"]
    _, header = docx_texts(decrypt_bytes(record.read_bytes(), PASSWORD))
    assert "OFFICIAL-SENSITIVE DRAFT" in header
    tracker = pack / manifest["meetings"][0]["files"][-1]["name"]
    sheet = openpyxl.load_workbook(io.BytesIO(decrypt_bytes(tracker.read_bytes(), PASSWORD))).active
    assert sheet["A1"].value == "OFFICIAL-SENSITIVE DRAFT"
    assert sheet.oddHeader.center.text == sheet.oddFooter.center.text == "OFFICIAL-SENSITIVE DRAFT"


def test_an_invalid_meeting_file_is_refused_before_anything_is_written(
    initial_sample: Path, tmp_path: Path, password_file: Path, work: Path
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("kind: initial\nprovider: {}\n", encoding="utf-8")
    result = run(
        "pack", initial_sample, broken, "-o", work / "pack", "--password-file", password_file
    )
    assert result.exit_code == 2
    assert all(line.startswith(f"{broken}:") for line in result.stderr.splitlines())
    assert list(work.iterdir()) == []


def test_an_existing_folder_needs_force_and_is_swapped_whole(
    initial_sample: Path, review_sample: Path, password_file: Path, work: Path
) -> None:
    pack = work / "pack"
    assert run("pack", initial_sample, "-o", pack, "--password-file", password_file).exit_code == 0
    before = {p.name: p.read_bytes() for p in pack.iterdir()}
    result = run("pack", review_sample, "-o", pack, "--password-file", password_file)
    assert result.exit_code == 2
    assert "already exists; use --force" in result.stderr
    assert {p.name: p.read_bytes() for p in pack.iterdir()} == before

    result = run("pack", review_sample, "-o", pack, "--force", "--password-file", password_file)
    assert result.exit_code == 0, result.stderr
    manifest = json.loads((pack / "manifest.json").read_text(encoding="utf-8"))
    assert [m["kind"] for m in manifest["meetings"]] == ["review"]
    assert not any("Initial" in p.name for p in pack.iterdir())
    assert hidden_leftovers(work) == []


@pytest.mark.parametrize("pack_too", [False, True], ids=["no-manifest", "pack-plus-a-file"])
def test_force_never_replaces_a_folder_that_is_not_a_pack(
    initial_sample: Path, password_file: Path, work: Path, pack_too: bool
) -> None:
    folder = work / "documents"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me")
    if pack_too:
        assert (
            run(
                "pack", initial_sample, "-o", work / "p", "--password-file", password_file
            ).exit_code
            == 0
        )
        for path in (work / "p").iterdir():
            path.rename(folder / path.name)
        (work / "p").rmdir()
    result = run("pack", initial_sample, "-o", folder, "--force", "--password-file", password_file)
    assert result.exit_code == 2
    assert "refusing to replace it" in result.stderr
    assert (folder / "notes.txt").read_text() == "keep me"


def test_a_councils_own_templates_are_used(
    initial_sample: Path, password_file: Path, tmp_path: Path, work: Path
) -> None:
    """`templates export`, a line added in Word (here python-docx), then `pack --templates`."""
    templates = tmp_path / "council-templates"
    assert run("templates", "export", templates).exit_code == 0
    record_template = templates / "appendix1" / "record.docx"
    document = Document(str(record_template))
    document.paragraphs[0].insert_paragraph_before("Westmere Safeguarding Adults Board & Co")
    document.save(str(record_template))
    pack = work / "pack"
    result = run(
        "pack",
        initial_sample,
        "-o",
        pack,
        "--templates",
        templates,
        "--password-file",
        password_file,
    )
    assert result.exit_code == 0, result.stderr
    record = next(pack.glob("*record.docx"))
    body, _ = docx_texts(decrypt_bytes(record.read_bytes(), PASSWORD))
    assert body.startswith("Westmere Safeguarding Adults Board & Co\n")
    assert "Larkspur House" in body


# Passwords -------------------------------------------------------------------------------------


def test_a_generated_password_goes_only_to_the_password_file(
    initial_sample: Path, tmp_path: Path, work: Path
) -> None:
    out = tmp_path / "password-for-email-2.txt"
    pack = work / "pack"
    result = run("pack", initial_sample, "-o", pack, "--password-out", out)
    assert result.exit_code == 0, result.stderr
    generated = out.read_text(encoding="utf-8").strip()
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert len(generated) >= 20
    assert len(generated.split("-")) >= 5
    assert generated not in result.output + result.stderr
    manifest = json.loads((pack / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["meetings"][0]["files"]:
        assert decrypt_bytes((pack / entry["name"]).read_bytes(), generated).startswith(ZIP_MAGIC)
    assert_nothing_plain_or_secret(work, generated, allowed=set())


def run_on_a_terminal(args: list[str | Path]) -> tuple[int, str]:
    """Run the toolkit with standard error on a pseudo-terminal; the exit status and what the
    terminal showed (escape sequences and all)."""
    import pty

    main_fd, terminal = pty.openpty()
    env = {key: value for key, value in os.environ.items() if key != PASSWORD_ENV}
    process = subprocess.Popen(
        [Path(sys.executable).with_name("toolkit"), *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=terminal,
        env={**env, "COLUMNS": "100"},
    )
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(main_fd, 4096)
        except OSError:  # EIO: the terminal's other side has closed
            break
        if not chunk:
            break
        shown += chunk
    os.close(main_fd)
    return process.wait(timeout=60), shown.decode("utf-8", "replace")


def test_on_a_terminal_a_batch_shows_progress_and_the_password_once(
    initial_sample: Path, review_sample: Path, work: Path
) -> None:
    pack = work / "pack"
    status, shown = run_on_a_terminal(["pack", initial_sample, review_sample, "-o", pack])
    assert status == 0, shown
    assert "Packing" in shown
    assert "\\x0d" not in shown  # the bar redraws with a raw carriage return, not an escape
    assert "\\x1b" not in shown  # and the password is bold
    plain = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", shown)
    (password,) = re.findall(r"Password \(shown once, saved nowhere; [^)]*\): (\S+)", plain)
    assert len(password.split("-")) >= 5
    manifest = json.loads((pack / "manifest.json").read_text(encoding="utf-8"))
    for entry in (f for m in manifest["meetings"] for f in m["files"]):
        assert decrypt_bytes((pack / entry["name"]).read_bytes(), password).startswith(ZIP_MAGIC)
    assert_nothing_plain_or_secret(work, password, allowed=set())


def test_no_progress_bar_without_a_terminal(
    initial_sample: Path, review_sample: Path, password_file: Path, work: Path
) -> None:
    result = run(
        "pack", initial_sample, review_sample, "-o", work / "p", "--password-file", password_file
    )
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("where", "message"),
    [("pack/pw.txt", "must not be inside"), ("pack/sub/pw.txt", "must not be inside")],
)
def test_a_password_file_inside_the_pack_is_refused(
    initial_sample: Path, work: Path, where: str, message: str
) -> None:
    result = run("pack", initial_sample, "-o", work / "pack", "--password-out", work / where)
    assert result.exit_code == 2
    assert message in result.stderr
    assert list(work.iterdir()) == []


def test_no_password_source_and_no_terminal_is_refused(initial_sample: Path, work: Path) -> None:
    result = run("pack", initial_sample, "-o", work / "pack")
    assert result.exit_code == 2
    assert result.stderr.startswith("no password: give --password-file, set $TOOLKIT_PASSWORD")
    assert list(work.iterdir()) == []


def test_a_short_password_is_refused_and_not_repeated(initial_sample: Path, work: Path) -> None:
    result = run("pack", initial_sample, "-o", work / "pack", env={PASSWORD_ENV: "letmein123"})
    assert result.exit_code == 2
    assert "shorter than 12 characters" in result.stderr
    assert "letmein123" not in result.stderr
    assert list(work.iterdir()) == []


# Failures mid-pack ------------------------------------------------------------------------------

REAL_ENCRYPT = toolkit.protect.encrypt_bytes


class Interrupted(KeyboardInterrupt):
    """Ctrl-C in the middle of a pack."""


def fail_on_the_tracker(plain: bytes, password: str) -> bytes:
    """Encrypt, except the second file of a meeting (its tracker): picklable for workers."""
    if b"xl/workbook.xml" in plain:
        raise ProtectError("disk on fire")
    return REAL_ENCRYPT(plain, password)


def failing_second_file(error: BaseException):  # noqa: ANN201
    calls = []

    def encrypt(plain: bytes, password: str) -> bytes:
        calls.append(plain)
        if len(calls) == 2:
            raise error
        return REAL_ENCRYPT(plain, password)

    return encrypt


_WRITES: list[str] | None = None


def _record_writes(event: str, args: tuple[object, ...]) -> None:
    """Audit hook: note every file opened for writing while ``_WRITES`` is a list."""
    if _WRITES is None or event != "open" or not isinstance(args[0], str | Path):
        return
    mode, flags = args[1], args[2]
    writing = (
        any(c in mode for c in "wax+")
        if isinstance(mode, str)
        else bool(isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR))
    )
    if writing:
        _WRITES.append(str(args[0]))


def test_nothing_is_written_but_encrypted_files_manifest_and_note(
    initial_sample: Path, strategic_sample: Path, work: Path
) -> None:
    """Every file opened for writing while packing (render, check, encrypt in this process) is
    one of the pack's own, in its temporary folder: no plaintext copy anywhere, ever."""
    global _WRITES
    sys.addaudithook(_record_writes)
    _WRITES = []
    try:
        pack = build_pack([initial_sample, strategic_sample], work / "pack", PASSWORD, workers=1)
    finally:
        written, _WRITES = _WRITES, None
    expected = {f.name for m in pack.meetings for f in m.files} | {MANIFEST, COVER}
    assert sorted(Path(path).name for path in written) == sorted(expected)
    assert {Path(path).parent.parent for path in written} == {work}
    assert all(Path(path).parent.name.startswith(".pack.") for path in written)


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("existing", [False, True], ids=["new", "force-over-old"])
def test_a_failure_mid_pack_leaves_the_old_state_and_nothing_plain(
    initial_sample: Path,
    review_sample: Path,
    tmp_path: Path,
    work: Path,
    monkeypatch: pytest.MonkeyPatch,
    workers: int,
    existing: bool,
) -> None:
    pack = work / "pack"
    if existing:
        build_pack([review_sample], pack, PASSWORD)
    before = {p.name: p.read_bytes() for p in pack.iterdir()} if existing else None
    failing = (
        fail_on_the_tracker if workers > 1 else failing_second_file(ProtectError("disk on fire"))
    )
    monkeypatch.setattr(toolkit.protect, "encrypt_bytes", failing)
    out = tmp_path / "password.txt"
    with pytest.raises(ProtectError, match="disk on fire"):
        build_pack(
            [initial_sample, review_sample],
            pack,
            PASSWORD,
            force=True,
            workers=workers,
            password_out=out,
        )
    if existing:
        assert {p.name: p.read_bytes() for p in pack.iterdir()} == before
    else:
        assert not pack.exists()
    assert hidden_leftovers(work) == []
    assert not out.exists()
    assert_nothing_plain_or_secret(tmp_path, PASSWORD, allowed=set())


def test_an_interruption_mid_pack_cleans_up(
    initial_sample: Path, work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(toolkit.protect, "encrypt_bytes", failing_second_file(Interrupted()))
    with pytest.raises(Interrupted):
        build_pack([initial_sample], work / "pack", PASSWORD, workers=1)
    assert list(work.iterdir()) == []


@pytest.mark.parametrize("swap", ["exchange", "two-renames"])
def test_a_failed_swap_puts_the_old_pack_back(
    initial_sample: Path,
    review_sample: Path,
    work: Path,
    monkeypatch: pytest.MonkeyPatch,
    swap: str,
) -> None:
    """The new pack cannot take the old one's place: an atomic swap fails as a whole, and
    where there is none (Windows), the old pack set aside is renamed back."""
    import toolkit.pack

    pack = work / "pack"
    build_pack([review_sample], pack, PASSWORD)
    before = {p.name: p.read_bytes() for p in pack.iterdir()}
    real_rename = toolkit.pack.os.rename

    def rename(source: Path, target: Path) -> None:
        if Path(source).name.startswith(".pack.") and not str(source).endswith(".old"):
            raise OSError(28, "No space left on device")
        real_rename(source, target)

    def exchange(first: Path, second: Path) -> bool:
        raise OSError(28, "No space left on device")

    if swap == "exchange":
        monkeypatch.setattr(toolkit.pack, "_exchange", exchange)
    else:
        monkeypatch.setattr(toolkit.pack, "_exchange", lambda first, second: False)
        monkeypatch.setattr(toolkit.pack.os, "rename", rename)
    with pytest.raises(Exception, match="cannot publish the pack"):
        build_pack([initial_sample], pack, PASSWORD, force=True)
    monkeypatch.undo()
    assert {p.name: p.read_bytes() for p in pack.iterdir()} == before
    assert hidden_leftovers(work) == []


def leftover(work: Path, name: str, files: dict[str, bytes], *, age: float = 3600) -> Path:
    """A folder as a killed pack leaves it, ``age`` seconds old."""
    folder = work / name
    folder.mkdir()
    for file, data in files.items():
        (folder / file).write_bytes(data)
    then = time.time() - age
    os.utime(folder, (then, then))
    return folder


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="no advisory locks: nothing is swept")
def test_what_killed_packs_left_is_swept_only_when_provably_abandoned(
    initial_sample: Path, review_sample: Path, work: Path
) -> None:
    import fcntl

    encrypted = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"x" * 100
    pack = work / "pack"
    killed = leftover(work, ".pack.k1ll3d_1", {"a.docx": encrypted, "b.xlsx": b"", MANIFEST: b"{"})
    aside = leftover(work, ".pack.0123abcd.old", {"old.docx": encrypted, MANIFEST: b"{}"})
    kept = [
        leftover(work, ".pack.fresh123", {"a.docx": encrypted}, age=0),  # may not be locked yet
        leftover(work, ".pack.plain123", {"a.docx": ZIP_MAGIC + b"plain"}),  # not a pack's
        leftover(work, ".pack.notes123", {"notes.txt": b"mine"}),
        leftover(work, ".packing.0123abcd", {"a.docx": encrypted}),  # another folder's
        leftover(work, ".pack.running1", {"a.docx": encrypted}),
    ]
    running = os.open(kept[-1], os.O_RDONLY)  # a pack at work holds this lock
    fcntl.flock(running, fcntl.LOCK_EX | fcntl.LOCK_NB)
    try:
        build_pack([review_sample], pack, PASSWORD, workers=1)
        # the old pack set aside stays while no pack has taken its place
        assert aside.exists()
        assert not killed.exists()
        result = build_pack([initial_sample], pack, PASSWORD, force=True, workers=1)
    finally:
        os.close(running)
    assert not aside.exists()
    assert f"{aside}: removed (left by an interrupted pack)" in result.warnings
    assert all(folder.exists() for folder in kept)
    assert sorted(hidden_leftovers(work)) == sorted(folder.name for folder in kept)


def building(work: Path, moment: str) -> bool:
    """Whether the pack being built in ``work`` has reached ``moment``: its temporary folder
    exists ("folder"), or holds a first encrypted file ("file")."""
    temps = [p for p in work.iterdir() if p.name.startswith(".")]
    if moment == "folder":
        return bool(temps)
    return any(p.suffix in (".docx", ".xlsx") for temp in temps for p in temp.iterdir())


@pytest.mark.parametrize("moment", ["folder", "file"])
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_pack_stopped_while_building_leaves_nothing(work: Path, signum: int, moment: str) -> None:
    """A real `toolkit pack` process, stopped as soon as its temporary folder appears, or its
    first file. Every sample is packed, so that on a busy machine the pack is still far from
    done when its first file is seen (with two papers it sometimes finished first)."""
    pack = work / "pack"
    process = subprocess.Popen(
        [
            Path(sys.executable).with_name("toolkit"),
            "pack",
            *sorted(SAMPLES.glob("*.yaml")),
            "-o",
            pack,
        ],
        env={**os.environ, PASSWORD_ENV: PASSWORD},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while process.poll() is None and time.monotonic() < deadline:
        with contextlib.suppress(FileNotFoundError):  # the folder went as it was looked at
            if building(work, moment):
                break
        time.sleep(0.002)
    assert process.poll() is None, f"the pack finished before its {moment} was seen"
    process.send_signal(signum)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert "interrupted; nothing half-written was left behind" in err
    assert list(work.iterdir()) == []


def test_library_errors_are_toolkit_errors(
    initial_sample: Path, incomplete: Path, work: Path
) -> None:
    with pytest.raises(UsageError):
        build_pack([initial_sample], work, PASSWORD)
    with pytest.raises(InputError):
        build_pack([work / "missing.yaml"], work / "pack", PASSWORD)
    with pytest.raises(IncompleteError) as refused:
        build_pack([incomplete], work / "pack", PASSWORD)
    assert refused.value.exit_code == 1
    # one line per paper; the library names no option (the command line adds --draft)
    assert len(refused.value.lines()) == 1
    assert "--" not in refused.value.lines()[0]
    assert list(work.iterdir()) == []


# --- the cover note is pasted into an email as it is (issue 14, item 15) ----------------------

#: A provider name that would colour a terminal red (ESC, then C1 CSI), clear the screen, and
#: reverse the rest of its line (RIGHT-TO-LEFT OVERRIDE, then an isolate and a mark).
HOSTILE_NAME = "Larkspur\x1b[31m House\x9b[2J \u202eesuoH\u2066\u200f"
#: What the note must not carry: controls (but newline) and Unicode direction formatting.
UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def test_the_cover_note_carries_no_control_or_direction_character(
    initial_sample: Path, work: Path
) -> None:
    data = yaml.safe_load(initial_sample.read_text(encoding="utf-8"))
    data["provider"]["name"] = HOSTILE_NAME
    data["circulation"]["recipients"].append("Agency \u202eLCC\u202c")
    source = work / "hostile.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    pack = build_pack([source], work / "pack", PASSWORD, workers=1)

    note = (pack.directory / COVER).read_text(encoding="utf-8")
    assert not UNSAFE.findall(note), repr(note)
    subject = note.splitlines()[0]
    assert "Larkspur[31m House[2J esuoH" in subject
    assert "Agency LCC." in note
