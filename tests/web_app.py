"""Test helpers for the web app: the app over a folder, a client holding the token, papers as
JSON bodies."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.conftest import SAMPLES
from toolkit.parse import parse
from toolkit.web import WebSettings, create_app

#: The address a browser opens; the app accepts only loopback Host headers.
BASE_URL = "http://127.0.0.1:8765"


def paper(name: str) -> dict[str, Any]:
    """The sample ``name`` as the JSON a browser sends: the data the loader reads from its
    YAML (YAML 1.2 scalars: dates and times as text)."""
    data, _ = parse((SAMPLES / f"{name}.yaml").read_text(encoding="utf-8"), name)
    return json.loads(json.dumps(data))


def app_over(folder: Path, **settings: Any) -> tuple[FastAPI, WebSettings]:
    """The app serving ``folder``, and its settings (the token among them)."""
    web = WebSettings(folder=folder, **settings)
    return create_app(web), web


def bearer_client(folder: Path) -> TestClient:
    """A client sending the token as a script does (``Authorization: Bearer``)."""
    app, web = app_over(folder)
    return TestClient(app, base_url=BASE_URL, headers={"Authorization": f"Bearer {web.token}"})


def unzipped(data: bytes) -> dict[str, bytes]:
    """The members of a zip, by name."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}
