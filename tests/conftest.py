"""Shared fixtures: the sample meetings and the repository's paths."""

from __future__ import annotations

from pathlib import Path

import pytest

#: The browser fixtures (the app under uvicorn, Chromium through Playwright) for every module.
pytest_plugins = ["tests.web_browser"]
ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


@pytest.fixture
def samples_dir() -> Path:
    return SAMPLES


@pytest.fixture
def initial_sample() -> Path:
    return SAMPLES / "initial.yaml"


@pytest.fixture
def review_sample() -> Path:
    return SAMPLES / "review.yaml"


@pytest.fixture
def strategic_sample() -> Path:
    return SAMPLES / "strategic.yaml"


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """A folder that outputs go into; its parent (tmp_path) holds any temporary folders made
    beside them, so tests can scan both for leftovers."""
    folder = tmp_path / "work"
    folder.mkdir()
    return folder


@pytest.fixture
def office_files(tmp_path: Path) -> list[Path]:
    """A short Word record and Excel tracker to protect, in their own folder."""
    from tests.test_protect import docx_bytes, xlsx_bytes

    folder = tmp_path / "papers"
    folder.mkdir()
    record, tracker = folder / "record.docx", folder / "tracker.xlsx"
    record.write_bytes(docx_bytes())
    tracker.write_bytes(xlsx_bytes())
    return [record, tracker]
