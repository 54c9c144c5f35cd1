"""Write a form's data back into its meeting file, keeping what a person wrote around it.

ruamel.yaml's round-trip mode keeps the file's comments, key order and quoting; only the values
that changed are replaced, so that a file saved unchanged is the same text, and one field
changed is one line of difference. New values take the contract's shape: dates as dates,
text of several lines as a literal block (``|``), lists and blocks in block style.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from collections.abc import Mapping
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

from toolkit import dates
from toolkit.errors import InputError
from toolkit.parse import parse


def digest(text: str) -> str:
    """A fingerprint of a file's text: the form carries it, so that a save can tell whether
    the file changed on disk since the form was opened."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def merged_text(old: str, data: Mapping[str, Any]) -> str:
    """The YAML text of ``data`` written over the file text ``old``.

    Values equal to what the file holds are left as written (``20/11/2026`` stays day-first,
    quotes stay); keys the data leaves out are removed unless the file holds only a blank
    there (the blank file's ``company: ""``), which means the same. A file that is not plain
    YAML (the commands refuse it anyway) is written afresh.
    """
    try:
        parse(old, "file")  # refuses aliases, tags and deep nesting before ruamel reads it
        yaml = _yaml(*_indents(old))
        document = yaml.load(old)
    except (InputError, YAMLError):
        yaml, document = _yaml(), None
    if not isinstance(document, CommentedMap):
        document = CommentedMap()
    _merge_map(document, data)
    out = io.StringIO()
    yaml.dump(document, out)
    return out.getvalue()


def _indents(text: str) -> tuple[int, int, int]:
    """The file's own indentation of blocks and of list items (``- `` under its key, or
    indented), so that what is written matches the lines around it: mapping, sequence and
    dash offset, as ruamel counts them."""
    lines = [
        line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")
    ]
    mapping = next((len(m[1]) for m in map(_NESTED_KEY.match, lines) if m), 2)
    for above, line in zip(lines, lines[1:], strict=False):
        key, dash = _OPENS_BLOCK.match(above), _ITEM.match(line)
        if key and dash:
            offset = len(dash[1]) - len(key[1])
            return mapping, offset + 2, offset
    return mapping, mapping + 2, mapping


#: The first indented key of a file gives its indentation of blocks.
_NESTED_KEY = re.compile(r"^( +)[A-Za-z_][\w-]*:(\s|$)")
#: A key opening a block (``attendees:``), and a list item (``- name: ...``).
_OPENS_BLOCK = re.compile(r"^( *)[A-Za-z_][\w-]*:\s*(#.*)?$")
_ITEM = re.compile(r"^( *)- ")
_CLOCK = re.compile(r"^\d{1,2}:\d{2}$")


def _yaml(mapping: int = 2, sequence: int = 4, offset: int = 2) -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long line of text: it would read back with a space added
    yaml.allow_unicode = True
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def _merge_map(node: CommentedMap, data: Mapping[str, Any]) -> None:
    """Make ``node`` hold ``data``, changing only what differs."""
    for key in list(node):
        if key not in data and not _blank(node[key]):
            del node[key]
    previous: int = -1
    for key, value in data.items():
        if key in node:
            old = node[key]
            if isinstance(old, CommentedMap) and isinstance(value, Mapping):
                _merge_map(old, value)
            elif isinstance(old, CommentedSeq) and isinstance(value, list):
                _merge_list(old, value)
            elif not _same(old, value):
                node[key] = _node(value)
            previous = list(node).index(key)
        else:
            previous += 1
            node.insert(previous, key, _node(value))


def _merge_list(node: CommentedSeq, data: list[Any]) -> None:
    """Merge entries by position, so that the comments of the rows kept stay with them."""
    del node[len(data) :]
    for index, value in enumerate(data):
        if index >= len(node):
            node.append(_node(value))
        elif isinstance(node[index], CommentedMap) and isinstance(value, Mapping):
            _merge_map(node[index], value)
        elif not _same(node[index], value):
            node[index] = _node(value)


def _same(old: Any, new: Any) -> bool:
    """True when the file's value means what the form's value means: the same date written
    day-first or ISO, or a blank for nothing."""
    if _blank(old) and _blank(new):
        return True
    if any(isinstance(v, dt.date) and not isinstance(v, dt.datetime) for v in (old, new)):
        try:
            return dates.parse_date(old) == dates.parse_date(new)
        except ValueError:
            return False
    if isinstance(old, list) and isinstance(new, list):
        return len(old) == len(new) and all(map(_same, old, new))
    if isinstance(old, bool) or isinstance(new, bool):
        return old is new  # True == 1 in Python, not in a file
    return isinstance(old, str) == isinstance(new, str) and old == new


def _blank(value: Any) -> bool:
    """Nothing written: None, empty text, an empty list or a block of blanks."""
    if isinstance(value, Mapping):
        return all(_blank(item) for item in value.values())
    return value is None or value is False or value == "" or value == []


def _node(value: Any) -> Any:
    """``value`` as ruamel writes it in block style: text of several lines as a literal block."""
    if isinstance(value, Mapping):
        node = CommentedMap()
        for key, item in value.items():
            node[key] = _node(item)
        return node
    if isinstance(value, list):
        return CommentedSeq(_node(item) for item in value)
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)
    if isinstance(value, str) and _CLOCK.match(value):
        return DoubleQuotedScalarString(value)  # as the contract writes times: YAML 1.1 reads
    return value  # an unquoted 10:00 as the number 600
