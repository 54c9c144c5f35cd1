"""What a refused, unknown or failing address answers: a page for a browser, JSON for a script.

A chair who opens an old address (the app was restarted, so its session is gone) or mistypes
one must see a page in the app's language that says what to do, not a line of plain text or
FastAPI's ``{"detail": "Not Found"}``. The API, its description and the pages' own scripts
(which ask for JSON) keep the JSON they parse.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from http import HTTPStatus
from typing import Any

from fastapi import Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import Response
from starlette.exceptions import HTTPException

from toolkit.web.templating import ENVIRONMENT, page

Message = MutableMapping[str, Any]
Send = Callable[[Message], Awaitable[None]]

#: What each refusal is called on its page; any other status by its standard phrase.
TITLES = {
    401: "Open the toolkit from its address",
    403: "Request refused",
    404: "Page not found",
    405: "Page not found",
    500: "Something went wrong",
}


def wants_json(path: str, accept: str) -> bool:
    """Whether an error is answered in JSON: always for the API and its description; otherwise
    only when the request asks for JSON and not HTML (a page's script, fetching), since a
    browser opening an address sends ``Accept: text/html``."""
    if path.startswith("/api/") or path == "/openapi.json":
        return True
    return "application/json" in accept and "text/html" not in accept


def title_of(status: int) -> str:
    """The heading of the page for ``status``: what happened, in words, not a number."""
    return TITLES.get(status) or HTTPStatus(status).phrase


async def send_error(send: Send, status: int, message: str, *, path: str, accept: str) -> None:
    """Answer an ASGI request that never reached the app (401, a cross-site 403, a fault):
    ``{"detail": message}`` for a script, else the page of `refused.html`, which stands alone
    (its stylesheet and the app's links would be refused too)."""
    if wants_json(path, accept):
        body, kind = json.dumps({"detail": message}).encode(), b"application/json"
    else:
        html = ENVIRONMENT.get_template("refused.html").render(
            status=status, title=title_of(status), message=message
        )
        body, kind = html.encode(), b"text/html; charset=utf-8"
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", kind), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def http_error(request: Request, error: HTTPException) -> Response:
    """An error the app raised (an unknown address, a form without its CSRF token): as FastAPI
    answers it for a script, else a page of the app, with its navigation, for the person
    already signed in."""
    if wants_json(request.url.path, request.headers.get("accept", "")):
        return await http_exception_handler(request, error)
    answer = page(
        request,
        "error.html",
        status=error.status_code,
        title=title_of(error.status_code),
        status_code=error.status_code,
        message=str(error.detail),
    )
    answer.headers.update(error.headers or {})
    return answer
