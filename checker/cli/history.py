"""claimcheck history [prune]: the runs a nightly history recorded, and forgetting old ones."""

from __future__ import annotations

from typing import Annotated

import typer

from checker.cli import app
from checker.cli.options import HistoryOpt

history_app = typer.Typer(help="The runs the history recorded (latest first); `history prune` forgets old ones.")
app.add_typer(history_app, name="history")

LockTimeoutOpt = Annotated[
    float, typer.Option("--lock-timeout", help="Seconds to wait while a run holds the history.")
]


def megabytes(n: int) -> str:
    return f"{n / 1e6:.1f} MB"


@history_app.callback(invoke_without_command=True)
def history_cmd(
    ctx: typer.Context,
    history: HistoryOpt = "reports/history.sqlite",
    limit: Annotated[int, typer.Option("--limit", help="Show this many latest runs (0: all).")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Print the runs as JSON.")] = False,
) -> None:
    """List the runs recorded in the history, latest first, with the bytes each keeps there."""
    if ctx.invoked_subcommand is not None:
        return
    import datetime as dt
    import json

    from checker.history import read_runs, unused_cache

    runs = read_runs(history, limit or None)
    if as_json:
        typer.echo(json.dumps(runs, indent=1, sort_keys=True))
        return
    typer.echo("run  command  started                    seconds  articles (extracted)  claims  flags (new)     size"
               "  inputs")  # fmt: skip
    for r in runs:
        took = dt.datetime.fromisoformat(r["finished"]) - dt.datetime.fromisoformat(r["started"])
        typer.echo(f"{r['run_id']:<4} {r['command']:<8} {r['started']:<26} {took.total_seconds():>7.0f}  "
                   f"{r['articles']:>8} ({r['extracted']:>9})  {r['claims']:>6}  {r['flags']:>5}"
                   f" ({r['new_flags']:>3})  {megabytes(r['bytes']):>8}  {' '.join(r['inputs'])}")  # fmt: skip
    rows, size = unused_cache(history)
    if rows:
        typer.echo(f"{rows} cached articles ({megabytes(size)}) serve no recorded run: "
                   "`claimcheck history prune` removes them")  # fmt: skip


@history_app.command("prune")
def prune_cmd(
    history: HistoryOpt = "reports/history.sqlite",
    keep_runs: Annotated[
        int | None, typer.Option("--keep-runs", min=1, help="Keep this many latest runs (default 30).")
    ] = None,
    older_than: Annotated[
        float | None,
        typer.Option("--older-than", min=0, help="Forget only runs that started more than DAYS ago.", metavar="DAYS"),
    ] = None,
    lock_timeout: LockTimeoutOpt = 60.0,
) -> None:
    """Forget old runs, then the cached claims and flag sightings no kept run uses, and compact the file.
    A run goes when it is beyond --keep-runs and (with --older-than) older than DAYS; the latest run stays."""
    from pathlib import Path

    from checker.errors import ClaimcheckError
    from checker.history import DEFAULT_KEEP_RUNS, History

    if not Path(history).exists():
        raise ClaimcheckError(f"{history}: no history here (`claimcheck run --history {history}` creates one)")
    if keep_runs is None and older_than is None:
        keep_runs = DEFAULT_KEEP_RUNS
    with History(history, lock_timeout) as hist:
        gone = hist.prune(keep_runs=keep_runs, older_than_days=older_than)
    typer.echo(f"{history}: {gone['runs']} runs forgotten, {gone['kept']} kept; {gone['cached_articles']} cached "
               f"articles and {gone['flags']} flag sightings removed; {megabytes(gone['bytes_before'])} -> "
               f"{megabytes(gone['bytes_after'])}")  # fmt: skip
