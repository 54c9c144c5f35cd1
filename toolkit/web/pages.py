"""The pages a chair or administrator uses: the folder's papers, a paper's form, its check."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from toolkit import kinds
from toolkit.errors import ExistsError, InputError, OutputError
from toolkit.kinds.base import PaperKind
from toolkit.load import MAX_INPUT_BYTES, load_meeting_text
from toolkit.model import Paper
from toolkit.parse import parse
from toolkit.web.editing import (
    ChangedOnDisk,
    Checked,
    check_form,
    check_paper,
    save_form,
)
from toolkit.web.folder import NameRefused, create_paper, iter_papers, paper_path
from toolkit.web.formdata import DIGEST, ROW_ACTION, Posted, collect, edit_rows, problems_by_field
from toolkit.web.forms import build_form, control_id, first_control, labels
from toolkit.web.listing import paper_row
from toolkit.web.security import require_csrf
from toolkit.web.templating import page
from toolkit.web.yamlfile import digest

router = APIRouter(dependencies=[Depends(require_csrf)], include_in_schema=False)


def _folder(request: Request) -> Path:
    folder: Path = request.app.state.settings.folder
    return folder


@router.get("/", response_class=HTMLResponse)
def papers(request: Request) -> HTMLResponse:
    """The papers in the folder, with their status and due dates, and the new paper form."""
    return _papers_page(request)


def _papers_page(
    request: Request, *, status: int = 200, error: str = "", name: str = "", kind: str = ""
) -> HTMLResponse:
    today = dt.date.today()
    rows = [paper_row(path, today) for path in iter_papers(_folder(request))]
    return page(
        request,
        "papers.html",
        status=status,
        title="Papers",
        rows=rows,
        kinds=kinds.every(),
        error=error,
        new_name=name,
        new_kind=kind,
    )


@router.post("/papers", response_class=HTMLResponse)
async def new_paper(request: Request) -> Response:
    """Create the blank file of a kind, as `toolkit new` does, and open its form."""
    form = Posted(await request.form())
    name, kind = form.text("name").strip(), form.text("kind")
    if name and "." not in name:
        name += ".yaml"
    if kind not in kinds.names():
        return _papers_page(request, status=422, error="Choose the kind of paper.", name=name)
    try:
        create_paper(_folder(request), name, kind)
    except ExistsError:
        message = f"{name} already exists: choose another name, or open it from the list."
        return _papers_page(request, status=409, error=message, name=name, kind=kind)
    except (NameRefused, OutputError) as error:
        return _papers_page(request, status=422, error=str(error), name=name, kind=kind)
    return RedirectResponse(request.url_for("paper", name=name), status_code=303)


@dataclass
class Opened:
    """A meeting file as its form opens it: text, data, the paper when it loads, problems."""

    text: str
    data: dict[str, Any]
    kind: PaperKind[Any] | None
    paper: Paper | None = None
    problems: dict[str, list[str]] = field(default_factory=dict)


def _open(path: Path) -> Opened:
    """Read the file for its form; what does not load is shown on the form, not refused."""
    raw = path.read_bytes()[: MAX_INPUT_BYTES + 1]
    text = raw.decode("utf-8-sig", errors="replace")
    try:
        data, _ = parse(text, path.name)
    except InputError as error:
        return Opened(text, {}, None, problems=problems_by_field(error))
    written = data.get("kind")
    kind = kinds.get(written) if written in kinds.names() else None
    try:
        paper = load_meeting_text(text, path.name).meeting
    except InputError as error:
        return Opened(text, data, kind, problems=problems_by_field(error))
    return Opened(text, data, kind, paper)


def _paper_file(request: Request, name: str) -> Path:
    path = paper_path(_folder(request), name)
    if not path.is_file():
        raise NameRefused(f"{name}: no such meeting file in the folder")
    return path


def _form_file(request: Request, name: str) -> tuple[Path, Opened, PaperKind[Any]] | HTMLResponse:
    """The meeting file ``name`` opened for its form, with its kind; or the papers page saying
    why it has no form (not in the folder, or no kind of paper)."""
    try:
        path = _paper_file(request, name)
    except NameRefused as error:
        return _papers_page(request, status=404, error=str(error))
    opened = _open(path)
    if opened.kind is None:
        problems = "; ".join(m for messages in opened.problems.values() for m in messages)
        why = f"{name} cannot be opened as a form: {problems or 'it names no kind of paper'}"
        return _papers_page(request, status=422, error=why)
    return path, opened, opened.kind


@router.get("/papers/{name}", response_class=HTMLResponse)
def paper(request: Request, name: str) -> HTMLResponse:
    """A paper's form, with its completeness check: what a file lacks is listed in the check,
    not shouted as errors, until a save is refused (a blank file lacks everything)."""
    found = _form_file(request, name)
    if isinstance(found, HTMLResponse):
        return found
    _, opened, kind = found
    checked = (
        check_paper(opened.paper)
        if opened.paper is not None
        else Checked(kind, None, opened.problems)
    )
    saved = request.query_params.get("saved") == "1"
    return _paper_page(
        request, name, kind, opened.data, {}, digest(opened.text),
        checked, paper=opened.paper, saved=saved,
    )  # fmt: skip


def _paper_page(
    request: Request,
    name: str,
    kind: PaperKind[Any],
    data: dict[str, Any],
    problems: dict[str, list[str]],
    opened: str,
    checked: Checked,
    *,
    status: int = 200,
    paper: Paper | None = None,
    saved: bool = False,
    conflict: bool = False,
    focus: str = "",
) -> HTMLResponse:
    nodes = build_form(kind, data, problems, paper)
    focus = first_control(nodes, focus) if focus else ""
    named = labels(nodes)
    summary = [
        (control_id(field_name), f"{named.get(field_name, field_name or 'The paper')}: {message}")
        for field_name, messages in problems.items()
        for message in messages
    ]
    return page(
        request,
        "paper.html",
        status=status,
        title=kind.title,
        file_name=name,
        kind=kind,
        nodes=nodes,
        digest=opened,
        digest_field=DIGEST,
        row_field=ROW_ACTION,
        checked=checked,
        labels=named,
        problems=summary,
        saved=saved,
        conflict=conflict,
        focus=focus,
        pack_url=f"/pack?paper={quote(name)}",
    )


@router.post("/papers/{name}", response_class=HTMLResponse)
async def save_paper(request: Request, name: str) -> Response:
    """Save the form (or add or remove a row); on any problem, the form again as typed."""
    found = _form_file(request, name)
    if isinstance(found, HTMLResponse):
        return found
    path, _, kind = found
    posted = Posted(await request.form())
    sent_digest = posted.text(DIGEST)
    if action := posted.text(ROW_ACTION):
        drafts, _ = collect(kind, posted, drafts=True)
        focus = edit_rows(drafts, action)
        checked = check_form(kind, posted)
        return _paper_page(
            request, name, kind, drafts, {}, sent_digest, checked, focus=focus
        )  # fmt: skip
    try:
        saved = save_form(path, kind, posted, sent_digest)
    except ChangedOnDisk:
        drafts, _ = collect(kind, posted, drafts=True)
        return _paper_page(
            request, name, kind, drafts, {}, sent_digest, check_form(kind, posted),
            status=409, conflict=True,
        )  # fmt: skip
    except OutputError as error:
        saved_problems = {"": [str(error)]}
    else:
        if not saved.problems:
            url = request.url_for("paper", name=name)
            return RedirectResponse(f"{url}?saved=1", status_code=303)
        saved_problems = saved.problems
    drafts, _ = collect(kind, posted, drafts=True)
    return _paper_page(
        request, name, kind, drafts, saved_problems, sent_digest, check_form(kind, posted),
        status=422,
    )  # fmt: skip


@router.post("/papers/{name}/check")
async def check(request: Request, name: str) -> JSONResponse:
    """The completeness check of the form as typed (the page's script asks as one types)."""
    try:
        path = _paper_file(request, name)
    except NameRefused as error:
        return JSONResponse({"detail": str(error)}, status_code=404)
    posted = Posted(await request.form())
    written = posted.text("kind") or _open(path).data.get("kind")
    if written not in kinds.names():
        return JSONResponse({"detail": f"{name}: names no kind of paper"}, status_code=422)
    return JSONResponse(check_form(kinds.get(str(written)), posted).to_dict())
