"""The look every Word paper of a pack shares: fonts, sizes, colours and page numbers.

The record templates (templates/build_templates.py) and the strategic agenda and minutes
(`toolkit.render.strategic`) both start from python-docx's default document; styling them here,
once, keeps a pack's papers alike (the same font in every heading, the same size of marking).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

if TYPE_CHECKING:
    from docx.document import Document
    from docx.styles.style import BaseStyle
    from docx.text.paragraph import Paragraph

FONT = "Arial"
#: Point sizes of the styles the papers use.
SIZES = {
    "Normal": 11,
    "Title": 20,
    "Subtitle": 13,
    "Heading 1": 13,
    "Heading 2": 12,
    "Header": 9,
    "Footer": 9,
}
HEADING_COLOUR = RGBColor(0x1F, 0x3A, 0x5F)


def house_styles(document: Document) -> None:
    """Arial throughout, A4-friendly sizes, dark blue titles, headings kept with what follows."""
    for name, size in SIZES.items():
        style = document.styles[name]
        use_font(style)
        style.font.size = Pt(size)
    document.styles["Normal"].paragraph_format.space_after = Pt(6)
    for name in ("Heading 1", "Heading 2"):
        heading = document.styles[name]
        heading.paragraph_format.space_before = Pt(14 if name == "Heading 1" else 10)
        heading.paragraph_format.space_after = Pt(6 if name == "Heading 1" else 4)
        heading.paragraph_format.keep_with_next = True
        heading.font.color.rgb = HEADING_COLOUR
    title = document.styles["Title"]
    title.font.color.rgb = HEADING_COLOUR
    title.font.bold = True
    document.styles["Subtitle"].font.italic = False
    document.styles["List Bullet"].paragraph_format.space_after = Pt(3)


def use_font(style: BaseStyle, font: str = FONT) -> None:
    """Set ``font`` on a style, dropping its theme fonts: Word and LibreOffice prefer a theme
    font (python-docx's headings use Calibri Light) to a named one set beside it."""
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in list(fonts.attrib):
        del fonts.attrib[attribute]
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), font)


def add_page_numbers(paragraph: Paragraph) -> None:
    """Append "Page N of M" (Word fields, updated as the document is laid out)."""
    paragraph.add_run("Page ")
    _field(paragraph, "PAGE")
    paragraph.add_run(" of ")
    _field(paragraph, "NUMPAGES")


def _field(paragraph: Paragraph, code: str) -> None:
    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), f" {code} ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    simple.append(run)
    paragraph._p.append(simple)
