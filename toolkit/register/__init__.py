"""The provider concerns register: the partnership's memory of providers, concerns, meetings,
escalation levels and decisions, in SQLite (encrypted with SQLCipher) or PostgreSQL.

The library API: ``open_register(db)`` gives a `Register` with ``add_paper(s)``, ``show``,
``alerts``, ``providers`` and ``report``. Names are imported on first use, so that importing
the package loads neither SQLAlchemy nor Alembic until a register is opened.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS: dict[str, str] = {
    "open_register": "toolkit.register.api",
    "Register": "toolkit.register.api",
    "Added": "toolkit.register.add",
    "Alert": "toolkit.register.rules",
    "RegisterError": "toolkit.register.errors",
    "WrongKeyError": "toolkit.register.errors",
    "UnknownProviderError": "toolkit.register.errors",
    "name_key": "toolkit.register.identity",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'toolkit.register' has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)
