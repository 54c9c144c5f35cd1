"""The pages' Jinja2 environment: package templates, every value escaped."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from toolkit import __version__
from toolkit.dates import parse_date, plain_date
from toolkit.web.sessions import Session

#: Autoescape on for every template: a provider called "<script>" is shown as typed, never run.
ENVIRONMENT = Environment(
    loader=PackageLoader("toolkit.web", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
TEMPLATES = Jinja2Templates(env=ENVIRONMENT)


def uk_date(day: dt.date | str) -> str:
    """A date (or the ISO text the register gives) as pages show it: ``2 December 2026``,
    never ISO, which a chair reads as a code."""
    return plain_date(parse_date(day))


ENVIRONMENT.filters["uk_date"] = uk_date


def csrf_token(request: Request) -> str:
    """The CSRF token pages put in their forms (empty for a bearer request); the `Guard`
    middleware (security.py) puts the session there and `require_csrf` checks it comes back."""
    session: Session | None = getattr(request.state, "session", None)
    return session.csrf if session is not None else ""


def page(request: Request, name: str, *, status: int = 200, **context: Any) -> HTMLResponse:
    """Render the page template ``name`` with what every page needs (CSRF token, settings)."""
    context.update(
        csrf_token=csrf_token(request),
        settings=request.app.state.settings,
        version=__version__,
    )
    return TEMPLATES.TemplateResponse(request, name, context, status_code=status)
