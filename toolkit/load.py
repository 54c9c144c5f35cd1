"""Read a meeting file into the model; every problem as FILE:LINE: field.path: message."""

from __future__ import annotations

import contextlib
import difflib
import functools
import gc
import re
import types
import typing
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from toolkit import kinds
from toolkit.errors import InputError, Problem
from toolkit.files import ZIP_MAGIC, read_input
from toolkit.model import Paper
from toolkit.parse import FieldPath, parse, problem_at, refuse_unbounded, where
from toolkit.text import clean_text, illegal_characters, shown

#: Larger meeting files are refused before parsing: a real one is a few dozen kilobytes.
MAX_INPUT_BYTES = 2 * 1024 * 1024
#: A file with more problems than this is not a meeting file; listing them all helps nobody.
MAX_PROBLEMS = 100


@dataclass
class Loaded:
    """A validated meeting, where it came from, and warnings about text that had to be cleaned."""

    meeting: Paper
    source: str
    warnings: list[str] = field(default_factory=list)


def load_meeting(path: str | Path) -> Loaded:
    """Read and validate one meeting file.

    Raises InputError carrying one ``FILE:LINE: field: message`` line per problem, so that an
    administrator can fix everything in one pass.
    """
    source = str(path)
    return load_meeting_text(_read_text(Path(path), source), source)


def load_all(paths: list[Path]) -> list[Loaded]:
    """Load every meeting file, reporting the problems of all of them together."""
    return load_each(functools.partial(load_meeting, path) for path in paths)


def load_each(loads: Iterable[Callable[[], Loaded]]) -> list[Loaded]:
    """Run every load (files, a request's papers), reporting the problems of all of them
    together, so that everything can be fixed in one pass."""
    loaded: list[Loaded] = []
    problems: list[Problem] = []
    for load in loads:
        try:
            loaded.append(load())
        except InputError as error:
            problems.extend(error.details)
    if problems:
        raise InputError(problems)
    return loaded


def load_meeting_text(text: str, source: str = "<meeting>") -> Loaded:
    """Validate meeting text (YAML or JSON); ``source`` names it in messages."""
    with _collector_paused():
        data, lines = parse(text, source)
        warnings = _clean_strings(data, (), lines, source)
        return Loaded(_validate(data, lines, source), source, warnings)


def load_meeting_data(data: dict[str, Any], source: str = "<meeting>") -> Loaded:
    """Validate a paper already parsed (a web request's JSON), as `load_meeting_text` does its
    text: the same cleaning and problems, placed at line 1 (there are no lines).

    ``data`` is cleaned in place; the caller gives data it owns.
    """
    with _collector_paused():
        refuse_unbounded(data, source)
        warnings = _clean_strings(data, (), {}, source)
        return Loaded(_validate(data, {}, source), source, warnings)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a file is loaded.

    A large file is millions of long-lived objects (nodes, data, line map) that the collector
    rescans each time it runs, which made loading quadratic (40 s for a 4 MB file); loading
    creates no reference cycles, so nothing is lost by collecting afterwards.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _read_text(path: Path, source: str) -> str:
    """Return the file's text, refusing what cannot be a meeting file with a one-line reason."""
    raw = read_input(path, what="meeting file", limit=MAX_INPUT_BYTES)
    if len(raw) > MAX_INPUT_BYTES:
        raise InputError(
            f"{source}: is larger than {MAX_INPUT_BYTES // (1024 * 1024)} MB; "
            "a meeting file is text of a few dozen kilobytes"
        )
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(
            f'{source}: is UTF-16 ("Unicode") text; save it as UTF-8 '
            "(in Notepad: Save as, Encoding)"
        )
    if raw.startswith(ZIP_MAGIC) or b"\x00" in raw[:8192]:
        raise InputError(
            f"{source}: is a binary file (Word, Excel or zip?), not a YAML meeting file"
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise InputError(
            f"{source}:{line}: is not UTF-8 text; save it as UTF-8 (in Notepad: Save as, Encoding)"
        ) from None


def _clean_strings(
    data: Any, path: FieldPath, lines: dict[FieldPath, int], source: str
) -> list[str]:
    """Drop characters Word and Excel cannot hold, in place, returning one warning per field."""
    warnings: list[str] = []
    items = (
        data.items()
        if isinstance(data, dict)
        else enumerate(data)
        if isinstance(data, list)
        else ()
    )
    for key, value in list(items):
        if isinstance(value, str):
            if bad := illegal_characters(value):
                warnings.append(
                    f"{where(source, lines, (*path, key))}: warning: dropped "
                    f"{', '.join(bad)}, which Word and Excel cannot hold"
                )
            cleaned = clean_text(value)
            if cleaned != value:
                data[key] = cleaned
        else:
            warnings.extend(_clean_strings(value, (*path, key), lines, source))
    return warnings


def _validate(data: dict[str, Any], lines: dict[FieldPath, int], source: str) -> Paper:
    """Validate ``data`` against the model of its kind; every problem, sorted by line.

    The kind is judged first, on its own: without it no model knows which fields are allowed.
    """
    kind_text = data.get("kind")
    if "kind" not in data:
        raise InputError(Problem(f"required: {kinds.names_text()}", source, 1, "kind"))
    if not isinstance(kind_text, str) or kind_text not in kinds.names():
        message = f"must be {kinds.names_text()}, {_not_a_kind(kind_text)}"
        raise InputError(problem_at(source, lines, ("kind",), message))
    kind = kind_text
    model = kinds.get(kind).model
    try:
        return model.model_validate(data)
    except ValidationError as error:
        errors = error.errors()
        listed = errors[:MAX_PROBLEMS]
        problems = [_problem(err, data, lines, source, model, kind) for err in listed]
        problems.sort(key=lambda problem: problem.line or 0)
        unique = list({str(problem): problem for problem in problems}.values())
        if len(errors) > MAX_PROBLEMS:
            more = f"{len(errors) - MAX_PROBLEMS} more problems not shown; is this a meeting file?"
            unique.append(Problem(more, source, problems[-1].line, ""))
        raise InputError(unique) from None


def _not_a_kind(value: Any) -> str:
    """Say what was written as the kind: a blank ``kind:`` is not "None" to an administrator."""
    if value is None or not str(value).strip():
        return "but it is blank"
    close = str(value).strip().lower()
    hint = f"; did you mean {close!r}?" if close in kinds.names() else ""
    return f"not {shown(value)}{hint}"


def _problem(
    err: Any,
    data: Any,
    lines: dict[FieldPath, int],
    source: str,
    model: type[BaseModel],
    kind: str,
) -> Problem:
    """Turn one pydantic error into a problem placed at its field's line."""
    path = _data_path(err["loc"], data)
    message = str(err["msg"])
    if located := re.match(r"^Value error, @([^@]+)@ (.*)$", message, re.S):
        extra = tuple(int(p) if p.isdigit() else p for p in located.group(1).split("."))
        path = (*path, *extra)
        message = located.group(2)
    else:
        message = _friendly(err, path, model, kind)
    return problem_at(source, lines, path, message)


def _data_path(loc: tuple[Any, ...], data: Any) -> FieldPath:
    """Keep the parts of a pydantic location that name keys or indexes of the data.

    Pydantic inserts type tags (``str``, ``function-after[...]``) in union locations; people
    should see the path they typed, and missing fields keep their name.
    """
    path: list[str | int] = []
    node = data
    for part in loc:
        if _contains(node, part):
            node = node[part]
            path.append(part)
        elif not _is_type_tag(part):
            path.append(part)
            node = None
    return tuple(path)


def _contains(node: Any, part: Any) -> bool:
    if isinstance(node, dict):
        return part in node
    return isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)


def _is_type_tag(part: Any) -> bool:
    """Pydantic's names for union members: ``str``, ``none``, ``NotApplicable``, ``list[...]``."""
    if not isinstance(part, str):
        return False
    return "[" in part or part[:1].isupper() or part in ("str", "int", "float", "bool", "none")


def _friendly(err: Any, path: FieldPath, model: type[BaseModel], kind: str) -> str:
    """Reword pydantic's message for someone who has never seen Python."""
    kind_of = err.get("ctx", {}).get("original", err["type"])
    message = str(err["msg"]).removeprefix("Value error, ")
    if kind_of == "extra_forbidden":
        return _unknown_key(path, model, kind)
    if kind_of == "missing":
        return "required, but missing"
    if kind_of == "too_short" and err.get("ctx", {}).get("min_length") == 1:
        return "needs at least one entry"
    if kind_of == "string_too_long":
        limit = err.get("ctx", {}).get("max_length", 0)
        return f"is longer than Excel's {limit:,}-character cell limit; shorten it"
    if kind_of in ("model_type", "model_attributes_type", "dict_type"):
        return "must be a set of fields (name: value), not a single value or a list"
    if kind_of == "list_type":
        return "must be a list (each entry on its own line starting with '- ')"
    if kind_of in ("string_type",):
        return "must be text"
    if kind_of in ("int_parsing", "int_type", "int_from_float"):
        return "must be a whole number such as 3"
    return message.replace("Input should be", "must be")


def _unknown_key(path: FieldPath, model: type[BaseModel], kind: str) -> str:
    key = str(path[-1]) if path else ""
    allowed = _fields_at(model, path[:-1])
    probe = key.strip().lower().replace(" ", "_")  # " Document filed" is "document_filed"
    words = probe.replace("-", "_").split("_")
    # A field that is a whole word of the key first: "Due date" means "due", not "update".
    close = (
        [field for field in allowed if field in words]
        or difflib.get_close_matches(probe, allowed, n=1, cutoff=0.6)
        or [field for field in allowed if len(probe) >= 3 and field.startswith(probe)]
    )
    hint = f"; did you mean {close[0]!r}?" if close else ""
    if path[:1] == ("sections",) and len(path) == 2:
        if others := kinds.with_section(key):
            names = " or ".join(f"{_a(name)} {name}" for name in others)
            return (
                f"unknown section: {shown(key)} belongs to {names} meeting, "
                f"not {_a(kind)} {kind} one"
            )
        return f"unknown section{hint or '; run `toolkit frameworks ' + kind + '` for the keys'}"
    return f"unknown field{hint or '; allowed here: ' + ', '.join(allowed)}"


def _a(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _fields_at(model: type[BaseModel], path: FieldPath) -> list[str]:
    """Return the field names the model accepts at ``path`` (for 'did you mean')."""
    current: Any = model
    for part in path:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        info = current.model_fields.get(str(part))
        if info is None:
            return []
        current = _model_in(info.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _model_in(annotation: Any) -> Any:
    """Find the pydantic model inside ``list[X] | None`` style annotations."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType, list, typing.Annotated):
        for arg in typing.get_args(annotation):
            if (found := _model_in(arg)) is not None:
                return found
    return None
