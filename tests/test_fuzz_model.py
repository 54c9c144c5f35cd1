"""Property-based: whatever YAML-shaped data a file holds, the answer is a meeting or exit-2 lines.

Never a traceback: `load_meeting_text` returns a model or raises InputError whose every line is
``SOURCE:LINE: ...``; `toolkit validate` exits 0 or 2.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import tempfile
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit import kinds
from toolkit.cli import main
from toolkit.errors import InputError
from toolkit.kinds.strategic import AGENDA
from toolkit.load import Loaded, load_meeting_text

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SOURCE = "fuzz.yaml"
LINE = re.compile(rf"^{re.escape(SOURCE)}:\d+: ")

FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _vocabulary() -> list[str]:
    """Every name a meeting file uses, so that generated data often gets past the top level."""
    names = set(kinds.names()) | {"not_applicable", "yes", "no", "n/a", "imposed"}
    for kind in kinds.every():
        names |= set(kind.model.model_fields) | set(kind.section_keys())
    names |= {item.key for item in AGENDA}
    names |= {"name", "role", "organisation", "email", "phone", "date", "start", "end", "chair"}
    names |= {"attendees", "apologies", "number", "detail", "owner", "due", "completed", "status"}
    return sorted(names)


VOCABULARY = _vocabulary()

texts = st.one_of(
    st.sampled_from(VOCABULARY),
    st.sampled_from(["2026-11-20", "20/11/2026", "11/20/2026", "10:00", "25:61", "", " ", "N/A"]),
    st.text(max_size=30),
    st.text(alphabet="&<>\"'{}%=-*: \n\t\x00\x0b\ud7ff\ufffeŵ👍#|!@`", max_size=20),
)
leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=dt.date(1, 1, 1)),
    texts,
)
keys = st.one_of(st.sampled_from(VOCABULARY), texts, st.integers(-5, 5), st.booleans())
yaml_data = st.recursive(
    leaves,
    lambda children: st.one_of(
        st.lists(children, max_size=5), st.dictionaries(keys, children, max_size=6)
    ),
    max_leaves=40,
)


def check(text: str) -> Loaded | None:
    """Load ``text``; a refusal must be lines of SOURCE:LINE: and nothing else."""
    try:
        return load_meeting_text(text, SOURCE)
    except InputError as error:
        problems = error.problems
    assert problems
    for line in problems:
        assert LINE.match(line), line
        assert "\n" not in line
    return None


def dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def sample_data(name: str) -> Any:
    return yaml.safe_load((SAMPLES / f"{name}.yaml").read_text(encoding="utf-8"))


SAMPLE_DATA = {name: sample_data(name) for name in ("initial", "review", "strategic")}


@FUZZ
@given(yaml_data)
def test_arbitrary_yaml_data_is_a_meeting_or_located_errors(data: Any) -> None:
    check(dump(data))


@FUZZ
@given(
    st.dictionaries(st.sampled_from(VOCABULARY), yaml_data, max_size=8),
    st.sampled_from(kinds.names()),
)
def test_arbitrary_fields_under_a_valid_kind(data: dict[str, Any], kind: str) -> None:
    check(dump({**data, "kind": kind}))


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value in ``data``."""
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*prefix, index))
    return found


def _mutate(data: Any, path: tuple[Any, ...], how: str, value: Any) -> Any:
    if not path:
        return value
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if how == "delete":
        del parent[last]
    elif how == "replace":
        parent[last] = value
    elif how == "add" and isinstance(parent, dict):
        parent[f"{last}x" if isinstance(last, str) else "extra"] = value
    elif how == "add":
        parent.insert(last, copy.deepcopy(parent[last]))
    return data


@FUZZ
@given(st.sampled_from(sorted(SAMPLE_DATA)), st.data())
def test_mutated_samples_are_a_meeting_or_located_errors(name: str, draw: st.DataObject) -> None:
    data = copy.deepcopy(SAMPLE_DATA[name])
    for _ in range(draw.draw(st.integers(1, 4), label="mutations")):
        path = draw.draw(st.sampled_from(_paths(data)), label="path")
        how = draw.draw(st.sampled_from(["delete", "replace", "add"]), label="how")
        value = draw.draw(yaml_data, label="value")
        data = _mutate(data, path, how, value)
    check(dump(data))


@FUZZ
@given(st.sampled_from(sorted(SAMPLE_DATA)), st.data())
def test_damaged_sample_text_is_a_meeting_or_located_errors(name: str, draw: st.DataObject) -> None:
    text = (SAMPLES / f"{name}.yaml").read_text(encoding="utf-8")
    for _ in range(draw.draw(st.integers(1, 3), label="edits")):
        at = draw.draw(st.integers(0, len(text)), label="at")
        cut = draw.draw(st.integers(0, 40), label="cut")
        insert = draw.draw(st.text(alphabet="-:{}[]&*!|>'\"#\t\n ?%@`,x9", max_size=6))
        text = text[:at] + insert + text[at + cut :]
    check(text)


@FUZZ
@given(st.text(max_size=200))
def test_any_text_is_a_meeting_or_located_errors(text: str) -> None:
    check(text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=200), yaml_data.map(lambda d: dump(d).encode("utf-8"))))
def test_validate_exits_0_or_2(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "m.yaml"
        path.write_bytes(content)
        result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code in (0, 2), result.output
    assert "Traceback" not in result.output
    assert "error: unexpected" not in result.output
    if result.exit_code == 2:
        assert all(line.startswith(f"{path}:") for line in result.stderr.splitlines())
