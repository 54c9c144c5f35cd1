"""Provider concerns meetings toolkit: meeting files in, marked and protected Office records out.

The library API that scripts import; the `toolkit` command is a thin layer over it.
"""

from __future__ import annotations

__version__ = "0.1.0"

from toolkit.errors import InputError, ToolkitError  # noqa: E402
from toolkit.load import Loaded, load_meeting, load_meeting_text  # noqa: E402

__all__ = [
    "InputError",
    "Loaded",
    "ToolkitError",
    "__version__",
    "load_meeting",
    "load_meeting_text",
]
