"""Atomic writes: the old file or the whole new one, never half, and a clear word when blocked."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from toolkit.errors import OutputError
from toolkit.write import write_bytes_atomic


def test_a_file_is_replaced_whole(tmp_path: Path) -> None:
    target = tmp_path / "tracker.xlsx"
    target.write_bytes(b"old")
    write_bytes_atomic(target, b"new contents")
    assert target.read_bytes() == b"new contents"
    assert [p.name for p in tmp_path.iterdir()] == ["tracker.xlsx"]


def test_a_file_open_elsewhere_is_named_and_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "record.docx"
    target.write_bytes(b"old")

    def locked(source: str, destination: str) -> None:  # what Windows does to a file open in Word
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(OutputError) as caught:
        write_bytes_atomic(target, b"new")
    assert str(caught.value) == (
        f"{target}: cannot replace it (permission denied); is it open in Word or Excel?"
    )
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["record.docx"]


def test_a_missing_folder_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="no such folder"):
        write_bytes_atomic(tmp_path / "nowhere" / "x.docx", b"data")


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux /proc")
def test_a_folder_that_takes_no_files_is_not_called_missing() -> None:
    with pytest.raises(OutputError) as caught:
        write_bytes_atomic(Path("/proc") / "record.docx", b"data")
    assert str(caught.value) in (
        "/proc: cannot write files in this folder",
        f"{Path('/proc') / 'record.docx'}: cannot write (Permission denied)",
    )
