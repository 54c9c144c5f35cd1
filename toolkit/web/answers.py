"""What the web app answers, as declared models (so /openapi.json describes every answer):
a check's report, and refusals as one entry per problem."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, RootModel
from starlette.exceptions import HTTPException

from toolkit.check import Report
from toolkit.check.report import Severity, Status
from toolkit.errors import Problem, ToolkitError
from toolkit.parse import dotted
from toolkit.web.errors import http_error

#: The status of every refusal of a paper or a request's body: unusable as sent.
UNPROCESSABLE = 422
#: FastAPI's 400 for a body it cannot read at all (not UTF-8, nested past the JSON parser's
#: limit); a client is told of it as of any other unusable body.
_UNREADABLE_BODY = "There was an error parsing the body"


class Item(BaseModel):
    """A framework heading (or agenda item) and what the paper holds under it."""

    key: str
    title: str
    status: Status
    note: str


class FindingEntry(BaseModel):
    """A sign-off finding; ``code`` is stable, as in `toolkit check --format json`."""

    code: str
    severity: Severity
    message: str


class CheckAnswer(BaseModel):
    """The answer of `toolkit check` for one paper: complete or not, each item's status, the
    findings by severity (``findings`` holds them all, information included)."""

    complete: bool
    kind: str
    summary: str
    minutes_due: dt.date | None
    items: list[Item]
    errors: list[FindingEntry]
    warnings: list[FindingEntry]
    findings: list[FindingEntry]

    @classmethod
    def of(cls, report: Report) -> CheckAnswer:
        answer = report.to_dict()
        return cls.model_validate(
            {
                **answer,
                "items": answer["headings"],
                "errors": [finding.to_dict() for finding in report.errors],
                "warnings": [finding.to_dict() for finding in report.warnings],
            }
        )


class ProblemEntry(BaseModel):
    """One problem: the field it is about, as a path (``meeting.attendees[2].name``; ""
    for the request or paper as a whole), and what is wrong, in words for the person typing."""

    field: str
    message: str


class Problems(RootModel[list[ProblemEntry]]):
    """Every problem found, one entry each (422)."""


class Refusal(BaseModel):
    """Why a request was refused before it was read (401, 403)."""

    detail: str


def problem_entries(error: ToolkitError, paths: dict[str, str]) -> list[ProblemEntry]:
    """The entries of ``error``'s problems. ``paths`` maps the source of each paper of the
    request to its path in the body ("" for the body itself, ``papers[0]``), so that a field
    is named from the body's top; a problem of anything else (a meeting file of the folder)
    keeps its whole line, which names the file and line."""
    details: list[Problem] = getattr(error, "details", None) or [Problem(str(error))]
    entries = []
    for problem in details:
        if problem.source in paths:
            parts = (paths[problem.source], problem.field or "")
            entries.append(
                ProblemEntry(field=".".join(p for p in parts if p), message=problem.message)
            )
        else:
            entries.append(ProblemEntry(field=problem.field or "", message=str(problem)))
    return entries


def refused(entries: list[ProblemEntry]) -> JSONResponse:
    """The 422 answer listing ``entries``."""
    return JSONResponse(Problems(entries).model_dump(mode="json"), status_code=UNPROCESSABLE)


async def invalid_request(request: Request, error: Exception) -> JSONResponse:
    """FastAPI's own refusal of a body (not JSON, not an object, a field of the wrong type)
    in the same shape as a paper's problems, so that a client reads one kind of 422."""
    assert isinstance(error, RequestValidationError)
    return refused([_entry(each) for each in error.errors()])


async def unreadable_body(request: Request, error: Exception) -> Response:
    """A body FastAPI could not read answered as `invalid_request` answers one it could read
    but not use; every other HTTP error as `errors.http_error` answers it (JSON for a script,
    a page for a browser)."""
    assert isinstance(error, HTTPException)
    if error.status_code == 400 and error.detail == _UNREADABLE_BODY:
        return refused([ProblemEntry(field="", message="the body is not JSON text (UTF-8)")])
    return await http_error(request, error)


def _entry(error: dict[str, Any]) -> ProblemEntry:
    message = str(error.get("msg", "invalid"))
    if error.get("type") == "json_invalid":  # its location is a position in the text
        return ProblemEntry(field="", message=f"the body is not JSON: {message}")
    location = tuple(error.get("loc", ()))
    path = location[1:] if location[:1] == ("body",) else location
    return ProblemEntry(
        field=dotted(tuple(p for p in path if isinstance(p, str | int))), message=message
    )
