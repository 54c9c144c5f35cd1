"""The local web app: the library's papers, checks, packs and register in a browser.

`create_app` builds the application (FastAPI, served by uvicorn from `toolkit serve`); the
pages and the JSON API call the same library functions as the command line. Nothing here
writes a plain paper, a password or a pack to disk: packs are built in memory and streamed.
"""

from __future__ import annotations

from toolkit.web.app import create_app
from toolkit.web.settings import WebSettings

__all__ = ["WebSettings", "create_app"]
