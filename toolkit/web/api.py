"""The JSON API: the same answers as `toolkit check` and `toolkit pack`."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from toolkit.web.security import require_csrf

router = APIRouter(prefix="/api", tags=["api"], dependencies=[Depends(require_csrf)])
