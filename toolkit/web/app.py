"""The application: middleware, static files, the pages and the JSON API."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.trustedhost import TrustedHostMiddleware

from toolkit import __version__
from toolkit.web import api, pages, register_pages
from toolkit.web.security import Guard, Sessions
from toolkit.web.settings import WebSettings


def create_app(settings: WebSettings) -> FastAPI:
    """The app serving ``settings.folder`` (and ``settings.db``), guarded by ``settings.token``.

    FastAPI's documentation pages are off: they load scripts from a CDN, which the content
    security policy refuses and the network here may not reach; ``/openapi.json`` stays.
    """
    app = FastAPI(
        title="Provider concerns toolkit",
        version=__version__,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.settings = settings
    app.state.sessions = Sessions()
    app.add_middleware(Guard, settings=settings, sessions=app.state.sessions)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(settings.hosts))
    app.mount("/static", StaticFiles(packages=[("toolkit.web", "static")]), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(register_pages.router)
    return app
