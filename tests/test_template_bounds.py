"""Council templates cannot hang or take gigabytes: each value a template builds, each step
it takes and the time it renders for are bounded, and going over is a one-line template error
(issue 14, item 9)."""

from __future__ import annotations

import time
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from tests.test_security import SAMPLES, _attack_templates
from toolkit.cli import main
from toolkit.errors import TemplateError
from toolkit.render import sandbox
from toolkit.render.record import render_template, template_path

#: Each attack, as a council could type it into a paragraph of its template.
ATTACKS = {
    "nested-range": "{% for a in range(100000) %}{% for b in range(100000) %}"
    "{% endfor %}{% endfor %}",
    "nested-range-printing": "{% for a in range(100000) %}{% for b in range(100000) %}"
    "xxxxxxxxxx{% endfor %}{% endfor %}",
    "center": "{{ 'x'|center(10**9) }}",
    "rjust-method": "{{ 'x'.rjust(10**9) }}",
    "percent-width": "{{ '%1000000000d' % 1 }}",
    "percent-precision": "{{ '%.1000000000f' % 1 }}",
    "percent-star": "{{ '%*d' % (1000000000, 1) }}",
    "format-filter": "{{ '%1000000000d'|format(1) }}",
    "brace-width": "{{ '{:>1000000000}'.format(1) }}",
    "brace-nested-width": "{{ '{:>{}}'.format(1, 1000000000) }}",
    "join": "{% set l = ['x' * 1000] * 900 %}{{ l|join('y' * 100000) }}",
    "join-method": "{% set l = ['x' * 1000] * 900 %}{{ ('y' * 100000).join(l) }}",
    "replace": "{{ ('x' * 1000000)|replace('x', 'yyyyyyyyyy') }}",
    "replace-method": "{{ ('x' * 100000).replace('x', 'y' * 1000) }}",
    "batch": "{{ [1]|batch(10**9, 'x')|list }}",
    "slice": "{{ [1]|slice(10**9)|list }}",
    "indent": "{{ ('x\\n' * 500000)|indent(1000) }}",
    "wordwrap": "{{ ('x ' * 400000)|wordwrap(1, wrapstring='y' * 100) }}",
    "lipsum": "{{ lipsum(10**6) }}",
    "namespace-doubling": "{% set ns = namespace(x='x') %}{% for i in range(100) %}"
    "{% set ns.x = ns.x ~ ns.x %}{% endfor %}{{ ns.x|length }}",
    "namespace-plus": "{% set ns = namespace(x=['x']) %}{% for i in range(100) %}"
    "{% set ns.x = ns.x + ns.x %}{% endfor %}{{ ns.x|length }}",
    "namespace-squaring": "{% set ns = namespace(n=3) %}{% for i in range(100) %}"
    "{% set ns.n = ns.n * ns.n %}{% endfor %}{{ ns.n > 1 }}",
    "shared-list": "{% set l = ['x' * 1000000] %}{{ l * 1000 }}",
    "append-loop": "{% set l = ['x' * 600000] %}{% for i in range(3) %}{{ l.append(l[0]) }}"
    "{% endfor %}{{ l|join }}",
}


def _template(folder: Path, code: str) -> Path:
    """A Word template whose one paragraph holds ``code``."""
    document = docx.Document()
    document.add_paragraph(code)
    path = folder / "record.docx"
    document.save(str(path))
    return path


@pytest.mark.parametrize("code", list(ATTACKS.values()), ids=list(ATTACKS))
def test_an_attack_is_refused_quickly_in_one_line(tmp_path: Path, code: str) -> None:
    path = _template(tmp_path, code)
    started = time.monotonic()
    with pytest.raises(TemplateError) as raised:
        render_template(path, {})
    assert time.monotonic() - started < 15
    message = str(raised.value)
    assert message.startswith(f"{path}: template error: the template "), message
    assert len(message.splitlines()) == 1


def test_exponential_macro_recursion_stops_at_the_time_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sandbox, "MAX_SECONDS", 1.0)
    code = "{% macro f(n) %}{% if n %}{{ f(n-1) }}{{ f(n-1) }}{% endif %}{% endmacro %}{{ f(60) }}"
    path = _template(tmp_path, code)
    started = time.monotonic()
    with pytest.raises(TemplateError, match="takes more than 1 seconds to render"):
        render_template(path, {})
    assert time.monotonic() - started < 5


def test_the_budget_is_for_one_render(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A render that takes most of the budget leaves the next render a whole budget."""
    monkeypatch.setattr(sandbox, "MAX_STEPS", 150_000)
    path = _template(tmp_path, "{% for a in range(100000) %}{% endfor %}")
    for _ in range(3):
        render_template(path, {})


NORMAL = (
    "{{ 'ok'|center(10) }} {{ '%5d' % 3 }} {{ '{:>4}'.format(1) }} {{ ['a', 'b']|join(', ') }}"
    " {{ 'a-b'|replace('-', ' ') }} {{ [1, 2, 3]|batch(2)|list }} {{ 'x' * 3 }} {{ 2 ** 10 }}"
    " {% for x in range(3) %}{{ loop.index }}/{{ loop.length }}{% endfor %}"
    " {{ ('a' ~ 'b')|upper }} {{ 'x y'|wordwrap(1) }} {{ 'abc'|truncate(3) }}"
)


def test_ordinary_template_code_still_works(tmp_path: Path) -> None:
    document = render_template(_template(tmp_path, NORMAL), {})
    text = "\n".join(p.text for p in document.paragraphs)
    for expected in ("    ok    ", "    3", "a, b", "a b", "[[1, 2], [3]]", "xxx 1024"):
        assert expected in text
    assert "1/32/33/3" in text
    assert "AB" in text


@pytest.mark.parametrize("name", ["center", "percent-width", "brace-width", "nested-range"])
def test_the_command_line_refuses_with_exit_2_and_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.chdir(tmp_path)
    templates = _attack_templates(tmp_path / "templates", ATTACKS[name])
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main,
        ["render", str(SAMPLES / "initial.yaml"), "-o", str(out), "--templates", str(templates)],
    )
    assert result.exit_code == 2, result.output
    record = template_path("initial", templates)
    assert result.stderr.startswith(f"{record}: template error"), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()
    checked = CliRunner().invoke(main, ["templates", "check", str(templates)])
    assert checked.exit_code == 2, checked.output
    assert "Traceback" not in checked.output
