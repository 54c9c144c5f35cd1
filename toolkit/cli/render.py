"""`toolkit render` (a meeting's Word and Excel files, unprotected, for editing) and
`toolkit templates` (a council's own record templates)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from toolkit import kinds
from toolkit.cli import echo_warnings
from toolkit.errors import EXIT_BAD_INPUT, EXIT_INCOMPLETE, EXIT_OK
from toolkit.text import counted

if TYPE_CHECKING:
    from toolkit.model import Paper

F = TypeVar("F", bound=Callable[..., Any])

#: What `render` and `pack` share: the meeting files, --templates, and -o for the folder.
#: (A folder given as a meeting file is the loader's one-line error, not click's usage block.)
meeting_files_argument = click.argument(
    "files", nargs=-1, required=True, type=click.Path(path_type=Path)
)
templates_option = click.option(
    "--templates",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="Folder of the council's own record templates (see `toolkit templates --help`).",
)
provider_copy_option = click.option(
    "--provider-copy",
    is_flag=True,
    help="Add the provider's copy of each record, without the sections not for the provider "
    "(those about individuals at risk, and those listed under provider_copy: exclude:).",
)


def warn_without_provider_copy(papers: Iterable[tuple[str, Paper]]) -> None:
    """Say of each (source, paper) that has no provider's copy (a strategic meeting) that it
    gets none, rather than leave the user looking for a file its kind never has."""
    from toolkit.render import has_provider_copy

    for source, paper in papers:
        if not has_provider_copy(paper):
            label = kinds.of(paper).label()
            click.echo(f"{source}: warning: no provider copy of a {label}", err=True)


def output_folder_option(help_text: str) -> Callable[[F], F]:
    """``-o/--output FOLDER``, required, with the command's own ``help_text``."""
    return click.option(
        "-o",
        "--output",
        required=True,
        type=click.Path(path_type=Path, file_okay=False),
        help=help_text,
    )


@click.command()
@meeting_files_argument
@output_folder_option("Folder to write the files into (created when missing).")
@templates_option
@click.option("--force", is_flag=True, help="Overwrite files that already exist.")
@click.option("--draft", is_flag=True, help="Mark every page OFFICIAL-SENSITIVE DRAFT.")
@provider_copy_option
def render(
    files: tuple[Path, ...],
    output: Path,
    templates: Path | None,
    force: bool,
    draft: bool,
    provider_copy: bool,
) -> None:
    """Write the record (or agenda and minutes) and the action tracker of each meeting FILE
    into the folder OUTPUT, as UNPROTECTED drafts for editing; circulate them with `toolkit pack`.
    """
    from toolkit.load import load_all
    from toolkit.render import render_meeting
    from toolkit.write import write_files

    loaded = load_all(list(files))
    for each in loaded:
        echo_warnings(each.warnings)
    if provider_copy:
        warn_without_provider_copy((each.source, each.meeting) for each in loaded)
    rendered = [
        (document.name, document.data)
        for each in loaded
        for document in render_meeting(
            each.meeting, templates=templates, draft=draft, provider_copy=provider_copy
        )
    ]
    for path in write_files(output, rendered, force=force):
        click.echo(f"{path}: written")
    sources = " ".join(str(file) for file in files) + (" --provider-copy" if provider_copy else "")
    click.echo(
        "These are UNPROTECTED drafts for editing: keep them on secure storage, and circulate "
        f"with `toolkit pack {sources} -o FOLDER` (password protected)."
    )


@click.group()
def templates() -> None:
    """A council's own record templates, used with --templates: a folder holding one
    FOLDER/record.docx for each kind of record (appendix1/record.docx for initial meetings...;
    `toolkit templates export` writes them all).

    Start from the toolkit's own with `toolkit templates export FOLDER`, restyle them in Word,
    then run `toolkit templates check FOLDER`.
    """


@templates.command("check")
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@click.pass_context
def check_templates_command(ctx: click.Context, folder: Path) -> None:
    """Say what the templates in FOLDER lack: placeholders, the heading loop, the marking.

    Exit status: 0 nothing lacking, 1 something lacking, 2 a template cannot be used at all.
    """
    from toolkit.render.templates_check import check_templates

    report = check_templates(folder)
    for finding in report.findings:
        click.echo(f"{finding.path}: {finding.message}")
    if report.unusable:
        click.echo(f"{folder}: a template cannot be used; fix it before rendering with it")
        ctx.exit(EXIT_BAD_INPUT)
    if report.findings:
        click.echo(f"{folder}: {counted(len(report.findings), 'problem')} found")
        ctx.exit(EXIT_INCOMPLETE)
    click.echo(f"{folder}: ok, the templates have everything the toolkit needs")
    ctx.exit(EXIT_OK)


@templates.command("export")
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@click.option("--force", is_flag=True, help="Overwrite templates that already exist.")
def export_templates_command(folder: Path, force: bool) -> None:
    """Copy the toolkit's own record templates into FOLDER, to restyle in Word."""
    from toolkit.render.templates_check import export_templates

    for path in export_templates(folder, force=force):
        click.echo(f"{path}: written")
