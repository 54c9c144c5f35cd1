"""The JSON API: the same answers as `toolkit check` and `toolkit pack`.

A paper is sent as JSON in the input contract's shape (shared/spec/meeting-input.md) and is
read by the loader the commands use (`toolkit.load.load_meeting_data`), so that a problem has
the same words as on the command line, placed on its field instead of a line.

The body is described in /openapi.json as an object with a ``kind`` (and an example), not as
the kinds' full models: the loader accepts more than a JSON schema can say (numbers typed in
text fields, UK dates, "10:00" times) and judges what none can (an end after the start, action
numbers unique), so a schema claiming to be exact would promise wrongly both ways.
"""

from __future__ import annotations

import functools
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from toolkit import kinds
from toolkit.errors import ProtectError, ToolkitError
from toolkit.load import load_each, load_meeting_data
from toolkit.web.answers import (
    CheckAnswer,
    ProblemEntry,
    Problems,
    Refusal,
    problem_entries,
    refused,
)
from toolkit.web.packing import PASSWORD_HEADER, zip_pack
from toolkit.web.security import require_csrf

#: What every route may answer besides its success.
REFUSALS: dict[int | str, dict[str, Any]] = {
    401: {"model": Refusal, "description": "No token, or not the right one"},
    403: {"model": Refusal, "description": "From another site, or without the CSRF token"},
    413: {"model": Refusal, "description": "A body larger than the app reads"},
    422: {"model": Problems, "description": "Every problem found, one entry each"},
}

#: A paper that loads (and is incomplete: a check answers 200, a pack needs ``draft``).
EXAMPLE_PAPER: dict[str, Any] = {
    "kind": "initial",
    "provider": {"name": "Larkspur House", "company": "Heathfield Lane Care Ltd"},
    "meeting": {
        "date": "2026-10-02",
        "start": "10:00",
        "chair": {
            "name": "Helen Marsh-Okafor",
            "role": "Head of Adult Safeguarding",
            "organisation": "Westmere County Council",
        },
        "attendees": [
            {
                "name": "Siân Pritchard",
                "role": "Safeguarding Adults Practice Lead",
                "organisation": "Westmere County Council",
            }
        ],
    },
    "sections": {"purpose": "To share the concerns raised & agree what happens next."},
}

#: The schema of a paper in a body: which fields each kind takes is the input contract's.
PAPER_SCHEMA: dict[str, Any] = {
    "type": "object",
    "title": "Paper",
    "description": "A paper in the input contract's shape (shared/spec/meeting-input.md): "
    "its kind, the provider, and the fields of that kind.",
    "required": ["kind"],
    "properties": {"kind": {"type": "string", "enum": list(kinds.names())}},
    "additionalProperties": True,
}

router = APIRouter(
    prefix="/api", tags=["api"], dependencies=[Depends(require_csrf)], responses=REFUSALS
)


@router.post("/check", response_model=CheckAnswer)
def check(
    paper: Annotated[
        dict[str, Any],
        Body(
            json_schema_extra=PAPER_SCHEMA,
            openapi_examples={"initial": {"summary": "an initial meeting", "value": EXAMPLE_PAPER}},
        ),
    ],
) -> CheckAnswer | JSONResponse:
    """Check a paper as `toolkit check` does: 200 with the report (complete or not), 422 with
    one entry per problem when it is not a paper."""
    from toolkit.check import check_meeting

    try:
        loaded = load_meeting_data(paper, "paper")
    except ToolkitError as error:
        return refused(problem_entries(error, {"paper": ""}))
    return CheckAnswer.of(check_meeting(loaded.meeting))


class PackRequest(BaseModel):
    """The papers to pack and how; without ``password`` one is generated and sent back once,
    in the ``X-Pack-Password`` header."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"papers": [EXAMPLE_PAPER], "draft": True}]},
    )

    papers: list[Annotated[dict[str, Any], Field(json_schema_extra=PAPER_SCHEMA)]] = Field(
        min_length=1, max_length=50
    )
    password: str | None = Field(
        None, description="At least 12 characters, not easy to guess; omit to generate one."
    )
    draft: bool = Field(False, description="Pack incomplete papers, marked DRAFT.")
    provider_copy: bool = Field(False, description="Add the provider's copy of each record.")


PACK_ANSWER: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "A zip of the encrypted files, manifest.json and cover-note.txt",
        "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
        "headers": {
            PASSWORD_HEADER: {
                "description": "The generated password, when none was sent; nowhere else",
                "schema": {"type": "string"},
            }
        },
    }
}


@router.post("/pack", response_class=Response, responses=PACK_ANSWER)
def pack(asked: PackRequest) -> Response:
    """Pack papers as `toolkit pack` does, into a zip built in memory: 200 with the zip, 422
    with one entry per problem (a paper that is not one, an incomplete paper unless ``draft``,
    a weak password)."""
    sources = [(f"papers[{index}]", paper) for index, paper in enumerate(asked.papers)]
    try:
        loaded = load_each(
            functools.partial(load_meeting_data, paper, source) for source, paper in sources
        )
        zipped = zip_pack(
            loaded, asked.password, draft=asked.draft, provider_copy=asked.provider_copy
        )
    except ProtectError as error:
        return refused([ProblemEntry(field="password", message=str(error))])
    except ToolkitError as error:
        return refused(problem_entries(error, {source: source for source, _ in sources}))
    return zipped.response()
