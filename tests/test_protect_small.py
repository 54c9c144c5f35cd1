"""Encryption at every size: small files and the 4,096-byte segment boundaries (issue 14, item 1).

msoffcrypto-tool writes an encrypted package of 4,096 bytes or less at the wrong place of its
container, so a .docx/.xlsx under ~4 KB was "protected" and could never be opened again. Each
size near a boundary is encrypted by the toolkit and decrypted by msoffcrypto (with the password
check and the integrity HMAC) and, for the smallest, by a real LibreOffice.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import msoffcrypto
import pytest

import toolkit.protect
from tests.cli_run import password_file_at, run_keeping_secret
from tests.test_libreoffice_password import open_in_libreoffice
from toolkit.errors import ProtectError
from toolkit.protect import _Secrets, decrypt_bytes, encrypt_bytes, encrypt_many

PASSWORD = "marigold-quarry-lantern"
#: Agile encryption encrypts a package in segments of this many bytes (MS-OFFCRYPTO 2.3.4.15).
SEGMENT = 4096
WORD_TEXT = "A short letter about Oakview Care Home"
EXCEL_TEXT = "Action 1: review the rota"

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/{main}" ContentType="{type}"/>{more}</Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="{main}"/></Relationships>'
)
_WORD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    f"<w:body><w:p><w:r><w:t>{WORD_TEXT}</w:t></w:r></w:p></w:body></w:document>"
)
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{_MAIN}" '
    f'xmlns:r="{_R}"><sheets><sheet name="Actions" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_R}/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)
_SHEET = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{_MAIN}">'
    f'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>{EXCEL_TEXT}</t></is></c></row>'
    "</sheetData></worksheet>"
)


def _parts(kind: str) -> dict[str, str]:
    """The parts of the smallest .docx or .xlsx Word, Excel and LibreOffice open."""
    if kind == "docx":
        main = "word/document.xml"
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        return {
            "[Content_Types].xml": _CONTENT_TYPES.format(
                main=main, type=f"{content_type}.main+xml", more=""
            ),
            "_rels/.rels": _RELS.format(main=main),
            main: _WORD,
        }
    main = "xl/workbook.xml"
    sheet = (
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    )
    return {
        "[Content_Types].xml": _CONTENT_TYPES.format(
            main=main,
            type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            more=sheet,
        ),
        "_rels/.rels": _RELS.format(main=main),
        main: _WORKBOOK,
        "xl/_rels/workbook.xml.rels": _WORKBOOK_RELS,
        "xl/worksheets/sheet1.xml": _SHEET,
    }


def office_file(kind: str, size: int) -> bytes:
    """A real .docx/.xlsx of exactly ``size`` bytes: its main part carries an XML comment of
    spaces, and every part is stored, so that each byte of padding is a byte of the file.

    (A zip comment would be simpler, but LibreOffice refuses a package with a long one.)
    """
    main = "word/document.xml" if kind == "docx" else "xl/worksheets/sheet1.xml"

    def build(padding: int) -> bytes:
        parts = _parts(kind)
        parts[main] = parts[main].replace("?>", "?><!--" + " " * padding + "-->", 1)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
            for name, text in parts.items():  # a fixed date: the same bytes on every call
                archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 11, 20, 10, 0, 0)), text)
        return buffer.getvalue()

    data = build(size - len(build(0)))
    assert len(data) == size, (len(data), size)
    return data


#: Sizes either side of each 4,096-byte segment boundary, and of the points where the encrypted
#: stream (8 bytes of size, then the package padded to 16) crosses one: the stream of a package
#: of 4,080 bytes is 4,088 bytes, of 4,081 bytes 4,104.
SIZES = sorted(
    {
        size
        for k in (1, 2, 3)
        for size in (SEGMENT * k + d for d in (-24, -17, -16, -9, -8, -1, 0, 1, 8, 17))
    }
)


def msoffcrypto_decrypt(data: bytes, password: str) -> bytes:
    """Decrypt with msoffcrypto directly, checking the password verifier and the HMAC."""
    office = msoffcrypto.OfficeFile(io.BytesIO(data))
    office.load_key(password=password, verify_password=True)
    plain = io.BytesIO()
    office.decrypt(plain, verify_integrity=True)
    return plain.getvalue()


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_the_smallest_office_files_are_what_the_tests_say(kind: str) -> None:
    assert len(office_file(kind, 2500)) == 2500
    assert len(office_file(kind, 70_000)) == 70_000
    with zipfile.ZipFile(io.BytesIO(office_file(kind, 5000))) as archive:
        assert archive.testzip() is None


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_every_size_around_the_segment_boundaries_decrypts_to_the_same_bytes(kind: str) -> None:
    plains = [office_file(kind, size) for size in SIZES]
    encrypted = list(encrypt_many(plains, PASSWORD, count=len(plains), workers=2))
    wrong = [
        size
        for size, plain, data in zip(SIZES, plains, encrypted, strict=True)
        if msoffcrypto_decrypt(data, PASSWORD) != plain
    ]
    assert wrong == []
    # and through the toolkit's own reader, for the sizes that failed before
    assert decrypt_bytes(encrypted[0], PASSWORD) == plains[0]


@pytest.mark.parametrize("size", [2500, 3000, 4080, 4081])
def test_a_small_file_protected_in_place_opens_again(tmp_path: Path, size: int) -> None:
    record = tmp_path / "letter.docx"
    record.write_bytes(office_file("docx", size))
    original = record.read_bytes()
    password_file = password_file_at(tmp_path / "pw.txt", PASSWORD)
    result = run_keeping_secret(PASSWORD, "protect", record, "--password-file", password_file)
    assert result.exit_code == 0, result.stderr
    assert msoffcrypto_decrypt(record.read_bytes(), PASSWORD) == original
    result = run_keeping_secret(PASSWORD, "unprotect", record, "--password-file", password_file)
    assert result.exit_code == 0, result.stderr
    assert record.read_bytes() == original


def test_a_large_file_with_many_segments_round_trips() -> None:
    plain = office_file("xlsx", 3 * 1024 * 1024 + 5)
    assert msoffcrypto_decrypt(encrypt_bytes(plain, PASSWORD), PASSWORD) == plain


def test_an_encryption_that_does_not_decrypt_again_is_refused_and_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The verification: msoffcrypto's own encryption of a small file (the fault worked around)
    is refused instead of written."""
    from msoffcrypto.format.ooxml import OOXMLFile

    def library_encrypt(plain: bytes, password: str) -> tuple[bytes, _Secrets]:
        encrypted = io.BytesIO()
        OOXMLFile(io.BytesIO(plain)).encrypt(password, encrypted)
        return encrypted.getvalue(), _Secrets(b"key unknown")

    monkeypatch.setattr(toolkit.protect, "_encrypt", library_encrypt)
    with pytest.raises(ProtectError, match="could not be decrypted again.*nothing was written"):
        encrypt_bytes(office_file("docx", 3000), PASSWORD)

    record = tmp_path / "record.docx"
    record.write_bytes(office_file("docx", 3000))
    original = record.read_bytes()
    result = run_keeping_secret(
        PASSWORD, "protect", record, "--password-file", password_file_at(tmp_path / "pw", PASSWORD)
    )
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{record}: the encrypted copy could not be decrypted again")
    assert len(result.stderr.splitlines()) == 1
    assert record.read_bytes() == original


def test_a_copy_that_decrypts_to_other_bytes_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    real = toolkit.protect._encrypt
    monkeypatch.setattr(
        toolkit.protect, "_encrypt", lambda plain, password: real(plain + b"\0", password)
    )
    with pytest.raises(ProtectError, match="does not decrypt to the original"):
        encrypt_bytes(office_file("docx", 3000), PASSWORD)


@pytest.mark.libreoffice
def test_small_protected_files_open_in_libreoffice_with_the_password(tmp_path: Path) -> None:
    requests = []
    for kind in ("docx", "xlsx"):
        for size in (2500, 4080, 4081, 8184):
            path = tmp_path / f"{size}.{kind}"
            path.write_bytes(encrypt_bytes(office_file(kind, size), PASSWORD))
            requests.append({"file": str(path), "password": PASSWORD})
    results = open_in_libreoffice(requests)
    texts = [WORD_TEXT] * 4 + [EXCEL_TEXT] * 4
    assert [r["opened"] for r in results] == [True] * 8, results
    assert [text in r["text"] for r, text in zip(results, texts, strict=True)] == [True] * 8
