"""A paper's form, derived from its kind: the kind's pydantic model gives the fields and their
controls, its headings (`check_targets`, `reminders`) the labels and hints of the parts that
`check` judges. Nothing here names a kind: a new kind gets its form from its declarations.

The form is a tree of `Field`, `Group` (a nested model: a fieldset) and `Rows` (a list of
models: repeatable rows), built with the values of a paper's data and the problems found in
it; `toolkit.web.formdata` reads a posted form back into data by walking the same shapes.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from toolkit import dates
from toolkit.kinds.base import PaperKind
from toolkit.model import NotApplicable, Paper
from toolkit.text import capitalised

#: Text fields written as prose (the contract's "text fields"): shown as a text box, not a line.
PROSE = frozenset(
    {
        "action",
        "address",
        "allegations_and_harm",
        "description",
        "detail",
        "history",
        "immediate_safety",
        "nature",
        "notes",
        "other_action",
        "people_and_period",
        "provider_attendance",
        "reason",
        "risk_to_service_users",
        "sanctions",
        "summary",
        "update",
        "upheld_against_contract",
    }
)
#: Labels a chair reads better than the field's name, by its path (row numbers left out):
#: what a date is the date of, a time's unit, a code's meaning, as the blank file's comments
#: and the Word papers say them. Every other control is labelled by its name, humanised.
LABELS = {
    "actions.number": "Action number",
    "actions.detail": "What is to be done",
    "actions.due": "Due date",
    "actions.update": "Progress update",
    "actions.completed": "Date completed",
    "actions.document_filed": "Relevant document filed?",
    "report.actions_agreed.detail": "What is to be done",
    "report.actions_agreed.due": "Due date",
    "meeting.date": "Date of meeting",
    "meeting.start": "Start time",
    "meeting.end": "End time",
    "next_meeting.start": "Start time",
    "meeting_invitation.start": "Start time",
    "circulation.recipients": "Circulated to (one a line)",
    "escalation.level": "Escalation level (1 to 5)",
    "escalation.entry_point": "Entered at this level without the levels below (exceptional)",
    "escalation.reason": "Why it was entered at this level",
    "suspension.status": "Suspension of new admissions",
    "suspension.measure": "Measure (of placements)",
    "suspension.decided": "Date decided",
    "suspension.review_date": "Date the decision is reviewed",
    "suspension.criteria": "Criteria that apply (Appendix A)",
    "suspension.commissioners_informed": "Date neighbouring commissioners were told",
    "provider_copy.exclude": "Headings left out of the provider's copy",
    "concern.raised": "Date raised",
    "concern.outcome_date": "Date of outcome",
    "report.identified": "Date identified",
    "report.submitted": "Date submitted",
    "screening.by": "Screened by",
    "screening.date": "Date screened",
    "follow_up.provider_contacted": "Date the provider was contacted",
    "follow_up.monitoring_visit": "Date of monitoring visit",
    "letter.date": "Date of letter",
    "letter.verbal_notice": "Date of verbal notice",
    "letter.following_meeting": "Date of the meeting it follows",
    "previous_meeting": "Date of previous meeting",
}
#: Words a label writes in capitals.
_ACRONYMS = {"cqc": "CQC", "id": "ID", "dsp": "DSP", "qasig": "QASIG", "ccrf": "CCRF"}

Widget = Literal[
    "text", "textarea", "date", "time", "datetime", "number", "select", "checkbox", "yesno",
    "lines", "choices", "section", "notes",
]  # fmt: skip


def control_id(name: str) -> str:
    """The id of the control (or block) a form name is shown by."""
    return "f-" + name.replace(".", "-") if name else "paper-form"


@dataclass(frozen=True)
class Shape:
    """What a model field holds, as a form control sees it."""

    widget: Widget | Literal["group", "rows"]
    optional: bool = False
    model: type[BaseModel] | None = None
    options: tuple[str, ...] = ()
    long: bool = False


@dataclass
class Field:
    """One control: its form name (``meeting.chair.name``), label, value as the form shows it
    (a list for ticked choices), hint and problems."""

    name: str
    label: str
    widget: Widget
    value: Any = ""
    hint: str = ""
    required: bool = False
    options: tuple[tuple[str, str], ...] = ()
    reason: str = ""  # a section's reason for not applying
    errors: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return control_id(self.name)

    @property
    def height(self) -> int:
        """A text box tall enough for what it holds (within reason), and roomy for a heading."""
        text = self.value if isinstance(self.value, str) else ""
        lines = sum(1 + len(line) // 80 for line in text.split("\n"))
        return min(max(lines + 1, 6 if self.widget == "section" else 3), 20)

    @property
    def span(self) -> str:
        """How much of a row of the form's grid the control takes: prose the whole width, a
        line of text half, a date or a choice a quarter."""
        if self.widget in ("textarea", "section", "lines", "choices"):
            return "full"
        return "half" if self.widget == "text" else "quarter"

    @property
    def input_type(self) -> str:
        """A date the browser's date box cannot show (``next Tuesday``) is shown as typed."""
        if self.widget == "date" and self.value and not _iso_date(self.value):
            return "text"
        return {"date": "date", "time": "time", "datetime": "datetime-local"}.get(
            self.widget, "text"
        )


@dataclass
class Group:
    """A nested block (the chair, the suspension): a fieldset with a legend."""

    name: str
    legend: str
    children: list[Node]
    hint: str = ""
    errors: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return control_id(self.name)


@dataclass
class Rows:
    """A list of blocks (attendees, actions): one fieldset a row, with Add and Remove."""

    name: str
    legend: str
    item: str
    rows: list[Group]
    hint: str = ""
    errors: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return control_id(self.name)


Node = Field | Group | Rows


def shape(annotation: Any) -> Shape:
    """The control for a field of type ``annotation`` (Annotated, optional and lists unwrapped)."""
    optional = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            optional = optional or len(args) < len(typing.get_args(annotation))
            if NotApplicable in args:
                return Shape("section", True)
            annotation = args[0]
        else:
            break
    origin = typing.get_origin(annotation)
    if origin is list:
        item = shape(typing.get_args(annotation)[0])
        if item.widget == "group":
            return Shape("rows", optional, item.model)
        if item.widget == "select":
            return Shape("choices", optional, options=item.options)
        return Shape("lines", optional)
    if origin is dict:
        return Shape("notes", optional)
    if origin is Literal:
        return Shape("select", optional, options=tuple(map(str, typing.get_args(annotation))))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return Shape("group", optional, annotation)
    simple: dict[type, Widget] = {
        bool: "yesno",
        int: "number",
        dt.datetime: "datetime",
        dt.date: "date",
        dt.time: "time",
    }
    for kind, widget in simple.items():  # datetime before date: it is a date too
        if isinstance(annotation, type) and issubclass(annotation, kind):
            return Shape(widget, optional)
    return Shape("text", optional)


def field_shape(info: FieldInfo) -> Shape:
    """The control for a model field: a yes/no with a default is a tick box (ticked or not),
    one without (a concern must say whether abuse is suspected) a choice of yes or no."""
    found = shape(info.annotation)
    if found.widget == "yesno" and isinstance(info.default, bool):
        return Shape("checkbox", found.optional)
    return found


@dataclass(frozen=True)
class Headings:
    """The parts a kind's `check` judges: their titles, numbers and reminders, by key, and
    where in the paper they live (``sections``, ``notes``, ``report``; or the top level)."""

    titles: dict[str, str]
    reminders: dict[str, str]
    judged: str | None

    @classmethod
    def of(cls, kind: PaperKind[Any], paper: Paper | None) -> Headings:
        """The kind's headings; a valid paper's own (a strategic meeting's own agenda)."""
        if paper is not None:
            titles = {key: title for key, title, _ in kind.sections(paper)}
        else:
            titles = {target.key: target.title for target in kind.check_targets()[0]}
        return cls(titles, kind.reminders(), kind.judged_field)

    def at(self, path: tuple[str, ...]) -> str | None:
        """The key of the heading the field at ``path`` holds, if it holds one: a field named
        by the key, or starting with it (a letter's ``review`` heading is its ``review_date``),
        at the top of the paper or in the part the kind judges."""
        if not (len(path) == 1 or path[:-1] == (self.judged,)):
            return None
        field_name = path[-1]
        return next(
            (
                key
                for key in self.titles
                if field_name in (key,) or field_name.startswith(f"{key}_")
            ),
            None,
        )

    def label(self, key: str) -> str:
        return f"{list(self.titles).index(key) + 1}. {self.titles[key]}"


def build_form(
    kind: PaperKind[Any],
    data: Mapping[str, Any],
    errors: Mapping[str, list[str]],
    paper: Paper | None = None,
) -> list[Node]:
    """The form of ``kind`` holding ``data``, each problem of ``errors`` (by form name) on its
    control, or the nearest block holding it."""
    headings = Headings.of(kind, paper)
    nodes = _fields(kind.model, data, (), headings, kind)
    _attach(nodes, errors)
    return nodes


def _fields(
    model: type[BaseModel],
    data: Mapping[str, Any],
    path: tuple[str, ...],
    headings: Headings,
    kind: PaperKind[Any],
) -> list[Node]:
    nodes: list[Node] = []
    for key, info in model.model_fields.items():
        if key == "kind":  # the form's kind is the file's, never edited
            continue
        nodes.append(_node(info, data.get(key), (*path, key), headings, kind))
    return nodes


def _node(
    info: FieldInfo, value: Any, path: tuple[str, ...], headings: Headings, kind: PaperKind[Any]
) -> Node:
    found = field_shape(info)
    name = ".".join(path)
    heading = headings.at(path)
    label = headings.label(heading) if heading else _label(path)
    hint = headings.reminders.get(heading, "") if heading else ""
    if found.widget == "group":
        assert found.model is not None
        if path == (headings.judged,) and set(found.model.model_fields) <= set(headings.titles):
            label = capitalised(f"{kind.item}s")  # a block of headings only: "Headings"
        children = _fields(found.model, _mapping(value), path, headings, kind)
        return Group(name, label, children, hint)
    if found.widget == "rows":
        assert found.model is not None
        model = found.model
        items = [_mapping(v) for v in value] if isinstance(value, list) else []
        if not items and info.is_required():
            items = [{}]
        item = _singular(path[-1], model)
        rows = [
            Group(
                f"{name}.{i}",
                f"{item} {_row_number(v, i)}",
                _fields(model, v, (*path, str(i)), headings, kind),
            )
            for i, v in enumerate(items)
        ]
        return Rows(name, label, item, rows, hint)
    if found.widget == "notes":
        return Group(name, label, _notes(_mapping(value), path, headings), hint)
    required = info.is_required() and not found.optional
    widget: Widget = found.widget
    if widget == "text" and (heading or path[-1] in PROSE or _multiline(value) or _long(info)):
        widget = "textarea"
    control = Field(name, label, widget, shown_value(widget, value), hint, required)
    if widget == "select":
        blank = ("", "Choose one" if required else "Not given")
        has_default = info.default is not None and not info.is_required()
        control.options = (() if has_default else (blank,)) + tuple(
            (option, humanised(option)) for option in found.options
        )
    elif widget == "choices":
        # the ticked first, in the paper's order, so that saving keeps the order written
        ticked = [option for option in control.value if option in found.options]
        rest = [option for option in found.options if option not in ticked]
        control.options = tuple((option, humanised(option)) for option in [*ticked, *rest])
    elif widget == "section" and isinstance(value, Mapping):
        # a draft may hold both, which the form asks to settle
        control.value = str(value.get("text") or "")
        control.reason = str(value.get("not_applicable") or "")
    if widget == "lines":
        control.hint = (hint + " " if hint else "") + "One on each line."
    return control


def _notes(value: Mapping[str, Any], path: tuple[str, ...], headings: Headings) -> list[Node]:
    """One text box for each heading the kind judges here, then any other key the data has."""
    keys = [*headings.titles, *(key for key in value if key not in headings.titles)]
    nodes: list[Node] = []
    for key in keys:
        heading = headings.at((*path, key))
        label = headings.label(key) if heading else humanised(key)
        hint = headings.reminders.get(key, "")
        text = shown_value("textarea", value.get(key))
        nodes.append(Field(".".join((*path, key)), label, "textarea", text, hint))
    return nodes


def shown_value(widget: str, value: Any) -> Any:
    """``value`` as the form shows it: dates ISO (for the date box), yes/no, one per line."""
    if value is None:
        return [] if widget == "choices" else ""
    if widget == "choices":
        return [str(v) for v in value] if isinstance(value, list) else [str(value)]
    if widget == "lines" and isinstance(value, list):
        return "\n".join(str(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if widget == "date":
        return _iso_date(value) or str(value)
    if isinstance(value, dt.time):
        return dates.clock(value)
    return str(value)


def _iso_date(value: Any) -> str | None:
    try:
        return dates.parse_date(value).isoformat()
    except ValueError:
        return None


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _multiline(value: Any) -> bool:
    return isinstance(value, str) and "\n" in value


def _long(info: FieldInfo) -> bool:
    """A field allowed Excel's whole cell is prose."""
    return any(getattr(meta, "max_length", 0) and meta.max_length > 1000 for meta in info.metadata)


def _row_number(row: Mapping[str, Any], index: int) -> str:
    """What a row is numbered in its legend: its own number when it has one (an action's,
    which the record and the tracker print: "Action 14", not "Action 6" beside "Action
    number 14"), else its place in the list."""
    number = str(row.get("number") or "").strip()
    return number if number.isdigit() else str(index + 1)


def _label(path: tuple[str, ...]) -> str:
    """The label of the field at ``path``: `LABELS`' where it has one, else its name."""
    return LABELS.get(".".join(p for p in path if not p.isdigit())) or humanised(path[-1])


def humanised(key: str) -> str:
    """``cqc_location_id`` -> ``CQC location ID``: a field name as a label."""
    words = [_ACRONYMS.get(word, word) for word in key.split("_")]
    return capitalised(" ".join(words))


def _singular(key: str, model: type[BaseModel]) -> str:
    """What one row is called: ``attendees`` -> Attendee, else the row model's name."""
    if key.endswith("ies"):
        return humanised(key[:-3] + "y")
    if key.endswith("s") and not key.endswith("ss"):
        return humanised(key[:-1])
    return capitalised(
        "".join(f" {c.lower()}" if c.isupper() else c for c in model.__name__).strip()
    )


def _attach(nodes: list[Node], errors: Mapping[str, list[str]]) -> None:
    """Put each problem on the control it names, or on the nearest block around it."""
    index = {node.name: node for node in iter_nodes(nodes)}
    for name, messages in errors.items():
        parts = name.split(".")
        while parts and ".".join(parts) not in index:
            parts.pop()
        if parts:
            index[".".join(parts)].errors.extend(messages)


def first_control(nodes: list[Node], name: str) -> str:
    """The name of the first control at or inside the node called ``name`` (a row just added
    is focused on its first field), or ``""``."""
    node = next((node for node in iter_nodes(nodes) if node.name == name), None)
    if node is None or isinstance(node, Field):
        return node.name if node else ""
    return next((n.name for n in iter_nodes(_children(node)) if isinstance(n, Field)), "")


def iter_nodes(nodes: list[Node]) -> Iterator[Node]:
    """Every node of the form, depth first, in the page's order."""
    for node in nodes:
        yield node
        if not isinstance(node, Field):
            yield from iter_nodes(_children(node))


def _children(node: Group | Rows) -> list[Node]:
    return list(node.children if isinstance(node, Group) else node.rows)


def labels(nodes: list[Node], within: str = "") -> dict[str, str]:
    """What each control and block is called on the page, by form name, with the block it
    sits in ("Chair: Name", "Attendee 2: Organisation"), for lists of problems."""
    found: dict[str, str] = {}
    for node in nodes:
        own = node.label if isinstance(node, Field) else node.legend
        found[node.name] = f"{within}: {own}" if within else own
        if isinstance(node, Group):
            found.update(labels(node.children, own))
        elif isinstance(node, Rows):
            found.update(labels(list(node.rows), ""))
    return found
