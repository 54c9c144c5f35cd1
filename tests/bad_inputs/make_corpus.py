"""Write the generated part of the bad-input corpus: binary, huge and Office files.

The repository carries the small text files of ``tests/bad_inputs/``; this script writes the rest
(10 MB texts, non-UTF-8 bytes, broken and wrongly encrypted Word and Excel files) into a folder,
so that no large or binary blob is committed. The tests call `build_corpus(tmp_path)`; to look at
the files by hand: ``python tests/bad_inputs/make_corpus.py FOLDER``.
"""

from __future__ import annotations

import io
import os
import random
import struct
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "initial.yaml"
#: The password every test protects with; OTHER_PASSWORD protects the wrongly encrypted files.
PASSWORD = "correct horse battery staple 2026"
OTHER_PASSWORD = "not the password anyone was given"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
TEN_MB = 10 * 1024 * 1024

MINIMAL = """\
kind: initial
provider: {name: Oakview Care Home}
meeting:
  date: 2026-11-20
  chair: {name: A. Chair}
  attendees: [{name: C. Nurse, organisation: Anyshire ICB}]
"""


def _sample_files() -> tuple[bytes, bytes]:
    """The record (.docx) and tracker (.xlsx) of the sample initial meeting, rendered."""
    from toolkit.load import load_meeting
    from toolkit.render import render_meeting

    record, tracker = render_meeting(load_meeting(SAMPLE).meeting)
    return record.data, tracker.data


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _replace_in_zip(data: bytes, name: str, content: bytes) -> bytes:
    """``data`` (a zip) with the member ``name`` replaced by ``content``."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries = {info.filename: archive.read(info) for info in archive.infolist()}
    entries[name] = content
    return _zip(entries)


MB = 1024 * 1024


def with_zeros(package: bytes, name: str, size: int) -> bytes:
    """``package`` (a zip) with the part ``name`` replaced by ``size`` bytes of zeros, streamed
    in 1 MB chunks: a real zip bomb, about a thousandth of ``size`` on disk."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            if info.filename != name:
                target.writestr(info, source.read(info), zipfile.ZIP_DEFLATED)
        info = zipfile.ZipInfo(name)
        info.compress_type = zipfile.ZIP_DEFLATED
        info._compresslevel = 1  # type: ignore[attr-defined]  # fast: zeros compress anyway
        chunk = b"\0" * MB
        with target.open(info, "w", force_zip64=True) as part:
            for _ in range(size // MB):
                part.write(chunk)
    return out.getvalue()


def declaring(package: bytes, name: str, size: int) -> bytes:
    """``package`` with the uncompressed size of ``name`` forged to ``size`` in its local header
    and in the central directory (the compressed data unchanged): declared sizes can lie."""
    data = bytearray(package)
    end = data.rfind(b"PK\x05\x06")
    count, _, offset = struct.unpack_from("<HLL", data, end + 10)
    for _ in range(count):
        if data[offset : offset + 4] != b"PK\x01\x02":
            raise ValueError("not a central directory entry")
        name_len, extra_len, comment_len = struct.unpack_from("<3H", data, offset + 28)
        (local,) = struct.unpack_from("<L", data, offset + 42)
        if data[offset + 46 : offset + 46 + name_len].decode() == name:
            struct.pack_into("<L", data, offset + 24, size)
            struct.pack_into("<L", data, local + 22, size)
        offset += 46 + name_len + extra_len + comment_len
    return bytes(data)


def bad_deflate(package: bytes, name: str) -> bytes:
    """``package`` with the compressed data of ``name`` starting with a reserved block type:
    sizes and CRC as declared, but the part fails to inflate ("invalid block type")."""
    data = bytearray(package)
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        offset = archive.getinfo(name).header_offset
    name_len, extra_len = struct.unpack_from("<2H", data, offset + 26)
    data[offset + 30 + name_len + extra_len] = 0b111  # final block, type 3 (reserved)
    return bytes(data)


def _encrypted(plain: bytes) -> bytes:
    from toolkit.protect import encrypt_bytes

    return encrypt_bytes(plain, OTHER_PASSWORD)


def _formula_tracker(tracker: bytes) -> bytes:
    """The sample tracker with formulas typed where action numbers and details belong."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(tracker))
    sheet = workbook.worksheets[0]
    header = next(
        row[0].row for row in sheet.iter_rows(max_row=10) if row[0].value == "Meeting date"
    )
    sheet.cell(header + 1, 2).value = "=ROW()-3"
    sheet.cell(header + 1, 3).value = '=HYPERLINK("http://example.invalid","Review care plans")'
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _created_zero(package: bytes) -> bytes:
    """``package`` whose core properties say it was created at "0" (no date at all)."""
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        core = archive.read("docProps/core.xml").decode()
    start = core.index(">", core.index("<dcterms:created")) + 1
    core = core[:start] + "0" + core[core.index("</dcterms:created>") :]
    return _replace_in_zip(package, "docProps/core.xml", core.encode())


def _headerless_tracker(tracker: bytes) -> bytes:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(tracker))
    for sheet in workbook.worksheets:
        sheet.delete_rows(1, 12)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


ENTITY_BOMB = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<!DOCTYPE w:document [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
 <!ENTITY x SYSTEM "file:///etc/passwd">
]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:body><w:p><w:r><w:t>&f;&x;</w:t></w:r></w:p></w:body></w:document>
"""


def _nested(depth: int) -> str:
    return MINIMAL + "sections:\n  purpose: " + "[" * depth + "]" * depth + "\n"


def _nested_maps(depth: int) -> str:
    lines = ["provider:"] + [f"{'  ' * (i + 1)}k{i}:" for i in range(depth)]
    return MINIMAL.replace("provider: {name: Oakview Care Home}\n", "") + "\n".join(lines) + " x\n"


def many_attendees(count: int) -> bytes:
    """MINIMAL with ``count`` attendees, one short line each."""
    one = "  attendees: [{name: C. Nurse, organisation: Anyshire ICB}]\n"
    many = "  attendees:\n" + "  - {name: n, organisation: o}\n" * count
    return MINIMAL.replace(one, many).encode()


def many_actions(count: int) -> bytes:
    """MINIMAL with ``count`` actions, one short line each."""
    return (MINIMAL + "actions:\n" + "- {detail: d, owner: o, organisation: g}\n" * count).encode()


def many_bullets(count: int) -> bytes:
    """MINIMAL with a section of ``count`` one-letter bullet points."""
    return (MINIMAL + "sections:\n purpose: |\n" + "  - b\n" * count).encode()


def largest_meeting() -> bytes:
    """The sample initial meeting grown to every bound the loader sets: each list at
    MAX_ENTRIES entries (attendees with contacts, actions with an update), MAX_TEXT_LINES
    lines of bullet points over the sections, and a closing paragraph filling the file to
    MAX_INPUT_BYTES. The worst meeting file the toolkit accepts, for the benchmarks."""
    import yaml

    from toolkit.load import MAX_INPUT_BYTES
    from toolkit.parse import MAX_ENTRIES, MAX_TEXT_LINES

    data: dict[str, Any] = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    people = range(1, MAX_ENTRIES + 1)
    data["meeting"]["attendees"] = [
        {
            "name": f"Attendee {n}",
            "organisation": "Westmere County Council",
            "email": f"a{n}@example.org",
            "phone": "01632 960101",
        }
        for n in people
    ]
    data["meeting"]["apologies"] = [{"name": f"Apology {n}"} for n in people]
    data["circulation"]["recipients"] = [f"Agency {n}" for n in people]
    data["actions"] = [
        {
            "number": n,
            "detail": f"Action {n}: review the care plans.",
            "owner": f"Attendee {n}",
            "organisation": "Westmere Integrated Care Board",
            "due": "2026-10-09",
            "update": "Started.",
        }
        for n in people
    ]
    sections = [key for key, value in data["sections"].items() if isinstance(value, str)]
    for key in sections:
        data["sections"][key] = ""
    # the sections' bullet points take the line breaks the rest of the text leaves
    lines = MAX_TEXT_LINES - _line_breaks(data) + len(sections)
    for index, key in enumerate(sections):
        share = lines // len(sections) + (index < lines % len(sections))
        data["sections"][key] = "\n".join(f"- Finding {n}." for n in range(share))
    room = MAX_INPUT_BYTES - len(_dumped(data)) - 64
    if room < 0:
        raise ValueError(f"the bounds alone make a file {-room:,} bytes too large")
    first = sections[0]
    data["sections"][first] = "- " + "care " * (room // 5) + data["sections"][first][2:]
    return _dumped(data)


def _line_breaks(value: object) -> int:
    """The line breaks in every text of ``value`` (parsed YAML), as the loader counts them."""
    if isinstance(value, str):
        return value.count("\n")
    if isinstance(value, dict):
        return sum(map(_line_breaks, value.values()))
    if isinstance(value, list):
        return sum(map(_line_breaks, value))
    return 0


def _dumped(data: object) -> bytes:
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml: ten times faster
    return yaml.dump(
        data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=1 << 30
    ).encode()


def _text_files() -> dict[str, tuple[str, bytes]]:
    """Generated text-ish meeting files: name -> (what it tests, bytes)."""
    from toolkit.parse import MAX_ENTRIES, MAX_TEXT_LINES

    big = "The home was visited. " * (TEN_MB // 22 + 1)
    return {
        "ten_mb_section.yaml": (
            "a 10 MB meeting file (one huge section): refused before parsing",
            (MINIMAL + "sections:\n  purpose: " + big + "\n").encode(),
        ),
        "ten_mb_one_line.yaml": (
            "10 MB on a single line with no newline at all",
            b"kind: initial # " + b"x" * TEN_MB,
        ),
        "action_detail_over_excel_limit.yaml": (
            "an action detail of 40,000 characters: longer than an Excel cell holds",
            (
                MINIMAL
                + "actions:\n  - {detail: '"
                + "x" * 40_000
                + "', owner: C. Nurse, organisation: Anyshire ICB}\n"
            ).encode(),
        ),
        "deeply_nested_lists.yaml": (
            "a section nested 5,000 lists deep (parser recursion)",
            _nested(5000).encode(),
        ),
        "deeply_nested_lists_shallow.yaml": (
            "a section nested 60 lists deep: within libyaml's limit, beyond the loader's",
            _nested(60).encode(),
        ),
        "deeply_nested_maps.yaml": (
            "a provider nested 300 mappings deep",
            _nested_maps(300).encode(),
        ),
        "non_utf8_latin1.yaml": (
            "Windows-1252/Latin-1 bytes (Zo\\xeb) instead of UTF-8",
            MINIMAL.replace("A. Chair", "Zo\xeb Castellano").encode("latin-1"),
        ),
        "bom_then_binary_junk.yaml": (
            "a UTF-8 byte order mark followed by random binary bytes",
            b"\xef\xbb\xbf" + random.Random(7).randbytes(4096),
        ),
        "bom_then_invalid_utf8.yaml": (
            "a UTF-8 byte order mark, a valid first line, then invalid UTF-8",
            b"\xef\xbb\xbfkind: initial\nprovider: {name: \xc3\x28}\n",
        ),
        "utf16_with_bom.yaml": (
            "the meeting saved as UTF-16 (Notepad's 'Unicode')",
            MINIMAL.encode("utf-16"),
        ),
        "nul_bytes.yaml": (
            "text with NUL bytes inside",
            MINIMAL.replace("Oakview", "Oak\x00view").encode(),
        ),
        "control_characters_only.yaml": (
            "nothing but control characters",
            bytes(range(1, 32)) * 8,
        ),
        "attendees_over_limit.yaml": (
            "one attendee more than a list may hold (2,001; 65,000 took 50 s and 1 GB to render)",
            many_attendees(MAX_ENTRIES + 1),
        ),
        "actions_over_limit.yaml": (
            "one action more than a list may hold (2,001; 51,000 took 35 s and 800 MB to render)",
            many_actions(MAX_ENTRIES + 1),
        ),
        "bullets_over_limit.yaml": (
            "one line of text more than a file may hold (10,001 bullet points in a section; "
            "350,000 took 50 s to render)",
            many_bullets(MAX_TEXT_LINES + 1),
        ),
    }


def _office_files() -> dict[str, tuple[str, bytes]]:
    """Generated Office (and Office-looking) files: name -> (what it tests, bytes)."""
    record, tracker = _sample_files()
    noise = random.Random(11)
    return {
        "docx_renamed_zip.docx": (
            "a zip of text files renamed .docx (no word/document.xml)",
            _zip({"notes.txt": b"minutes", "readme.md": b"# not Word"}),
        ),
        "docx_truncated.docx": ("a real record cut off half way", record[: len(record) // 2]),
        "docx_random_bytes.docx": ("random bytes named .docx", noise.randbytes(20_000)),
        "docx_empty_zip.docx": ("an empty zip named .docx", _zip({})),
        "docx_broken_xml.docx": (
            "a record whose word/document.xml is not well-formed XML",
            _replace_in_zip(record, "word/document.xml", b"<w:document><w:body><w:p>"),
        ),
        "docx_entity_bomb.docx": (
            "a record whose document.xml defines exponential entities and an external "
            "entity (file:///etc/passwd)",
            _replace_in_zip(record, "word/document.xml", ENTITY_BOMB),
        ),
        "docx_zip_magic_only.docx": (
            "the four bytes of a zip header and nothing else",
            b"PK\x03\x04",
        ),
        "xlsx_as_docx.docx": ("the action tracker (.xlsx) renamed .docx", tracker),
        "docx_as_xlsx.xlsx": ("the record (.docx) renamed .xlsx", record),
        "xlsx_truncated.xlsx": ("a real tracker cut off half way", tracker[: len(tracker) // 2]),
        "xlsx_formula_in_text.xlsx": (
            "a tracker with formulas typed where the action number and detail belong",
            _formula_tracker(tracker),
        ),
        "xlsx_no_header_row.xlsx": (
            "a workbook without the Appendix ii header row",
            _headerless_tracker(tracker),
        ),
        "ole_magic_random.docx": (
            "the OLE (encrypted Office) magic followed by random bytes",
            OLE_MAGIC + noise.randbytes(8192),
        ),
        "ole_magic_random.xlsx": (
            "the OLE magic followed by random bytes, named .xlsx",
            OLE_MAGIC + noise.randbytes(8192),
        ),
        "encrypted_other_password.docx": (
            "a real record encrypted with a password other than the one given",
            _encrypted(record),
        ),
        "encrypted_other_password.xlsx": (
            "a real tracker encrypted with a password other than the one given",
            _encrypted(tracker),
        ),
        "encrypted_truncated.docx": (
            "an encrypted record cut off half way",
            _encrypted(record)[:6000],
        ),
        "yaml_named_docx.docx": ("a meeting file (YAML text) named .docx", MINIMAL.encode()),
        "docx_zip_bomb.docx": (
            "a record whose word/document.xml inflates to 100 MB of zeros (a zip bomb, 100 KB)",
            with_zeros(record, "word/document.xml", 100 * MB),
        ),
        "docx_declares_1gb_content_types.docx": (
            "a record whose central directory declares a 1 GB [Content_Types].xml",
            declaring(record, "[Content_Types].xml", 1 << 30),
        ),
        "docx_lying_size.docx": (
            "a record whose word/document.xml declares 100 bytes and inflates to 30 MB",
            declaring(with_zeros(record, "word/document.xml", 30 * MB), "word/document.xml", 100),
        ),
        "docx_bad_deflate.docx": (
            "a record whose word/document.xml fails to inflate (a reserved deflate block type)",
            bad_deflate(record, "word/document.xml"),
        ),
        "xlsx_bad_deflate.xlsx": (
            "a tracker whose first sheet fails to inflate (a reserved deflate block type)",
            bad_deflate(tracker, "xl/worksheets/sheet1.xml"),
        ),
        "xlsx_created_zero.xlsx": (
            'a tracker whose core properties give "0" as the date it was created',
            _created_zero(tracker),
        ),
        "xlsx_zip_bomb.xlsx": (
            "a tracker whose first sheet is 8 MB of zeros: compressed over 200 to 1",
            with_zeros(tracker, "xl/worksheets/sheet1.xml", 8 * MB),
        ),
    }


Builder = Callable[[], dict[str, tuple[str, bytes]]]
BUILDERS: tuple[Builder, ...] = (_text_files, _office_files)
#: A folder where a meeting file is expected (made by `build_corpus`, not a builder).
FOLDER_NAME = "folder_named_meeting.yaml"


def build_corpus(folder: Path) -> dict[str, str]:
    """Write every generated file into ``folder`` (also a folder-named-like-a-file); return
    name -> what it tests."""
    folder.mkdir(parents=True, exist_ok=True)
    described: dict[str, str] = {}
    for builder in BUILDERS:
        for name, (what, data) in builder().items():
            (folder / name).write_bytes(data)
            described[name] = what
    (folder / FOLDER_NAME).mkdir(exist_ok=True)
    described[FOLDER_NAME] = "a folder where a file is expected"
    return described


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: make_corpus.py FOLDER", file=sys.stderr)
        return 2
    sys.path.insert(0, os.fspath(ROOT))
    for name, what in build_corpus(Path(argv[0])).items():
        print(f"{name}: {what}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
