"""The claimcheck command line: commands in submodules, and the one place errors become exit codes."""

from __future__ import annotations

import importlib
from typing import Any

import typer
from typer.core import TyperGroup

from checker.errors import ClaimcheckError

EXIT_COULD_NOT_RUN = 2


class Handled(TyperGroup):
    """The top command group: every ClaimcheckError or OSError a command raises, however deep, becomes one
    line on stderr and exit code 2 (could not run); nothing else prints errors or picks codes."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except ClaimcheckError as exc:
            fail(str(exc), exc.exit_code)
        except OSError as exc:
            where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
            fail(f"{where}{exc.strerror or exc}", EXIT_COULD_NOT_RUN)
        except KeyboardInterrupt:
            fail("interrupted", 130)


def fail(message: str, code: int = EXIT_COULD_NOT_RUN) -> None:
    for line in message.splitlines() or [message]:
        typer.echo(f"claimcheck: error: {line}", err=True)
    raise typer.Exit(code)


app = typer.Typer(
    cls=Handled,
    add_completion=False,
    no_args_is_help=True,
    help="Find the numeric and factual claims in news articles and flag where they disagree.",
)

# the command modules register their commands on `app`, in the order `--help` lists them
COMMAND_MODULES = ("run", "decide", "stories", "serve", "checks", "history", "rules")
for _name in COMMAND_MODULES:
    importlib.import_module(f"checker.cli.{_name}")


def main() -> None:
    app(prog_name="claimcheck")
