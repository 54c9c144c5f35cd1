"""The partnership's names in the papers (issue 10 item 3): a heading of the initial record names
the partnership and its business unit, the cover note closes on their behalf; without a profile,
the seeds' words exactly."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner, Result

from tests.cli_run import password_file_at, run_keeping_secret
from toolkit import kinds
from toolkit.check import Status, check_document, check_meeting
from toolkit.cli import main
from toolkit.load import load_meeting
from toolkit.profile import Profile, load_profile, use_profile
from toolkit.protect import decrypt_bytes
from toolkit.render import render_meeting

PARTNERSHIP = "Tees Valley Safeguarding Adults Partnership"
UNIT = "TVSAP Business Unit"
TITLE = f"{PARTNERSHIP} informed of the outcome of the meeting"
PROMPT = f"How and when the {UNIT} is told the outcome."
SEED_TITLE = "DSP informed of the outcome of the meeting"
SEED_PROMPT = "How and when the DSP Business Unit is told the outcome."
PASSWORD = "correct horse battery staple 42"


@pytest.fixture
def profile_file(tmp_path: Path) -> Path:
    path = tmp_path / "tees.toml"
    path.write_text(
        f'[partnership]\nname = "{PARTNERSHIP}"\nbusiness_unit = "{UNIT}"\n', encoding="utf-8"
    )
    return path


@pytest.fixture
def tees(profile_file: Path) -> Profile:
    return load_profile(profile_file, kinds=kinds.names())


def informed() -> tuple[str, str]:
    heading = next(h for h in kinds.get("initial").headings if h.key == "dsp_informed")
    return heading.title, heading.prompt


def run(*args: str | Path, env: dict[str, str] | None = None) -> Result:
    environment = {"TOOLKIT_PROFILE": "", **(env or {})}
    return CliRunner().invoke(main, [str(a) for a in args], env=environment)


def record_headings(data: bytes) -> list[str]:
    document = docx.Document(io.BytesIO(data))
    return [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]


def test_without_a_profile_the_heading_keeps_the_seed_words() -> None:
    assert informed() == (SEED_TITLE, SEED_PROMPT)


def test_the_outcome_record_names_the_partnership_too(tees: Profile) -> None:
    outcome = kinds.get("outcome")
    seed = next(h for h in outcome.headings if h.key == "dsp_informed")
    assert seed.title == "DSP informed of the outcome and that the procedure has concluded"
    with use_profile(tees):
        heading = next(h for h in outcome.headings if h.key == "dsp_informed")
        assert heading.title.startswith(f"{PARTNERSHIP} informed of the outcome")
        assert UNIT in heading.prompt


def test_the_heading_follows_the_profile_in_force_and_returns_after_it(tees: Profile) -> None:
    with use_profile(tees):
        assert informed() == (TITLE, PROMPT)
        # the sections model of the meeting files words it the same way
        model_heading = kinds.get("initial").model.model_fields["sections"].annotation
        assert TITLE in [h.title for h in model_heading.headings]  # type: ignore[union-attr]
    assert informed() == (SEED_TITLE, SEED_PROMPT)
    assert "dsp_informed" in kinds.get("initial").section_keys()  # the key never changes


def test_the_record_prints_the_partnership_and_check_reads_it_back(
    tees: Profile, initial_sample: Path
) -> None:
    meeting = load_meeting(initial_sample).meeting
    with use_profile(tees):
        data = render_meeting(meeting)[0].data
        report = check_document(data, source="record.docx")
        from_file = check_meeting(meeting)
    headings = record_headings(data)
    assert TITLE in headings
    assert SEED_TITLE not in headings
    status = {h.key: (h.title, h.status, h.note) for h in report.headings}
    assert status["dsp_informed"] == (TITLE, Status.ADDRESSED, "")
    assert {h.key: h.status for h in from_file.headings} == {
        h.key: h.status for h in report.headings
    }
    # without the profile the same record's heading is worded differently: check says so
    seed_report = check_document(data, source="record.docx")
    note = next(h.note for h in seed_report.headings if h.key == "dsp_informed")
    assert note  # a wording note, or not found: not silently the seed heading
    # and the seed's record still prints the seed's words
    assert SEED_TITLE in record_headings(render_meeting(meeting)[0].data)


def test_blank_file_and_frameworks_listing_follow_the_profile(
    tmp_path: Path, profile_file: Path
) -> None:
    blank = tmp_path / "blank.yaml"
    result = run("new", "initial", "-o", blank, "--profile", profile_file)
    assert result.exit_code == 0, result.output
    text = blank.read_text(encoding="utf-8")
    assert f"{PARTNERSHIP} informed of the outcome" in " ".join(text.replace("#", " ").split())
    assert UNIT in text
    listing = run("frameworks", "initial", env={"TOOLKIT_PROFILE": str(profile_file)})
    assert listing.exit_code == 0, listing.output
    assert TITLE in listing.output
    assert PROMPT in listing.output
    assert SEED_TITLE in run("frameworks", "initial").output


def pack(tmp_path: Path, sample: Path, env: dict[str, str] | None = None) -> Path:
    password = password_file_at(tmp_path / "secrets" / "password.txt", PASSWORD)
    folder = tmp_path / "pack"
    result = run_keeping_secret(
        PASSWORD, "pack", sample, "-o", folder, "--password-file", password, env=env
    )
    assert result.exit_code == 0, result.stderr
    return folder


def test_the_pack_cover_note_closes_for_the_partnership_and_its_record_names_it(
    tmp_path: Path, initial_sample: Path, profile_file: Path
) -> None:
    folder = pack(tmp_path, initial_sample, env={"TOOLKIT_PROFILE": str(profile_file)})
    lines = (folder / "cover-note.txt").read_text(encoding="utf-8").splitlines()
    assert f"{UNIT}, on behalf of {PARTNERSHIP}" in lines
    assert lines[-1] == "OFFICIAL-SENSITIVE"  # the marking still closes the note
    assert "on behalf of DSP" not in "\n".join(lines)  # (the sample circulates to the DSP)
    # rendered in worker processes: the profile's heading reached them
    record = decrypt_bytes(next(folder.glob("*record.docx")).read_bytes(), PASSWORD)
    assert TITLE in record_headings(record)


def test_without_a_profile_the_cover_note_closes_for_the_dsp(
    tmp_path: Path, initial_sample: Path
) -> None:
    folder = pack(tmp_path, initial_sample)
    lines = (folder / "cover-note.txt").read_text(encoding="utf-8").splitlines()
    assert "DSP Business Unit, on behalf of DSP" in lines
