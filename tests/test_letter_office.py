"""The letter as the provider receives it (LibreOffice, every page), and through the commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli_run import password_file_at, run_keeping_secret
from tests.conftest import SAMPLES
from tests.office import assert_marked_top_and_bottom, page_lines, pdf_pages, to_pdf
from toolkit import kinds
from toolkit.frameworks import CLASSIFICATION
from toolkit.load import load_meeting_text

LETTER = SAMPLES / "letter.yaml"
PASSWORD = "kindly-lantern-orchard-pebble"
HEADINGS = (
    "The concerns and the action required",
    "Sanctions for non-compliance",
    "Meeting to agree an action plan",
    "Review of progress",
)


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    out = tmp_path_factory.mktemp("letter")
    result = run_keeping_secret(PASSWORD, "render", LETTER, "-o", out)
    assert result.exit_code == 0, result.output
    (letter,) = out.glob("*.docx")
    assert letter.name == "2026-10-06 Larkspur House - Letter to provider.docx"
    return pdf_pages(to_pdf(letter, out))


@pytest.mark.libreoffice
def test_every_page_is_marked_and_numbered(pages: list[str]) -> None:
    assert_marked_top_and_bottom(pages, CLASSIFICATION)
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page


@pytest.mark.libreoffice
def test_the_printed_letter_has_its_parts_in_order_with_dates_in_words(pages: list[str]) -> None:
    text = " ".join(" ".join(page_lines(page)) for page in pages)
    text = " ".join(text.split())
    order = [
        "Westmere County Council",
        "Date: 6 October 2026",
        "BY RECORDED DELIVERY",
        "Olena Barrow",
        "WQ4 7LH",
        "Dear Ms Barrow",
        "Notice of concerns and action required: Larkspur House",
        *HEADINGS,
        "Yours sincerely",
        "Helen Marsh-Okafor",
    ]
    at = 0
    for part in order:  # each after the one before it
        found = text.find(part, at)
        assert found >= 0, f"{part!r} not found after {text[max(0, at - 60) : at]!r}"
        at = found + len(part)
    assert "6 November 2026" in text
    assert "2026-" not in text


@pytest.mark.libreoffice
def test_no_heading_ends_a_page_and_the_sign_off_stays_together(pages: list[str]) -> None:
    for page in pages:
        lines = page_lines(page)[1:-1]  # the marking
        content = [line for line in lines if not line.startswith("Page ")]
        assert content[-1] not in HEADINGS
        assert "Yours sincerely" not in content[-1:]
    (signed,) = [page for page in pages if "Yours sincerely" in page]
    assert "Helen Marsh-Okafor" in signed.split("Yours sincerely")[1]
    assert "Head of Adult Safeguarding" in signed


def test_new_writes_the_commented_blank_letter(tmp_path: Path) -> None:
    target = tmp_path / "letter.yaml"
    result = run_keeping_secret(PASSWORD, "new", "letter", "-o", target)
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8") == kinds.get("letter").scaffold(str(target))


def test_a_filled_in_blank_letter_validates() -> None:
    text = kinds.get("letter").scaffold("letter.yaml")
    for field, day in (("date", "06/10/2026"), ("timescale", "2026-10-09"), ("review_date", "")):
        text = text.replace(f'{field}: ""', f"{field}: {day or '2026-11-06'}")
    text = text.replace('""', '"Filled in: Zoë & <Siân>"')
    paper = load_meeting_text(text, "letter.yaml").meeting
    assert paper.kind == "letter"


def test_check_prints_the_review_date_and_exit_status(tmp_path: Path) -> None:
    result = run_keeping_secret(PASSWORD, "check", LETTER, "--today", "2026-10-03")
    assert result.exit_code == 0, result.output
    assert "progress reviewed on Friday 6 November 2026" in result.output
    assert "4 of 4 parts addressed; complete" in result.output
    placeholder = tmp_path / "tbc.yaml"
    placeholder.write_text(
        LETTER.read_text("utf-8").replace(
            '"Schedule 2, clause 9.6: management of medicines"', "TBC"
        ),
        "utf-8",
    )
    result = run_keeping_secret(PASSWORD, "check", placeholder, "--today", "2026-10-03")
    assert result.exit_code == 1
    assert "error: concern 3 names no part of the contract [concern-clause-missing]" in (
        result.output
    )


def test_the_letter_packs_with_a_manifest_and_cover_note(tmp_path: Path) -> None:
    password = password_file_at(tmp_path / "secret" / "pw.txt", PASSWORD)
    pack = tmp_path / "pack"
    result = run_keeping_secret(PASSWORD, "pack", LETTER, "-o", pack, "--password-file", password)
    assert result.exit_code == 0, result.output + result.stderr
    assert "1 file, progress reviewed on 06/11/2026" in result.output
    manifest = json.loads((pack / "manifest.json").read_text("utf-8"))
    (entry,) = manifest["meetings"]
    assert entry["kind"] == "letter"
    assert entry["date"] == "2026-10-06"
    assert entry["minutes_due"] == "2026-11-06"
    assert entry["minutes_rule"] == "on the review date the letter sets"
    assert [f["name"] for f in entry["files"]] == [
        "2026-10-06 Larkspur House - Letter to provider.docx"
    ]
    cover = (pack / "cover-note.txt").read_text("utf-8")
    assert "the letter to the provider about Larkspur House, dated Tuesday 6 October 2026" in cover
    assert "Progress will be reviewed on Friday 6 November 2026." in cover
    assert "minutes" not in cover.lower()
