"""Meeting text (YAML or JSON) -> plain data, with the line of every field for error messages.

Only plain data is built: no tags, anchors, aliases or merge keys, and nesting, lists and lines of
text are bounded, so a hostile file cannot make objects, exhaust memory or take minutes to
render. Scalars follow YAML 1.2: ``10:00`` stays text (not sexagesimal 600) and ``yes`` stays
text (not True).
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from toolkit.errors import InputError, Problem

#: Deeper nesting is refused: a meeting file is four or five levels deep.
MAX_DEPTH = 40
#: A longer list is refused: a meeting has tens of attendees and actions, never thousands,
#: and each entry is a row of a Word table (51,000 actions took 35 s and 800 MB to render).
MAX_ENTRIES = 2_000
#: More line breaks in all the text of a file are refused (some 200 pages of bullet points):
#: each is a paragraph, bullet point or line break of a Word file (350,000 bullet points
#: took 50 s to render).
MAX_TEXT_LINES = 10_000

TOO_DEEP = "nested too deeply to be a meeting file"
TOO_MANY_LINES = (
    f"the file's text passes {MAX_TEXT_LINES:,} lines here; a paper holds at most that many "
    "lines of text in all (some 200 pages)"
)


def too_many_entries(count: int) -> str:
    """Why a list of ``count`` entries is refused (the same words for a file and a request)."""
    return f"a list of {count:,} entries; a list holds at most {MAX_ENTRIES:,} (a meeting has tens)"


def refuse_unbounded(data: Any, source: str) -> None:
    """Refuse plain data that was not parsed here (a web request's JSON) beyond the bounds the
    parser keeps while building: nesting, entries of a list, lines of text in all. Each problem
    is placed at line 1 (such data has no lines); checked before anything walks the data
    recursively or renders it."""
    text_lines = 0
    stack: list[tuple[Any, FieldPath]] = [(data, ())]
    while stack:
        node, path = stack.pop()
        message = None
        if len(path) > MAX_DEPTH:
            message = TOO_DEEP
        elif isinstance(node, list) and len(node) > MAX_ENTRIES:
            message = too_many_entries(len(node))
        elif isinstance(node, str):
            text_lines += node.count("\n")
            message = TOO_MANY_LINES if text_lines > MAX_TEXT_LINES else None
        if message is not None:
            raise InputError(Problem(message, source, 1, dotted(path)))
        if isinstance(node, dict):
            stack.extend((value, (*path, key)) for key, value in node.items())
        elif isinstance(node, list):
            stack.extend((value, (*path, index)) for index, value in enumerate(node))


#: The tags plain YAML data resolves to; explicit others (!!binary, !!set, !custom) are refused.
_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq")
)

#: Where a field sits: keys and list indexes from the top of the file.
FieldPath = tuple[str | int, ...]


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


def parse(text: str, source: str) -> tuple[Any, dict[FieldPath, int]]:
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
        raise InputError(Problem(f"not valid YAML: {reason}", source, line)) from None
    except yaml.YAMLError as error:
        reason = " ".join(str(error).split())
        raise InputError(Problem(f"not valid YAML: {reason}", source, 1)) from None
    except RecursionError:
        raise InputError(Problem("nested too deeply to be a meeting file", source, 1)) from None


def _yaml_reason(error: yaml.MarkedYAMLError, line: list[str]) -> str:
    """The parser's complaint in one line, with the usual mistake (tabs) explained."""
    reason = " ".join((error.problem or error.context or "").split()) or "cannot be read"
    indent = line[0][: len(line[0]) - len(line[0].lstrip())] if line else ""
    if "\t" in indent or "tab character" in reason:
        return f"a tab is used for indentation; indent with spaces ({reason})"
    return reason


def _parse_nodes(node: yaml.Node | None, source: str) -> tuple[Any, dict[FieldPath, int]]:
    """Check the shape of the top-level node and build plain data from the tree."""
    if node is None:
        raise InputError(Problem("the file is empty; start from `toolkit new initial`", source, 1))
    if not isinstance(node, yaml.MappingNode):
        raise InputError(
            Problem(
                "the file must be a set of fields (kind:, provider:, meeting:...), "
                "not a single value or a list",
                source,
                node.start_mark.line + 1,
            )
        )
    builder = _Builder(source)
    return builder.build(node, (), 0), builder.lines


class _Builder:
    """Turns a composed YAML node tree into plain data, recording each path's line."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.lines: dict[FieldPath, int] = {}
        self.constructor = _Loader("")
        self.seen: set[int] = set()
        self.text_lines = 0

    def fail(self, node: yaml.Node, path: FieldPath, message: str) -> InputError:
        return self.fail_at(node.start_mark.line + 1, path, message)

    def fail_at(self, line: int, path: FieldPath, message: str) -> InputError:
        return InputError(Problem(message, self.source, line, dotted(path)))

    def build(self, node: yaml.Node, path: FieldPath, depth: int) -> Any:
        """Plain data of ``node``; refuses what a meeting file never needs and an attacker
        would use: deep nesting, aliases (billion laughs), tags (arbitrary types)."""
        if depth > MAX_DEPTH:
            raise self.fail(node, path, TOO_DEEP)
        if id(node) in self.seen:  # scalars too: a long text repeated a million times is a bomb
            # The node is the anchored one, from an earlier line: point at where it is reused.
            message = "YAML anchors and aliases (& and *) are not supported"
            raise self.fail_at(line_of(self.lines, path), path, message)
        self.seen.add(id(node))
        self.lines.setdefault(path, node.start_mark.line + 1)
        if node.tag not in _PLAIN_TAGS:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            raise self.fail(node, path, f"YAML tags such as {tag} are not supported")
        if isinstance(node, yaml.MappingNode):
            return self.build_mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            if len(node.value) > MAX_ENTRIES:
                raise self.fail(node, path, too_many_entries(len(node.value)))
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        if node.tag == "tag:yaml.org,2002:str":  # most values; the constructor is slow
            self.text_lines += node.value.count("\n")
            if self.text_lines > MAX_TEXT_LINES:
                raise self.fail(node, path, TOO_MANY_LINES)
            return node.value
        try:
            return self.constructor.construct_object(node)
        except (yaml.YAMLError, ValueError, OverflowError):
            # e.g. !!int with letters, or an integer of thousands of digits
            raise self.fail(node, path, "not a valid value") from None

    def build_mapping(self, node: yaml.MappingNode, path: FieldPath, depth: int) -> dict[str, Any]:
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


def line_of(lines: dict[FieldPath, int], path: FieldPath) -> int:
    """The line of ``path``, or of its nearest ancestor when the field is missing."""
    while path and path not in lines:
        path = path[:-1]
    return lines.get(path, 1)


def where(source: str, lines: dict[FieldPath, int], path: FieldPath) -> str:
    """``FILE:LINE: field.path`` for ``path``."""
    return f"{source}:{line_of(lines, path)}: {dotted(path) or '(top level)'}"


def problem_at(source: str, lines: dict[FieldPath, int], path: FieldPath, message: str) -> Problem:
    """The problem ``message`` of the field at ``path``, placed at its line (its str() is
    ``FILE:LINE: field.path: message``, as `where` writes it)."""
    return Problem(message, source, line_of(lines, path), dotted(path))


def dotted(path: FieldPath) -> str:
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
