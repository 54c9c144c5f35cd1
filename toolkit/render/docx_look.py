"""The look every Word paper shares: A4 pages, fonts, sizes, colours, language, page numbers.

The record templates (templates/build_templates.py) and the papers built directly with
python-docx (the strategic agenda and minutes) all start from `new_paper`, so that a pack's
papers are alike: the same font in every heading, the same size of marking, the same tables.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from toolkit.text import split_blocks

if TYPE_CHECKING:
    from docx.document import Document
    from docx.section import Section
    from docx.styles.style import BaseStyle
    from docx.text.paragraph import Paragraph

FONT = "Arial"
#: The papers are written in English (UK): Word's spelling check must not underline
#: "organisation", "behaviour" or "programme" (python-docx's default template says en-US).
LANGUAGE = "en-GB"
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
#: Shading of table header rows, and of the label column of a details table.
HEADER_FILL = "D9E1F2"
LABEL_FILL = "F2F2F2"
#: A4 with 2 cm margins: 17 cm of text across a portrait page, 25.7 cm across a landscape one.
A4 = (Cm(21), Cm(29.7))
MARGIN = Cm(2)
#: Table styles kept from python-docx's default template (Word offers its own again on demand).
_KEEP_TABLE_STYLES = {"TableNormal", "TableGrid"}


def new_paper() -> Document:
    """A new A4 portrait document in the house look, with "Page N of M" in the footer.

    Starts from python-docx's default template, slimmed of what would make Word rewrite the
    file or that every render would parse for nothing (see `_slim`).
    """
    document = docx.Document()
    _slim(document)
    house_styles(document)
    set_page(document.sections[0], landscape=False)
    footer = document.sections[0].footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_page_numbers(footer)
    return document


def house_styles(document: Document) -> None:
    """Arial throughout, A4-friendly sizes, dark blue titles, headings kept with what follows,
    English (UK) proofing, and the smaller text of tables ("Table Text", "Table Bullet")."""
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
    _table_styles(document)
    use_language(document)


def _table_styles(document: Document) -> None:
    """9-point paragraphs and bullets for table cells."""
    for name, base in (("Table Text", "Normal"), ("Table Bullet", "List Bullet")):
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles[base]
        style.font.size = Pt(9)
        style.paragraph_format.space_after = Pt(2)


def use_language(document: Document, language: str = LANGUAGE) -> None:
    """Declare ``language`` for proofing in the document defaults and in every style that
    names a language of its own, and in the core properties."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    targets = [] if defaults is None else list(defaults.iter(qn("w:lang")))
    targets += list(styles.iter(qn("w:lang")))
    for lang in dict.fromkeys(targets):
        lang.set(qn("w:val"), language)
    document.core_properties.language = language


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


def set_page(section: Section, *, landscape: bool) -> None:
    """A4, portrait or landscape, 2 cm margins."""
    width, height = A4
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, MARGIN)
    section.header_distance = section.footer_distance = Cm(1)


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


def _slim(document: Document) -> None:
    """Drop python-docx's Word 2010 styles copy (stylesWithEffects.xml: once the styles are
    changed it disagrees with styles.xml, which Word may report as unreadable content), its
    thumbnail (a picture of another document), an empty custom XML part, and 98 unused table
    styles."""
    for rid, rel in list(document.part.rels.items()):
        if rel.reltype.endswith(("/stylesWithEffects", "/customXml")):
            document.part.drop_rel(rid)
    package_rels = document.part.package.rels
    for rid, rel in list(package_rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            package_rels.pop(rid)
    styles = document.styles.element
    for style in styles.findall(qn("w:style")):
        unused = style.get(qn("w:styleId")) not in _KEEP_TABLE_STYLES
        if style.get(qn("w:type")) == "table" and unused:
            styles.remove(style)


def set_style(paragraph: Paragraph, name: str) -> None:
    """Give ``paragraph`` the paragraph style ``name``, which the document defines.

    python-docx's ``paragraph.style = name`` also walks every style of the document, each
    time, to compare it with the default: half the time of a paper of thousands of rows.
    """
    paragraph._p.style = paragraph.part.package.main_document_part.styles[name].style_id


def add_blocks(document: Document, text: str) -> None:
    """A text field as Word paragraphs and real bullets ("List Bullet"), line breaks kept
    inside each (see `toolkit.text.split_blocks`)."""
    for block in split_blocks(text):
        paragraph = document.add_paragraph(block.text)
        if block.kind == "bullet":
            set_style(paragraph, "List Bullet")
