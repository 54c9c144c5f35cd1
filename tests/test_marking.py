"""The OFFICIAL-SENSITIVE marking on every header and footer Word or LibreOffice can show."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT, WD_SECTION

from tests.office import assert_marked_top_and_bottom, pdf_pages, to_pdf
from toolkit.frameworks import CLASSIFICATION
from toolkit.render.marking import mark_document, marking_text, missing_marking

DRAFT = CLASSIFICATION + " DRAFT"


def reopen(document: docx.document.Document) -> docx.document.Document:
    """Save and reload, so that assertions read the file Word would read."""
    buffer = io.BytesIO()
    document.save(buffer)
    return docx.Document(io.BytesIO(buffer.getvalue()))


def awkward_document(pages_per_section: int = 1) -> docx.document.Document:
    """Three sections: a first page, odd/even pages, a landscape section with its own header."""
    document = docx.Document()
    document.settings.odd_and_even_pages_header_footer = True
    document.sections[0].different_first_page_header_footer = True
    document.sections[0].header.paragraphs[0].text = "Anyshire County Council"
    for number in range(3):
        if number:
            section = document.add_section(WD_SECTION.NEW_PAGE)
            # the landscape section shows no first page of its own; the last one does again
            section.different_first_page_header_footer = number == 2
            if number == 1:
                section.orientation = WD_ORIENT.LANDSCAPE
                section.page_width, section.page_height = section.page_height, section.page_width
                section.header.is_linked_to_previous = False
                section.header.paragraphs[0].text = "Landscape action plan"
        for page in range(pages_per_section):
            for line in range(40):
                document.add_paragraph(f"Section {number + 1} page {page + 1} line {line + 1}")
    return document


def test_plain_document_is_marked_at_top_and_bottom() -> None:
    document = docx.Document()
    document.add_paragraph("Body")
    assert missing_marking(document) == ["section 1: default header", "section 1: default footer"]
    mark_document(document)
    document = reopen(document)
    section = document.sections[0]
    assert section.header.paragraphs[0].text == CLASSIFICATION
    assert section.footer.paragraphs[-1].text == CLASSIFICATION
    assert missing_marking(document) == []
    assert document.core_properties.category == CLASSIFICATION
    assert document.core_properties.keywords == CLASSIFICATION


def test_marking_twice_rewrites_rather_than_repeats() -> None:
    document = docx.Document()
    mark_document(document)
    mark_document(document, draft=True)
    header = [p.text for p in document.sections[0].header.paragraphs]
    footer = [p.text for p in document.sections[0].footer.paragraphs]
    assert header == [DRAFT]
    assert footer == [DRAFT]
    assert document.core_properties.category == marking_text(draft=True) == DRAFT


def test_existing_header_content_is_kept_below_the_marking() -> None:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Anyshire County Council"
    document.sections[0].footer.paragraphs[0].text = "Page footer text"
    mark_document(document)
    assert [p.text for p in document.sections[0].header.paragraphs] == [
        CLASSIFICATION,
        "Anyshire County Council",
    ]
    assert [p.text for p in document.sections[0].footer.paragraphs] == [
        "Page footer text",
        CLASSIFICATION,
    ]


def test_an_added_marking_paragraph_takes_the_style_of_the_header_or_footer() -> None:
    # A bare new paragraph would be Normal (11 pt) beside a 9 pt "Footer": the markings at the
    # top and bottom of the page came out in different sizes.
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Anyshire County Council"
    document.sections[0].footer.paragraphs[0].text = "Page footer text"
    mark_document(document)
    document = reopen(document)
    header, footer = document.sections[0].header, document.sections[0].footer
    assert [p.style.name for p in header.paragraphs] == ["Header", "Header"]
    assert [p.style.name for p in footer.paragraphs] == ["Footer", "Footer"]


def test_header_starting_with_a_table_gets_a_marking_paragraph_above_it() -> None:
    document = docx.Document()
    header = document.sections[0].header
    header.paragraphs[0].text = "under the table"
    table = header.add_table(1, 2, docx.shared.Inches(6))
    table.cell(0, 0).text = "Logo"
    header._element.insert(0, table._tbl)
    mark_document(document)
    first = next(iter(header.iter_inner_content()))
    assert first.text == CLASSIFICATION


def test_every_section_and_kind_is_marked_and_even_header_is_created() -> None:
    document = awkward_document()
    before = missing_marking(document)
    assert "section 1: even-page header" in before
    assert "section 2: first-page footer" not in before  # section 2 has no first page
    assert "section 2: default header" in before
    assert "section 3: first-page header" in before
    mark_document(document)
    document = reopen(document)
    assert missing_marking(document) == []
    first = document.sections[0]
    assert not first.even_page_header.is_linked_to_previous
    assert first.even_page_header.paragraphs[0].text == CLASSIFICATION
    assert first.first_page_footer.paragraphs[-1].text == CLASSIFICATION
    landscape = document.sections[1].header
    assert [p.text for p in landscape.paragraphs] == [CLASSIFICATION, "Landscape action plan"]


def test_missing_marking_reads_without_changing_the_document() -> None:
    document = awkward_document()
    headers = len(document.part.package.parts)
    missing_marking(document)
    assert len(document.part.package.parts) == headers
    assert document.sections[0].even_page_header.is_linked_to_previous


def test_marking_in_a_header_table_counts() -> None:
    document = docx.Document()
    mark_document(document)
    header = document.sections[0].header
    header.paragraphs[0].text = ""
    header.add_table(1, 1, docx.shared.Inches(6)).cell(0, 0).text = CLASSIFICATION
    assert missing_marking(document) == []


@pytest.mark.libreoffice
def test_every_page_is_marked_top_and_bottom_in_libreoffice(tmp_path: Path) -> None:
    document = awkward_document(pages_per_section=2)
    mark_document(document, draft=True)
    source = tmp_path / "awkward.docx"
    document.save(source)
    pages = pdf_pages(to_pdf(source, tmp_path))
    assert len(pages) >= 6
    assert_marked_top_and_bottom(pages, DRAFT)


def tiny_png() -> bytes:
    """A valid 1x1 PNG, built by hand so the test needs no image library."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def test_first_page_header_not_inherited_across_a_section_is_copied_with_its_logo() -> None:
    document = awkward_document()
    logo = document.sections[0].first_page_header.paragraphs[0].add_run()
    logo.add_picture(io.BytesIO(tiny_png()), width=docx.shared.Inches(0.5))
    mark_document(document)
    document = reopen(document)
    third = document.sections[2].first_page_header
    assert not third.is_linked_to_previous
    assert third.paragraphs[0].text == CLASSIFICATION
    blip = third._element.xpath(".//a:blip/@r:embed")
    assert blip, "the logo was not copied"
    assert third.part.related_parts[blip[0]].content_type == "image/png"
    assert missing_marking(document) == []


def test_first_page_header_of_the_first_section_keeps_its_content() -> None:
    document = docx.Document()
    document.sections[0].different_first_page_header_footer = True
    document.sections[0].first_page_header.paragraphs[0].text = "Cover page header"
    document.add_section(WD_SECTION.NEW_PAGE).different_first_page_header_footer = False
    mark_document(document)
    first = document.sections[0].first_page_header
    assert [p.text for p in first.paragraphs] == [CLASSIFICATION, "Cover page header"]
    assert document.sections[1].first_page_header.is_linked_to_previous
