"""What a council's record templates lack, found by rendering a probe meeting through them.

A template is judged by what it prints, not by how its tags are spelt: each probe value that
does not come out tells which placeholder is missing, whatever Jinja the council wrote. The
probe's provider name holds ``&``, ``<`` and ``{{ }}``, so a template that prints user text
unescaped or interprets it is caught too.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit import dates
from toolkit.errors import ExistsError, OutputError, TemplateError
from toolkit.frameworks import CLASSIFICATION
from toolkit.kinds.record import RecordKind
from toolkit.model import FrameworkMeeting
from toolkit.render.docx_tables import row_cells
from toolkit.render.record import read_template, record_kinds, render_record, template_path
from toolkit.write import write_bytes_atomic

PROVIDER = "Probe & Sons <Care> {{ not_a_tag }}"
CHAIR = "Chair Probe-Q7"
ATTENDEE = "Attendee Probe-K3"
APOLOGY = "Apology Probe-W2"
ACTION = "Action detail Probe-J5"
#: A date no real meeting file is likely to hold, nor a template to print by accident.
PROBE_DATE = "2031-03-04"


@dataclass(frozen=True)
class Finding:
    """One thing a template lacks; ``path`` is the template, ``message`` says what and how."""

    path: Path
    message: str


@dataclass
class TemplateReport:
    """The findings for a template folder; ``unusable`` when a template cannot render at all."""

    folder: Path
    findings: list[Finding] = field(default_factory=list)
    unusable: bool = False


def check_templates(folder: Path) -> TemplateReport:
    """Check the record templates of ``folder`` (appendix1/record.docx, ... one per kind).

    Raises TemplateError when ``folder`` holds neither template (nothing there to use).
    """
    if not folder.is_dir():
        raise TemplateError(f"{folder}: no such folder")
    report = TemplateReport(folder)
    every = record_kinds()
    present = [kind for kind in every if template_path(kind.name, folder).exists()]
    if not present:
        names = " or ".join(str(template_path(kind.name, Path())) for kind in every)
        raise TemplateError(f"{folder}: holds no record template ({names})")
    for kind in every:
        path = template_path(kind.name, folder)
        if kind not in present:
            message = f"missing: {kind.name} meetings cannot be rendered with this folder"
            report.findings.append(Finding(path, message))
            continue
        try:
            findings = _check_one(kind, folder)
        except TemplateError as error:
            report.unusable = True
            findings = [Finding(path, f"cannot be used: {error}")]
        report.findings.extend(findings)
    return report


def export_templates(folder: Path, *, force: bool = False) -> list[Path]:
    """Copy the toolkit's record templates into ``folder``; return the paths written.

    Raises UsageError, before copying anything, if a template exists there and not ``force``.
    """
    pairs = [
        (template_path(kind.name), template_path(kind.name, folder)) for kind in record_kinds()
    ]
    existing = [target for _, target in pairs if target.exists()]
    if existing and not force:
        raise ExistsError(existing[0])
    for source, target in pairs:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise OutputError(
                f"{target.parent}: cannot write ({error.strerror or error})"
            ) from None
        write_bytes_atomic(target, source.read_bytes())  # a full disk leaves the old one whole
    return [target for _, target in pairs]


def probe_meeting(kind: RecordKind) -> FrameworkMeeting:
    """A meeting whose every printed value is recognisable in the output."""
    person = {"organisation": "Probe Council"}
    data: dict[str, Any] = {
        "kind": kind.name,
        "provider": {"name": PROVIDER},
        "meeting": {
            "date": PROBE_DATE,
            "chair": {"name": CHAIR, **person},
            "attendees": [{"name": ATTENDEE, **person}],
            "apologies": [{"name": APOLOGY, **person}],
        },
        "sections": {heading.key: _section_text(heading.key) for heading in kind.headings},
        "actions": [{"detail": ACTION, "owner": "Owner Probe", **person}],
    }
    meeting = kind.model.model_validate(data)
    assert isinstance(meeting, FrameworkMeeting)  # a record kind's model records sections
    return meeting


def _section_text(key: str) -> str:
    return f"Text of {key} Probe-S9"


def _check_one(kind: RecordKind, folder: Path) -> list[Finding]:
    """Render the probe through one template; return what its output lacks."""
    import docx

    from toolkit.render.marking import missing_marking

    path = template_path(kind.name, folder)
    meeting = probe_meeting(kind)
    output = docx.Document(io.BytesIO(render_record(meeting, templates=folder)))
    template = docx.Document(read_template(path))  # it rendered: python-docx can read it
    findings = [
        Finding(path, f"no {CLASSIFICATION} in {where} (the toolkit adds it when rendering)")
        for where in missing_marking(template)
    ]
    texts = _all_text(output)
    expected = {
        PROVIDER: "the provider's name {{ provider.name }}",
        dates.long_date(meeting.meeting.date): "the meeting date {{ meeting.date }}",
        CHAIR: "the chair {{ meeting.chair }}",
        ATTENDEE: "the attendees {%tr for person in attendees %} ... {{ person.name }}",
        APOLOGY: "the apologies {%p for person in apologies %} ... {{ person }}",
        ACTION: "the action plan {%tr for action in actions %} ... {{ block.text }} "
        "for each block in action.detail",
        dates.long_date(kind.due(meeting)): "the minutes deadline {{ minutes_due }}",
    }
    findings += [
        Finding(path, f"does not print {what}")
        for value, what in expected.items()
        if not any(value in text for text in texts)
    ]
    return findings + _heading_findings(kind, path, output, texts)


def _heading_findings(
    kind: RecordKind, path: Path, output: Any, texts: list[str]
) -> list[Finding]:
    """The framework headings must come out in a Word heading style, each with its text."""
    titles = [heading.title for heading in kind.headings]
    styled = [p.text for p in output.paragraphs if _is_heading(p)]
    loop = "{%p for section in sections %} with {{ section.title }} in a Heading style"
    if not any(title in styled for title in titles):
        if any(title in texts for title in titles):
            return [
                Finding(path, f"prints the framework headings, but not in a Heading style: {loop}")
            ]
        return [Finding(path, f"does not print the framework headings: {loop}")]
    findings = [
        Finding(path, f"does not print the heading {title!r} in a Heading style")
        for title in titles
        if title not in styled
    ]
    if not all(any(_section_text(h.key) in t for t in texts) for h in kind.headings):
        findings.append(
            Finding(
                path,
                "does not print the text under each heading: "
                "{%p for block in section.blocks %} ... {{ block.text }}",
            )
        )
    return findings


def _is_heading(paragraph: Any) -> bool:
    """True for a paragraph in a Heading style or with an outline level (navigation pane)."""
    style = paragraph.style
    seen: set[int] = set()  # a style may be based on itself, or on one based on it
    while style is not None and id(style.element) not in seen:
        seen.add(id(style.element))
        if (
            (style.name or "").lower().startswith("heading")  # a style may have no name
            or style.element.find(".//{*}outlineLvl") is not None
        ):
            return True
        style = style.base_style
    return paragraph._p.find("./{*}pPr/{*}outlineLvl") is not None


def _all_text(document: Any) -> list[str]:
    """Every paragraph's text, in the body and in tables (nested ones too)."""
    texts = [p.text for p in document.paragraphs]
    pending = list(document.tables)
    while pending:
        table = pending.pop()
        for row in table.rows:
            for cell in row_cells(row):
                texts.extend(p.text for p in cell.paragraphs)
                pending.extend(cell.tables)
    return texts
