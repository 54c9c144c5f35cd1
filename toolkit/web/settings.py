"""What one running app serves: the folder of meeting files, the register, the access token."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path


def new_token() -> str:
    """A random access token, as long as a generated pack password is strong (256 bits)."""
    return secrets.token_urlsafe(32)


@dataclass(frozen=True)
class WebSettings:
    """The app's configuration, fixed when it starts.

    ``hosts`` are the Host header values accepted: the loopback names only, so that a web page
    elsewhere cannot reach the app through a DNS name pointed at 127.0.0.1 (DNS rebinding).
    ``port`` names the session cookie, since browsers share cookies between the ports of a host.
    """

    folder: Path
    token: str = field(default_factory=new_token, repr=False)
    db: str | None = None
    key_file: Path | None = None
    port: int = 8765
    hosts: tuple[str, ...] = ("127.0.0.1", "localhost")

    @property
    def cookie_name(self) -> str:
        return f"toolkit_session_{self.port}"
