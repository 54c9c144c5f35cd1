"""The last step of every Word paper: the structural rules Word insists on, then the bytes.

Word requires every table cell to hold a block and to end with a paragraph; a cell without one
makes Word report "unreadable content" and offer to repair the file (LibreOffice is tolerant,
so nothing else notices). The toolkit's templates avoid it, but a council's own template, or a
loop that prints nothing into a cell, can bring it back: `docx_bytes` mends every cell of every
part before saving, whatever produced the document.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn

from toolkit.render.marking import mark_document
from toolkit.text import clean_text

if TYPE_CHECKING:
    from docx.document import Document

_CELL = qn("w:tc")
_PARAGRAPH = qn("w:p")
_CELL_PROPERTIES = qn("w:tcPr")
#: Marks that may follow a cell's last paragraph without being blocks themselves.
_RANGE_MARKS = frozenset(
    qn(f"w:{tag}")
    for tag in (
        "bookmarkStart",
        "bookmarkEnd",
        "commentRangeStart",
        "commentRangeEnd",
        "permStart",
        "permEnd",
        "proofErr",
        "moveFromRangeStart",
        "moveFromRangeEnd",
        "moveToRangeStart",
        "moveToRangeEnd",
    )
)


def finish_paper(document: Document, title: str, provider: str, *, draft: bool) -> bytes:
    """Mark every page of a paper built with python-docx, set its properties, return its bytes."""
    mark_document(document, draft=draft)
    document.core_properties.author = "provider-concerns-toolkit"
    stamp(document, title, provider)
    return docx_bytes(document)


def stamp(document: Document, title: str, provider: str) -> None:
    """The properties Word shows of a paper: its title, the provider as subject (both cut to
    Word's 255 characters: longer fails to open), written now, first revision."""
    properties = document.core_properties
    properties.title = clean_text(title)[:255]
    properties.subject = clean_text(provider)[:255]
    properties.created = properties.modified = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    properties.revision = 1


def docx_bytes(document: Document) -> bytes:
    """Return the .docx bytes of ``document``, every table cell ending with a paragraph."""
    complete_table_cells(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def complete_table_cells(document: Document) -> int:
    """Give every table cell that does not end with a paragraph an empty one, in every part
    (body, headers, footers, notes); return how many cells were mended."""
    mended = 0
    for part in _word_parts(document):
        if isinstance(part, XmlPart):
            mended += _complete(part.element)
        else:  # a part docxtpl left as bytes (footnotes): parsed only when it holds a cell
            blob: bytes = part.blob
            if b":tc>" in blob or b":tc " in blob:
                element = parse_xml(blob)
                if count := _complete(element):
                    part._blob = _serialise(element)
                    mended += count
    return mended


def _word_parts(document: Document) -> Iterator[Any]:
    for part in document.part.package.iter_parts():
        if str(part.partname).startswith("/word/") and part.content_type.endswith("+xml"):
            yield part


def _complete(root: Any) -> int:
    mended = 0
    for cell in root.iter(_CELL):
        blocks = [
            child
            for child in cell
            if child.tag not in _RANGE_MARKS and child.tag != _CELL_PROPERTIES
        ]
        if not blocks or blocks[-1].tag != _PARAGRAPH:
            cell.append(OxmlElement("w:p"))
            mended += 1
    return mended


def _serialise(element: Any) -> bytes:
    from lxml import etree

    return etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True)
