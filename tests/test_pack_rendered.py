"""What `pack` encrypts is checked as rendered, not only as YAML (issue 14, item 3).

A council's template that prints nothing of the meeting (any Word file placed as
``appendix1/record.docx``) used to let `pack --templates` circulate an empty record, exit 0.
The record each template prints is now read back with `toolkit.check.check_document` before it
is encrypted: a complete meeting file whose rendered record is incomplete is refused, naming
the template and what the record lacks.
"""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from docx import Document

from tests.cli_run import password_file_at, run_keeping_secret
from toolkit.pack import IncompleteError, Pack, build_pack

PASSWORD = "heron-quayside-saffron-lattice"


@pytest.fixture
def password_file(tmp_path: Path) -> Path:
    return password_file_at(tmp_path / "secrets" / "password.txt", PASSWORD)


@pytest.fixture
def letterhead_only(tmp_path: Path) -> Path:
    """A council's template folder whose initial-meeting record is a real Word document that
    prints the council's letterhead and nothing of the meeting (no Jinja tag at all)."""
    templates = tmp_path / "council-templates"
    result = run_keeping_secret(PASSWORD, "templates", "export", templates)
    assert result.exit_code == 0, result.stderr
    document = Document()
    document.add_heading("Westmere Borough Council", level=1)
    document.add_paragraph("Adult Social Care, Town Hall, Westmere WE1 1AA")
    document.save(str(templates / "appendix1" / "record.docx"))
    return templates


def test_a_template_that_prints_nothing_is_refused_naming_it(
    initial_sample: Path, letterhead_only: Path, password_file: Path, work: Path
) -> None:
    pack = work / "pack"
    result = run_keeping_secret(
        PASSWORD,
        "pack",
        initial_sample,
        "-o",
        pack,
        "--templates",
        letterhead_only,
        "--password-file",
        password_file,
    )
    assert result.exit_code == 1, result.stderr
    first = result.stderr.splitlines()[0]
    template = letterhead_only / "appendix1" / "record.docx"
    assert first.startswith(
        f"{initial_sample}: not packed: the meeting file is complete, but the initial paper "
        f"printed by the template {template} is not: 0 of 19 headings addressed; missing: "
        "Meeting convened as soon as practicable"
    ), first
    assert ", Purpose of meeting, " in first
    assert first.endswith("INCOMPLETE"), first
    assert "Traceback" not in result.stderr
    assert list(work.iterdir()) == []  # no pack, no temporary folder left beside it


def test_the_same_meeting_packs_with_the_toolkits_template_and_the_councils_other_ones(
    initial_sample: Path, review_sample: Path, letterhead_only: Path, work: Path
) -> None:
    """Only the record the broken template prints is refused: the review record, printed by
    the council's untouched appendix2 template, and the toolkit's own templates pass."""
    build_pack([initial_sample], work / "ours", PASSWORD, workers=1)
    build_pack([review_sample], work / "theirs", PASSWORD, templates=letterhead_only, workers=1)
    assert sorted(p.name for p in work.iterdir()) == ["ours", "theirs"]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_batch_is_refused_whole_and_the_error_survives_the_worker(
    initial_sample: Path, review_sample: Path, letterhead_only: Path, work: Path, workers: int
) -> None:
    """With worker processes the error is raised in a worker and pickled back: it keeps its
    lines and its exit status (1, incomplete)."""
    with pytest.raises(IncompleteError) as refused:
        build_pack(
            [review_sample, initial_sample],
            work / "pack",
            PASSWORD,
            templates=letterhead_only,
            workers=workers,
        )
    assert refused.value.exit_code == 1
    (line,) = refused.value.lines()
    assert line.startswith(f"{initial_sample}: not packed: the meeting file is complete")
    assert list(work.iterdir()) == []


def test_the_error_pickles_with_its_lines() -> None:
    error = IncompleteError(["a.yaml: not packed: x", "b.yaml: not packed: y"])
    back = pickle.loads(pickle.dumps(error))
    assert back.lines() == error.lines()
    assert str(back) == str(error)


def test_draft_packs_what_the_template_prints(
    initial_sample: Path, letterhead_only: Path, work: Path
) -> None:
    """--draft circulates incomplete papers, marked DRAFT: the rendered check does not stop
    it (the meeting file's own check still warns when it is incomplete)."""
    pack = build_pack(
        [initial_sample], work / "pack", PASSWORD, templates=letterhead_only, draft=True
    )
    assert [len(packed.files) for packed in pack.meetings] == [2]


def test_the_record_is_judged_and_not_its_provider_copy(
    initial_sample: Path, letterhead_only: Path, work: Path
) -> None:
    """The provider's copy leaves sections out on purpose: only the record itself is judged,
    found by its name among the documents, wherever its copy falls."""
    pack = build_pack([initial_sample], work / "ours", PASSWORD, provider_copy=True, workers=1)
    assert any(name.endswith("Provider copy.docx") for name in pack_names(pack))
    with pytest.raises(IncompleteError, match="printed by the template"):
        build_pack(
            [initial_sample],
            work / "theirs",
            PASSWORD,
            templates=letterhead_only,
            provider_copy=True,
            workers=1,
        )


def pack_names(pack: Pack) -> list[str]:
    return [file.name for packed in pack.meetings for file in packed.files]
