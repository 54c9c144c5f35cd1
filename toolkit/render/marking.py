"""The protective marking on every page of a Word document: header and footer of every section.

Word shows, per section, a default header and footer, plus a first-page pair when the section
has "different first page" on, plus an even-page pair when the document has "different odd and
even pages" on. A kind that a section does not define is inherited from the previous section;
when no section defines it, Word shows a blank header (the known trap with even pages). The
marking is kept in ordinary header paragraphs (never a text box), where python-docx, pdftotext
and a screen reader all see it.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import nsmap, qn
from docx.text.paragraph import Paragraph

from toolkit.frameworks import CLASSIFICATION
from toolkit.profile import active, marking_text
from toolkit.render.docx_tables import row_cells

if TYPE_CHECKING:
    from docx.document import Document
    from docx.section import Section, _Footer, _Header

    HeaderFooter = _Header | _Footer

_REL_PREFIX = f"{{{nsmap['r']}}}"
#: Words in capitals after the classification: a descriptor (PERSONAL, COMMERCIAL) and DRAFT.
_AFTER = r"(?: [A-Z][A-Z0-9-]*){0,4}"


def mark_document(document: Document, *, draft: bool = False) -> None:
    """Put the marking at the top and bottom of every page of ``document``, in place.

    Every header and footer Word can show is marked, in every section; a missing first-page or
    even-page definition is created (in the first section, so later sections inherit it). An
    existing marking paragraph is rewritten rather than repeated, so marking twice (a template
    already marked, then ``draft=True``) leaves one marking. The category and keywords
    properties carry the marking too, for search and for labelling tools.
    """
    text = marking_text(draft=draft)
    for index, section in enumerate(document.sections):
        for _, attribute in _visible_kinds(document, section):
            part = _defined(document, index, attribute) or _define_first(document, attribute)
            own = getattr(section, attribute)
            if own.is_linked_to_previous and not _shown_by_previous(document, index, attribute):
                part = _copy_definition(part, own)
            _mark(part, text, at_top=attribute.endswith("header"))
    document.core_properties.category = text
    document.core_properties.keywords = text


def missing_marking(document: Document) -> list[str]:
    """Return where the marking is missing, e.g. ``["section 2: even-page header"]``.

    An empty list means every header and footer Word can show carries the marking
    (``OFFICIAL-SENSITIVE``, with the profile's descriptor when it has one). Reading never
    changes the document: inherited definitions are looked up, not created.
    """
    marking = marking_text()
    missing: list[str] = []
    for index, section in enumerate(document.sections):
        for label, attribute in _visible_kinds(document, section):
            part = _defined(document, index, attribute)
            if part is None or not any(marking in text for text in _texts(part)):
                missing.append(f"section {index + 1}: {label}")
    return missing


#: (label, Section attribute) of the default, first-page and even-page headers and footers.
_DEFAULT = (("default header", "header"), ("default footer", "footer"))
_FIRST = (("first-page header", "first_page_header"), ("first-page footer", "first_page_footer"))
_EVEN = (("even-page header", "even_page_header"), ("even-page footer", "even_page_footer"))


def _visible_kinds(document: Document, section: Section) -> Iterator[tuple[str, str]]:
    """Yield (label, attribute) for each header and footer the section can show."""
    yield from _DEFAULT
    if section.different_first_page_header_footer:
        yield from _FIRST
    if document.settings.odd_and_even_pages_header_footer:
        yield from _EVEN


def _defined(document: Document, index: int, attribute: str) -> HeaderFooter | None:
    """Return the header/footer whose definition section ``index`` shows (its own or an earlier
    section's), or None when no section up to ``index`` defines this kind."""
    for earlier in reversed(document.sections[: index + 1]):
        part: HeaderFooter = getattr(earlier, attribute)
        if not part.is_linked_to_previous:
            return part
    return None


def _define_first(document: Document, attribute: str) -> HeaderFooter:
    """Give the first section a definition of this kind, which later sections inherit."""
    part: HeaderFooter = getattr(document.sections[0], attribute)
    part.is_linked_to_previous = False
    return part


def _shown_by_previous(document: Document, index: int, attribute: str) -> bool:
    """True when the previous section shows this kind of header/footer too.

    Word inherits a first-page header across a section without "different first page";
    LibreOffice shows a blank one instead, so such a section gets a definition of its own.
    """
    if index == 0:
        return True
    previous = document.sections[index - 1]
    return any(a == attribute for _, a in _visible_kinds(document, previous))


def _copy_definition(source: HeaderFooter, target: HeaderFooter) -> HeaderFooter:
    """Give ``target`` its own copy of ``source``'s content (logos and links included)."""
    target.is_linked_to_previous = False
    element = target._element
    for child in list(element):
        element.remove(child)
    for child in source._element:
        element.append(copy.deepcopy(child))
    for node in element.iter():
        for name, rid in node.attrib.items():
            if name.startswith(_REL_PREFIX):
                rel = source.part.rels[rid]
                target_ = rel.target_ref if rel.is_external else rel.target_part
                node.set(name, target.part.relate_to(target_, rel.reltype, rel.is_external))
    return target


def _texts(part: HeaderFooter) -> Iterator[str]:
    """Yield the text of every paragraph of a header/footer, tables included."""
    for paragraph in part.paragraphs:
        yield paragraph.text
    for table in part.tables:
        for row in table.rows:
            for cell in row_cells(row):
                yield cell.text


def _mark(part: HeaderFooter, text: str, *, at_top: bool) -> None:
    """Make one paragraph of ``part`` read ``text``: an existing marking, an empty paragraph at
    the edge of the page, or a new paragraph (first in a header, last in a footer)."""
    existing = [p for p in part.paragraphs if is_marking(p.text)]
    if existing:
        _set_text(existing[0], text)
        return
    blocks = list(part.iter_inner_content())
    edge = (blocks[0] if at_top else blocks[-1]) if blocks else None
    if isinstance(edge, Paragraph) and _is_empty(edge):
        _set_text(edge, text)
        return
    paragraph = part.add_paragraph()
    if neighbours := part.paragraphs[:-1]:
        # a bare new paragraph is Normal (11 pt in most templates) while the header or footer
        # paragraphs are "Header"/"Footer" (often 9 pt): the two markings would differ in size
        paragraph.style = neighbours[0].style
    if at_top:
        element = paragraph._p
        container = element.getparent()
        assert container is not None  # a header's paragraph always sits in the header
        container.remove(element)
        container.insert(0, element)
    _set_text(paragraph, text)


def is_marking(text: str) -> bool:
    """True when ``text`` is a marking paragraph of its own: the seeds' or the profile's
    classification, then words in capitals (``OFFICIAL-SENSITIVE PERSONAL DRAFT``).

    Marking rewrites such a paragraph rather than adding another: a template marked
    OFFICIAL-SENSITIVE becomes OFFICIAL-SENSITIVE PERSONAL, never both.
    """
    classifications = {CLASSIFICATION, active().classification}
    either = "|".join(re.escape(name) for name in sorted(classifications))
    return re.fullmatch(f"(?:{either}){_AFTER}", text.strip()) is not None


def _set_text(paragraph: Paragraph, text: str) -> None:
    """Write ``text`` in one bold run, centred, keeping the paragraph's style and any picture."""
    runs = [run for run in paragraph.runs if run.text]
    for run in runs[1:]:
        parent = run._r.getparent()
        assert parent is not None  # a run of a paragraph always sits in it
        parent.remove(run._r)
    run = runs[0] if runs else paragraph.add_run()
    run.text = text
    run.bold = True
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _is_empty(paragraph: Paragraph) -> bool:
    """True when the paragraph holds nothing at all (no text, picture or field)."""
    return all(child.tag == qn("w:pPr") for child in paragraph._p)
