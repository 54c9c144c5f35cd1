"""Hostile and old inputs to protection: spin counts, endless password files, .doc/.xls files
(issue 14, items 10 and 12)."""

from __future__ import annotations

import io
import re
import time
from pathlib import Path

import olefile
import pytest
from click.testing import Result

from tests.cli_run import password_file_at, run_keeping_secret
from tests.test_protect import docx_bytes, xlsx_bytes
from toolkit.errors import ProtectError
from toolkit.files import OfficeFormat, office_format
from toolkit.passwords import MAX_PASSWORD_FILE_LINE, read_password_file
from toolkit.protect import MAX_SPIN_COUNT, decrypt_bytes, encrypt_bytes, is_encrypted, spin_count

PASSWORD = "marigold-quarry-lantern"
BAD_INPUTS = Path(__file__).parent / "bad_inputs"
OLD_WORD = BAD_INPUTS / "old_word.doc"
OLD_EXCEL = BAD_INPUTS / "old_excel.xls"


def run(*args: str | Path) -> Result:
    return run_keeping_secret(PASSWORD, *args)


# Spin counts ----------------------------------------------------------------------------------


def with_spin_count(encrypted: bytes, spins: int) -> bytes:
    """``encrypted`` with its password key encryptor asking for ``spins`` rounds: the attribute
    rewritten in place, the stream kept the same length by taking spaces from an indent."""
    old = b'spinCount="100000"'
    new = f'spinCount="{spins}"'.encode()
    indent = b"\n" + b" " * 28 + b"hashSize"
    shorter = b"\n" + b" " * (28 - (len(new) - len(old))) + b"hashSize"
    assert encrypted.count(old) == 1
    assert encrypted.count(indent) == 1
    return encrypted.replace(old, new).replace(indent, shorter)


def test_the_spin_count_is_read_without_deriving_a_key() -> None:
    encrypted = encrypt_bytes(docx_bytes(), PASSWORD)
    assert spin_count(encrypted) == 100_000
    assert spin_count(with_spin_count(encrypted, 10_000_000)) == 10_000_000
    assert spin_count(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600) is None


@pytest.mark.parametrize("spins", [MAX_SPIN_COUNT + 1, 10_000_000, 99_999_999])
def test_a_file_asking_for_millions_of_rounds_is_refused_at_once(
    monkeypatch: pytest.MonkeyPatch, spins: int
) -> None:
    from msoffcrypto.method.ecma376_agile import ECMA376Agile

    hostile = with_spin_count(encrypt_bytes(docx_bytes(), PASSWORD), spins)

    def no_derivation(*args: object) -> None:
        raise AssertionError("a key was derived")

    monkeypatch.setattr(ECMA376Agile, "_derive_iterated_hash_from_password", no_derivation)
    started = time.perf_counter()
    with pytest.raises(ProtectError, match=f"asks for {spins:,} key derivation rounds"):
        decrypt_bytes(hostile, PASSWORD)
    assert time.perf_counter() - started < 1


def test_unprotect_of_hostile_files_is_one_line_each_and_quick(tmp_path: Path) -> None:
    files = []
    for n in range(4):
        path = tmp_path / f"hostile{n}.docx"
        path.write_bytes(with_spin_count(encrypt_bytes(docx_bytes(), PASSWORD), 10_000_000))
        files.append(path)
    started = time.perf_counter()
    result = run(
        "unprotect", *files, "--password-file", password_file_at(tmp_path / "pw", PASSWORD)
    )
    assert time.perf_counter() - started < 5  # 4 x 15 s before
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{files[0]}: the file asks for 10,000,000 key derivation rounds, far beyond the usual "
        f"100,000 (at most {MAX_SPIN_COUNT:,} are accepted); refused as hostile or damaged"
    ]


# Password files -------------------------------------------------------------------------------


def test_dev_zero_as_password_file_is_refused_after_one_bounded_read(tmp_path: Path) -> None:
    with pytest.raises(ProtectError, match="first line is longer than 1,024 characters"):
        read_password_file("/dev/zero")
    record = tmp_path / "record.docx"
    record.write_bytes(docx_bytes())
    result = run("protect", record, "--password-file", "/dev/zero")
    assert result.exit_code == 2
    assert result.stderr == (
        "/dev/zero: the first line is longer than 1,024 characters; "
        "a password file holds the password alone on its first line\n"
    )
    assert not is_encrypted(record.read_bytes())


def test_a_huge_password_file_without_a_line_end_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge"
    path.write_bytes(b"x" * (20 * 1024 * 1024))
    with pytest.raises(ProtectError, match="longer than 1,024"):
        read_password_file(path)


def test_a_first_line_at_the_limit_is_read_whole(tmp_path: Path) -> None:
    words = " ".join(f"word{n}" for n in range(400))[:MAX_PASSWORD_FILE_LINE]
    path = tmp_path / "pw"
    path.write_text(words + "\nsecond line\n", encoding="utf-8")
    assert read_password_file(path) == words
    path.write_text(words + "x\n", encoding="utf-8")
    with pytest.raises(ProtectError, match="longer than 1,024"):
        read_password_file(path)


# Old formats ----------------------------------------------------------------------------------


def encrypted_old_word() -> bytes:
    """The old .doc with the "encrypted" flag of its File Information Block set, as Word 97-2003
    marks a .doc with a password (fEncrypted: bit 0 of byte 11 of the WordDocument stream)."""
    data = bytearray(OLD_WORD.read_bytes())
    with olefile.OleFileIO(io.BytesIO(bytes(data))) as ole:
        head = ole.openstream("WordDocument").read(64)
    assert data.count(head) == 1  # the stream starts in one sector: patch it there
    offset = data.find(head)
    assert data[offset : offset + 2] == b"\xec\xa5"  # the FIB's magic number
    data[offset + 11] |= 0x01
    return bytes(data)


def test_old_formats_are_told_apart_from_encrypted_ones() -> None:
    assert office_format(OLD_WORD.read_bytes()) is OfficeFormat.OLD
    assert office_format(OLD_EXCEL.read_bytes()) is OfficeFormat.OLD
    assert office_format(encrypt_bytes(docx_bytes(), PASSWORD)) is OfficeFormat.ENCRYPTED
    assert office_format(docx_bytes()) is OfficeFormat.OPEN_XML


@pytest.mark.parametrize(
    ("name", "what"),
    [
        ("old_word.doc", "an old Word format (.doc)"),
        ("old_excel.xls", "an old Excel format (.xls)"),
    ],
)
def test_the_library_names_an_old_format_and_what_to_do(name: str, what: str) -> None:
    data = (BAD_INPUTS / name).read_bytes()
    expected = "^" + re.escape(
        f"{what}, not a .docx/.xlsx; open it in Word or Excel and save it as .docx/.xlsx first"
    )
    for call in (
        lambda: encrypt_bytes(data, PASSWORD),
        lambda: decrypt_bytes(data, PASSWORD),
        lambda: decrypt_bytes(data, None),
    ):
        with pytest.raises(ProtectError, match=expected):
            call()


def test_an_old_format_with_its_own_password_is_named_so() -> None:
    with pytest.raises(
        ProtectError, match=r"^an old Word format \(\.doc\) with a password of its own"
    ):
        decrypt_bytes(encrypted_old_word(), PASSWORD)


@pytest.mark.parametrize("source", ["old_word.doc", "old_excel.xls", "encrypted.doc"])
@pytest.mark.parametrize(
    "command",
    ["protect", "protect-no-password", "unprotect", "check", "check-no-password", "tracker"],
)
def test_every_command_says_an_old_format_is_one(tmp_path: Path, source: str, command: str) -> None:
    """Issue 14 item 12: "password protected", "already password protected", or an internal
    TypeError ("unexpected keyword argument 'verify_password'") before."""
    path = tmp_path / "papers" / source
    path.parent.mkdir()
    if source == "encrypted.doc":
        path.write_bytes(encrypted_old_word())
    else:
        path.write_bytes((BAD_INPUTS / source).read_bytes())
    password = ["--password-file", str(password_file_at(tmp_path / "pw", PASSWORD))]
    meeting = str(Path(__file__).resolve().parent.parent / "samples" / "initial.yaml")
    args = {
        "protect": ["protect", path, *password],
        "protect-no-password": ["protect", path, "--password-out", tmp_path / "new-pw"],
        "unprotect": ["unprotect", path, *password],
        "check": ["check", path, *password],
        "check-no-password": ["check", path],
        "tracker": ["tracker", "update", path, meeting, *password],
    }[command]
    before = path.read_bytes()
    result = run(*args)
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"{path}: an old ")
    assert "save it as .docx/.xlsx first" in line
    assert "password protected" not in line
    assert "Error" not in line
    assert path.read_bytes() == before
    assert not (tmp_path / "new-pw").exists()


def test_plain_files_still_protect_after_the_checks(tmp_path: Path) -> None:
    tracker = tmp_path / "tracker.xlsx"
    tracker.write_bytes(xlsx_bytes())
    result = run("protect", tracker, "--password-file", password_file_at(tmp_path / "pw", PASSWORD))
    assert result.exit_code == 0, result.stderr
    assert is_encrypted(tracker.read_bytes())
