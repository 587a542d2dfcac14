"""claimcheck checks list: every check, its id, its policy and its documentation."""

from __future__ import annotations

import inspect
from typing import Annotated

import typer

from checker.cli import app

checks_app = typer.Typer(no_args_is_help=True, help="The checks that compare claims within a story.")
app.add_typer(checks_app, name="checks")


@checks_app.command("list")
def checks_list(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Print each check's whole documentation.")] = False,
) -> None:
    """Every check: id, severity policy and what it looks for."""
    from checker.checks import registry

    for check_id, check in registry().items():
        doc = inspect.getdoc(type(check)) or ""
        typer.echo(f"{check_id}")
        typer.echo(f"  severity: {check.policy}")
        text = doc if verbose else doc.split("\n\n")[0].replace("\n", " ")
        for line in text.splitlines():
            typer.echo(f"  {line}")
