"""Read a meeting file (YAML or JSON) into the model; every problem as FILE:LINE: field: message."""

from __future__ import annotations

import contextlib
import difflib
import gc
import re
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from toolkit.errors import InputError
from toolkit.files import ZIP_MAGIC, read_input
from toolkit.frameworks import Kind, kinds_with_section
from toolkit.model import MODELS, Meeting
from toolkit.text import clean_text, illegal_characters, shown

#: Larger meeting files are refused before parsing: a real one is a few dozen kilobytes.
MAX_INPUT_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 40
#: A file with more problems than this is not a meeting file; listing them all helps nobody.
MAX_PROBLEMS = 100

#: The tags plain YAML data resolves to; explicit others (!!binary, !!set, !custom) are refused.
_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq")
)

Path_ = tuple[str | int, ...]


@dataclass
class Loaded:
    """A validated meeting, where it came from, and warnings about text that had to be cleaned."""

    meeting: Meeting
    source: str
    warnings: list[str] = field(default_factory=list)


# libyaml parses large files tens of times faster and refuses nesting deeper than 1000 levels.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeLoader):  # type: ignore[valid-type, misc]
    """SafeLoader with YAML 1.2 scalars: no sexagesimal 10:00 == 600, no yes/no booleans, no
    implicit timestamps (dates are parsed by the model, in the formats the contract accepts)."""


_Loader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag
        not in (
            "tag:yaml.org,2002:timestamp",
            "tag:yaml.org,2002:bool",
            "tag:yaml.org,2002:int",
            "tag:yaml.org,2002:float",
        )
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789")
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"),
    list("-+0123456789."),
)


def load_meeting(path: str | Path) -> Loaded:
    """Read and validate one meeting file.

    Raises InputError carrying one ``FILE:LINE: field: message`` line per problem, so that an
    administrator can fix everything in one pass.
    """
    source = str(path)
    return load_meeting_text(_read_text(Path(path), source), source)


def load_all(paths: list[Path]) -> list[Loaded]:
    """Load every meeting file, reporting the problems of all of them together."""
    loaded: list[Loaded] = []
    problems: list[str] = []
    for path in paths:
        try:
            loaded.append(load_meeting(path))
        except InputError as error:
            problems.extend(error.lines())
    if problems:
        raise InputError(problems)
    return loaded


def load_meeting_text(text: str, source: str = "<meeting>") -> Loaded:
    """Validate meeting text (YAML or JSON); ``source`` names it in messages."""
    with _collector_paused():
        data, lines = _parse(text, source)
        warnings = _clean_strings(data, (), lines, source)
        return Loaded(_validate(data, lines, source), source, warnings)


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


def _parse(text: str, source: str) -> tuple[Any, dict[Path_, int]]:
    """Parse YAML into plain data and a map from each field's path to its 1-based line."""
    return _parse_nodes(_compose(text, source), source)


def _compose(text: str, source: str) -> yaml.Node | None:
    """Return the YAML node tree of ``text``; a YAML syntax error becomes a one-line InputError."""
    try:
        return yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        reason = _yaml_reason(error, text.splitlines()[line - 1 : line])
        raise InputError(f"{source}:{line}: not valid YAML: {reason}") from None
    except yaml.YAMLError as error:
        reason = " ".join(str(error).split())
        raise InputError(f"{source}:1: not valid YAML: {reason}") from None
    except RecursionError:
        raise InputError(f"{source}:1: nested too deeply to be a meeting file") from None


def _yaml_reason(error: yaml.MarkedYAMLError, line: list[str]) -> str:
    """The parser's complaint in one line, with the usual mistake (tabs) explained."""
    reason = " ".join((error.problem or error.context or "").split()) or "cannot be read"
    indent = line[0][: len(line[0]) - len(line[0].lstrip())] if line else ""
    if "\t" in indent or "tab character" in reason:
        return f"a tab is used for indentation; indent with spaces ({reason})"
    return reason


def _parse_nodes(node: yaml.Node | None, source: str) -> tuple[Any, dict[Path_, int]]:
    """Check the shape of the top-level node and build plain data from the tree."""
    if node is None:
        raise InputError(f"{source}:1: the file is empty; start from `toolkit new initial`")
    if not isinstance(node, yaml.MappingNode):
        raise InputError(
            f"{source}:{node.start_mark.line + 1}: the file must be a set of fields "
            "(kind:, provider:, meeting:...), not a single value or a list"
        )
    builder = _Builder(source)
    return builder.build(node, (), 0), builder.lines


class _Builder:
    """Turns a composed YAML node tree into plain data, recording each path's line."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.lines: dict[Path_, int] = {}
        self.constructor = _Loader("")
        self.seen: set[int] = set()

    def fail(self, node: yaml.Node, path: Path_, message: str) -> InputError:
        return self.fail_at(node.start_mark.line + 1, path, message)

    def fail_at(self, line: int, path: Path_, message: str) -> InputError:
        where = _dotted(path) or "(top level)"
        return InputError(f"{self.source}:{line}: {where}: {message}")

    def build(self, node: yaml.Node, path: Path_, depth: int) -> Any:
        """Plain data of ``node``; refuses what a meeting file never needs and an attacker
        would use: deep nesting, aliases (billion laughs), tags (arbitrary types)."""
        if depth > MAX_DEPTH:
            raise self.fail(node, path, "nested too deeply to be a meeting file")
        if id(node) in self.seen:  # scalars too: a long text repeated a million times is a bomb
            # The node is the anchored one, from an earlier line: point at where it is reused.
            message = "YAML anchors and aliases (& and *) are not supported"
            raise self.fail_at(_line_of(self.lines, path), path, message)
        self.seen.add(id(node))
        self.lines.setdefault(path, node.start_mark.line + 1)
        if node.tag not in _PLAIN_TAGS:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            raise self.fail(node, path, f"YAML tags such as {tag} are not supported")
        if isinstance(node, yaml.MappingNode):
            return self.build_mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        if node.tag == "tag:yaml.org,2002:str":  # most values; the constructor is slow
            return node.value
        try:
            return self.constructor.construct_object(node)
        except (yaml.YAMLError, ValueError, OverflowError):
            # e.g. !!int with letters, or an integer of thousands of digits
            raise self.fail(node, path, "not a valid value") from None

    def build_mapping(self, node: yaml.MappingNode, path: Path_, depth: int) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise self.fail(key_node, path, "YAML merge keys (<<) are not supported")
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.fail(key_node, path, "a field name must be plain text")
            key = str(key_node.value)
            if key in data:
                raise self.fail(key_node, (*path, key), "appears twice; keep one")
            self.lines[(*path, key)] = key_node.start_mark.line + 1
            data[key] = self.build(value_node, (*path, key), depth + 1)
        return data


def _clean_strings(data: Any, path: Path_, lines: dict[Path_, int], source: str) -> list[str]:
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
                    f"{_where(source, lines, (*path, key))}: warning: dropped "
                    f"{', '.join(bad)}, which Word and Excel cannot hold"
                )
            cleaned = clean_text(value)
            if cleaned != value:
                data[key] = cleaned
        else:
            warnings.extend(_clean_strings(value, (*path, key), lines, source))
    return warnings


def _validate(data: dict[str, Any], lines: dict[Path_, int], source: str) -> Meeting:
    """Validate ``data`` against the model of its kind; every problem, sorted by line.

    The kind is judged first, on its own: without it no model knows which fields are allowed.
    """
    kind_text = data.get("kind")
    if "kind" not in data:
        raise InputError(f"{source}:1: kind: required: initial, review or strategic")
    try:
        kind = Kind(kind_text)
    except ValueError:
        raise InputError(
            f"{_where(source, lines, ('kind',))}: must be initial, review or strategic, "
            f"{_not_a_kind(kind_text)}"
        ) from None
    model = MODELS[kind]
    try:
        return model.model_validate(data)
    except ValidationError as error:
        errors = error.errors()
        listed = errors[:MAX_PROBLEMS]
        problems = [_problem(err, data, lines, source, model, kind) for err in listed]
        problems.sort(key=lambda problem: problem[0])
        texts = list(dict.fromkeys(text for _, text in problems))
        if len(errors) > MAX_PROBLEMS:
            texts.append(
                f"{source}:{problems[-1][0]}: (top level): {len(errors) - MAX_PROBLEMS} more "
                "problems not shown; is this a meeting file?"
            )
        raise InputError(texts) from None


def _not_a_kind(value: Any) -> str:
    """Say what was written as the kind: a blank ``kind:`` is not "None" to an administrator."""
    if value is None or not str(value).strip():
        return "but it is blank"
    close = str(value).strip().lower()
    hint = f"; did you mean {close!r}?" if close in tuple(Kind) else ""
    return f"not {shown(value)}{hint}"


def _problem(
    err: Any, data: Any, lines: dict[Path_, int], source: str, model: type[BaseModel], kind: Kind
) -> tuple[int, str]:
    """Turn one pydantic error into its line number and ``FILE:LINE: field.path: message``."""
    path = _data_path(err["loc"], data)
    message = str(err["msg"])
    if located := re.match(r"^Value error, @([^@]+)@ (.*)$", message, re.S):
        extra = tuple(int(p) if p.isdigit() else p for p in located.group(1).split("."))
        path = (*path, *extra)
        message = located.group(2)
    else:
        message = _friendly(err, path, model, kind)
    return _line_of(lines, path), f"{_where(source, lines, path)}: {message}"


def _line_of(lines: dict[Path_, int], path: Path_) -> int:
    """The line of ``path``, or of its nearest ancestor when the field is missing."""
    while path and path not in lines:
        path = path[:-1]
    return lines.get(path, 1)


def _where(source: str, lines: dict[Path_, int], path: Path_) -> str:
    """``FILE:LINE: field.path`` for ``path``."""
    return f"{source}:{_line_of(lines, path)}: {_dotted(path) or '(top level)'}"


def _data_path(loc: tuple[Any, ...], data: Any) -> Path_:
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


def _friendly(err: Any, path: Path_, model: type[BaseModel], kind: Kind) -> str:
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


def _unknown_key(path: Path_, model: type[BaseModel], kind: Kind) -> str:
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
        if others := kinds_with_section(key):
            names = " and ".join(k.value for k in others)
            return (
                f"unknown section: {shown(key)} belongs to {_a(names)} {names} meeting, "
                f"not {_a(kind.value)} {kind.value} one"
            )
        return (
            f"unknown section{hint or '; run `toolkit frameworks ' + kind.value + '` for the keys'}"
        )
    return f"unknown field{hint or '; allowed here: ' + ', '.join(allowed)}"


def _a(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _fields_at(model: type[BaseModel], path: Path_) -> list[str]:
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


def _dotted(path: Path_) -> str:
    """``meeting.attendees[2].name``; a key with spaces at its ends or a line break is quoted,
    so that every problem stays on one line and the key can be found."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
            continue
        key = str(part)
        if not key or not key.isprintable() or key.strip() != key:
            key = repr(key)
        text += f".{key}" if text else key
    return text
