"""Test helpers that look at documents as a reader would: a real LibreOffice and pdftotext."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def require_soffice() -> str:
    """Return the soffice path; skip the test when LibreOffice is absent, except in CI (fail)."""
    if SOFFICE and shutil.which("pdftotext"):
        return SOFFICE
    if os.environ.get("CI"):
        pytest.fail("LibreOffice (soffice) and pdftotext must be installed in CI (.ci/run)")
    pytest.skip("LibreOffice (soffice) or pdftotext not installed")


def convert(source: Path, target_format: str, outdir: Path) -> Path:
    """Convert ``source`` with a real headless LibreOffice; return the converted file.

    Each call uses its own user profile so that conversions may run side by side.
    """
    soffice = require_soffice()
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                target_format,
                "--outdir",
                str(outdir),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=240,
        )
    extension = target_format.split(":")[0]
    converted = outdir / f"{source.stem}.{extension}"
    assert converted.exists(), f"LibreOffice did not convert {source.name} to {target_format}"
    return converted


def to_pdf(source: Path, outdir: Path) -> Path:
    """Render a .docx or .xlsx to PDF with LibreOffice."""
    return convert(source, "pdf", outdir)


def pdf_pages(pdf: Path) -> list[str]:
    """Return the text of every page of ``pdf`` (pdftotext, layout kept)."""
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return pages


def page_lines(page: str) -> list[str]:
    """The non-blank lines of one page, stripped."""
    return [line.strip() for line in page.splitlines() if line.strip()]


def assert_marked_top_and_bottom(pages: list[str], marking: str) -> None:
    """Every page's first and last printed line is ``marking`` (header and footer)."""
    assert pages, "nothing was printed"
    for number, page in enumerate(pages, start=1):
        lines = page_lines(page)
        assert lines[0] == marking, f"page {number} top: {lines[0]!r}"
        assert lines[-1] == marking, f"page {number} bottom: {lines[-1]!r}"
