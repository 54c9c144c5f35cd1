"""The register's pages: the providers, a provider's history and the alerts (`serve --db`).

The register is opened once, on the first page that needs it, and closed when the app stops;
a register that cannot be opened (a wrong key, a server down) is tried again on the next page,
so that a chair who fixes it need not restart. Without ``--db`` the pages say how to start one.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from itertools import groupby
from operator import attrgetter
from typing import Any

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import HTMLResponse

from toolkit.dates import parse_date
from toolkit.errors import ToolkitError
from toolkit.register import rules
from toolkit.web.security import require_csrf
from toolkit.web.settings import WebSettings
from toolkit.web.templating import page

#: The alert codes as a chair reads them, with the rule each applies (the rules' own numbers).
ALERT_RULES: dict[str, tuple[str, str]] = {
    "review-triggered": (
        "Review triggered",
        "A repeating or escalating pattern of concerns (4LSAB): "
        f"{rules.REPEAT_COUNT} or more concerns raised within 12 months; a substantiated "
        "concern after an earlier substantiated one; a rise in escalation level; or "
        f"{rules.FORM_COUNT} or more reporting-form concerns within 6 months (Barnsley trend "
        "monitoring).",
    ),
    "minutes-overdue": (
        "Minutes overdue",
        "A meeting's minutes are past their due date and not recorded as circulated.",
    ),
    "suspension-review-due": (
        "Suspension review due",
        "A suspension or restriction of placements has passed its review date and no meeting "
        "has been held since.",
    ),
    "action-overdue": (
        "Action overdue",
        "An action is past its due date and not recorded as completed.",
    ),
}


class RegisterHolder:
    """The app's one open register, opened on first use; safe to share between the threads
    that serve pages (a SQLAlchemy engine is)."""

    def __init__(self, settings: WebSettings) -> None:
        self._settings = settings
        self._lock = threading.Lock()
        self._register: Any = None

    def get(self) -> Any:
        """The open `toolkit.register.Register`; raises RegisterError when it cannot be opened
        (the message names the register, never the key)."""
        with self._lock:
            if self._register is None:
                from toolkit.register import open_register

                self._register = open_register(self._settings.db, key_file=self._settings.key_file)
            return self._register

    def close(self) -> None:
        with self._lock:
            if self._register is not None:
                self._register.close()
                self._register = None


_HOLDING = threading.Lock()  # two first requests at once must not make two holders


def holder(app: FastAPI) -> RegisterHolder:
    """The app's register holder, made on first use (pages may be served without a lifespan)."""
    with _HOLDING:
        if not hasattr(app.state, "register"):
            app.state.register = RegisterHolder(app.state.settings)
        held: RegisterHolder = app.state.register
        return held


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Close the register (its engine's connections) when the app stops."""
    yield
    holder(app).close()


router = APIRouter(
    prefix="/register",
    dependencies=[Depends(require_csrf)],
    include_in_schema=False,
    lifespan=lifespan,
)


def _notice(
    request: Request, *, problem: str | None = None, status: int = 200, title: str = "Register"
) -> HTMLResponse:
    """The page saying why there is nothing to show: no register, or ``problem``."""
    return page(request, "register_none.html", title=title, status=status, problem=problem)


def _open(request: Request) -> Any:
    """The register, or an HTMLResponse saying why there is none to show."""
    settings: WebSettings = request.app.state.settings
    if settings.db is None:
        return _notice(request)
    try:
        return holder(request.app).get()
    except ToolkitError as error:
        return _notice(request, problem=str(error), status=503)


def _today(request: Request, today: str | None) -> dt.date | HTMLResponse:
    """The day overdue things are judged on: ``?today=`` (as `--today`), else today."""
    if today is None:
        return dt.date.today()
    try:
        return parse_date(today)
    except ValueError as error:
        return _notice(request, problem=f"today: {error}", status=400)


def _register_on(request: Request, today: str | None) -> tuple[Any, dt.date] | HTMLResponse:
    """The register and the day to judge it on, or the page saying why neither can be had."""
    register = _open(request)
    if isinstance(register, HTMLResponse):
        return register
    day = _today(request, today)
    if isinstance(day, HTMLResponse):
        return day
    return register, day


@router.get("", response_class=HTMLResponse)
def register_providers(request: Request) -> HTMLResponse:
    """Every provider in the register, each linked to its history."""
    register = _open(request)
    if isinstance(register, HTMLResponse):
        return register
    return page(
        request,
        "register.html",
        title="Register",
        providers=register.providers(),
        where=register.where,
        key_file=register.key_file,
    )


@router.get("/providers/{provider:path}", response_class=HTMLResponse)
def register_provider(request: Request, provider: str, today: str | None = None) -> HTMLResponse:
    """One provider's history (`register show`): concerns, meetings, levels, decisions."""
    from toolkit.register import UnknownProviderError

    opened = _register_on(request, today)
    if isinstance(opened, HTMLResponse):
        return opened
    register, day = opened
    try:
        shown = register.show(provider, today=day)
    except UnknownProviderError as error:
        return _notice(request, problem=str(error), status=404, title="No such provider")
    return page(
        request,
        "register_provider.html",
        title=shown["provider"]["name"],
        shown=shown,
        today=day,
        alerts=register.alerts(day, provider=provider),
        rules=ALERT_RULES,
    )


@router.get("/alerts", response_class=HTMLResponse)
def register_alerts(request: Request, today: str | None = None) -> HTMLResponse:
    """Every alert for every provider (`register alerts`), with the rules in words."""
    opened = _register_on(request, today)
    if isinstance(opened, HTMLResponse):
        return opened
    register, day = opened
    alerts = register.alerts(day)  # in provider order, so each provider's are together
    return page(
        request,
        "alerts.html",
        title="Alerts",
        groups=[(name, list(found)) for name, found in groupby(alerts, attrgetter("provider"))],
        count=len(alerts),
        today=day,
        rules=ALERT_RULES,
    )
