"""The pages a chair or administrator uses: the folder's papers, a paper's form, the register."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from toolkit.web.security import require_csrf
from toolkit.web.templating import page

router = APIRouter(dependencies=[Depends(require_csrf)], include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def papers(request: Request) -> HTMLResponse:
    """The papers in the folder."""
    return page(request, "papers.html", title="Papers")
