"""Shared fixtures: the sample meetings and the repository's paths."""

from __future__ import annotations

from pathlib import Path

import pytest

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
