"""claimcheck history: the runs a nightly history recorded."""

from __future__ import annotations

from typing import Annotated

import typer

from checker.cli import app
from checker.cli.options import HistoryOpt


@app.command("history")
def history_cmd(
    history: HistoryOpt = "reports/history.sqlite",
    limit: Annotated[int, typer.Option("--limit", help="Show this many latest runs (0: all).")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Print the runs as JSON.")] = False,
) -> None:
    """List the runs recorded in the history, latest first."""
    import datetime as dt
    import json

    from checker.history import read_runs

    runs = read_runs(history, limit or None)
    if as_json:
        typer.echo(json.dumps(runs, indent=1, sort_keys=True))
        return
    typer.echo("run  command  started                    seconds  articles (extracted)  claims  flags (new)  inputs")
    for r in runs:
        took = dt.datetime.fromisoformat(r["finished"]) - dt.datetime.fromisoformat(r["started"])
        typer.echo(f"{r['run_id']:<4} {r['command']:<8} {r['started']:<26} {took.total_seconds():>7.0f}  "
                   f"{r['articles']:>8} ({r['extracted']:>9})  {r['claims']:>6}  {r['flags']:>5}"
                   f" ({r['new_flags']:>3})  {' '.join(r['inputs'])}")  # fmt: skip
