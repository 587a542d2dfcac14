"""The claimcheck command line: the one place where errors become messages and exit codes."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from checker.errors import ClaimcheckError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Find the numeric and factual claims in news articles and flag where they disagree.",
)
rules_app = typer.Typer(no_args_is_help=True, help="Work on rule files: lint, test, list.")
baseline_app = typer.Typer(no_args_is_help=True, help="Accept the current flags so only new ones fail a check.")
app.add_typer(rules_app, name="rules")
app.add_typer(baseline_app, name="baseline")

SourcesArg = Annotated[list[str] | None, typer.Argument(help="Files or folders of articles; - reads JSONL from stdin.")]
RulesOpt = Annotated[str, typer.Option("--rules", help="Folder of YAML rule files.")]
OutOpt = Annotated[str, typer.Option("--out", help="Folder the reports are written to.")]
ReconOpt = Annotated[str, typer.Option("--reconciliations", help="The reviewed reconciliation file.")]
MaxBytesOpt = Annotated[int, typer.Option("--max-bytes", help="Skip input files larger than this.")]
WorkersOpt = Annotated[int | None, typer.Option("--workers", help="Processes for extraction (default: cores).")]


def _fail(exc: ClaimcheckError) -> None:
    typer.echo(f"claimcheck: error: {exc}", err=True)
    raise typer.Exit(exc.exit_code)


def _progress_bar():  # type: ignore[no-untyped-def]
    """A rich progress bar on a terminal; nothing when output is piped (nightly jobs, CI)."""
    if not sys.stderr.isatty():
        return None, None
    from rich.progress import Progress

    bar = Progress(transient=True)
    task = bar.add_task("extracting", total=None)

    def update(stage: str, done: int, total: int) -> None:
        bar.update(task, completed=done, total=total, description=stage)

    return bar, update


def _run(sources: list[str] | None, rules: str, reconciliations: str | None, max_bytes: int, workers: int | None):  # type: ignore[no-untyped-def]
    from checker.pipeline import run_pipeline

    bar, update = _progress_bar()
    try:
        if bar is not None:
            bar.start()
        return run_pipeline(
            sources or ["seeds/"], rules, reconciliations=reconciliations, max_bytes=max_bytes,
            workers=workers, progress=update, stdin=sys.stdin,
        )  # fmt: skip
    finally:
        if bar is not None:
            bar.stop()


def _warn_skipped(result) -> None:  # type: ignore[no-untyped-def]
    for s in result.skipped:
        where = f"{s.source}:{s.line}" if s.line else s.source
        typer.echo(f"claimcheck: {'skipped' if s.fatal else 'warning'}: {where}: {s.reason}", err=True)
    for e in result.stale:
        typer.echo(f"claimcheck: warning: stale reconciliation {e.id} ({e.check} {e.measure}) matches no flag", err=True)


@app.command()
def run(
    sources: SourcesArg = None,
    rules: RulesOpt = "rules/",
    out: OutOpt = "reports/",
    reconciliations: ReconOpt = "reconciliations.yaml",
    max_bytes: MaxBytesOpt = 20_000_000,
    workers: WorkersOpt = None,
) -> None:
    """Read articles, extract claims, flag discrepancies and write the reports."""
    from checker.report import write_reports

    try:
        result = _run(sources, rules, reconciliations, max_bytes, workers)
        paths = write_reports(out, result.report, result.claims, result.flags)
    except ClaimcheckError as exc:
        _fail(exc)
        return
    _warn_skipped(result)
    sev = result.report["run"]["by_severity"]
    typer.echo(
        f"{len(result.articles)} articles, {len(result.claims)} claims, {len(result.flags)} flags "
        f"({sev['error']} error, {sev['warning']} warning, {sev['info']} info)"
    )
    typer.echo(f"report: {paths['html']}")


def main() -> None:
    app()
