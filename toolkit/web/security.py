"""Who may use the app: the token, the session it opens, cross-site and cross-origin refusals,
and the headers every response carries.

The app holds sensitive papers and listens on a port any local process or web page can try,
so every request is refused (401) unless it carries the token printed by `toolkit serve`
(``?token=`` once, which opens a session cookie; or ``Authorization: Bearer`` for scripts),
and a request that changes anything is refused (403) when it comes from another origin or,
in a browser session, without the session's CSRF token.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qsl, urlencode

from fastapi import HTTPException, Request

from toolkit.web.errors import send_error
from toolkit.web.sessions import Session, Sessions
from toolkit.web.settings import WebSettings

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: No inline script or style, nothing from elsewhere, no framing, forms post only here.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'"
)

SECURITY_HEADERS: list[tuple[bytes, bytes]] = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
    (b"cache-control", b"no-store"),  # papers and passwords stay out of the browser's cache
]

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"


class SecurityHeaders:
    """ASGI middleware, the outermost: every response carries `SECURITY_HEADERS`, the refusals
    of the layers inside it (a foreign Host header, no token) and errors included.

    A fault of the app is answered here (500, with the headers) before Starlette's own error
    middleware, which sits outside every middleware, sees it, logs it and re-raises it.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False
        with_headers = _with_headers(send)

        async def sending(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await with_headers(message)

        try:
            await self.app(scope, receive, sending)
        except Exception:
            if not started:
                message = "Internal error: the toolkit failed; the window where it runs says why."
                await send_error(sending, 500, message, **_asked(scope))
            raise


class Guard:
    """ASGI middleware: authenticate every request and refuse cross-origin changes.

    A request's ``scope["state"]`` receives ``auth`` ("bearer" or "session") and, for a
    browser session, ``session``; `require_csrf` uses them.
    """

    def __init__(self, app: ASGIApp, settings: WebSettings, sessions: Sessions) -> None:
        self.app = app
        self.settings = settings
        self.sessions = sessions

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        refusal = self._cross_origin(scope, headers)
        if refusal is not None:
            await send_error(send, 403, refusal, **_asked(scope))
            return
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        if _same(query.get("token"), self.settings.token):
            await self._open_session(scope, query, send)
            return
        state = scope.setdefault("state", {})
        if _same(_bearer(headers), self.settings.token):
            state["auth"] = "bearer"
        elif (session := self._session(headers)) is not None:
            state["auth"] = "session"
            state["session"] = session
        else:
            await send_error(send, 401, _UNAUTHORISED, **_asked(scope))
            return
        await self.app(scope, receive, send)

    def _session(self, headers: dict[str, str]) -> Session | None:
        return self.sessions.get(_cookie(headers, self.settings.cookie_name))

    def _cross_origin(self, scope: Scope, headers: dict[str, str]) -> str | None:
        """Why a request that would change something comes from elsewhere, or None."""
        if scope.get("method") not in UNSAFE_METHODS:
            return None
        site = headers.get("sec-fetch-site")
        if site is not None and site not in ("same-origin", "none"):
            return "Refused: the request came from another site."
        origin = headers.get("origin")
        if origin == "null" and site == "same-origin":
            # a form posted from one of our pages: under Referrer-Policy no-referrer a browser
            # sends Origin null, and Sec-Fetch-Site (which no page can set) vouches for it
            return None
        if origin is not None and origin != f"http://{headers.get('host', '')}":
            return "Refused: the request came from another origin."
        return None

    async def _open_session(self, scope: Scope, query: dict[str, str], send: Send) -> None:
        """Trade the token in the address for a session cookie, and send the browser to the
        same address without the token (so it stays out of history and bookmarks)."""
        session_id, _ = self.sessions.open()
        query.pop("token")
        location = scope.get("path", "/") + (f"?{urlencode(query)}" if query else "")
        cookie = f"{self.settings.cookie_name}={session_id}; Path=/; HttpOnly; SameSite=Strict"
        await send(
            {
                "type": "http.response.start",
                "status": 303,
                "headers": [(b"location", location.encode()), (b"set-cookie", cookie.encode())],
            }
        )
        await send({"type": "http.response.body", "body": b""})


_UNAUTHORISED = (
    "This address needs the token printed by `toolkit serve`: open the address it printed "
    "(it ends ?token=...), or send Authorization: Bearer TOKEN."
)


def _with_headers(send: Send) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
        await send(message)

    return sending


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}


def _asked(scope: Scope) -> dict[str, str]:
    """What `send_error` answers by: the address asked for and the answer accepted."""
    return {"path": scope.get("path", ""), "accept": _headers(scope).get("accept", "")}


def _same(given: str | None, token: str) -> bool:
    return given is not None and secrets.compare_digest(given.encode(), token.encode())


def _bearer(headers: dict[str, str]) -> str | None:
    scheme, _, value = headers.get("authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" else None


def _cookie(headers: dict[str, str], name: str) -> str | None:
    cookie = SimpleCookie()
    try:
        cookie.load(headers.get("cookie", ""))
    except Exception:  # a malformed Cookie header is no session
        return None
    morsel = cookie.get(name)
    return morsel.value if morsel is not None else None


async def require_csrf(request: Request) -> None:
    """A FastAPI dependency for routes that change something: a browser session must send its
    CSRF token (the ``X-CSRF-Token`` header, or the ``csrf_token`` form field); a script with
    the bearer token needs none, since browsers never add that header by themselves."""
    if request.method not in UNSAFE_METHODS or request.state.auth == "bearer":
        return
    session: Session = request.state.session
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and "form" in request.headers.get("content-type", ""):
        value = (await request.form()).get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not _same(sent, session.csrf):
        raise HTTPException(403, "Refused: the form is out of date or came from another site.")
