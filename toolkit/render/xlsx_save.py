"""Saving a workbook entirely in memory.

openpyxl's `Workbook.save` writes each worksheet's XML to a temporary file (``/tmp/openpyxl.*``)
before zipping it, even when saving to a BytesIO: a plaintext copy of the tracker on disk, left
behind for good if the process is killed. `workbook_bytes` keeps that XML in memory instead.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook


def workbook_bytes(workbook: Workbook) -> bytes:
    """Return ``workbook`` as .xlsx bytes, as `Workbook.save` would, without touching the disk."""
    from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
    from openpyxl.worksheet._writer import WorksheetWriter
    from openpyxl.writer.excel import ExcelWriter

    class InMemoryWriter(ExcelWriter):
        def write_worksheet(self, ws: Any) -> None:
            # ExcelWriter.write_worksheet, with the sheet's XML in a BytesIO, not a temp file
            ws._drawing = SpreadsheetDrawing()
            ws._drawing.charts = ws._charts
            ws._drawing.images = ws._images
            writer = WorksheetWriter(ws, out=io.BytesIO())
            writer.write()
            ws._rels = writer._rels  # type: ignore[attr-defined]  # openpyxl private, as its own
            self._archive.writestr(  # type: ignore[attr-defined]  # write_worksheet does
                ws.path[1:], writer.read()
            )
            self.manifest.append(ws)

    if workbook.read_only or workbook.write_only:
        raise ValueError("only ordinary (not read-only or write-only) workbooks are saved here")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        workbook.properties.modified = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        InMemoryWriter(workbook, archive).save()
    return buffer.getvalue()
