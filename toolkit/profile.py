"""A partnership's own rules, read from one TOML file; without one, the seed documents' rules.

Deadlines per kind of paper, the bank-holiday region, the strategic quorum, the partnership's
names, the marking's descriptor and the council's sensitivity label are data that differ between
partnerships, never code (the contract: ``shared/spec/profile.md``).
"""

from __future__ import annotations

import contextlib
import contextvars
import difflib
import functools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from toolkit.errors import InputError, ToolkitError
from toolkit.files import read_input
from toolkit.frameworks import CLASSIFICATION, DRAFT_SUFFIX, Deadline
from toolkit.text import shown
from toolkit.toml_lines import KeyPath, parse_toml

#: The bank-holiday regions a profile may name, and their `holidays` subdivision of "GB".
REGIONS: dict[str, str] = {"england-and-wales": "ENG", "scotland": "SCT", "northern-ireland": "NIR"}
REGION_NAMES: dict[str, str] = {
    "england-and-wales": "England and Wales",
    "scotland": "Scotland",
    "northern-ireland": "Northern Ireland",
}
#: Where a rule comes from when the profile does not give it.
SEED = "default (seed documents)"
#: A profile is a page of text; anything larger is not one.
MAX_PROFILE_BYTES = 256 * 1024
#: The longest deadline a profile may set: a year, beyond which a typo is more likely than a rule.
MAX_DAYS = 366

_MARKING_WORDS = re.compile(r"^[A-Z][A-Z0-9-]*(?: [A-Z0-9-]+)*$")
_T = TypeVar("_T")


@dataclass(frozen=True)
class Rule:
    """A minutes deadline as a profile writes it: ``days`` calendar days, or working days."""

    days: int
    working: bool = False



@dataclass(frozen=True)
class Profile:
    """The rules in force: the seeds' (``DEFAULT``) or a partnership's, from ``load_profile``.

    ``deadlines`` holds only the kinds the file names; the others keep their kind's own rule
    (``deadline_for``). ``lines`` maps each key the file gave (``"deadlines.review"``) to its
    line, for ``source_of``. ``label`` is the council's ``MSIP_Label_*`` properties, in order.
    """

    name: str = "DSP"
    business_unit: str = "DSP Business Unit"
    classification: str = CLASSIFICATION
    descriptor: str | None = None
    label_from: Path | None = None
    label: tuple[tuple[str, str], ...] = ()
    deadlines: Mapping[str, Rule] = field(default_factory=dict, hash=False)
    region: str = "england-and-wales"
    #: None: the strategic kind's own (the protocol's); a file's ``quorum`` wins over both.
    quorum: tuple[str, ...] | None = None
    path: Path | None = None
    lines: Mapping[str, int] = field(default_factory=dict, hash=False, compare=False)

    @property
    def marking(self) -> str:
        """``OFFICIAL-SENSITIVE``, or with the descriptor: ``OFFICIAL-SENSITIVE PERSONAL``."""
        return " ".join(part for part in (self.classification, self.descriptor) if part)

    def marking_text(self, *, draft: bool = False) -> str:
        """The marking every page carries, with `` DRAFT`` for papers not yet agreed."""
        return self.marking + (DRAFT_SUFFIX if draft else "")

    def deadline_for(self, kind_name: str, default: Deadline) -> Deadline:
        """The minutes deadline of ``kind_name``: the profile's, else the kind's own ``default``."""
        rule = self.deadlines.get(kind_name)
        return default if rule is None else Deadline(rule.days, rule.working, default.after)

    @property
    def holidays_subdivision(self) -> str:
        """The `holidays` package's subdivision of "GB" whose bank holidays are not worked."""
        return REGIONS[self.region]

    def source_of(self, key: str) -> str:
        """Where the rule ``key`` (``"holidays.region"``) comes from, as ``profile show`` says."""
        if self.path is not None and key in self.lines:
            return f"profile {self.path}:{self.lines[key]}"
        return SEED


DEFAULT = Profile()

_ACTIVE: contextvars.ContextVar[Profile] = contextvars.ContextVar("profile", default=DEFAULT)


def marking_text(*, draft: bool = False) -> str:
    """The marking the pages carry under the profile in force: ``OFFICIAL-SENSITIVE``, with its
    descriptor (``OFFICIAL-SENSITIVE PERSONAL``), and `` DRAFT`` for papers not yet agreed."""
    return active().marking_text(draft=draft)


def active() -> Profile:
    """The profile in force for this command or request (``DEFAULT`` when none was given)."""
    return _ACTIVE.get()


@contextlib.contextmanager
def use_profile(profile: Profile) -> Iterator[Profile]:
    """Make ``profile`` the one in force inside the ``with`` block.

    Ambient rather than an argument: a partnership's rules apply to every paper a command or a
    web request makes, down to a date counted deep in a check, and threading a profile through
    every call would touch every signature. A context variable keeps concurrent requests apart.
    Worker processes do not share it: `carried` hands the profile to them explicitly.
    """
    token = _ACTIVE.set(profile)
    try:
        yield profile
    finally:
        _ACTIVE.reset(token)


def carried(function: Callable[[], _T]) -> Callable[[], _T]:
    """Return ``function`` bound to the profile in force now, to run in another process.

    `toolkit pack` renders in worker processes, which start without this process's context;
    the result is picklable (when ``function`` is) and sets the profile again around the call.
    """
    return functools.partial(_call_with, active(), function)


def _call_with(profile: Profile, function: Callable[[], _T]) -> _T:
    with use_profile(profile):
        return function()


# Reading a profile ----------------------------------------------------------------------------


class _Problem(ValueError):
    """One problem with one value; the loader adds the file, line and key path (and ``key``,
    the key inside the value that is wrong)."""

    def __init__(self, message: str, key: str | None = None) -> None:
        super().__init__(message)
        self.key = key


def load_profile(path: str | Path, *, kinds: Iterable[str]) -> Profile:
    """Read and check a profile file; ``kinds`` are the kind names ``[deadlines]`` may name.

    Raises InputError with one ``FILE:LINE: key.path: message`` line per problem, all at once.
    """
    path = Path(path)
    source = str(path)
    raw = read_input(path, what="profile", limit=MAX_PROFILE_BYTES)
    if len(raw) > MAX_PROFILE_BYTES:
        raise InputError(f"{source}: is larger than {MAX_PROFILE_BYTES // 1024} kB; not a profile")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise InputError(f"{source}:{line}: is not UTF-8 text; save it as UTF-8") from None
    data, lines = parse_toml(text, source)
    names = tuple(kinds)
    reader = _Reader(path, lines, names)
    return reader.read(data)


#: Each table of a profile and, for each of its keys, the function that checks its value.
_TABLES: dict[str, tuple[str, ...]] = {
    "partnership": ("name", "business_unit"),
    "marking": ("classification", "descriptor", "label_from"),
    "deadlines": (),
    "holidays": ("region",),
    "strategic": ("quorum",),
}
#: Profile fields by key path.
_FIELDS = {
    "partnership.name": "name",
    "partnership.business_unit": "business_unit",
    "marking.classification": "classification",
    "marking.descriptor": "descriptor",
    "marking.label_from": "label_from",
    "holidays.region": "region",
    "strategic.quorum": "quorum",
}


class _Reader:
    """Checks the data of one profile file, collecting every problem with its line."""

    def __init__(self, path: Path, lines: dict[KeyPath, int], kinds: tuple[str, ...]) -> None:
        self.path = path
        self.lines = lines
        self.kinds = kinds
        self.problems: list[tuple[int, str]] = []

    def read(self, data: dict[str, Any]) -> Profile:
        values: dict[str, Any] = {}
        deadlines: dict[str, Rule] = {}
        given: dict[str, int] = {}
        for table, content in data.items():
            if table not in _TABLES:
                self._problem((table,), _unknown_table(table))
            elif not isinstance(content, dict):
                self._problem((table,), f"must be a table: write [{table}] on a line of its own")
            elif table == "deadlines":
                for kind, rule in content.items():
                    if kind not in self.kinds:
                        self._problem((table, kind), _unknown("kind of paper", kind, self.kinds))
                    elif (found := self._check((table, kind), _rule, rule)) is not None:
                        deadlines[kind] = found
                        given[f"{table}.{kind}"] = self._line((table, kind))
            else:
                for key, value in content.items():
                    if key not in _TABLES[table]:
                        self._problem((table, key), _unknown("key", key, _TABLES[table]))
                        continue
                    checker = getattr(self, f"_{key}")
                    if (found := self._check((table, key), checker, value)) is not None:
                        values[_FIELDS[f"{table}.{key}"]] = found
                        given[f"{table}.{key}"] = self._line((table, key))
        if "label_from" in values:
            values["label"] = self._check(("marking", "label_from"), _label, values["label_from"])
        if self.problems:
            raise InputError([text for _, text in sorted(self.problems, key=lambda p: p[0])])
        return Profile(**values, deadlines=deadlines, path=self.path, lines=given)

    def _line(self, path: KeyPath) -> int:
        return self.lines.get(path) or self.lines.get(path[:1]) or 1

    def _problem(self, path: KeyPath, message: str) -> None:
        line = self._line(path)
        self.problems.append((line, f"{self.path}:{line}: {'.'.join(path)}: {message}"))

    def _check(self, path: KeyPath, checker: Callable[[Any], _T], value: Any) -> _T | None:
        try:
            return checker(value)
        except _Problem as problem:
            self._problem((*path, problem.key) if problem.key else path, str(problem))
            return None

    def _name(self, value: Any) -> str:
        return _one_line(value)

    def _business_unit(self, value: Any) -> str:
        return _one_line(value)

    def _classification(self, value: Any) -> str:
        return _marking_words(value)

    def _descriptor(self, value: Any) -> str:
        return _marking_words(value)

    def _label_from(self, value: Any) -> Path:
        return self.path.parent / _one_line(value)

    def _region(self, value: Any) -> str:
        if not isinstance(value, str):
            raise _Problem(f'must be text such as "scotland", not {_described(value)}')
        if value not in REGIONS:
            raise _Problem(_unknown("region", value.strip().lower(), tuple(REGIONS)))
        return value

    def _quorum(self, value: Any) -> tuple[str, ...]:
        if not isinstance(value, list):
            raise _Problem('must be a list of organisations such as ["West Sussex County Council"]')
        return tuple(_one_line(each) for each in value)


def _rule(value: Any) -> Rule:
    if not isinstance(value, dict):
        raise _Problem("must be a table such as { days = 7 } or { days = 5, working = true }")
    if unknown := [key for key in value if key not in ("days", "working")]:
        raise _Problem(_unknown("key", unknown[0], ("days", "working")), unknown[0])
    if "days" not in value:
        raise _Problem("is missing; write { days = 7 } or { days = 5, working = true }", "days")
    days, working = value["days"], value.get("working", False)
    if isinstance(days, bool) or not isinstance(days, int):
        raise _Problem(f"must be a whole number of days such as 7, not {_described(days)}", "days")
    if days < 1:
        raise _Problem(f"must be 1 or more, not {days}", "days")
    if days > MAX_DAYS:
        raise _Problem(f"must be at most {MAX_DAYS}, not {days}", "days")
    if not isinstance(working, bool):
        raise _Problem(f"must be true or false, not {_described(working)}", "working")
    return Rule(days, working)


def _one_line(value: Any) -> str:
    """Text printed in records and messages: one line, not blank."""
    if not isinstance(value, str):
        raise _Problem(f'must be text in quotes such as "West Sussex", not {_described(value)}')
    if not value.strip():
        raise _Problem("is blank")
    if "\n" in value.strip() or len(value) > 200:
        raise _Problem("must be one line of at most 200 characters")
    return value.strip()


def _marking_words(value: Any) -> str:
    """A classification or descriptor: capitals, as the Government Security Classifications
    write them, so that a marking paragraph is recognised and rewritten, never repeated."""
    text = _one_line(value)
    if not _MARKING_WORDS.match(text) or len(text) > 40:
        raise _Problem(f'must be capitals such as "OFFICIAL-SENSITIVE", not {shown(text)}')
    if text.split()[-1] == DRAFT_SUFFIX.strip():
        raise _Problem("must not end in DRAFT: --draft adds it to the papers not yet agreed")
    return text


def _label(path: Path) -> tuple[tuple[str, str], ...]:
    """The ``MSIP_Label_*`` properties of the file the council labelled."""
    from toolkit.render.labels import read_label

    try:
        properties = read_label(path)
    except ToolkitError as error:
        raise _Problem(str(error)) from None
    if not properties:
        raise _Problem(
            f"{path}: carries no sensitivity label (no MSIP_Label_* custom properties); "
            "apply the council's label to it in Word or Excel and save it"
        )
    return tuple(properties.items())


def _described(value: Any) -> str:
    """A value as the TOML file wrote it: ``"7"`` is text, ``7`` a number."""
    if isinstance(value, str):
        return shown(value)
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return f"the number {value}"
    names: dict[type, str] = {list: "a list", dict: "a table"}
    return names.get(type(value), type(value).__name__)


def _unknown(what: str, value: str, allowed: Iterable[str]) -> str:
    """``unknown key; did you mean 'days'?`` or, with no near name, the names allowed."""
    allowed = tuple(allowed)
    close = difflib.get_close_matches(value, allowed, n=1, cutoff=0.6)
    if close:
        return f"unknown {what}; did you mean {close[0]!r}?"
    return f"unknown {what}; allowed: {', '.join(allowed)}"


def _unknown_table(name: str) -> str:
    """An unknown table, or a key written above the tables (``region = ...`` before any
    ``[holidays]``): say which table it belongs in."""
    for table, keys in _TABLES.items():
        if name in keys:
            return f"unknown table; {name!r} belongs in [{table}]"
    return _unknown("table", name, _TABLES)


# What `profile show` prints ---------------------------------------------------------------------


@dataclass(frozen=True)
class RuleInForce:
    """One rule in force: its key, its value (plain data), how it reads, and where it is from."""

    key: str
    value: Any
    text: str
    source: str


def rules_in_force(
    profile: Profile, deadlines: Mapping[str, Deadline], quorum: tuple[str, ...]
) -> list[RuleInForce]:
    """Every rule ``profile`` puts in force, in the order of the profile file's tables.

    ``deadlines`` are the kinds' own rules (kind name -> deadline) and ``quorum`` the strategic
    kind's, which the profile may override.
    """

    def rule(key: str, value: Any, text: str) -> RuleInForce:
        return RuleInForce(key, value, text, profile.source_of(key))

    label = dict(profile.label)
    label_name = next((v for k, v in label.items() if k.endswith("_Name")), None)
    rules = [
        rule("partnership.name", profile.name, profile.name),
        rule("partnership.business_unit", profile.business_unit, profile.business_unit),
        rule("marking.classification", profile.classification, profile.classification),
        rule("marking.descriptor", profile.descriptor, profile.descriptor or "none"),
        rule(
            "marking.label_from",
            str(profile.label_from) if profile.label_from else None,
            f"{profile.label_from} (label {label_name or 'without a name'}, "
            f"{len(label)} MSIP_Label properties)"
            if profile.label_from
            else "none (files carry no sensitivity label)",
        ),
    ]
    for kind, default in deadlines.items():
        in_force = profile.deadline_for(kind, default)
        value = {"days": in_force.days, "working": in_force.working_days, "rule": in_force.rule}
        rules.append(rule(f"deadlines.{kind}", value, in_force.rule))
    region = REGION_NAMES[profile.region]
    rules.append(rule("holidays.region", profile.region, f"{profile.region} ({region})"))
    organisations = quorum if profile.quorum is None else profile.quorum
    rules.append(rule("strategic.quorum", list(organisations), "; ".join(organisations)))
    return rules
