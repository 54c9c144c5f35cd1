"""Mutation testing of the modules whose every branch is a rule (issue 14, item 16): are the
tests able to notice when the rule changes?

Each mutant is one small change to one module's syntax tree (a comparison flipped at its
boundary, ``and`` for ``or``, a number off by one, a string emptied, a return value dropped, a
condition made always true or false, a statement removed, ``break`` for ``continue``). It is
compiled in memory and imported in place of the module by a fork of a worker running only the
tests that reach that module (``-x``, first failure ends the run); nothing in the working tree
changes,
so the run can go on beside other work. A mutant is killed when a test fails or the run exceeds
its timeout (three times the unmutated run, an infinite loop being a change the tests noticed),
and survives when every test passes. Mutants listed in ``EQUIVALENT`` cannot change behaviour:
they are reported apart and left out of the score, which is killed / mutants that can change
behaviour.

Not in CI (it takes minutes): run it after changing a target module or its tests,
``.venv/bin/python scripts/mutation.py`` (all targets) or ``... scripts/mutation.py naming dates``,
``--jobs N`` for N mutants at once (default: the CPUs), ``--list`` to print the mutants only.
Tests that run the toolkit in a subprocess do not see the mutant, so the chosen tests run it
in process.
"""

from __future__ import annotations

import argparse
import ast
import concurrent.futures
import importlib.abc
import importlib.util
import math
import os
import queue
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from importlib.machinery import ModuleSpec
from pathlib import Path
from types import CodeType, ModuleType

ROOT = Path(__file__).resolve().parent.parent

#: Each target module and the tests that reach it in process, chosen for speed: its own tests
#: first (``-x`` stops at the first failure, so the quickest to fail run first).
TARGETS: dict[str, tuple[str, list[str]]] = {
    "dates": ("toolkit.dates", ["test_dates_edges.py", "test_model.py", "test_due.py"]),
    "quorum": (
        "toolkit.quorum",
        ["test_quorum_edges.py", "test_model.py", "test_check.py", "test_strategic.py"],
    ),
    "placeholders": (
        "toolkit.check.placeholders",
        ["test_placeholders_edges.py", "test_check.py", "test_check_document.py"],
    ),
    "sections": (
        "toolkit.check.sections",
        ["test_sections_edges.py", "test_check_document.py", "test_check.py"],
    ),
    "text": ("toolkit.text", ["test_text.py", "test_text_edges.py", "test_model.py"]),
    "naming": ("toolkit.naming", ["test_naming_edges.py", "test_model.py"]),
}

#: Mutants that cannot change behaviour, by module, function, line (stripped) and change, with
#: why; the score leaves them out.
EQUIVALENT: dict[tuple[str, str, str, str], str] = {
    **{
        (
            "quorum",
            "_contains",
            "return any(outer[start : start + size] == inner "
            "for start in range(len(outer) - size + 1))",
            change,
        ): "the extra starts slice past the end, shorter than the (never empty) name"
        for change in ("- -> +", "1 -> 2")
    },
    (
        "naming",
        "output_name",
        'return f"{meeting_date:%Y-%m-%d} {safe_part(provider)} - {what}{suffix}"',
        "'%Y-%m-%d' -> ''",
    ): "a date with no format is written in ISO form, which is %Y-%m-%d",
    **{
        (target, "", "@dataclass(frozen=True)", "True -> False"): f"nothing assigns to a {what}"
        for target, what in (("sections", "Found"), ("placeholders", "Verdict"), ("text", "Block"))
    },
    ("sections", "_is_title", "return False", "return None"): "its caller only tests it in an if",
    **{
        ("text", "split_blocks", 'current.append(_BULLET.sub("", line, count=1))', change): (
            "the pattern is anchored at the start: it matches once at most"
        )
        for change in ("1 -> 2", "1 -> 0")
    },
    **{
        ("dates", "parse_date", line, change): "a date read as text is in ISO form, which parses "
        "to the same date"
        for line, change in (
            ("if isinstance(value, dt.date):", "statement removed"),
            ("if isinstance(value, dt.date):", "condition -> False"),
            ("return value", "statement removed"),
        )
    },
    **{
        (
            "dates",
            "add_working_days",
            "closed = _bank_holidays(range(start.year, start.year + 2 + days // 200))",
            change,
        ): "more years of holidays change nothing, and the years it takes already reach past "
        "the due date (a year has some 250 working days)"
        for change in ("// -> *", "2 -> 3", "200 -> 201", "200 -> 199")
    },
}

_SWAPS: dict[type[ast.AST], type[ast.AST]] = {
    ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.In: ast.NotIn, ast.NotIn: ast.In,
    ast.Is: ast.IsNot, ast.IsNot: ast.Is, ast.And: ast.Or, ast.Or: ast.And,
    ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.FloorDiv, ast.FloorDiv: ast.Mult,
    ast.Div: ast.Mult,
}  # fmt: skip
_SYMBOLS = {
    ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!=",
    ast.In: "in", ast.NotIn: "not in", ast.Is: "is", ast.IsNot: "is not", ast.And: "and",
    ast.Or: "or", ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.FloorDiv: "//", ast.Div: "/",
}  # fmt: skip
#: Statements whose removal only breaks the module's import, which every test notices.
_KEPT = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.ClassDef, ast.Pass, ast.Global)


@dataclass(frozen=True)
class Mutant:
    """One change: its number in the module's walk, the line and function ("" at the module's
    level) it is in, and what changed."""

    number: int
    line: int
    function: str
    change: str


Apply = Callable[[], None]


def _options(node: ast.AST, skip: set[int]) -> Iterator[tuple[int, str, Apply]]:
    """Every mutation of ``node`` itself (its operators, constant, test or value, its body's
    statements), as (line, change, apply in place)."""
    line = getattr(node, "lineno", 0)
    if isinstance(node, ast.Compare):
        for i, op in enumerate(node.ops):
            if type(op) in _SWAPS:
                yield line, _swap_text(op), _replacer(node.ops, i, _SWAPS[type(op)]())
    elif isinstance(node, ast.BoolOp | ast.BinOp) and type(node.op) in _SWAPS:
        yield line, _swap_text(node.op), _setter(node, "op", _SWAPS[type(node.op)]())
    elif isinstance(node, ast.Constant) and id(node) not in skip:
        yield from _constant_options(node, line)
    if isinstance(node, ast.If | ast.While | ast.IfExp):
        yield line, "condition -> True", _setter(node, "test", ast.Constant(True))
        yield line, "condition -> False", _setter(node, "test", ast.Constant(False))
    if isinstance(node, ast.comprehension):
        for i, condition in enumerate(node.ifs):
            yield condition.lineno, "filter removed", _remover(node.ifs, i)
    if isinstance(node, ast.Return) and node.value is not None and not _is_none(node.value):
        yield line, "return None", _setter(node, "value", ast.Constant(None))
    if isinstance(node, ast.Break | ast.Continue):
        other = ast.Continue() if isinstance(node, ast.Break) else ast.Break()
        change = f"{type(node).__name__.lower()} -> {type(other).__name__.lower()}"
        yield line, change, lambda: _become(node, other)
    for name, value in ast.iter_fields(node):
        if isinstance(value, ast.UnaryOp) and isinstance(value.op, ast.Not | ast.USub):
            yield value.lineno, "operator removed", _setter(node, name, value.operand)
        if isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, ast.UnaryOp) and isinstance(item.op, ast.Not | ast.USub):
                    yield item.lineno, "operator removed", _replacer(value, i, item.operand)
                if isinstance(item, ast.stmt) and not (
                    isinstance(item, _KEPT) or _is_docstring(item)
                ):
                    yield item.lineno, "statement removed", _replacer(value, i, ast.Pass())


def _constant_options(node: ast.Constant, line: int) -> Iterator[tuple[int, str, Apply]]:
    value = node.value
    if isinstance(value, bool):
        yield line, f"{value} -> {not value}", _setter(node, "value", not value)
    elif isinstance(value, int):
        yield line, f"{value} -> {value + 1}", _setter(node, "value", value + 1)
        yield line, f"{value} -> {value - 1}", _setter(node, "value", value - 1)
    elif isinstance(value, str):
        new = "" if value else "XX"
        yield line, f"{_short(value)} -> {new!r}", _setter(node, "value", new)


def _short(value: str) -> str:
    return repr(value if len(value) <= 30 else value[:27] + "...")


def _swap_text(op: ast.AST) -> str:
    return f"{_SYMBOLS[type(op)]} -> {_SYMBOLS[_SWAPS[type(op)]]}"


def _setter(node: ast.AST, name: str, value: object) -> Apply:
    return lambda: setattr(node, name, value)


def _replacer(items: list, index: int, value: object) -> Apply:
    def apply() -> None:
        items[index] = value

    return apply


def _remover(items: list, index: int) -> Apply:
    return lambda: items.pop(index)


def _become(node: ast.AST, other: ast.AST) -> None:
    node.__class__ = other.__class__


def _is_none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _is_docstring(statement: ast.stmt) -> bool:
    return (
        isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Constant)
        and isinstance(statement.value.value, str)
    )


def _not_behaviour(tree: ast.AST) -> set[int]:
    """Constants that never run: docstrings and annotations (postponed by ``__future__``)."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        for name, value in ast.iter_fields(node):
            if name in ("annotation", "returns") and isinstance(value, ast.AST):
                skip.update(id(inner) for inner in ast.walk(value))
            if name == "body" and isinstance(value, list) and value and _is_docstring(value[0]):
                skip.add(id(value[0].value))
    return skip


def _walk(source: str) -> Iterator[tuple[ast.Module, int, str, str, Apply]]:
    """Each mutation of a fresh tree of ``source``, in a fixed order, with its function."""
    tree = ast.parse(source)
    skip = _not_behaviour(tree)
    functions: dict[int, str] = {}
    for node in ast.walk(tree):  # outer functions first, so an inner one's name wins
        if isinstance(node, ast.FunctionDef):
            functions.update((id(inner), node.name) for inner in ast.walk(node))
    for node in list(ast.walk(tree)):
        for line, change, apply in _options(node, skip):
            yield tree, line, functions.get(id(node), ""), change, apply


def mutants(source: str) -> list[Mutant]:
    """The module's mutants, numbered in walk order."""
    return [
        Mutant(n, line, function, change)
        for n, (_, line, function, change, _) in enumerate(_walk(source))
    ]


def mutated_code(source: str, number: int, filename: str) -> CodeType:
    """The module compiled with mutant ``number`` applied."""
    for n, (tree, *_, apply) in enumerate(_walk(source)):
        if n == number:
            apply()
            return compile(ast.fix_missing_locations(tree), filename, "exec", dont_inherit=True)
    raise LookupError(number)


class _MutantFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Imports the target module from the mutated tree, every other module as usual."""

    def __init__(self, name: str, code: CodeType) -> None:
        self.name, self.code = name, code

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if fullname != self.name:
            return None
        sys.meta_path.remove(self)
        try:
            spec = importlib.util.find_spec(fullname)
        finally:
            sys.meta_path.insert(0, self)
        if spec is not None:
            spec.loader = self
        return spec

    def create_module(self, spec: ModuleSpec) -> None:
        return None  # the usual module object

    def exec_module(self, module: ModuleType) -> None:
        exec(self.code, module.__dict__)


def _source(name: str) -> tuple[Path, str]:
    """The file and source of module ``name``, found without importing anything (importing its
    package could import the module itself before the mutant is in place)."""
    path = ROOT.joinpath(*name.split(".")).with_suffix(".py")
    return path, path.read_text(encoding="utf-8")


def worker(name: str, tests: list[str]) -> None:
    """Serve mutant runs of module ``name``: read ``NUMBER TIMEOUT`` lines, answer ``NUMBER
    OUTCOME`` lines (a negative number runs the tests unmutated).

    The third-party packages are imported once, here; each mutant runs in a fork that imports
    the toolkit afresh, so a mutant costs the tests and not Python's start. The first test file
    (the module's own edge cases) runs alone first: most mutants fail there, before the other
    files are collected. A fork still running at its timeout is ended by its own alarm.
    """
    sys.path.insert(0, str(ROOT))
    for warm in ("pytest", "toolkit.load", "toolkit.check", "toolkit.render", "toolkit.tracker"):
        importlib.import_module(warm)
    for module in [m for m in sys.modules if m.split(".")[0] in ("toolkit", "tests")]:
        del sys.modules[module]
    path, source = _source(name)
    stages = [tests[:1], tests[1:]] if len(tests) > 1 else [tests]
    for request in sys.stdin:
        number, timeout = request.split()
        outcome = "survived"
        for stage in stages:
            outcome = _fork(name, path, source, int(number), stage, math.ceil(float(timeout)))
            if outcome != "survived":
                break
        print(number, outcome, flush=True)


def _fork(name: str, path: Path, source: str, number: int, tests: list[str], timeout: int) -> str:
    """Run ``tests`` in a fork with mutant ``number`` (none when negative) in place."""
    import pytest

    pid = os.fork()
    if pid == 0:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.dup2(null, 2)
        signal.alarm(timeout)
        if number >= 0:
            try:
                code = mutated_code(source, number, str(path))
            except (SyntaxError, ValueError, TypeError):
                os._exit(_INVALID)
            sys.meta_path.insert(0, _MutantFinder(name, code))
        args = ["-x", "-q", "-p", "no:cacheprovider", *[str(ROOT / "tests" / t) for t in tests]]
        os._exit(int(pytest.main(args)))
    _, status = os.waitpid(pid, 0)
    return _outcome(status)


#: The exit status of a fork whose mutant does not compile.
_INVALID = 99


def _outcome(status: int) -> str:
    if os.WIFSIGNALED(status):
        return "timeout" if os.WTERMSIG(status) == signal.SIGALRM else "killed"
    code = os.WEXITSTATUS(status)
    return {0: "survived", _INVALID: "invalid"}.get(code, "killed")


class _Worker:
    """One worker process and the requests sent to it, one at a time."""

    def __init__(self, target: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--worker", target],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        )

    def run(self, number: int, timeout: float) -> str:
        """``killed``, ``survived``, ``timeout`` or ``invalid`` for one mutant."""
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.write(f"{number} {timeout}\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline().split()
        if not answer or int(answer[0]) != number:
            raise SystemExit(f"mutation worker failed on mutant {number}")
        return answer[1]

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait()


def _equivalent(target: str, line: str, mutant: Mutant) -> str | None:
    return EQUIVALENT.get((target, mutant.function, line.strip(), mutant.change))


def run_target(target: str, jobs: int) -> tuple[int, int, list[str]]:
    """Run every mutant of ``target``; return (killed, can change behaviour, report lines)."""
    path, source = _source(TARGETS[target][0])
    lines = source.splitlines()
    workers = [_Worker(target) for _ in range(jobs)]
    try:
        started = time.monotonic()
        if workers[0].run(-1, 600) != "survived":
            raise SystemExit(f"{target}: the tests fail without any mutant; fix them first")
        timeout = 3 * (time.monotonic() - started) + 5
        todo = mutants(source)
        idle: queue.Queue[_Worker] = queue.Queue()
        for each in workers:
            idle.put(each)

        def run(mutant: Mutant) -> str:
            each = idle.get()
            try:
                return each.run(mutant.number, timeout)
            finally:
                idle.put(each)

        with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
            outcomes = list(pool.map(run, todo))
    finally:
        for each in workers:
            each.close()
    report: list[str] = []
    killed = counted = 0
    done = sorted(zip(todo, outcomes, strict=True), key=lambda pair: pair[0].line)
    for mutant, outcome in done:
        why = _equivalent(target, lines[mutant.line - 1], mutant)
        where = f"  {path.relative_to(ROOT)}:{mutant.line}: {mutant.change}"
        if outcome == "invalid":
            continue
        if why is not None:
            report.append(f"{where} (equivalent, {outcome}: {why})")
            continue
        counted += 1
        if outcome == "survived":
            report.append(f"{where}    | {lines[mutant.line - 1].strip()}")
        else:
            killed += 1
    return killed, counted, report


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("targets", nargs="*", metavar="TARGET", help=", ".join(TARGETS))
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--list", action="store_true", help="print the mutants, run nothing")
    args = parser.parse_args(argv)
    if unknown := set(args.targets) - set(TARGETS):
        parser.error(f"unknown targets {sorted(unknown)}; choose from {', '.join(TARGETS)}")
    total_killed = total = 0
    for target in args.targets or list(TARGETS):
        if args.list:
            for m in mutants(_source(TARGETS[target][0])[1]):
                print(f"{target}:{m.line}: {m.change}")
            continue
        started = time.monotonic()
        killed, counted, report = run_target(target, args.jobs)
        total_killed, total = total_killed + killed, total + counted
        score = 100 * killed / counted if counted else 100.0
        print(
            f"{target}: {killed}/{counted} killed ({score:.1f} %), "
            f"{counted - killed} survived, {time.monotonic() - started:.0f} s"
        )
        for line in report:
            print(line)
        sys.stdout.flush()
    if total:
        print(f"all: {total_killed}/{total} killed ({100 * total_killed / total:.1f} %)")
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--worker":
        worker(*TARGETS[sys.argv[2]])
        raise SystemExit(0)
    raise SystemExit(main(sys.argv[1:]))
