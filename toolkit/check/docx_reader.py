"""Read a Word record as the check needs it: its paragraphs in order (table cells included) with
how much each looks like a heading, its tables, and its "Label: value" pairs.

The body is walked once with lxml (python-docx opens the package): a 50-page record takes
milliseconds, and text in content controls and nested tables is not lost.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from docx.oxml.ns import qn
from lxml import etree

from toolkit.check.headings import Strength
from toolkit.errors import DocumentError
from toolkit.files import ZIP_MAGIC, check_package

_P, _TBL, _SDT, _SDT_CONTENT = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:sdtContent")
_TR, _TC, _R = qn("w:tr"), qn("w:tc"), qn("w:r")
_T, _TAB, _BR, _CR = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
_VAL = qn("w:val")
_PPR, _RPR, _VANISH = qn("w:pPr"), qn("w:rPr"), qn("w:vanish")
_TXBX = qn("w:txbxContent")
#: Tracked changes whose text is gone from the document as it prints: deleted, or moved away.
_REMOVED = {qn("w:del"), qn("w:moveFrom")}
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_ALTERNATE, _CHOICE, _FALLBACK = (
    f"{{{_MC}}}{name}" for name in ("AlternateContent", "Choice", "Fallback")
)
_OUTLINE = f"{qn('w:pPr')}/{qn('w:outlineLvl')}"
_PSTYLE = f"{qn('w:pPr')}/{qn('w:pStyle')}"
_HEADING_NAME = re.compile(r"^heading\s*(\d)$", re.I)
_FALSE = {"0", "false", "off", "none"}
#: Longer paragraphs are prose, never headings.
MAX_HEADING_CHARS = 250
_LABEL = re.compile(r"^([^:\n]{1,60}):[ \t]*(.*)$", re.S)


@dataclass(frozen=True)
class Block:
    """One paragraph (or table-cell paragraph) of the body, in reading order.

    ``level`` is its heading level (0 for Title, None when not a heading style); ``lead`` is a
    bold start or ``Heading:`` label of a paragraph that goes on with text, and ``rest`` that text.
    """

    text: str
    level: int | None = None
    bold: bool = False
    in_table: bool = False
    lead: str | None = None
    lead_bold: bool = False
    rest: str = ""
    contents: bool = False  # a table-of-contents entry: it repeats a heading, it is not one

    @property
    def strength(self) -> Strength:
        if self.level is not None:
            return Strength.STYLED
        return Strength.BOLD if self.bold else Strength.PLAIN


@dataclass(frozen=True)
class Table:
    """A table's rows as cell texts, with the heading or label just above it."""

    rows: list[list[str]]
    before: str = ""


@dataclass
class RecordText:
    """What the check reads from a Word record."""

    blocks: list[Block] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    pairs: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class _Style:
    level: int | None
    bold: bool
    contents: bool
    hidden: bool = False  # its text is hidden (w:vanish): nothing of it prints


def read_record(data: bytes, source: str) -> RecordText:
    """Return the text of the .docx in ``data``; DocumentError (naming ``source``) if unreadable."""
    import docx

    if not data.startswith(ZIP_MAGIC):
        raise DocumentError(f"{source}: not a Word document (.docx)")
    check_package(data, source)  # a zip bomb is refused before python-docx inflates it
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx, zipfile and lxml raise assorted errors
        raise DocumentError(f"{source}: {_unreadable(error)}") from None
    reader = _Reader(_styles(document.styles.element))
    reader.walk(document.element.body, in_table=False)
    return reader.record


def _unreadable(error: Exception) -> str:
    """Why python-docx could not open a file, in words: its own message names an in-memory
    object ("file '<_io.BytesIO object at 0x...>' is not a Word file") that means nothing."""
    message = " ".join(str(error).split())
    for kind, what in (("spreadsheetml", "an Excel workbook"), ("presentationml", "a slide show")):
        if kind in message:
            return f"is {what}, not a Word document; check the Word record"
    if "is not a Word file" in message:
        return "is not a Word document (.docx)"
    return f"cannot be read as a Word document ({message})"


def _styles(styles: etree._Element) -> dict[str | None, _Style]:
    """Map each paragraph/character style id (None: the default) to what the check needs."""
    raw: dict[str, etree._Element] = {}
    default: str | None = None
    for style in styles.iter(qn("w:style")):
        style_id = style.get(qn("w:styleId"))
        if style_id:
            raw[style_id] = style
            if (
                style.get(qn("w:default")) in ("1", "true")
                and style.get(qn("w:type")) == "paragraph"
            ):
                default = style_id
    resolved: dict[str | None, _Style] = {style_id: _resolve(style_id, raw) for style_id in raw}
    resolved[None] = resolved.get(default or "", _Style(None, False, False))
    return resolved


def _resolve(style_id: str, raw: dict[str, etree._Element]) -> _Style:
    """Follow ``basedOn`` so a council's "Record Heading" based on Heading 2 counts as one."""
    level: int | None = None
    bold: bool | None = None
    hidden: bool | None = None
    contents = False
    current: str | None = style_id
    for _ in range(10):
        style = raw.get(current or "")
        if style is None:
            break
        name_el = style.find(qn("w:name"))
        name = (name_el.get(_VAL) if name_el is not None else current) or ""
        contents = contents or name.lower().startswith("toc")
        if level is None:
            level = _style_level(style, name)
        if bold is None and (b := style.find(f"{qn('w:rPr')}/{qn('w:b')}")) is not None:
            bold = (b.get(_VAL) or "1").lower() not in _FALSE
        if hidden is None and (vanish := style.find(f"{_RPR}/{_VANISH}")) is not None:
            hidden = _on(vanish)
        based = style.find(qn("w:basedOn"))
        current = based.get(_VAL) if based is not None else None
    return _Style(level, bool(bold), contents, bool(hidden))


def _on(toggle: etree._Element) -> bool:
    """Whether an on/off property such as ``<w:b/>`` or ``<w:vanish w:val="0"/>`` is on."""
    return (toggle.get(_VAL) or "1").lower() not in _FALSE


def _style_level(style: etree._Element, name: str) -> int | None:
    if name.lower() == "title":
        return 0
    if match := _HEADING_NAME.match(name):
        return int(match.group(1))
    return _outline_level(style)


def _outline_level(element: etree._Element) -> int | None:
    """The heading level an outline level gives a paragraph or style (Word's 0-8 is 1-9)."""
    outline = element.find(_OUTLINE)
    value = outline.get(_VAL, "") if outline is not None else ""
    return int(value) + 1 if value.isdigit() and int(value) < 9 else None


class _Reader:
    """Walks the body once, collecting blocks, tables and label/value pairs."""

    def __init__(self, styles: dict[str | None, _Style]) -> None:
        self.styles = styles
        self.record = RecordText()
        self.last_label = ""

    def walk(self, parent: etree._Element, *, in_table: bool) -> None:
        for child in parent:
            if child.tag == _P:
                self.paragraph(child, in_table=in_table)
            elif child.tag == _TBL:
                self.table(child)
            elif child.tag == _SDT:
                content = child.find(_SDT_CONTENT)
                if content is not None:
                    self.walk(content, in_table=in_table)

    def paragraph(self, p: etree._Element, *, in_table: bool) -> None:
        style = self.styles.get(_paragraph_style(p)) or self.styles[None]
        boxes: list[etree._Element] = []
        runs = list(_text_runs(_runs(p, boxes), style, self.styles))
        self._add(p, runs, style, in_table=in_table)
        for box in boxes:  # a text box anchored in the paragraph reads as paragraphs after it
            self.walk(box, in_table=in_table)

    def _add(
        self, p: etree._Element, runs: list[tuple[str, bool]], style: _Style, *, in_table: bool
    ) -> None:
        text = "".join(text for text, _ in runs).strip()
        if not text:
            return
        level = style.level if style.level is not None else _outline_level(p)
        bold = all(bold for chunk, bold in runs if chunk.strip())
        lead, lead_bold, rest = _lead(runs, text, bold)
        self.record.blocks.append(
            Block(text, level, bold, in_table, lead, lead_bold, rest, style.contents)
        )
        if not in_table:
            if (label := _LABEL.match(text)) and label.group(2).strip():
                self.record.pairs.append((label.group(1).strip(), label.group(2).strip()))
            if len(text) <= 100:
                self.last_label = text

    def table(self, tbl: etree._Element) -> None:
        before = self.last_label
        rows: list[list[str]] = []
        for tr in tbl.iter(_TR):
            if _ancestor_table(tr) is not tbl:
                continue  # a nested table's rows belong to it
            cells: list[str] = []
            for tc in tr.iter(_TC):
                if _ancestor_table(tc) is not tbl:
                    continue
                start = len(self.record.blocks)
                self.walk(tc, in_table=True)
                cells.append("\n".join(b.text for b in self.record.blocks[start:]))
            rows.append(cells)
            self.record.pairs.extend(_row_pairs(cells))
        self.record.tables.append(Table(rows, before))


def _ancestor_table(element: etree._Element) -> etree._Element | None:
    parent = element.getparent()
    while parent is not None and parent.tag != _TBL:
        parent = parent.getparent()
    return parent


def _paragraph_style(p: etree._Element) -> str | None:
    style = p.find(_PSTYLE)
    return style.get(_VAL) if style is not None else None


def _runs(parent: etree._Element, boxes: list[etree._Element]) -> Iterator[etree._Element]:
    """The runs of a paragraph as it prints, in order: inside hyperlinks, fields, content
    controls and tracked insertions, not in tracked deletions or moves away, and not in text
    boxes, which are added to ``boxes`` instead (once: an alternate content's first choice,
    not the fallback Word writes beside it for older readers)."""
    for child in parent:
        tag = child.tag
        if tag == _R:
            yield child
            _boxes(child, boxes)
        elif tag == _TXBX:
            boxes.append(child)
        elif tag == _ALTERNATE:
            yield from _runs(_alternative(child), boxes)
        elif tag not in _REMOVED and tag != _PPR and isinstance(tag, str):
            yield from _runs(child, boxes)


def _boxes(parent: etree._Element, boxes: list[etree._Element]) -> None:
    """Add the text boxes drawn in a run (not those nested in a text box: they are read with it)."""
    for child in parent:
        if child.tag == _TXBX:
            boxes.append(child)
        elif child.tag == _ALTERNATE:
            _boxes(_alternative(child), boxes)
        elif isinstance(child.tag, str):
            _boxes(child, boxes)


def _alternative(alternate: etree._Element) -> etree._Element:
    """The one branch of an ``mc:AlternateContent`` to read: the first choice, if any."""
    for tag in (_CHOICE, _FALLBACK):
        if (branch := alternate.find(tag)) is not None:
            return branch
    return alternate


def _text_runs(
    runs: Iterator[etree._Element], style: _Style, styles: dict[str | None, _Style]
) -> Iterator[tuple[str, bool]]:
    """Yield each printed run's text and whether it shows bold (direct, run style or paragraph
    style); hidden text (``w:vanish``, directly or by style) is not printed, so not yielded."""
    for run in runs:
        bold, hidden = style.bold, style.hidden
        rpr = run.find(_RPR)
        if rpr is not None:
            rstyle = rpr.find(qn("w:rStyle"))
            if rstyle is not None and (found := styles.get(rstyle.get(_VAL))) is not None:
                bold = bold or found.bold or "strong" in (rstyle.get(_VAL) or "").lower()
                hidden = hidden or found.hidden
            b = rpr.find(qn("w:b"))
            if b is not None:
                bold = _on(b)
            vanish = rpr.find(_VANISH)
            if vanish is not None:
                hidden = _on(vanish)
        if hidden:
            continue
        parts = []
        for node in run:
            if node.tag == _T:
                parts.append(node.text or "")
            elif node.tag == _TAB:
                parts.append("\t")
            elif node.tag in (_BR, _CR):
                parts.append("\n")
        if parts:
            yield "".join(parts), bold


def _lead(runs: list[tuple[str, bool]], text: str, bold: bool) -> tuple[str | None, bool, str]:
    """A paragraph's bold start, or its ``Label:`` start, when more text follows it."""
    if not bold:
        leading = []
        for chunk, is_bold in runs:
            if not is_bold and chunk.strip():
                break
            leading.append(chunk)
        head = "".join(leading).strip()
        if head and len(head) <= MAX_HEADING_CHARS:
            return (
                head.rstrip(":").strip(),
                True,
                text[len("".join(leading).lstrip()) :].lstrip(" :\t\n"),
            )
    if (label := _LABEL.match(text)) and label.group(2).strip():
        return label.group(1).strip(), False, label.group(2).strip()
    return None, False, ""


def _row_pairs(cells: list[str]) -> list[tuple[str, str]]:
    """A form row "Date | 20/11/2026 | Venue | Teams" as label/value pairs."""
    cells = [cell.strip() for cell in cells]
    return [
        (cells[i], cells[i + 1])
        for i in range(0, len(cells) - 1, 2)
        if cells[i] and cells[i + 1] and len(cells[i]) <= 60
    ]
