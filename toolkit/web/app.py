"""The application: middleware, static files, the pages and the JSON API."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from toolkit import __version__
from toolkit.web import api, packing, pages, register_pages
from toolkit.web.answers import invalid_request, unreadable_body
from toolkit.web.security import Guard, SecurityHeaders
from toolkit.web.sessions import Sessions
from toolkit.web.settings import WebSettings

#: A larger request is refused (413) before it is read: a meeting file is at most 2 MB, and
#: a pack's papers come from a person's folder, not a bulk upload.
MAX_BODY_BYTES = 16 * 1024 * 1024


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
        max_body_size=MAX_BODY_BYTES,
    )
    app.state.settings = settings
    app.state.sessions = Sessions()
    # the last added runs first: headers on everything, then the Host check, then the token
    app.add_middleware(Guard, settings=settings, sessions=app.state.sessions)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(settings.hosts))
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(packages=[("toolkit.web", "static")]), name="static")
    app.add_exception_handler(RequestValidationError, invalid_request)
    app.add_exception_handler(HTTPException, unreadable_body)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(packing.router)
    app.include_router(register_pages.router)
    return app
