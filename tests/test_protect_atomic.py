"""Several files are protected or unprotected all or nothing, a password that protects a file is
never deleted, and a link is written through (issue 14, items 4 and 5)."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest
from click.testing import Result

import toolkit.write
from tests.cli_run import password_file_at, run_keeping_secret
from toolkit.protect import decrypt_bytes, encrypt_bytes, is_encrypted

PASSWORD = "marigold-quarry-lantern"


def run(*args: str | Path) -> Result:
    return run_keeping_secret(PASSWORD, *args)


def fail_replacing(monkeypatch: pytest.MonkeyPatch, victim: Path, *, times: int = 1) -> None:
    """Make renaming onto ``victim`` fail (a file open in Excel, a folder made read-only):
    the first ``times`` attempts, or every one with times=0."""
    real_replace = os.replace
    calls = {"n": 0}

    def replace(source: str, target: str | Path) -> None:
        if Path(target) == victim.resolve() or Path(target) == victim:
            calls["n"] += 1
            if times == 0 or calls["n"] <= times:
                raise OSError(errno.EROFS, os.strerror(errno.EROFS))
        real_replace(source, target)

    monkeypatch.setattr(toolkit.write.os, "replace", replace)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_protect_of_two_files_when_the_second_cannot_be_written_changes_neither(
    office_files: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 14 item 4: the first file was encrypted, then the generated password deleted."""
    record, tracker = office_files
    before = [path.read_bytes() for path in office_files]
    out = tmp_path / "password.txt"
    fail_replacing(monkeypatch, tracker)
    result = run("protect", record, tracker, "--password-out", out)
    assert result.exit_code == 2
    assert result.stderr == (
        f"{tracker}: cannot write (Read-only file system) (none of the 2 files was changed)\n"
    )
    assert [path.read_bytes() for path in office_files] == before
    assert not out.exists()  # it protects nothing
    assert leftovers(record.parent) == []


def test_when_a_file_cannot_be_put_back_its_password_is_kept_and_named(
    office_files: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The worst case: the second write fails and so does putting the first back; the first
    file is encrypted on disk, so its generated password must stay, and the message says so."""
    record, tracker = office_files
    original = record.read_bytes()
    out = tmp_path / "password.txt"
    real_replace = os.replace  # the record's own first replacement must succeed
    first = {"done": False}

    def replace(source: str, target: str | Path) -> None:
        if Path(target) == record.resolve() and not first["done"]:
            first["done"] = True
            return real_replace(source, target)
        if Path(target) in (record.resolve(), tracker.resolve()):
            raise OSError(errno.EACCES, os.strerror(errno.EACCES))
        return real_replace(source, target)

    monkeypatch.setattr(toolkit.write.os, "replace", replace)
    result = run("protect", record, tracker, "--password-out", out)
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1
    assert f"{record}: changed, and could not be put back" in result.stderr
    assert f"{out} is kept" in result.stderr
    password = out.read_text(encoding="utf-8").strip()
    assert decrypt_bytes(record.read_bytes(), password) == original
    assert not is_encrypted(tracker.read_bytes())
    assert leftovers(record.parent) == []


def test_a_password_to_be_shown_at_the_end_is_shown_when_a_file_keeps_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Without --password-out a generated password is shown once, after success: when a failed
    write leaves a file encrypted, it is shown then, or nobody could open that file."""
    from toolkit.cli.protect import Password, kept_password
    from toolkit.write import PartialWriteError

    password = Password("otter-brisk-meadow-quill-lantern", generated=True)
    changed = tmp_path / "record.docx"
    with pytest.raises(PartialWriteError), kept_password(password):
        raise PartialWriteError(f"interrupted; {changed}: changed", [changed])
    assert "Password (shown once" in capsys.readouterr().err
    with pytest.raises(OSError, match="nothing changed"), kept_password(password):
        raise OSError("nothing changed")
    assert capsys.readouterr().err == ""


def test_unprotect_of_two_files_when_the_second_cannot_be_written_leaves_both_protected(
    office_files: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for path in office_files:
        path.write_bytes(encrypt_bytes(path.read_bytes(), PASSWORD))
    before = [path.read_bytes() for path in office_files]
    mode = stat.S_IMODE(office_files[0].stat().st_mode)
    fail_replacing(monkeypatch, office_files[1])
    password_file = password_file_at(tmp_path / "pw.txt", PASSWORD)
    result = run("unprotect", *office_files, "--password-file", password_file)
    assert result.exit_code == 2
    assert "(none of the 2 files was changed)" in result.stderr
    assert [path.read_bytes() for path in office_files] == before  # the first was put back
    assert stat.S_IMODE(office_files[0].stat().st_mode) == mode
    assert leftovers(office_files[0].parent) == []


def test_a_new_file_is_removed_when_another_cannot_be_written(
    office_files: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "protected"
    fail_replacing(monkeypatch, out / "tracker.xlsx")
    result = run(
        "protect",
        *office_files,
        "-o",
        out,
        "--password-file",
        password_file_at(tmp_path / "pw", PASSWORD),
    )
    assert result.exit_code == 2
    assert not out.exists()  # the folder made for them is gone with the first file


def test_an_interruption_while_replacing_puts_the_first_file_back(
    office_files: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record, tracker = office_files
    before = [path.read_bytes() for path in office_files]
    real_replace = os.replace

    def replace(source: str, target: str | Path) -> None:
        if Path(target) == tracker.resolve():
            raise KeyboardInterrupt
        real_replace(source, target)

    monkeypatch.setattr(toolkit.write.os, "replace", replace)
    out = tmp_path / "password.txt"
    result = run("protect", *office_files, "--password-out", out)
    assert result.exit_code == 130
    assert [path.read_bytes() for path in office_files] == before
    assert not out.exists()
    assert leftovers(record.parent) == []


def test_protect_in_place_through_a_link_encrypts_the_real_file(
    office_files: list[Path], tmp_path: Path
) -> None:
    """Issue 14 item 5: the link was replaced by an encrypted file, the real record left plain."""
    record = office_files[0]
    original = record.read_bytes()
    link = tmp_path / "link.docx"
    link.symlink_to(record)
    password_file = password_file_at(tmp_path / "pw.txt", PASSWORD)
    result = run("protect", link, "--password-file", password_file)
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink()
    assert os.readlink(link) == str(record)
    assert decrypt_bytes(record.read_bytes(), PASSWORD) == original
    assert leftovers(tmp_path) == []
    assert leftovers(record.parent) == []
    result = run("unprotect", link, "--password-file", password_file)
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink()
    assert record.read_bytes() == original


def test_a_file_and_a_link_to_it_are_refused_together(
    office_files: list[Path], tmp_path: Path
) -> None:
    link = tmp_path / "link.docx"
    link.symlink_to(office_files[0])
    result = run(
        "protect",
        office_files[0],
        link,
        "--password-file",
        password_file_at(tmp_path / "pw", PASSWORD),
    )
    assert result.exit_code == 2
    assert f"{link}: the same file as {office_files[0]}" in result.stderr
    assert not is_encrypted(office_files[0].read_bytes())


@pytest.mark.parametrize("what", ["dangling-link", "fifo"])
def test_an_output_that_is_no_regular_file_is_refused(
    office_files: list[Path], tmp_path: Path, what: str
) -> None:
    target = tmp_path / "out.docx"
    if what == "fifo":
        os.mkfifo(target)
        message = "not a regular file"
    else:
        target.symlink_to(tmp_path / "nowhere.docx")
        message = "a link to a file that does not exist"
    result = run(
        "protect",
        office_files[0],
        "-o",
        target,
        "--force",
        "--password-file",
        password_file_at(tmp_path / "pw", PASSWORD),
    )
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (tmp_path / "nowhere.docx").exists()
    assert target.is_fifo() if what == "fifo" else target.is_symlink()
