"""Records of meetings under framework headings (Appendix 1, 2...): docxtpl templates, marked.

A template folder holds ``FOLDER/record.docx`` for each kind of record (``appendix1`` initial
meetings, ``appendix2`` review meetings: each kind names its folder). The toolkit's own folder
is ``toolkit/templates/``, shipped in the package; a council passes its own with
``--templates DIR``. Every template, ours or a council's, renders in a sandboxed Jinja
environment with autoescaping, so that a template cannot read files or run code and text typed
by users (``&``, ``<``, ``{{ x }}``) is printed, never interpreted. What a template may print is
listed in toolkit/templates/records.md.
"""

from __future__ import annotations

import functools
import io
import zipfile
import zlib
from pathlib import Path
from typing import Any

from toolkit import dates, kinds
from toolkit.errors import TemplateError
from toolkit.files import check_package, package_file, read_office
from toolkit.kinds.record import RecordKind
from toolkit.model import FrameworkMeeting, NotApplicable
from toolkit.render.decisions import escalation_line, placement_context, suspension_line
from toolkit.render.docx_save import docx_bytes, stamp
from toolkit.render.wording import NOT_RECORDED, meeting_time, next_meeting_line, person_line
from toolkit.text import clean_text, is_blank, split_blocks

#: The toolkit's own templates, package data.
BUILTIN_TEMPLATES = package_file("templates")
TEMPLATE_NAME = "record.docx"
#: What the title of a provider's copy adds, and the line under each section it withholds.
PROVIDER_COPY_TITLE = "Provider copy"
WITHHELD = "This section is withheld from the provider's copy of the record."


def record_kinds() -> list[RecordKind]:
    """The kinds rendered through a record template, in the registry's order."""
    return [kind for kind in kinds.every() if isinstance(kind, RecordKind) and kind.template_folder]


def record_kind(meeting: FrameworkMeeting) -> RecordKind:
    """The kind of a record; a paper of another kind has no record template."""
    kind = kinds.of(meeting)
    if not isinstance(kind, RecordKind):
        raise TypeError(f"{meeting.kind} papers are not rendered as records")
    return kind


def template_path(kind: str, templates: Path | None = None) -> Path:
    """Return the record template of the kind named ``kind`` in ``templates`` (None: the
    toolkit's own)."""
    folder = kinds.get(kind).template_folder
    if folder is None:
        raise ValueError(f"{kind} papers have no record template")
    return (templates or BUILTIN_TEMPLATES) / folder / TEMPLATE_NAME


def render_record(
    meeting: FrameworkMeeting,
    *,
    templates: Path | None = None,
    draft: bool = False,
    provider_copy: bool = False,
) -> bytes:
    """Return the .docx bytes of the record of an initial or review meeting.

    ``templates`` is a council's template folder (None: the toolkit's); ``draft`` marks every
    page OFFICIAL-SENSITIVE DRAFT; ``provider_copy`` renders the provider's copy (see
    `record_context`), marked alike. Raises TemplateError, naming the template, when it is
    missing, not a Word file, or its Jinja code fails.
    """
    path = template_path(meeting.kind, templates)
    context = record_context(meeting, provider_copy=provider_copy)
    document = render_template(path, context, draft=draft)
    stamp(document, context["title"], meeting.provider.name)
    document.core_properties.comments = ""  # the template's notes to its editors
    return docx_bytes(document)


def render_template(path: Path, context: dict[str, Any], *, draft: bool = False) -> Any:
    """Render the docxtpl template at ``path``, marked on every page; return the Document.

    The marking goes in before docxtpl renders, because docxtpl replaces the header parts
    behind python-docx's back (edits made to them afterwards would be lost on saving).
    """
    from docx.opc.exceptions import PackageNotFoundError

    from toolkit.render.marking import mark_document

    template = _template_class()(read_template(path))
    try:
        document = template.get_docx()
    except (SyntaxError, ValueError, KeyError, PackageNotFoundError):  # lxml's errors: SyntaxError
        raise TemplateError(f"{path}: not a readable Word .docx document") from None
    from toolkit.render.sandbox import budget

    mark_document(document, draft=draft)
    try:
        with budget():  # time and steps, for all the parts of the document together
            template.render(context, jinja_env=_environment(), autoescape=True)
    except Exception as error:  # Jinja's errors, and what a template's own code raises:
        # {% include %} (no loader: TypeError), range(10**9) (OverflowError), 1/0, recursion...
        line = getattr(error, "lineno", None)
        where = f" (line {line} of the XML)" if line else ""
        # an error may say nothing (a MemoryError): its name then says what happened
        said = str(getattr(error, "message", None) or error).splitlines() or [type(error).__name__]
        raise TemplateError(f"{path}: template error{where}: {said[0]}") from None
    return template.docx


#: The ``xml:space`` attribute (``preserve`` keeps the spaces at either end of a run's text).
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


@functools.cache
def _template_class() -> type:
    """docxtpl's DocxTemplate, putting the rendered body into the document in linear time.

    lxml, moving a tree into another document, looks the ``xml`` namespace of each
    ``xml:space`` attribute up again in a cache that grows by one entry a look-up: quadratic,
    43 s of a 92 s render of 51,000 actions. The attributes are taken off for the move and put
    back after it, where each is set in constant time.
    """
    from docxtpl import DocxTemplate

    class LinearTemplate(DocxTemplate):
        def map_tree(self, tree: Any) -> None:
            spaced = [
                (element, element.attrib.pop(_XML_SPACE))
                for element in tree.xpath("//*[@xml:space]")
            ]
            super().map_tree(tree)
            for element, value in spaced:
                element.set(_XML_SPACE, value)

    return LinearTemplate


def read_template(path: Path) -> io.BytesIO:
    """The template's bytes, checked to be a Word document before docxtpl sees them."""
    data = read_office(
        path, what="template (.docx)", error=TemplateError, missing="no such template"
    )
    check_package(data, str(path), error=TemplateError)  # before docxtpl inflates any part
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            archive.getinfo("word/document.xml")
            declaring = next((n for n in archive.namelist() if _declares_doctype(archive, n)), None)
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, RuntimeError, ValueError, zlib.error):
        raise TemplateError(f"{path}: not a Word .docx document") from None
    if declaring is not None:
        # a DOCTYPE may declare entities (external files, or a billion laughs): Word never
        # writes one, and the template's XML is not parsed at all
        raise TemplateError(
            f"{path}: not a usable Word document: {declaring} declares a DOCTYPE "
            "(XML entities), which Word never writes"
        )
    return io.BytesIO(data)


#: ``<!DOCTYPE``, as an XML part may spell it: UTF-8, UTF-16 either way round.
_DOCTYPES = tuple("<!doctype".encode(encoding) for encoding in ("utf-8", "utf-16-le", "utf-16-be"))


def _declares_doctype(archive: zipfile.ZipFile, name: str) -> bool:
    """True if the XML part ``name`` holds a DOCTYPE declaration, read in chunks.

    In XML written by Word a ``<`` in text is always ``&lt;``: ``<!DOCTYPE`` anywhere in a
    part is a declaration.
    """
    if not name.lower().endswith((".xml", ".rels")):
        return False
    overlap = max(len(pattern) for pattern in _DOCTYPES)
    tail = b""
    with archive.open(name) as part:
        while chunk := part.read(1 << 16):
            window = (tail + chunk).lower()
            if any(pattern in window for pattern in _DOCTYPES):
                return True
            tail = window[-overlap:]
    return False


@functools.cache
def _environment() -> Any:
    """The sandboxed, autoescaping Jinja environment every record template renders in.

    A missing name is an error, ``|safe`` does not exist (it would print user text unescaped,
    and a bare ``&`` or ``<`` then corrupts the document), and every printed value goes
    through ``_printable``. Compiled templates are kept: docxtpl compiles each part's XML on
    every render, and that XML is the same from one render of a template to the next.
    """
    from jinja2 import StrictUndefined

    from toolkit.render.sandbox import BoundedSandbox

    class CachingSandbox(BoundedSandbox):
        # A council's template may not build a gigantic value ('a' * 10**10, 9**9**9,
        # 'x'|center(10**9)) nor loop for hours: see toolkit/render/sandbox.py.

        def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:
            if globals is not None or template_class is not None or not isinstance(source, str):
                return super().from_string(source, globals, template_class)
            return self._compiled(source)

        @functools.lru_cache(maxsize=64)  # noqa: B019 - one environment for the process
        def _compiled(self, source: str) -> Any:
            return super().from_string(source)

    environment = CachingSandbox(autoescape=True, undefined=StrictUndefined, finalize=_printable)
    del environment.filters["safe"]
    return environment


def _printable(value: Any) -> Any:
    """Escape a printed value for XML, and hide braces from docxtpl.

    docxtpl turns ``{_{`` into ``{{`` (and the like) after rendering; writing braces as
    character references keeps user text such as ``{_{`` exactly as typed. Characters XML
    cannot hold are dropped rather than left to corrupt the file.
    """
    from markupsafe import Markup, escape

    if value is None:
        return ""
    text = str(value) if isinstance(value, Markup) else str(escape(str(value)))
    text = clean_text(text).replace("{", "&#123;").replace("}", "&#125;")
    return Markup(text)


def record_context(meeting: FrameworkMeeting, *, provider_copy: bool = False) -> dict[str, Any]:
    """Return what a record template may print: plain strings, lists and dicts.

    Dates in prose are written out (``Friday 20 November 2026``); text fields become ``blocks``,
    lists of ``{"bullet": bool, "text": str}`` (never empty) for paragraphs and bullet points.

    ``provider_copy``: the copy for the provider, who "may be invited to all or part of the
    meeting" and so receives the record without the parts not for it. Its title says so. The
    sections the kind withholds by default (those about named adults at risk) and those the
    meeting lists under ``provider_copy.exclude`` keep their heading, so that the provider
    sees that something was discussed, with one line saying it is withheld; their text appears
    nowhere (the next meeting line does not point at a withheld section). The attendees' email
    addresses and telephone numbers are left out: they are the partners' direct contacts for
    the enquiry, and the provider reaches the partnership through the chair, whose name, role
    and organisation stay, with every attendee's. The action plan stays whole: it is what the
    provider is told must be done and by when (the provider is "informed in writing of ... the
    actions to be taken"), and many actions are the provider's own; an action that names an
    adult at risk should be worded without the name, or the meeting circulates no copy.
    """
    kind = record_kind(meeting)
    details = meeting.meeting
    provider = meeting.provider
    withheld = set(kind.withheld(meeting)) if provider_copy else set()
    return {
        "title": f"{kind.title} – {PROVIDER_COPY_TITLE}" if provider_copy else kind.title,
        "provider": {
            "name": provider.name,
            "company": _or_not_recorded(provider.company),
            "service_type": _or_not_recorded(provider.service_type),
            "client_group": _or_not_recorded(provider.client_group),
            "address": _or_not_recorded(provider.address),
            "cqc_location_id": _or_not_recorded(provider.cqc_location_id),
        },
        "meeting": {
            "date": dates.long_date(details.date),
            "time": meeting_time(meeting.meeting),
            "venue": _or_not_recorded(details.venue),
            "chair": person_line(details.chair),
            "minute_taker": person_line(details.minute_taker)
            if details.minute_taker
            else NOT_RECORDED,
        },
        "previous_meeting": _previous_meeting(meeting),
        "escalation": escalation_line(meeting.escalation),
        "suspension": suspension_line(meeting.suspension),
        "placement": placement_context(meeting, blocks),
        "attendees": [
            {
                "name": person.name,
                "role": person.role or "",
                "organisation": person.organisation or "",
                "email": "" if provider_copy else person.email or "",
                "phone": "" if provider_copy else person.phone or "",
            }
            for person in details.attendees
        ],
        "apologies": [person_line(person) for person in details.apologies],
        "provider_attendance": blocks(details.provider_attendance),
        "sections": [
            {
                "key": heading.key,
                "title": heading.title,
                "blocks": [{"bullet": False, "text": WITHHELD}]
                if heading.key in withheld
                else blocks(value),
            }
            for heading, value in meeting.iter_sections()
        ],
        "actions": [
            {
                "number": str(action.number),
                "detail": blocks(action.detail),
                "owner": action.owner,
                "organisation": action.organisation,
                "due": dates.short_date(action.due) if action.due else "",
                "progress": _progress_blocks(action.update),
                "completed": dates.short_date(action.completed) if action.completed else "",
            }
            for action in meeting.actions
        ],
        "next_meeting": _next_meeting(meeting, withheld),
        "minutes_due": dates.long_date(kind.due(meeting)),
        "minutes_rule": kind.deadline_in_force().rule,
        "circulation": list(meeting.circulation.recipients),
    }


def blocks(value: str | NotApplicable | None) -> list[dict[str, Any]]:
    """Return a text field as paragraphs and bullets; a reason or "Not recorded." otherwise."""
    if isinstance(value, NotApplicable):
        return [{"bullet": False, "text": f"Not applicable: {value.not_applicable.strip()}"}]
    found = [] if is_blank(value) else split_blocks(value or "")
    if not found:
        return [{"bullet": False, "text": NOT_RECORDED}]
    return [{"bullet": block.kind == "bullet", "text": block.text} for block in found]


def _progress_blocks(update: str | None) -> list[dict[str, Any]]:
    """Progress on an action as paragraphs and bullets; nothing when none was reported."""
    return [] if is_blank(update) else blocks(update)


def _or_not_recorded(value: str | None) -> str:
    return NOT_RECORDED if is_blank(value) else str(value)


def _previous_meeting(meeting: FrameworkMeeting) -> str:
    previous = getattr(meeting, "previous_meeting", None)
    return dates.long_date(previous) if previous else NOT_RECORDED


def _next_meeting(meeting: FrameworkMeeting, withheld: set[str]) -> str:
    """The next meeting's date, or a pointer to the section that agreed it, or NOT_RECORDED;
    never a pointer to a section ``withheld`` from the provider's copy."""
    if meeting.next_meeting:
        return next_meeting_line(meeting.next_meeting)
    key = record_kind(meeting).next_meeting_section
    if key in withheld:
        return NOT_RECORDED
    for heading, value in meeting.iter_sections():
        if heading.key == key and isinstance(value, str) and not is_blank(value):
            return f"As agreed under “{heading.title}” above."
    return record_kind(meeting).no_next_meeting
