"""Encryption (ECMA-376 agile, AES-256), password files, and the protect/unprotect commands."""

from __future__ import annotations

import functools
import io
import os
import re
import stat
from pathlib import Path

import olefile
import openpyxl
import pytest
from click.testing import Result
from docx import Document

import toolkit.protect
from tests.cli_run import password_file_at, run_keeping_secret
from toolkit.errors import ProtectError, UsageError
from toolkit.passwords import PASSWORD_ENV, password_from, read_password_file, write_password_file
from toolkit.protect import decrypt_bytes, encrypt_bytes, encrypt_many, is_encrypted

PASSWORD = "marigold-quarry-lantern"
TEXT = "Résident A & <B> “quoted” ŵ ŷ 🙂"


def docx_bytes(text: str = TEXT) -> bytes:
    document = Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes(text: str = TEXT) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = text
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


# Library ------------------------------------------------------------------------------------


@pytest.mark.parametrize("make", [docx_bytes, xlsx_bytes], ids=["docx", "xlsx"])
def test_encrypt_then_decrypt_gives_back_the_file(make) -> None:  # noqa: ANN001
    plain = make()
    encrypted = encrypt_bytes(plain, PASSWORD)
    assert is_encrypted(encrypted)
    assert not encrypted.startswith(b"PK")
    assert TEXT.encode() not in encrypted
    assert decrypt_bytes(encrypted, PASSWORD) == plain


def test_encryption_is_agile_aes_256_with_sha_512() -> None:
    """What msoffcrypto-tool's OOXMLFile.encrypt produces, as read back from the container."""
    ole = olefile.OleFileIO(io.BytesIO(encrypt_bytes(docx_bytes(), PASSWORD)))
    assert ole.exists("EncryptedPackage")
    info = ole.openstream("EncryptionInfo").read()
    assert info[:4] == b"\x04\x00\x04\x00"  # version 4.4: agile encryption
    xml = info[8:].decode("utf-8")
    key_data = re.search(r"<keyData [^>]*>", xml).group(0)  # type: ignore[union-attr]
    encrypted_key = re.search(r"<p:encryptedKey [^>]*>", xml).group(0)  # type: ignore[union-attr]
    for element in (key_data, encrypted_key):
        assert 'cipherAlgorithm="AES"' in element
        assert 'keyBits="256"' in element
        assert 'hashAlgorithm="SHA512"' in element
        assert 'cipherChaining="ChainingModeCBC"' in element
    assert 'spinCount="100000"' in encrypted_key


def test_each_encryption_is_salted_afresh() -> None:
    plain = docx_bytes()
    assert encrypt_bytes(plain, PASSWORD) != encrypt_bytes(plain, PASSWORD)


def test_wrong_password_is_refused() -> None:
    encrypted = encrypt_bytes(docx_bytes(), PASSWORD)
    with pytest.raises(ProtectError, match="^wrong password$"):
        decrypt_bytes(encrypted, PASSWORD + "x")
    with pytest.raises(ProtectError, match="password protected; give the password"):
        decrypt_bytes(encrypted, None)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"hello, not an office file", "not a Word or Excel file"),
        (b"PK\x03\x04 truncated zip", "not a Word or Excel file"),
        (None, "already password protected"),
    ],
    ids=["text", "broken-zip", "encrypted"],
)
def test_encrypt_refuses_what_it_cannot_protect(data: bytes | None, message: str) -> None:
    data = data if data is not None else encrypt_bytes(docx_bytes(), PASSWORD)
    with pytest.raises(ProtectError, match=message):
        encrypt_bytes(data, PASSWORD)


def test_decrypt_refuses_non_office_data() -> None:
    with pytest.raises(ProtectError, match="not a Word or Excel file"):
        decrypt_bytes(b"%PDF-1.7", PASSWORD)
    damaged = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100  # an OLE header, then nothing
    with pytest.raises(ProtectError, match="damaged or not an Office file"):
        decrypt_bytes(damaged, PASSWORD)


def test_encrypt_refuses_a_short_password() -> None:
    with pytest.raises(ProtectError, match="shorter than 12"):
        encrypt_bytes(docx_bytes(), "short")


@pytest.mark.parametrize("renderers", [False, True], ids=["bytes", "renderers"])
@pytest.mark.parametrize("workers", [1, 2])
def test_encrypt_many_keeps_order_on_any_number_of_workers(workers: int, renderers: bool) -> None:
    """Plain bytes, or functions rendering them (called in the workers), come back in order."""
    if renderers:
        sources = [functools.partial(docx_bytes, f"file {n}") for n in range(4)]
    else:
        sources = [docx_bytes(f"file {n}") for n in range(4)]
    encrypted = list(encrypt_many(iter(sources), PASSWORD, count=4, workers=workers))
    assert [docx_text(decrypt_bytes(e, PASSWORD)) for e in encrypted] == [
        f"file {n}" for n in range(4)
    ]


def test_without_fork_workers_are_spawned_and_render_the_packs_documents(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Windows has no fork: a spawned worker must import and unpickle what the pack sends it
    (a partial of a module-level renderer and its meeting)."""
    from tests.conftest import SAMPLES
    from toolkit.load import load_meeting
    from toolkit.render import meeting_documents

    monkeypatch.setattr(toolkit.protect, "_can_fork", lambda: False)
    documents = meeting_documents(load_meeting(SAMPLES / "review.yaml").meeting)
    renderers = [document.render for document in documents]
    encrypted = list(encrypt_many(renderers, PASSWORD, count=len(renderers), workers=2))
    plains = [decrypt_bytes(data, PASSWORD) for data in encrypted]
    assert [plain[:2] for plain in plains] == [b"PK", b"PK"]
    assert "Record of Multi-Agency Review Meeting" in docx_text(plains[0])


def test_spawned_workers_are_kept_for_batches_that_repay_their_start(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pools: list[int] = []
    real_pool = toolkit.protect._pool

    def counting_pool(workers: int) -> object:
        pools.append(workers)
        return real_pool(workers)

    monkeypatch.setattr(toolkit.protect, "_pool", counting_pool)
    monkeypatch.setattr(toolkit.protect, "_cores", lambda: 2)
    for fork in (True, False):
        monkeypatch.setattr(toolkit.protect, "_can_fork", lambda fork=fork: fork)
        list(encrypt_many([docx_bytes()] * 2, PASSWORD, count=2))
    assert pools == [2], "one meeting (two files) is not worth spawning workers for"
    list(encrypt_many([docx_bytes()] * 8, PASSWORD, count=8))
    assert pools == [2, 2]


def _rendered_in_a_worker_with_a_frozen_heap() -> bytes:
    """A source for a forked worker: what it inherited is out of the collector's reach, so a
    collection there copies none of it (see toolkit.protect._frozen_heap)."""
    import gc

    assert gc.get_freeze_count() > 1000, gc.get_freeze_count()
    gc.collect()  # visits only the worker's own objects
    return docx_bytes()


@pytest.mark.skipif(not toolkit.protect._can_fork(), reason="only forked workers inherit")
def test_forked_workers_inherit_a_frozen_heap_and_the_parent_gets_it_back() -> None:
    import gc

    sources = [_rendered_in_a_worker_with_a_frozen_heap] * 2
    assert len(list(encrypt_many(sources, PASSWORD, count=2, workers=2))) == 2
    assert gc.get_freeze_count() == 0  # handed back: a long-running process leaks nothing
    gc.freeze()  # a pre-forking server's own freeze is left as it is
    try:
        frozen = gc.get_freeze_count()
        list(encrypt_many([docx_bytes()] * 2, PASSWORD, count=2, workers=2))
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


def test_encrypt_many_reports_a_worker_failure() -> None:
    plains = [docx_bytes(), b"not office", docx_bytes()]
    with pytest.raises(ProtectError, match="not a Word or Excel file"):
        list(encrypt_many(plains, PASSWORD, count=3, workers=2))


def test_password_file_gives_its_first_line(tmp_path: Path) -> None:
    path = tmp_path / "pw"
    path.write_bytes(b"\xef\xbb\xbf" + f"{PASSWORD}\r\nsecond line\n".encode())
    assert read_password_file(path) == PASSWORD
    assert password_from(path) == PASSWORD


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such password file"),
        (b"\n", "the password file is empty"),
        (b"\xff\xfe\xff", "cannot read the password file"),
    ],
)
def test_password_file_problems_name_the_file(
    tmp_path: Path, content: bytes | None, message: str
) -> None:
    path = tmp_path / "pw"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ProtectError, match=f"^{re.escape(str(path))}: {message}"):
        read_password_file(path)


def test_password_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    assert password_from(None) == PASSWORD
    monkeypatch.setenv(PASSWORD_ENV, "")
    assert password_from(None) is None


def test_password_out_file_is_private_and_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "password.txt"
    write_password_file(path, PASSWORD)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text() == PASSWORD + "\n"
    with pytest.raises(UsageError, match="already exists"):
        write_password_file(path, "another-password-entirely")
    assert path.read_text() == PASSWORD + "\n"


def test_a_password_file_that_cannot_be_written_whole_is_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A full disk left an empty or cut password file: the next run was told it "already
    # exists", and a reader could take half a password for the whole.
    import errno

    import toolkit.passwords

    def full_disk(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(toolkit.passwords.os, "fsync", full_disk)
    path = tmp_path / "password.txt"
    with pytest.raises(UsageError, match="cannot write the password file"):
        write_password_file(path, PASSWORD)
    assert not path.exists()


# protect / unprotect commands -----------------------------------------------------------------


@pytest.fixture
def password_file(tmp_path: Path) -> Path:
    return password_file_at(tmp_path / "password.txt", PASSWORD)


def run(*args: str | Path, env: dict[str, str] | None = None) -> Result:
    return run_keeping_secret(PASSWORD, *args, env=env)


def test_protect_in_place_then_unprotect(office_files: list[Path], password_file: Path) -> None:
    originals = [path.read_bytes() for path in office_files]
    result = run("protect", *office_files, "--password-file", password_file)
    assert result.exit_code == 0, result.stderr
    assert [line.split(": ")[1] for line in result.stdout.splitlines()] == [
        "password protected"
    ] * 2
    for path, original in zip(office_files, originals, strict=True):
        assert is_encrypted(path.read_bytes())
        assert decrypt_bytes(path.read_bytes(), PASSWORD) == original
    result = run("unprotect", *office_files, "--password-file", password_file)
    assert result.exit_code == 0, result.stderr
    assert "NOT protected" in result.stdout
    assert [path.read_bytes() for path in office_files] == originals
    assert sorted(p.name for p in office_files[0].parent.iterdir()) == [
        "record.docx",
        "tracker.xlsx",
    ]  # no temporary file left behind


def test_protect_to_another_file_leaves_the_original(
    office_files: list[Path], tmp_path: Path
) -> None:
    record = office_files[0]
    original = record.read_bytes()
    target = tmp_path / "out.docx"
    result = run("protect", record, "-o", target, env={PASSWORD_ENV: PASSWORD})
    assert result.exit_code == 0, result.stderr
    assert record.read_bytes() == original
    assert decrypt_bytes(target.read_bytes(), PASSWORD) == original
    assert run("protect", record, "-o", target, env={PASSWORD_ENV: PASSWORD}).exit_code == 2
    assert (
        run("protect", record, "-o", target, "--force", env={PASSWORD_ENV: PASSWORD}).exit_code == 0
    )


def test_several_files_go_into_an_output_folder(
    office_files: list[Path], password_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "protected"
    result = run("protect", *office_files, "-o", out, "--password-file", password_file)
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["record.docx", "tracker.xlsx"]
    plain = tmp_path / "plain"
    result = run(
        "unprotect",
        *(out / p.name for p in office_files),
        "-o",
        plain,
        "--password-file",
        password_file,
    )
    assert result.exit_code == 0, result.stderr
    assert docx_text((plain / "record.docx").read_bytes()) == TEXT


@pytest.mark.parametrize(
    ("command", "prepare", "message"),
    [
        ("protect", "encrypt", "already password protected"),
        ("protect", "text", "not a Word or Excel file"),
        ("protect", "missing", "no such file"),
        ("unprotect", "plain", "not password protected"),
        ("unprotect", "text", "not a Word or Excel file"),
        ("unprotect", "wrong", "wrong password"),
    ],
)
def test_bad_files_are_one_line_errors_and_nothing_changes(
    office_files: list[Path], password_file: Path, command: str, prepare: str, message: str
) -> None:
    good, bad = office_files
    if command == "unprotect":
        good.write_bytes(encrypt_bytes(good.read_bytes(), PASSWORD))
    if prepare == "encrypt":
        bad.write_bytes(encrypt_bytes(bad.read_bytes(), PASSWORD))
    elif prepare == "text":
        bad.write_text("just some notes\n")
    elif prepare == "missing":
        bad.unlink()
    elif prepare == "wrong":
        bad.write_bytes(encrypt_bytes(bad.read_bytes(), "a-different-password"))
    before = {path: path.read_bytes() for path in office_files if path.exists()}
    result = run(command, good, bad, "--password-file", password_file)
    assert result.exit_code == 2
    assert result.stderr == f"{bad}: {message}" + result.stderr.split(message, 1)[1]
    assert len(result.stderr.splitlines()) == 1
    assert {path: path.read_bytes() for path in before} == before


def test_protect_without_a_password_source_is_refused(office_files: list[Path]) -> None:
    before = office_files[0].read_bytes()
    result = run("protect", office_files[0])
    assert result.exit_code == 2
    assert "no password: give --password-file" in result.stderr
    assert office_files[0].read_bytes() == before


def test_protect_refuses_a_short_password(office_files: list[Path], tmp_path: Path) -> None:
    short = tmp_path / "short"
    short.write_text("tiny-secret\n")
    result = run("protect", office_files[0], "--password-file", short)
    assert result.exit_code == 2
    assert "shorter than 12 characters" in result.stderr
    assert "tiny-secret" not in result.stderr
    assert not is_encrypted(office_files[0].read_bytes())


def test_protect_generates_a_password_into_a_private_file(
    office_files: list[Path], tmp_path: Path
) -> None:
    out = tmp_path / "secret" / "password.txt"
    out.parent.mkdir()
    result = run("protect", *office_files, "--password-out", out)
    assert result.exit_code == 0, result.stderr
    generated = out.read_text().strip()
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert len(generated.split("-")) >= 5
    assert generated not in result.output + result.stderr
    assert docx_text(decrypt_bytes(office_files[0].read_bytes(), generated)) == TEXT


@pytest.mark.parametrize(
    ("where", "extra", "message"),
    [
        ("papers/pw.txt", [], "must not be inside"),
        ("pw.txt", ["--password-file", "GIVEN"], "--password-out is for a generated password"),
        ("nowhere/pw.txt", [], "no such folder"),
        ("EXISTING", [], "already exists"),
    ],
)
def test_password_out_is_refused_where_it_would_be_unsafe(
    office_files: list[Path],
    tmp_path: Path,
    password_file: Path,
    where: str,
    extra: list[str],
    message: str,
) -> None:
    target = password_file if where == "EXISTING" else tmp_path / where
    extra = [str(password_file) if arg == "GIVEN" else arg for arg in extra]
    result = run("protect", office_files[0], "--password-out", target, *extra)
    assert result.exit_code == 2
    assert message in result.stderr
    assert not is_encrypted(office_files[0].read_bytes())
    assert target == password_file or not target.exists()


def test_a_failed_protect_leaves_no_password_file(office_files: list[Path], tmp_path: Path) -> None:
    office_files[1].write_text("not office")
    out = tmp_path / "password.txt"
    result = run("protect", *office_files, "--password-out", out)
    assert result.exit_code == 2
    assert not out.exists()


def test_unprotect_without_a_password_is_refused(office_files: list[Path]) -> None:
    office_files[0].write_bytes(encrypt_bytes(office_files[0].read_bytes(), PASSWORD))
    result = run("unprotect", office_files[0])
    assert result.exit_code == 2
    assert "no password" in result.stderr


def test_a_failed_write_keeps_the_original_and_no_temporary_file(
    office_files: list[Path], password_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    import toolkit.write

    def full_disk(*args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    original = office_files[0].read_bytes()
    monkeypatch.setattr(toolkit.write.os, "replace", full_disk)
    result = run("protect", office_files[0], "--password-file", password_file)
    assert result.exit_code == 2
    assert result.stderr == f"{office_files[0]}: cannot write (No space left on device)\n"
    assert office_files[0].read_bytes() == original
    assert sorted(p.name for p in office_files[0].parent.iterdir()) == [
        "record.docx",
        "tracker.xlsx",
    ]
