"""A recipient's view: a packed file opens in a real LibreOffice with the password, not without.

LibreOffice is driven through UNO (`loadComponentFromURL` with a ``Password`` property) by
tests/uno_load.py under the system Python, which has python3-uno (the venv's Python cannot
import uno).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.office import require_soffice
from toolkit.cli import main
from toolkit.passwords import PASSWORD_ENV
from toolkit.protect import decrypt_bytes

pytestmark = pytest.mark.libreoffice

HELPER = Path(__file__).with_name("uno_load.py")
SYSTEM_PYTHON = "/usr/bin/python3"
TIMEOUT_SECONDS = 240


def require_uno() -> str:
    """The system Python with UNO; skipped (failed in CI) where LibreOffice or UNO is missing."""
    require_soffice()
    has_uno = shutil.which(SYSTEM_PYTHON) and (
        subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True).returncode == 0
    )
    if has_uno:
        return SYSTEM_PYTHON
    if os.environ.get("CI"):
        pytest.fail("python3-uno must be installed in CI (.ci/run)")
    pytest.skip("python3-uno not installed")


def open_in_libreoffice(requests: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Load each file (with its password, or none) in one headless LibreOffice; the results.

    The helper runs in its own process group so that a hang is ended with all of soffice.
    """
    process = subprocess.Popen(
        [require_uno(), str(HELPER)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        out, err = process.communicate(json.dumps(requests), timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail(f"LibreOffice did not answer within {TIMEOUT_SECONDS} s")
    assert process.returncode == 0, err
    results: list[dict[str, Any]] = json.loads(out)
    return results


def test_packed_files_open_in_libreoffice_with_the_password_only(
    initial_sample: Path, tmp_path: Path
) -> None:
    pack, password_file = tmp_path / "pack", tmp_path / "password.txt"
    result = CliRunner().invoke(
        main,
        ["pack", str(initial_sample), "-o", str(pack), "--password-out", str(password_file)],
        env={PASSWORD_ENV: ""},
    )
    assert result.exit_code == 0, result.stderr
    password = password_file.read_text(encoding="utf-8").strip()
    record = next(pack.glob("*.docx"))
    tracker = next(pack.glob("*.xlsx"))
    listing = sorted(p.name for p in pack.iterdir())

    # The control: the same record, decrypted with msoffcrypto, opens without a password, so a
    # refusal below is the encryption's doing.
    control = tmp_path / "control" / "record.docx"
    control.parent.mkdir()
    control.write_bytes(decrypt_bytes(record.read_bytes(), password))

    requests = [
        (record, password),
        (record, None),
        (record, "wrong-" + password),
        (tracker, password),
        (tracker, None),
        (control, None),
    ]
    opened = open_in_libreoffice([{"file": str(f), "password": p} for f, p in requests])

    assert [r["opened"] for r in opened] == [True, False, False, True, False, True]
    record_text, tracker_text = opened[0]["text"], opened[3]["text"]
    assert "Record of Multi-Agency Initial Meeting" in record_text
    assert "Larkspur House" in record_text
    assert record_text == opened[5]["text"]
    assert "OFFICIAL-SENSITIVE" in tracker_text
    assert "Action detail" in tracker_text
    # LibreOffice left nothing (no lock file, no copy) in the pack
    assert sorted(p.name for p in pack.iterdir()) == listing
