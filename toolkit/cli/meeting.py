"""Commands about meeting files: validate, new, frameworks."""

from __future__ import annotations

from pathlib import Path

import click

from toolkit import kinds
from toolkit.cli import echo_warnings
from toolkit.errors import ExistsError, InputError
from toolkit.load import load_meeting
from toolkit.write import write_text_atomic

KIND = click.Choice(kinds.names())


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def validate(files: tuple[Path, ...]) -> None:
    """Check meeting files; print one line per file and every problem found."""
    problems: list[str] = []
    for path in files:
        try:
            loaded = load_meeting(path)
        except InputError as error:
            problems.extend(error.lines())
            continue
        echo_warnings(loaded.warnings)
        paper = loaded.meeting
        click.echo(f"{path}: ok ({kinds.of(paper).summary(paper)})")
    if problems:
        raise InputError(problems)


@click.command()
@click.argument("kind", type=KIND)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="File to write (default: print to the screen).",
)
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def new(kind: str, output: Path | None, force: bool) -> None:
    """Write a blank, commented meeting file of KIND to fill in."""
    if output is None:
        click.echo(kinds.get(kind).scaffold("FILE"), nl=False)
        return
    if output.exists() and not force:
        raise ExistsError(output)
    write_text_atomic(output, kinds.get(kind).scaffold(str(output)))
    click.echo(f"{output}: written; fill it in, then run: toolkit validate {output}", err=True)


@click.command()
@click.argument("kind", type=KIND, required=False)
def frameworks(kind: str | None) -> None:
    """Print the framework headings of a kind (all kinds when none is given)."""
    for each in [kinds.get(kind)] if kind else kinds.every():
        click.echo(f"{each.name}:")
        for line in each.outline():
            click.echo(line)
