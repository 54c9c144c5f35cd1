"""A posted paper form read back into the contract's data, and the loader's problems put back
on the form's controls.

The form is read by walking the kind's model as `toolkit.web.forms` does when it builds the
form, so that the two cannot disagree about names. What a person typed is kept exactly (only
the browser's CRLF line ends become LF); blanks are left out, as a file leaves out what it
does not say; dates become dates, whole numbers numbers, yes/no booleans, so that the file
is written in the contract's shape.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel
from starlette.datastructures import FormData

from toolkit.errors import InputError
from toolkit.kinds.base import PaperKind
from toolkit.load import Loaded, load_meeting_text
from toolkit.web.forms import field_shape

#: Where a problem of the loader names its field: ``SOURCE:LINE: field.path: message``.
_INDEX = re.compile(r"\[(\d+)\]")

#: What the form's own controls are called (not fields of any paper, which never start so).
ROW_ACTION = "_row"
DIGEST = "_digest"


class Posted:
    """A posted form's values by name (a name ticked several times has several)."""

    def __init__(self, form: FormData | Mapping[str, list[str]]) -> None:
        if isinstance(form, FormData):
            self.values = {key: [str(v) for v in form.getlist(key)] for key in form}
        else:
            self.values = {key: list(values) for key, values in form.items()}

    def text(self, name: str) -> str:
        """The value typed in ``name`` (as typed, with LF line ends), or ``""``."""
        values = self.values.get(name) or [""]
        return values[0].replace("\r\n", "\n")

    def all(self, name: str) -> list[str]:
        return self.values.get(name, [])

    def rows(self, name: str) -> list[str]:
        """The row numbers posted under ``name`` (``actions.0.detail`` -> ``0``), in order."""
        prefix = f"{name}."
        found = {key[len(prefix) :].split(".")[0] for key in self.values if key.startswith(prefix)}
        return sorted((n for n in found if n.isdigit()), key=int)

    def keys_under(self, name: str) -> list[str]:
        prefix = f"{name}."
        return [key[len(prefix) :] for key in self.values if key.startswith(prefix)]


def collect(
    kind: PaperKind[Any], posted: Posted, *, drafts: bool = False
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The paper the form describes, and the problems only the form can see (a section given
    both text and a reason for not applying), by form name.

    ``drafts`` keeps what is only being typed, to show the form again: rows left blank (the
    one just added) and a section's text beside its reason for not applying.
    """
    problems: dict[str, list[str]] = {}
    data = _model(kind.model, posted, "", problems, drafts)
    return {"kind": kind.name, **data}, problems


def _model(
    model: type[BaseModel],
    posted: Posted,
    prefix: str,
    problems: dict[str, list[str]],
    drafts: bool,
) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key, info in model.model_fields.items():
        if key == "kind":
            continue
        name = f"{prefix}{key}"
        found = field_shape(info)
        value: Any
        if found.widget == "group":
            assert found.model is not None
            value = _model(found.model, posted, f"{name}.", problems, drafts)
        elif found.widget == "rows":
            assert found.model is not None
            row_model = found.model
            rows = [
                _model(row_model, posted, f"{name}.{n}.", problems, drafts)
                for n in posted.rows(name)
            ]
            value = rows if drafts else [row for row in rows if row]
        elif found.widget == "notes":
            value = {k: posted.text(f"{name}.{k}") for k in posted.keys_under(name)}
            value = {k: v for k, v in value.items() if v != ""}
        else:
            value = _scalar(found.widget, name, posted, problems, info.default, drafts)
        if value not in (None, "", [], {}):
            data[key] = value
    return data


def _scalar(
    widget: str,
    name: str,
    posted: Posted,
    problems: dict[str, list[str]],
    default: Any,
    drafts: bool,
) -> Any:
    text = posted.text(name)
    if widget == "checkbox":
        return True if text else (False if default is not False else None)
    if widget == "yesno":
        return {"yes": True, "no": False}.get(text)
    if widget == "choices":
        return posted.all(name)
    if widget == "lines":
        return [line for line in text.split("\n") if line.strip()]
    if widget == "section":
        reason = posted.text(f"{name}.not_applicable")
        if text and reason:
            problems[name] = [
                "write what was said, or why this does not apply, not both: clear one of them"
            ]
            if drafts:
                return {"text": text, "not_applicable": reason}
        if not text and reason:
            return {"not_applicable": reason}
    if widget == "date" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text
    if widget == "number" and re.fullmatch(r"[0-9]{1,18}", text.strip()):
        return int(text)
    return text


def validated(data: Mapping[str, Any]) -> tuple[Loaded | None, dict[str, list[str]]]:
    """Validate ``data`` as the commands would read it; the problems by form name."""
    text = json.dumps(data, default=_json_value, ensure_ascii=False, indent=0)
    try:
        return load_meeting_text(text, "form"), {}
    except InputError as error:
        return None, problems_by_field(error)


def problems_by_field(error: InputError) -> dict[str, list[str]]:
    """The loader's problems as ``{form name: [message]}`` (``meeting.attendees[0].name`` ->
    ``meeting.attendees.0.name``); a problem of no field (the text is not YAML) keeps its
    whole line, which says where."""
    found: dict[str, list[str]] = {}
    for problem in error.details:
        if problem.field is None:
            name, message = "", str(problem)
        else:
            name, message = _INDEX.sub(r".\1", problem.field), problem.message
        found.setdefault(name, []).append(message)
    return found


def _json_value(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def edit_rows(data: dict[str, Any], action: str) -> str:
    """Add a blank row (``add actions``) or remove one (``remove meeting.attendees.2``) in
    ``data``, as a form's row buttons ask; return the name of the control to focus."""
    verb, _, name = action.partition(" ")
    *parents, last = name.split(".")
    node: Any = data
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node.setdefault(part, {})
    if verb == "add" and isinstance(node, dict):
        rows = node.setdefault(last, [])
        rows.append({})
        return f"{name}.{len(rows) - 1}"
    if verb == "remove" and isinstance(node, list) and last.isdigit() and int(last) < len(node):
        del node[int(last)]
        return ".".join(parents)
    return ""
