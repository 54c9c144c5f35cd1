"""Open documents in a real LibreOffice through UNO, as a recipient would, and report the results.

Run by tests/test_libreoffice_password.py under the system Python (the one with python3-uno),
never imported by the toolkit. Reads a JSON list of ``{"file": PATH, "password": TEXT or null}``
on standard input (so no password is on a command line) and prints a JSON list of
``{"opened": bool, "text": ..., "error": ...}``. One soffice runs headless with a private
profile on a free port, in this process's group, and is always terminated (then killed).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]

CONNECT_SECONDS = 90
OVERALL_SECONDS = 150


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def prop(name: str, value: Any) -> Any:
    result = PropertyValue()
    result.Name = name
    result.Value = value
    return result


def connect(port: int, soffice: subprocess.Popen[bytes]) -> Any:
    """The Desktop of the soffice listening on ``port`` (retried while it starts)."""
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    url = f"uno:socket,host=127.0.0.1,port={port};urp;StarOffice.ComponentContext"
    deadline = time.monotonic() + CONNECT_SECONDS
    while True:
        try:
            context = resolver.resolve(url)
            break
        except Exception:
            if soffice.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("soffice did not start") from None
            time.sleep(0.25)
    return context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)


def document_text(document: Any) -> str:
    """The text of a Writer document, or the used cells of a Calc sheet's first rows."""
    if document.supportsService("com.sun.star.text.TextDocument"):
        return str(document.getText().getString())
    sheet = document.Sheets.getByIndex(0)
    cells = [
        sheet.getCellByPosition(column, row).getString()
        for row in range(10)
        for column in range(10)
    ]
    return "\n".join(cell for cell in cells if cell)


def load(desktop: Any, path: Path, password: str | None) -> dict[str, Any]:
    properties = [prop("Hidden", True), prop("ReadOnly", True)]
    if password is not None:
        properties.append(prop("Password", password))
    try:
        document = desktop.loadComponentFromURL(
            path.resolve().as_uri(), "_blank", 0, tuple(properties)
        )
    except Exception as error:  # IOException / IllegalArgumentException: not opened
        return {"opened": False, "text": "", "error": type(error).__name__}
    if document is None:
        return {"opened": False, "text": "", "error": "no document"}
    try:
        return {"opened": True, "text": document_text(document), "error": None}
    finally:
        document.close(True)


def stop(soffice: subprocess.Popen[bytes], desktop: Any) -> None:
    """Ask soffice to quit, then terminate and kill its whole process group if it lingers."""
    if desktop is not None:
        with contextlib.suppress(Exception):  # the bridge goes away as soffice quits
            desktop.terminate()
    for action in (None, signal.SIGTERM, signal.SIGKILL):
        if action is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(soffice.pid, action)
        try:
            soffice.wait(timeout=15)
            return
        except subprocess.TimeoutExpired:
            continue


def timed_out(signum: int, frame: Any) -> None:
    raise TimeoutError(f"LibreOffice took more than {OVERALL_SECONDS} s")


def main() -> int:
    requests = json.load(sys.stdin)
    signal.signal(signal.SIGALRM, timed_out)
    signal.alarm(OVERALL_SECONDS)  # never outlive the test's own timeout; cleanup still runs
    profile = tempfile.mkdtemp(prefix="uno-profile-")
    port = free_port()
    soffice = subprocess.Popen(
        [
            shutil.which("soffice") or "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--invisible",
            "--nologo",
            "--norestore",
            "--nodefault",
            "--nolockcheck",
            f"--accept=socket,host=127.0.0.1,port={port};urp;StarOffice.ComponentContext",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group, so that all of it can be killed
    )
    desktop = None
    try:
        desktop = connect(port, soffice)
        results = [load(desktop, Path(r["file"]), r["password"]) for r in requests]
    finally:
        stop(soffice, desktop)
        shutil.rmtree(profile, ignore_errors=True)
    json.dump(results, sys.stdout)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("SAL_USE_VCLPLUGIN", "svp")
    sys.exit(main())
