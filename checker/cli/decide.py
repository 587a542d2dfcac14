"""claimcheck reconcile and baseline: editors' decisions, recorded against the last run's flags."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from checker.cli import app
from checker.cli.options import ByOpt, OutOpt, SourcesArg, run_options, who

if TYPE_CHECKING:
    from checker.app import RunConfig
    from checker.models import Flag

baseline_app = typer.Typer(no_args_is_help=True, help="Accept the current flags so only later ones fail a check.")
app.add_typer(baseline_app, name="baseline")


def flags_of(config: RunConfig, sources: list[str] | None, out: str) -> tuple[list[Flag], dict[str, str], str]:
    """The flags to decide on: of a fresh run when SOURCES are given, else of the last run (its report in --out,
    or the history's latest), so an editor never names the folder again. Returns flags, claim lines, where."""
    if sources:
        from checker.cli.run import execute
        from checker.reconcile import claim_line

        result = execute(replace(config, out=None, record=False))
        return list(result.flags), {c.claim_id: claim_line(c) for c in result.claims}, "this run"
    from checker.report.read import last_run

    last = last_run(out, config.history)
    return last.flags, last.claim_lines, last.where


@app.command("reconcile")
@run_options
def reconcile_cmd(
    config: RunConfig,
    discrepancy_id: Annotated[str, typer.Argument(help="The flag's discrepancy_id, as in the report.")],
    decision: Annotated[
        Literal["explained", "confirmed", "false_positive"], typer.Option("--decision", help="The decision.")
    ],
    note: Annotated[str, typer.Option("--note", help="Why: what explains it, what was confirmed.")],
    by: ByOpt = "",
    sources: SourcesArg = None,
    out: OutOpt = "reports/",
) -> None:
    """Record an editor's decision on one flag in the reconciliation file (the flag of the last run)."""
    from checker import reconcile as rec

    flags, lines, where = flags_of(config, sources, out)
    flag = rec.find_flag(flags, discrepancy_id, where)
    entry = rec.decide(config.reconciliations or "reconciliations.yaml", flag, lines, decision, note, who(by))
    typer.echo(f"{config.reconciliations}: {entry.id} {entry.decision} by {entry.by}")


@baseline_app.command("update")
@run_options
def baseline_update(config: RunConfig, by: ByOpt = "", sources: SourcesArg = None, out: OutOpt = "reports/") -> None:
    """Accept every flag that fails the gate now (new, or changed since a baseline) as `baseline`."""
    from checker import reconcile as rec

    flags, lines, _ = flags_of(config, sources, out)
    path = config.reconciliations or "reconciliations.yaml"
    matches, _ = rec.match(flags, rec.load(path).entries)
    failing = [f for f in flags if matches[f.discrepancy_id].status in ("new", "changed")]
    added = rec.baseline(path, failing, lines, who(by))
    typer.echo(f"{path}: {len(added)} flags recorded as baseline, {len(flags) - len(added)} already decided")


@baseline_app.command("prune")
@run_options
def baseline_prune(config: RunConfig, sources: SourcesArg = None, out: OutOpt = "reports/") -> None:
    """Remove reconciliation entries that match no flag of the last run (stale)."""
    from checker import reconcile as rec

    flags, _, _ = flags_of(config, sources, out)
    path = config.reconciliations or "reconciliations.yaml"
    _, stale = rec.match(flags, rec.load(path).entries)
    removed = rec.prune(path, stale)
    for e in removed:
        typer.echo(f"removed {e.id} ({e.decision}, {e.check} {e.measure})")
    typer.echo(f"{path}: {len(removed)} stale entries removed")
