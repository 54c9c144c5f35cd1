"""Packs for the browser and the API: a zip built in memory, and the pack page.

A pack is what `toolkit pack` writes into a folder (the encrypted files, the cover note, the
manifest), here written into a zip in memory (`toolkit.pack.write_pack` with the zip as its
writer) and sent as the response: no plain paper, password or pack is ever written to disk,
not even to a temporary file. A generated password travels once, in the ``X-Pack-Password``
header, and the page shows it once.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Body, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from toolkit.errors import InputError, Problem, ToolkitError
from toolkit.load import Loaded, load_all
from toolkit.web.answers import problem_entries, refused
from toolkit.web.folder import iter_papers
from toolkit.web.security import require_csrf
from toolkit.web.templating import page

PASSWORD_HEADER = "X-Pack-Password"

router = APIRouter(dependencies=[Depends(require_csrf)], include_in_schema=False)


@dataclass
class ZippedPack:
    """A pack as a zip in memory; ``password`` is set only when it was generated here (the
    caller shows it once)."""

    data: bytes
    name: str
    password: str | None

    def response(self) -> Response:
        """The zip as a download, with the generated password (if any) in its header only."""
        headers = {"Content-Disposition": f'attachment; filename="{self.name}"'}
        if self.password is not None:
            headers[PASSWORD_HEADER] = self.password
        return Response(self.data, media_type="application/zip", headers=headers)


def zip_pack(
    loaded: list[Loaded],
    password: str | None,
    *,
    draft: bool = False,
    provider_copy: bool = False,
) -> ZippedPack:
    """The pack of ``loaded`` as a zip in memory, refused as `toolkit pack` refuses it: a weak
    ``password`` (ProtectError), an incomplete paper unless ``draft`` (IncompleteError, one
    problem per paper), two papers writing one file (UsageError). Without ``password`` one is
    generated, as the command line does.

    Encrypted in this process (``workers=1``): forking worker processes from a server's
    threads can deadlock, and a browser's pack is a paper or two.
    """
    from toolkit.pack import check_all, write_pack
    from toolkit.passwords import check_password, generate_password

    generated = password is None
    password = generate_password() if password is None else check_password(password)
    check_all(loaded, draft=draft)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        write_pack(
            loaded,
            password,
            archive.writestr,
            draft=draft,
            provider_copy=provider_copy,
            workers=1,
        )
    name = f"pack-{dt.date.today().isoformat()}{'-DRAFT' if draft else ''}.zip"
    return ZippedPack(buffer.getvalue(), name, password if generated else None)


# The pack page ------------------------------------------------------------------------------


class FilesPack(BaseModel):
    """What the pack page sends: meeting files of the folder, by name."""

    model_config = ConfigDict(extra="forbid")

    files: list[str] = Field(min_length=1, max_length=100)
    draft: bool = False
    provider_copy: bool = False


def meeting_files(folder: Path) -> list[str]:
    """The names of the meeting files the papers page lists (`folder.iter_papers`: no links
    out of the folder, nothing hidden), which are the only ones a pack may take."""
    return [path.name for path in iter_papers(folder)]


def folder_files(folder: Path, names: list[str]) -> list[Path]:
    """The meeting files ``names`` of ``folder``; InputError naming every other name (a path,
    a file elsewhere, one not listed), so that a request reads nothing outside the folder."""
    listed = set(meeting_files(folder))
    if unknown := [name for name in names if name not in listed]:
        raise InputError([Problem("no such meeting file in the folder", name) for name in unknown])
    return [folder / name for name in names]


@router.get("/pack", response_class=HTMLResponse)
def pack_page(request: Request, paper: Annotated[list[str] | None, Query()] = None) -> HTMLResponse:
    """The folder's meeting files to tick (``?paper=NAME`` ticked already) and the button that
    downloads their pack."""
    files = meeting_files(request.app.state.settings.folder)
    chosen = set(paper or ())
    return page(request, "pack.html", title="Download a pack", files=files, chosen=chosen)


@router.post("/pack")
def pack_files(request: Request, asked: Annotated[FilesPack, Body()]) -> Response:
    """The pack of the files ticked on the pack page, as `toolkit pack` makes it."""
    try:
        loaded = load_all(folder_files(request.app.state.settings.folder, asked.files))
        pack = zip_pack(loaded, None, draft=asked.draft, provider_copy=asked.provider_copy)
    except ToolkitError as error:
        return refused(problem_entries(error, {}))
    return pack.response()
