"""Every command that reads files, given every file of the bad-input corpus: exit status 2, a
message naming the file, no traceback, nothing written (tests/bad_inputs/README.md lists them)."""

from __future__ import annotations

import hashlib
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.bad_inputs.make_corpus import PASSWORD, build_corpus
from toolkit.cli import main
from toolkit.load import load_meeting
from toolkit.render import render_meeting

CORPUS = Path(__file__).parent / "bad_inputs"
README = CORPUS / "README.md"
GOOD_MEETING = Path(__file__).resolve().parent.parent / "samples" / "initial.yaml"
MISSING = "no_such_file.yaml"
#: Messages are one line per problem: a longer line is input echoed back (a 10 MB section...).
MAX_LINE = 600
#: The signatures of an error nobody foresaw: a traceback, or the CLI's last-resort guard.
UNFORESEEN = re.compile(r"Traceback|error: unexpected|\b[A-Z]\w*(Error|Exception)\b\(")


def _listed() -> list[str]:
    """The corpus files named in the README's tables."""
    return re.findall(r"^\| `([^`]+)` \|", README.read_text(encoding="utf-8"), re.M)


NAMES = [*_listed(), MISSING]

Slot = Callable[[Path, Path, Path], list[str]]


def _templates(file: Path, work: Path) -> Path:
    """A template folder (named after ``file``) whose two record templates are ``file``."""
    folder = work / f"templates-{file.name}"
    for sub in ("appendix1", "appendix2"):
        (folder / sub).mkdir(parents=True)
        target = folder / sub / "record.docx"
        if file.is_dir():
            target.mkdir()
        elif file.exists():
            shutil.copyfile(file, target)
    return folder


#: Each command that reads files, with the bad file in its file slot: (file, work, tracker) -> args.
SLOTS: dict[str, Slot] = {
    "validate": lambda f, w, t: ["validate", str(f)],
    "render": lambda f, w, t: ["render", str(f), "-o", str(w / "out")],
    "check": lambda f, w, t: ["check", str(f)],
    "pack": lambda f, w, t: ["pack", str(f), "-o", str(w / "pack")],
    "due": lambda f, w, t: ["due", str(f)],
    "protect": lambda f, w, t: ["protect", str(f), "-o", str(w / "protected.docx")],
    "unprotect": lambda f, w, t: ["unprotect", str(f), "-o", str(w / "plain.docx")],
    "tracker-meeting": lambda f, w, t: ["tracker", "update", str(t), str(f)],
    "tracker-file": lambda f, w, t: [
        "tracker",
        "update",
        str(f),
        str(GOOD_MEETING),
        "-o",
        str(w / "updated.xlsx"),
    ],
    "templates-check": lambda f, w, t: ["templates", "check", str(_templates(f, w))],
    "render-templates": lambda f, w, t: [
        "render",
        str(GOOD_MEETING),
        "-o",
        str(w / "out"),
        "--templates",
        str(_templates(f, w)),
    ],
    "pack-templates": lambda f, w, t: [
        "pack",
        str(GOOD_MEETING),
        "-o",
        str(w / "pack"),
        "--templates",
        str(_templates(f, w)),
    ],
}

_BY_CONTENT = "read by its content, whatever its name"
_PROTECT_ANY = "protect encrypts any Word or Excel package as it is; it does not judge its content"
_PLAIN_TEMPLATE = "a record with no tags is a template with nothing to fill in (check: exit 1)"
#: The (file, command) pairs that rightly succeed, and why: the file is bad for other commands.
ACCEPTED: dict[tuple[str, str], str] = {
    ("docx_as_xlsx.xlsx", "check"): _BY_CONTENT,
    ("docx_as_xlsx.xlsx", "protect"): _PROTECT_ANY,
    ("docx_as_xlsx.xlsx", "templates-check"): _PLAIN_TEMPLATE,
    ("docx_as_xlsx.xlsx", "render-templates"): _PLAIN_TEMPLATE,
    ("docx_as_xlsx.xlsx", "pack-templates"): _PLAIN_TEMPLATE,
    ("docx_broken_xml.docx", "protect"): _PROTECT_ANY,
    ("docx_entity_bomb.docx", "protect"): _PROTECT_ANY,
    ("docx_bad_deflate.docx", "protect"): _PROTECT_ANY,
    ("xlsx_bad_deflate.xlsx", "protect"): _PROTECT_ANY,
    ("xlsx_created_zero.xlsx", "protect"): _PROTECT_ANY,
    ("xlsx_as_docx.docx", "protect"): _PROTECT_ANY,
    ("xlsx_formula_in_text.xlsx", "protect"): _PROTECT_ANY,
    ("xlsx_no_header_row.xlsx", "protect"): _PROTECT_ANY,
    ("xlsx_as_docx.docx", "tracker-file"): _BY_CONTENT,
    ("yaml_named_docx.docx", "validate"): _BY_CONTENT,
    ("yaml_named_docx.docx", "render"): _BY_CONTENT,
    ("yaml_named_docx.docx", "due"): _BY_CONTENT,
    ("yaml_named_docx.docx", "tracker-meeting"): _BY_CONTENT,
    ("yaml_named_docx.docx", "pack"): _BY_CONTENT + "; the meeting is incomplete (exit 1)",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole corpus in one folder: the files kept here and the generated ones."""
    folder = tmp_path_factory.mktemp("bad_inputs")
    for path in CORPUS.iterdir():
        if path.suffix in (".yaml", ".json", ".doc", ".xls"):  # the files kept here
            shutil.copyfile(path, folder / path.name)
    build_corpus(folder)
    return folder


@pytest.fixture(scope="module")
def tracker_data() -> bytes:
    """The good meeting's action tracker, for `tracker update` with a bad meeting file."""
    return render_meeting(load_meeting(GOOD_MEETING).meeting)[-1].data


def test_readme_lists_every_file_of_the_corpus(corpus: Path) -> None:
    present = sorted(path.name for path in corpus.iterdir())
    assert sorted(_listed()) == present
    assert len(present) >= 40
    assert not [name for name, _ in ACCEPTED if name not in present]


def _digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


@pytest.mark.parametrize("slot", list(SLOTS))
@pytest.mark.parametrize("name", NAMES)
def test_bad_file_exits_2_naming_it(
    corpus: Path, tracker_data: bytes, tmp_path: Path, name: str, slot: str
) -> None:
    file = corpus / name
    tracker = tmp_path / "tracker.xlsx"
    tracker.write_bytes(tracker_data)
    args = SLOTS[slot](file, tmp_path, tracker)
    before = {path: _digest(path) for path in [file, tracker]}
    setup = set(tmp_path.rglob("*"))

    result = CliRunner().invoke(main, args, env={"TOOLKIT_PASSWORD": PASSWORD})

    output = result.stdout + result.stderr
    assert not UNFORESEEN.search(output), output
    assert result.exception is None or isinstance(result.exception, SystemExit), output
    assert PASSWORD not in output
    assert _digest(file) == before[file], "the bad file was changed"
    if (name, slot) in ACCEPTED:
        assert result.exit_code in (0, 1), output
        return
    assert result.exit_code == 2, output
    lines = [line for line in output.splitlines() if line.strip()]
    assert lines, "no message"
    # one line per problem, each naming the file (click's usage block named it on one of four)
    assert all(name in line for line in lines), "a line of the message does not name the file"
    assert max(map(len, output.splitlines())) < MAX_LINE, "a message echoes the input"
    assert {path: _digest(path) for path in before} == before, "an input was changed"
    assert set(tmp_path.rglob("*")) == setup, "a failed command left files behind"


def test_entity_bomb_is_not_expanded_nor_the_external_entity_read(corpus: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(corpus / "docx_entity_bomb.docx")])
    assert result.exit_code == 2
    assert "root:" not in result.output
    assert len(result.output) < 2000


def test_python_tag_runs_nothing(corpus: Path, tmp_path: Path) -> None:
    marker = Path("/tmp/toolkit-pwned")
    marker.unlink(missing_ok=True)
    result = CliRunner().invoke(main, ["validate", str(corpus / "yaml_python_tag.yaml")])
    assert result.exit_code == 2
    assert "tags such as !!python/object/apply:os.system are not supported" in result.stderr
    assert not marker.exists()


def test_every_problem_line_of_validate_names_the_file_and_a_line(corpus: Path) -> None:
    """validate prints every problem of every file, each as FILE:LINE: field: message."""
    names = ["duplicate_action_numbers.yaml", "action_numbers_not_whole.yaml", "date_words.yaml"]
    result = CliRunner().invoke(main, ["validate", *(str(corpus / name) for name in names)])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) >= 5
    for line in lines:
        assert re.match(rf"{re.escape(str(corpus))}/({'|'.join(names)}):\d+: ", line), line
