"""The `register` commands: add papers, show a provider, list alerts and providers, report.

Each command parses its options, calls one method of `toolkit.register.Register` and prints
what it returns; the key is read from a file or the environment, never from the command line.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from toolkit.cli import date_option

FORMATS = click.Choice(["text", "json"])


def db_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """--db and --key-file, shared by every register command."""
    function = click.option(
        "--key-file",
        type=click.Path(path_type=Path, dir_okay=False),
        help="File whose first line is the register's SQLCipher key (default: "
        "$TOOLKIT_REGISTER_KEY, else the key the toolkit generated for this register).",
    )(function)
    return click.option(
        "--db",
        metavar="URL",
        envvar="TOOLKIT_DB",
        show_envvar=True,
        help="The register: a SQLite file path, sqlite:///PATH or postgresql+psycopg://... "
        "(default: register.db in the user's data folder).",
    )(function)


def open_for_command(db: str | None, key_file: Path | None, **options: Any) -> Any:
    from toolkit.register import open_register

    register = open_register(db, key_file=key_file, **options)
    if register.key_file is not None:
        click.echo(
            f"{register.key_file}: the new register's key (keep it safe and apart from "
            f"{register.where}; without it the register cannot be opened)",
            err=True,
        )
    return register


def _json(value: Any) -> None:
    click.echo(json.dumps(value, indent=2, ensure_ascii=False))


@click.group()
def register() -> None:
    """The provider concerns register: the partnership's memory of providers, concerns,
    meetings, escalation levels and decisions (encrypted at rest)."""


@register.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@db_options
@click.option("--plain", is_flag=True, help="Create the register unencrypted (only on creation).")
@click.option(
    "--key-out",
    type=click.Path(path_type=Path, dir_okay=False),
    help="New file (mode 0600) for the key generated for a new register, away from it.",
)
def add(
    files: tuple[Path, ...],
    db: str | None,
    key_file: Path | None,
    plain: bool,
    key_out: Path | None,
) -> None:
    """Add paper FILES (meetings of any kind, letters, reporting forms, concerns) to the
    register, in one transaction; a paper added again is updated, never duplicated."""
    with open_for_command(db, key_file, plain=plain, key_out=key_out) as reg:
        for added in reg.add_papers(list(files)):
            what = "updated" if added.updated else "added"
            click.echo(
                f"{added.source}: {what} ({added.kind}, {added.provider}, {added.date.isoformat()})"
            )


@register.command()
@click.argument("provider")
@db_options
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
@click.option("--today", callback=date_option, help="Judge what is overdue as on this date.")
def show(
    provider: str, db: str | None, key_file: Path | None, fmt: str, today: dt.date | None
) -> None:
    """The history of PROVIDER (a name, loosely compared, or a CQC location ID)."""
    with open_for_command(db, key_file) as reg:
        shown = reg.show(provider, today=today)
    if fmt == "json":
        _json(shown)
        return
    for line in _show_lines(shown):
        click.echo(line)


def _show_lines(shown: dict[str, Any]) -> list[str]:
    p, c, a = shown["provider"], shown["concerns"], shown["actions"]
    where = ", ".join(x for x in (p["company"], p["cqc_location_id"]) if x)
    lines = [f"{p['name']}" + (f" ({where})" if where else "")]
    types = ", ".join(f"{k} {v}" for k, v in c["by_type"].items()) or "none recorded"
    lines.append(
        f"Concerns: {c['total']} (open {c['open']}, substantiated {c['substantiated']}, "
        f"unsubstantiated {c['unsubstantiated']}, undetermined {c['undetermined']}); "
        f"types: {types}"
    )
    lines.append(
        f"Service users: {shown['service_users_referred']} referred, "
        f"{shown['service_users_reviewed']} reviewed"
    )
    level = shown["level"]
    lines.append(f"Escalation level: {level if level is not None else 'none recorded'}")
    s = shown["suspension"]
    if s:
        review = f", review by {s['review_date']}" if s["review_date"] else ""
        lines.append(f"Placements: {s['status']} {s['measure']}{review}")
    lines.append(f"Actions: {a['total']} ({a['open']} open, {a['overdue']} overdue)")
    lines.append("Meetings:")
    for m in shown["meetings"]:
        circulated = f"circulated {m['circulated']}" if m["circulated"] else "not circulated"
        due = f", minutes due {m['minutes_due']}" if m["minutes_due"] else ""
        lines.append(f"  {m['date']} {m['kind']}{due}, {circulated}")
    if shown["review_triggered"]:
        lines.append("Review triggered:")
        lines.extend(f"  - {reason}" for reason in shown["reasons"])
    return lines


@register.command()
@db_options
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
@click.option("--today", callback=date_option, help="Judge what is overdue as on this date.")
def alerts(db: str | None, key_file: Path | None, fmt: str, today: dt.date | None) -> None:
    """Review-triggering patterns of concerns, overdue minutes, suspension reviews due and
    overdue actions, across every provider, each with the rule that fired."""
    with open_for_command(db, key_file) as reg:
        found = [alert.as_dict() for alert in reg.alerts(today)]
    if fmt == "json":
        _json(found)
        return
    for alert in found:
        click.echo(f"{alert['provider']}: {alert['code']}: {alert['message']}")
    if not found:
        click.echo("no alerts")


@register.command()
@db_options
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
def providers(db: str | None, key_file: Path | None, fmt: str) -> None:
    """Every provider in the register, with its company, CQC location ID and papers."""
    with open_for_command(db, key_file) as reg:
        found = reg.providers()
    if fmt == "json":
        _json(found)
        return
    for p in found:
        details = ", ".join(x for x in (p["company"], p["cqc_location_id"]) if x)
        click.echo(
            f"{p['name']}" + (f" ({details})" if details else "") + f": {p['papers']} papers"
        )


@register.command()
@db_options
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="The report to write (.xlsx).",
)
@click.option("--from", "start", callback=date_option, help="Concerns raised on or after DATE.")
@click.option("--to", "end", callback=date_option, help="Concerns raised on or before DATE.")
@click.option(
    "--password-file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Encrypt the report with the password on this file's first line "
    "(default: $TOOLKIT_PASSWORD; without either the report is not encrypted).",
)
@click.option("--publishable", is_flag=True, help="Show counts from 1 to 4 as <5.")
@click.option("--force", is_flag=True, help="Replace an existing report.")
def report(
    db: str | None,
    key_file: Path | None,
    output: Path,
    start: dt.date | None,
    end: dt.date | None,
    password_file: Path | None,
    publishable: bool,
    force: bool,
) -> None:
    """Write the register's trend report: concerns per month per provider, by type and by
    outcome, with charts, OFFICIAL-SENSITIVE on every sheet."""
    from toolkit.errors import UsageError
    from toolkit.passwords import check_password, password_from
    from toolkit.write import write_bytes_atomic

    if output.suffix.lower() != ".xlsx":
        raise UsageError(f"{output}: the report is an Excel workbook; name it .xlsx")
    if output.exists() and not force:
        raise UsageError(f"{output}: already exists (give --force to replace it)")
    password = password_from(password_file)
    if password is not None:
        check_password(password)
    with open_for_command(db, key_file) as reg:
        data = reg.report(start=start, end=end, password=password, publishable=publishable)
    write_bytes_atomic(output, data, mode=0o600)
    protected = "password protected" if password else "NOT password protected"
    click.echo(f"{output}: report written ({protected})")
