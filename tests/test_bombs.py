"""Zip bombs, devices and pipes given as Office files: every command that reads a .docx/.xlsx
refuses them with one line (exit 2) before inflating them (issue 14, item 8).

The bombs are real and built in memory: a part of 100 MB of zeros streamed into the zip (about
100 KB on disk), a part whose central directory declares 1 GB, and a part that declares a few
bytes and inflates to 30 MB (declared sizes can lie).
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.bad_inputs.make_corpus import MB, declaring, with_zeros
from toolkit.cli import main
from toolkit.errors import DocumentError
from toolkit.files import check_package
from toolkit.load import load_meeting
from toolkit.render import render_meeting

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "initial.yaml"
PASSWORD = "correct horse battery staple 2026"
REFUSED = "not a paper the toolkit will open"


@pytest.fixture(scope="module")
def sample() -> tuple[bytes, bytes]:
    """The sample meeting's record (.docx) and tracker (.xlsx)."""
    record, tracker = render_meeting(load_meeting(SAMPLE).meeting)
    return record.data, tracker.data


def _lying(package: bytes, name: str, real: int) -> bytes:
    """``package`` whose part ``name`` inflates to ``real`` bytes but declares 100 (and so
    compressed less than 200 to 1, as far as its declared size tells)."""
    return declaring(with_zeros(package, name, real), name, 100)


def _templates(folder: Path, record: bytes) -> Path:
    for sub in ("appendix1", "appendix2"):
        (folder / sub).mkdir(parents=True)
        (folder / sub / "record.docx").write_bytes(record)
    return folder


#: Each bomb: the part its refusal names.
PARTS = {
    "document_100mb.docx": "word/document.xml",
    "document_ratio.docx": "word/document.xml",
    "content_types_1gb.docx": "[Content_Types].xml",
    "document_lying.docx": "word/document.xml",
    "sheet_ratio.xlsx": "xl/worksheets/sheet1.xml",
    "sheet_lying.xlsx": "xl/worksheets/sheet1.xml",
}


def _bombs(record: bytes, tracker: bytes) -> dict[str, bytes]:
    """Each bomb by name: 100 MB inflated, 8 MB at more than 200 to 1, 1 GB declared, and
    30 MB behind a declared 100 bytes."""
    document, sheet = PARTS["document_100mb.docx"], PARTS["sheet_ratio.xlsx"]
    return {
        "document_100mb.docx": with_zeros(record, document, 100 * MB),
        "document_ratio.docx": with_zeros(record, document, 8 * MB),
        "content_types_1gb.docx": declaring(record, "[Content_Types].xml", 1 << 30),
        "document_lying.docx": _lying(record, document, 30 * MB),
        "sheet_ratio.xlsx": with_zeros(tracker, sheet, 8 * MB),
        "sheet_lying.xlsx": _lying(tracker, sheet, 30 * MB),
    }


Command = Callable[[Path, Path], list[str]]
#: Each command that reads a Word file: (file, work folder) -> arguments.
WORD: dict[str, Command] = {
    "check": lambda f, w: ["check", str(f)],
    "protect": lambda f, w: ["protect", str(f), "-o", str(w / "protected.docx")],
    "templates-check": lambda f, w: ["templates", "check", str(w / "templates")],
    "render-templates": lambda f, w: [
        "render",
        str(SAMPLE),
        "-o",
        str(w / "out"),
        "--templates",
        str(w / "templates"),
    ],
    "pack-templates": lambda f, w: [
        "pack",
        str(SAMPLE),
        "-o",
        str(w / "pack"),
        "--templates",
        str(w / "templates"),
    ],
}
#: Each command that reads an Excel file.
EXCEL: dict[str, Command] = {
    "protect": lambda f, w: ["protect", str(f), "-o", str(w / "protected.xlsx")],
    "tracker-update": lambda f, w: [
        "tracker",
        "update",
        str(f),
        str(SAMPLE),
        "-o",
        str(w / "updated.xlsx"),
    ],
}


def _run(args: list[str]) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, args, env={"TOOLKIT_PASSWORD": PASSWORD})
    output = result.stdout + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), output
    return result.exit_code, [line for line in output.splitlines() if line.strip()]


def _cases() -> list[tuple[str, str]]:
    commands = lambda name: WORD if name.endswith(".docx") else EXCEL  # noqa: E731
    return [(name, command) for name in PARTS for command in commands(name)]


@pytest.fixture(scope="module")
def bombs(sample: tuple[bytes, bytes], tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bombs")
    for name, data in _bombs(*sample).items():
        assert len(data) < 2 * MB, name  # small on disk
        (folder / name).write_bytes(data)
    return folder


@pytest.mark.parametrize(("name", "command"), _cases())
def test_a_bomb_is_refused_in_one_line(
    bombs: Path, tmp_path: Path, name: str, command: str
) -> None:
    file = bombs / name
    if name.endswith(".docx"):
        args = WORD[command](file, tmp_path)
        _templates(tmp_path / "templates", file.read_bytes())
    else:
        args = EXCEL[command](file, tmp_path)
    setup = set(tmp_path.rglob("*"))

    code, lines = _run(args)

    assert code == 2, lines
    if command == "templates-check":  # one line per template, and the folder's verdict
        refused = [line for line in lines if "/appendix" in line]
        assert len(refused) == 2, lines
        assert all(PARTS[name] in line and REFUSED in line for line in refused), lines
    else:
        assert len(lines) == 1, lines
        assert PARTS[name] in lines[0], lines
        assert REFUSED in lines[0], lines
        where = "record.docx" if "templates" in command else str(file)
        assert where in lines[0], lines
    assert set(tmp_path.rglob("*")) == setup, "a refused command left files behind"


def test_the_refusal_says_why(sample: tuple[bytes, bytes]) -> None:
    record = sample[0]
    bomb = with_zeros(record, "word/document.xml", 100 * MB)
    with pytest.raises(
        DocumentError, match=r"^x\.docx: word/document\.xml inflates to more than 64 MB; "
    ):
        check_package(bomb, "x.docx")
    with pytest.raises(DocumentError, match="compressed more than 200 to 1"):
        check_package(with_zeros(record, "word/document.xml", 8 * MB), "x.docx")
    with pytest.raises(DocumentError, match="inflates to more than it declares"):
        check_package(_lying(record, "word/document.xml", 30 * MB), "x.docx")


def test_the_total_of_all_parts_is_bounded(
    sample: tuple[bytes, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    import toolkit.files

    record = sample[0]
    check_package(record, "x.docx")  # a real record passes
    monkeypatch.setattr(toolkit.files, "MAX_PACKAGE_BYTES", len(record))
    with pytest.raises(DocumentError, match=r"inflates to more than 0 MB in all"):
        check_package(record, "x.docx")


def test_real_papers_pass(sample: tuple[bytes, bytes]) -> None:
    for data in sample:
        check_package(data, "paper")


@pytest.mark.parametrize("command", ["check", "protect", "unprotect", "tracker"])
def test_a_device_or_a_pipe_is_refused(tmp_path: Path, command: str) -> None:
    fifo = tmp_path / "pipe.docx"
    os.mkfifo(fifo)
    for file in (Path("/dev/zero"), fifo):
        args = {
            "check": ["check", str(file)],
            "protect": ["protect", str(file), "-o", str(tmp_path / "out.docx")],
            "unprotect": ["unprotect", str(file), "-o", str(tmp_path / "out.docx")],
            "tracker": [
                "tracker",
                "update",
                str(file),
                str(SAMPLE),
                "-o",
                str(tmp_path / "t.xlsx"),
            ],
        }[command]
        code, lines = _run(args)
        assert code == 2, lines
        assert len(lines) == 1, lines
        assert str(file) in lines[0], lines


def test_a_pipe_as_a_template_is_refused(tmp_path: Path, sample: tuple[bytes, bytes]) -> None:
    folder = _templates(tmp_path / "templates", sample[0])
    (folder / "appendix1" / "record.docx").unlink()
    os.mkfifo(folder / "appendix1" / "record.docx")
    for args in (
        ["templates", "check", str(folder)],
        ["render", str(SAMPLE), "-o", str(tmp_path / "out"), "--templates", str(folder)],
    ):
        code, lines = _run(args)
        assert code == 2, lines
        assert "record.docx" in "\n".join(lines), lines


def test_an_office_file_over_64_mb_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.docx"
    with big.open("wb") as handle:
        handle.write(b"PK\x03\x04")
        handle.truncate(64 * MB + 10)  # sparse: no 64 MB written
    code, lines = _run(["check", str(big)])
    assert code == 2, lines
    assert len(lines) == 1, lines
    assert "larger than 64 MB" in lines[0], lines


def _tracker_with_action_in_row(tracker: bytes, row: int, path: Path) -> Path:
    """The sample tracker with a copy of its first action, numbered 99, in ``row``."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(tracker))
    sheet = workbook.worksheets[0]
    header = next(r[0].row for r in sheet.iter_rows(max_row=30) if r[0].value == "Meeting date")
    for col in range(1, sheet.max_column + 1):
        sheet.cell(row, col).value = sheet.cell(header + 1, col).value
    sheet.cell(row, 2).value = 99
    workbook.save(path)
    return path


def _meeting_with_new_action(path: Path) -> Path:
    text = SAMPLE.read_text(encoding="utf-8")
    new = "  - {number: 77, detail: A new action, owner: C. Nurse, organisation: Anyshire ICB}\n"
    path.write_text(text.replace("actions:\n", "actions:\n" + new, 1), encoding="utf-8")
    return path


def test_a_tracker_at_excels_last_row_is_refused_in_one_line(
    sample: tuple[bytes, bytes], tmp_path: Path
) -> None:
    """Issue 14, item 10: an action in row 1,048,576 once took minutes and ended in
    "unexpected ValueError"; the rows are read from the cells the sheet holds."""
    tracker = _tracker_with_action_in_row(sample[1], 1_048_576, tmp_path / "full.xlsx")
    meeting = _meeting_with_new_action(tmp_path / "next.yaml")
    code, lines = _run(
        ["tracker", "update", str(tracker), str(meeting), "-o", str(tmp_path / "o.xlsx")]
    )
    assert code == 2, lines
    assert len(lines) == 1, lines
    assert str(tracker) in lines[0], lines
    assert "no room below it" in lines[0], lines
    assert not (tmp_path / "o.xlsx").exists()


def test_a_tracker_with_an_action_far_down_is_updated(
    sample: tuple[bytes, bytes], tmp_path: Path
) -> None:
    tracker = _tracker_with_action_in_row(sample[1], 1_048_000, tmp_path / "far.xlsx")
    meeting = _meeting_with_new_action(tmp_path / "next.yaml")
    out = tmp_path / "o.xlsx"
    code, lines = _run(["tracker", "update", str(tracker), str(meeting), "-o", str(out)])
    assert code == 0, lines
    from openpyxl import load_workbook

    sheet = load_workbook(out).worksheets[0]
    assert sheet.cell(1_048_001, 2).value == 77


def test_a_tracker_of_too_many_cells_is_refused_before_it_is_loaded(
    sample: tuple[bytes, bytes], tmp_path: Path
) -> None:
    """Issue 14, item 10: a million-row tracker took 100 s and 3 GB in openpyxl."""
    rows = b"".join(
        b'<row r="%d"><c r="A%d"/><c r="B%d"/><c r="C%d"/></row>' % (r, r, r, r)
        for r in range(1, 200_001)
    )
    sheet = (
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns='
        b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + rows
        + b"</sheetData></worksheet>"
    )
    tracker = tmp_path / "huge.xlsx"
    tracker.write_bytes(_replaced(sample[1], "xl/worksheets/sheet1.xml", sheet))
    meeting = _meeting_with_new_action(tmp_path / "next.yaml")
    code, lines = _run(
        ["tracker", "update", str(tracker), str(meeting), "-o", str(tmp_path / "o.xlsx")]
    )
    assert code == 2, lines
    assert len(lines) == 1, lines
    assert f"{tracker}: holds more than 500,000 cells" in lines[0], lines


def _replaced(package: bytes, name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = content if info.filename == name else source.read(info)
            target.writestr(info.filename, data, zipfile.ZIP_DEFLATED)
    return out.getvalue()
