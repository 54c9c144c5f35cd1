"""Rebuild action-tracker.xlsx, the action tracker template: `python templates/tracker/build.py`.

The layout lives in toolkit/render/tracker_template.py; the build is reproducible (the same
bytes every run) and a test checks that the committed template matches it.
"""

from __future__ import annotations

from toolkit.render.tracker_template import TEMPLATE, build_template
from toolkit.write import write_bytes_atomic

if __name__ == "__main__":
    write_bytes_atomic(TEMPLATE, build_template())
