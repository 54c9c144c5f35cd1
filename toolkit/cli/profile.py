"""The `profile` command: the rules in force (a partnership's, or the seeds') and their source."""

from __future__ import annotations

import dataclasses
import json

import click


@click.group()
def profile() -> None:
    """A partnership's own rules: deadlines, bank holidays, quorum, names and marking.

    Give a profile with --profile FILE on any command, or set TOOLKIT_PROFILE.
    """


@profile.command()
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text")
def show(output: str) -> None:
    """Print each rule in force and where it comes from: the profile (file and line) or the
    seed documents."""
    from toolkit import kinds
    from toolkit.kinds.strategic import DEFAULT_QUORUM
    from toolkit.profile import active, rules_in_force

    current = active()
    defaults = {kind.name: kind.deadline for kind in kinds.every()}
    rules = rules_in_force(current, defaults, DEFAULT_QUORUM)
    if output == "json":
        document = {
            "profile": str(current.path) if current.path else None,
            "marking": current.marking,
            "rules": [dataclasses.asdict(rule) for rule in rules],
        }
        click.echo(json.dumps(document, indent=2, ensure_ascii=False))
        return
    if current.path is None:
        click.echo("profile: none (give --profile FILE or set TOOLKIT_PROFILE); the seeds' rules")
    else:
        click.echo(f"profile: {current.path}")
    click.echo(f"pages are marked: {current.marking}")
    width = max(len(rule.key) for rule in rules)
    for rule in rules:
        click.echo(f"  {rule.key:<{width}}  {rule.text}  [{rule.source}]")
