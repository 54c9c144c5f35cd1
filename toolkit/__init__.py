"""Provider concerns meetings toolkit: meeting files in, marked and protected Office records out.

The library API that scripts import; the `toolkit` command is a thin layer over it. The pipeline:
``load_meeting`` -> ``render_meeting`` -> (marking, inside render) -> ``encrypt_bytes`` ->
``check_meeting`` / ``check_document`` -> ``build_pack``. Names are imported on first use, so that
`import toolkit` stays quick and does not load Word, Excel or encryption code a script never uses.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS: dict[str, str] = {
    "ToolkitError": "toolkit.errors",
    "InputError": "toolkit.errors",
    "Loaded": "toolkit.load",
    "load_meeting": "toolkit.load",
    "load_meeting_text": "toolkit.load",
    "render_meeting": "toolkit.render",
    "RenderedFile": "toolkit.render",
    "check_meeting": "toolkit.check",
    "check_document": "toolkit.check",
    "encrypt_bytes": "toolkit.protect",
    "decrypt_bytes": "toolkit.protect",
    "build_pack": "toolkit.pack",
    "minutes_due": "toolkit.kinds",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    """Import a public name from its module the first time it is used (PEP 562)."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'toolkit' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    """List the lazily imported names too, for completion in an interactive session."""
    return sorted({*globals(), *_EXPORTS})
