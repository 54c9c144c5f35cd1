"""The browser sessions the token opens, apart from the guard that opens them, so that the
pages (which put a session's CSRF token in their forms) need not import the guard."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field


@dataclass
class Session:
    """A browser session opened with the token; ``csrf`` is sent back by its forms and scripts."""

    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))


@dataclass
class Sessions:
    """The open sessions, in memory only: they end when the app stops."""

    by_id: dict[str, Session] = field(default_factory=dict)

    def open(self) -> tuple[str, Session]:
        session_id = secrets.token_urlsafe(32)
        session = self.by_id[session_id] = Session()
        return session_id, session

    def get(self, session_id: str | None) -> Session | None:
        return self.by_id.get(session_id) if session_id else None
