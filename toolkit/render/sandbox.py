"""The Jinja sandbox a council's record template renders in, bounded in time and memory.

Jinja's own sandbox keeps a template from reading files or running code, but not from
building a value of gigabytes (``'x'|center(10**9)``, ``'%1000000000d' % 1``, a namespace
doubled in a loop) or from looping for hours (``range`` nested ten deep). Here every way a
template can make a value larger than the one it started from is checked before, or just
after, it is made, against `MAX_VALUE`; every loop step, call and attribute look-up counts
against a budget of steps and time set by `budget` around each render, and what the template
prints, in total, against `MAX_OUTPUT`. Whatever goes over raises Jinja's SecurityError,
which the renderer reports as a one-line template error.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import re
import string
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from jinja2 import nodes
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

#: The largest text or list (counted deeply: a list of texts by all their characters) a
#: template may compute, and the largest power.
MAX_VALUE = 1_000_000
MAX_POWER = 64
#: The most bits of an integer a template may compute (a number of 1,233 digits).
MAX_INT_BITS = 4_096
#: The most characters a template may print in one render (each part of the document).
MAX_OUTPUT = 200_000_000
#: The most loop steps, calls and look-ups of one render, and its seconds.
MAX_STEPS = 20_000_000
MAX_SECONDS = 20.0
#: How often (in steps) the clock is read.
_CLOCK_EVERY = 1_024


class _Budget:
    """What is left to one render: steps, and time until ``deadline``."""

    def __init__(self, seconds: float, steps: int) -> None:
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds
        self.steps = steps

    def step(self) -> None:
        self.steps -= 1
        if self.steps < 0:
            raise SecurityError("the template takes too many steps to render")
        if self.steps % _CLOCK_EVERY == 0 and time.monotonic() > self.deadline:
            raise SecurityError(f"the template takes more than {self.seconds:g} seconds to render")


_BUDGET: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar(
    "toolkit_template_budget", default=None
)


@contextlib.contextmanager
def budget(seconds: float | None = None, steps: int | None = None) -> Iterator[None]:
    """Bound every template rendered inside the block, together, by ``seconds`` and ``steps``
    (None: MAX_SECONDS and MAX_STEPS)."""
    token = _BUDGET.set(
        _Budget(MAX_SECONDS if seconds is None else seconds, MAX_STEPS if steps is None else steps)
    )
    try:
        yield
    finally:
        _BUDGET.reset(token)


def _step() -> None:
    current = _BUDGET.get()
    if current is not None:
        current.step()


# Sizes -------------------------------------------------------------------------------------


def size(value: Any, limit: int = MAX_VALUE) -> int:
    """How large ``value`` is when printed, roughly: characters of a text, items of a list
    plus the sizes of its items (a shared item counts each time). Stops counting past
    ``limit``."""
    if isinstance(value, str | bytes):
        return len(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value.bit_length() // 3
    if isinstance(value, dict):
        value = list(value.items())
    if isinstance(value, list | tuple | set | frozenset):
        total = len(value)
        for item in value:
            if total > limit:
                break
            total += size(item, limit - total)
        return total
    return 1


def checked(value: Any) -> Any:
    """Return ``value``, or raise SecurityError if it is too large to have made."""
    if isinstance(value, int) and not isinstance(value, bool):
        if value.bit_length() > MAX_INT_BITS:
            raise SecurityError("the template computes too large a number")
        return value
    if size(value) > MAX_VALUE:
        raise SecurityError("the template builds a text or list too large to print")
    return value


def _refuse_size(estimate: int) -> None:
    if estimate > MAX_VALUE:
        raise SecurityError("the template builds a text or list too large to print")


def _count(value: Any) -> int:
    """An integer argument as given (a text of digits too), 0 for anything else."""
    if isinstance(value, bool):
        return 0
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip()[:20])
    return 0


# Formats -----------------------------------------------------------------------------------

_PERCENT = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?")


def check_percent_format(text: Any) -> None:
    """Refuse a ``%`` format whose width or precision is huge or given as ``*``."""
    if not isinstance(text, str):
        return
    for match in _PERCENT.finditer(text):
        for number in match.groups():
            if number == "*" or (number and int(number[:20]) > MAX_VALUE):
                raise SecurityError("the template formats a value too wide to print")


def check_brace_format(text: Any) -> None:
    """Refuse a ``str.format`` string whose width or precision is huge or computed."""
    if not isinstance(text, str):
        return
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        return  # str.format then raises its own error
    for _, _, spec, _ in parsed:
        if not spec:
            continue
        if "{" in spec:
            raise SecurityError("the template computes a format's width")
        if any(int(digits[:20]) > MAX_VALUE for digits in re.findall(r"\d+", spec)):
            raise SecurityError("the template formats a value too wide to print")


# Bounded filters and globals ---------------------------------------------------------------


def _bounded_filters(filters: dict[str, Callable[..., Any]]) -> dict[str, Callable[..., Any]]:
    """Jinja's filters, those that can make a large value checked before and after."""

    def pre_center(value: Any, width: Any = 80, *_: Any, **__: Any) -> None:
        _refuse_size(_count(width))

    def pre_indent(value: Any, width: Any = 4, *_: Any, **__: Any) -> None:
        text = str(value)
        _refuse_size(len(text) + (text.count("\n") + 1) * (_count(width) or len(str(width))))

    def pre_wordwrap(value: Any, width: Any = 79, *args: Any, **kwargs: Any) -> None:
        wrapstring = kwargs.get("wrapstring", args[1] if len(args) > 1 else None)
        text = str(value)
        _refuse_size(len(text) * (1 + len(str(wrapstring or "\n"))))

    def pre_truncate(value: Any, length: Any = 255, *args: Any, **kwargs: Any) -> None:
        end = kwargs.get("end", args[1] if len(args) > 1 else "...")
        _refuse_size(len(str(value)) + size(end))

    def pre_batch(value: Any, linecount: Any = 1, *_: Any, **__: Any) -> None:
        _refuse_size(_count(linecount))

    def pre_slice(value: Any, slices: Any = 1, *_: Any, **__: Any) -> None:
        _refuse_size(_count(slices))

    def pre_join(value: Any, d: Any = "", *_: Any, **__: Any) -> None:
        items = value if isinstance(value, list | tuple | str) else None
        if items is not None:
            _refuse_size(size(items) + max(len(items) - 1, 0) * size(d))

    def pre_replace(value: Any, old: Any = "", new: Any = "", *args: Any, **__: Any) -> None:
        text, old_text, new_text = str(value), str(old), str(new)
        count = text.count(old_text) if old_text else len(text) + 1
        if args and isinstance(args[0], int) and args[0] >= 0:
            count = min(count, args[0])
        _refuse_size(len(text) + count * max(len(new_text) - len(old_text), 0))

    def pre_format(value: Any, *_: Any, **__: Any) -> None:
        check_percent_format(str(value))

    def pre_lipsum(n: Any = 5, *args: Any, **kwargs: Any) -> None:
        largest = kwargs.get("max", args[2] if len(args) > 2 else 100)
        _refuse_size(_count(n) * max(_count(largest), 1) * 10)

    checks: dict[str, Callable[..., None]] = {
        "center": pre_center,
        "indent": pre_indent,
        "wordwrap": pre_wordwrap,
        "truncate": pre_truncate,
        "batch": pre_batch,
        "slice": pre_slice,
        "join": pre_join,
        "replace": pre_replace,
        "format": pre_format,
    }
    bounded = {name: _bounded(function, checks.get(name)) for name, function in filters.items()}
    bounded["lipsum"] = pre_lipsum  # only for the globals below
    return bounded


def _bounded(function: Callable[..., Any], check: Callable[..., None] | None) -> Any:
    """``function`` with ``check`` (given the value and arguments) run before it, and its
    result checked; Jinja's pass_context/pass_environment markers kept."""
    passes = getattr(function, "jinja_pass_arg", None)

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _step()
        if check is not None:
            check(*(args[1:] if passes is not None else args), **kwargs)
        return checked(function(*args, **kwargs))

    return wrapper


def _steps(iterable: Any) -> Iterator[Any]:
    """A for loop's items, each counted against the budget."""
    for item in iterable:
        _step()
        yield item


class _Steps:
    """Jinja's for loop takes ``len`` of what it loops over (for ``loop.length``), so the
    counted iterator keeps it."""

    def __init__(self, iterable: Any) -> None:
        self._iterable = iterable

    def __iter__(self) -> Iterator[Any]:
        return _steps(self._iterable)

    def __len__(self) -> int:
        return len(self._iterable)


_STEP_FILTER = "toolkit_counted_steps"
_VALUE_FILTER = "toolkit_checked_value"


class BoundedSandbox(SandboxedEnvironment):
    """Jinja's sandbox, with every value a template builds and every step it takes bounded."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        lipsum: Any = self.globals["lipsum"]
        safe_range: Any = self.globals["range"]
        self.filters = _bounded_filters(dict(self.filters))
        self.globals["lipsum"] = _bounded(lipsum, self.filters.pop("lipsum"))
        self.globals["range"] = _bounded(safe_range, None)
        self.filters[_STEP_FILTER] = _Steps
        self.filters[_VALUE_FILTER] = checked

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _step()
        refuse_huge(operator, left, right)
        return checked(super().call_binop(context, operator, left, right))

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        _step()
        name = getattr(__obj, "__name__", None)
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str | list | tuple | bytes) and name is not None:
            _check_method(owner, name, args, kwargs)
        return checked(super().call(__context, __obj, *args, **kwargs))

    def getattr(self, obj: Any, attribute: str) -> Any:
        _step()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        _step()
        return super().getitem(obj, argument)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapper = super().wrap_str_format(value)
        if wrapper is None:
            return None
        check_brace_format(value.__self__)

        @functools.wraps(wrapper)
        def bounded(*args: Any, **kwargs: Any) -> str:
            result: str = checked(wrapper(*args, **kwargs))
            return result

        return bounded

    def concat(self, pieces: Iterable[str]) -> str:
        """Join what a template prints, refusing output past MAX_OUTPUT as it comes."""
        kept: list[str] = []
        total = 0
        for piece in pieces:
            _step()
            total += len(piece)
            if total > MAX_OUTPUT:
                raise SecurityError("the template prints too much")
            kept.append(piece)
        return "".join(kept)

    def _generate(self, source: nodes.Template, *args: Any, **kwargs: Any) -> str:
        _instrument(source)
        return super()._generate(source, *args, **kwargs)


def _instrument(template: nodes.Template) -> None:
    """Count each step of every for loop, and check each ``~`` join, in compiled code."""
    for loop in list(template.find_all(nodes.For)):
        loop.iter = nodes.Filter(loop.iter, _STEP_FILTER, [], [], None, None, lineno=loop.lineno)
    parents = [
        (node, field)
        for node in [template, *template.find_all(nodes.Node)]
        for field in node.fields
        if isinstance(getattr(node, field, None), nodes.Concat | list)
    ]
    for node, field in parents:
        value = getattr(node, field)
        if isinstance(value, nodes.Concat):
            setattr(node, field, _checked_node(value))
        else:
            value[:] = [
                _checked_node(item) if isinstance(item, nodes.Concat) else item for item in value
            ]


def _checked_node(node: nodes.Expr) -> nodes.Expr:
    return nodes.Filter(node, _VALUE_FILTER, [], [], None, None, lineno=node.lineno)


def _check_method(owner: Any, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Refuse a call of a text or list method that would make a huge value."""
    first = args[0] if args else None
    if name in ("center", "ljust", "rjust", "zfill"):
        _refuse_size(_count(first))
    elif name == "expandtabs":
        _refuse_size(len(owner) * max(_count(first if args else kwargs.get("tabsize", 8)), 1))
    elif name == "join" and isinstance(first, list | tuple | str):
        _refuse_size(size(first) + max(len(first) - 1, 0) * len(owner))
    elif name == "join":
        raise SecurityError("the template joins what is not a list")
    elif name == "replace" and len(args) >= 2 and isinstance(owner, str):
        old, new = str(args[0]), str(args[1])
        count = owner.count(old) if old else len(owner) + 1
        _refuse_size(len(owner) + count * max(len(new) - len(old), 0))
    elif name in ("extend", "append", "insert", "__add__", "__iadd__") and args:
        _refuse_size(size(owner) + size(args[-1]))
    elif name in ("__mul__", "__rmul__", "__imul__"):
        _refuse_size(size(owner) * _count(first))


def refuse_huge(operator: str, left: Any, right: Any) -> None:
    """Raise SecurityError before a template multiplies, formats or raises to a huge result."""
    sequences = [x for x in (left, right) if isinstance(x, str | list | tuple)]
    counts = [x for x in (left, right) if isinstance(x, int) and not isinstance(x, bool)]
    if operator == "*" and sequences and counts:
        _refuse_size(size(sequences[0]) * max(counts))
    if operator == "*" and len(counts) == 2 and sum(x.bit_length() for x in counts) > MAX_INT_BITS:
        raise SecurityError("the template computes too large a number")
    if operator == "**" and isinstance(right, int | float) and abs(right) > MAX_POWER:
        raise SecurityError("the template raises a number to too large a power")
    if operator == "%" and isinstance(left, str):
        check_percent_format(left)
    if operator == "+":
        _refuse_size(size(left) + size(right))
