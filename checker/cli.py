"""The claimcheck command line: the one place where errors become messages and exit codes."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any, Literal

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
HistoryOpt = Annotated[str, typer.Option("--history", help="SQLite run history and extraction cache.")]
NoHistoryOpt = Annotated[bool, typer.Option("--no-history", help="Neither use nor record the history.")]
LockTimeoutOpt = Annotated[
    float, typer.Option("--lock-timeout", help="Seconds to wait while another run holds the history.")
]


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


def _run(sources: list[str] | None, rules: str, reconciliations: str | None, max_bytes: int, workers: int | None,  # type: ignore[no-untyped-def]
         **history: Any):  # fmt: skip
    from checker.pipeline import run_pipeline

    bar, update = _progress_bar()
    try:
        if bar is not None:
            bar.start()
        return run_pipeline(
            sources or ["seeds/"], rules, reconciliations=reconciliations, max_bytes=max_bytes,
            workers=workers, progress=update, stdin=sys.stdin, **history,
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
    history: HistoryOpt = "reports/history.sqlite",
    no_history: NoHistoryOpt = False,
    lock_timeout: LockTimeoutOpt = 60.0,
) -> None:
    """Read articles, extract claims, flag discrepancies and write the reports."""
    from checker.report import write_reports

    try:
        result = _run(sources, rules, reconciliations, max_bytes, workers,
                      history=None if no_history else history, lock_timeout=lock_timeout)  # fmt: skip
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


@rules_app.command("lint")
def rules_lint(rules: RulesOpt = "rules/") -> None:
    """Check every rule file; list every problem as path:line:col."""
    from checker.rulebook import load_rulebook

    try:
        book = load_rulebook(rules)
    except ClaimcheckError as exc:
        _fail(exc)
        return
    typer.echo(f"{len(book.families)} rule files, {len(book.measures)} measures: ok")


@rules_app.command("list")
def rules_list(rules: RulesOpt = "rules/") -> None:
    """Show rule ids, their measures and how many examples each carries."""
    from checker.rulebook import load_rulebook

    try:
        book = load_rulebook(rules)
    except ClaimcheckError as exc:
        _fail(exc)
        return
    for f in book.families:
        pos = sum(1 for ex in f.examples if ex.claims)
        neg = sum(1 for ex in f.examples if ex.none or ex.reject)
        typer.echo(f"{f.id}  ({pos} positive, {neg} negative examples)  {f.path}")
        for m in f.measures:
            typer.echo(f"  {m.id:32} {m.kind:10} tolerance={m.tolerance:g} window={m.window_days}d")


@rules_app.command("test")
def rules_test(
    rule_id: Annotated[str | None, typer.Argument(help="Only this rule file's examples.")] = None,
    rules: RulesOpt = "rules/",
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List passing examples too.")] = False,
) -> None:
    """Run the examples in the rule files; exit 1 when one fails."""
    from checker.rulebook import load_rulebook
    from checker.ruletest import run_examples

    try:
        book = load_rulebook(rules)
    except ClaimcheckError as exc:
        _fail(exc)
        return
    if rule_id and rule_id not in {f.id for f in book.families}:
        _fail(ClaimcheckError(f"no rule file {rule_id!r} in {rules} (known: {', '.join(f.id for f in book.families)})"))
    results = run_examples(book, rule_id)
    counts: dict[str, int] = {}
    for r in results:
        counts[r.status] = counts.get(r.status, 0) + 1
        if r.status != "pass" or verbose:
            typer.echo(f"{r.status.upper():5} {r.family}#{r.index}: {r.text}")
            for p in r.problems:
                typer.echo(f"      {p}")
    typer.echo(", ".join(f"{n} {k}" for k, n in sorted(counts.items())) or "no examples")
    if counts.get("fail"):
        raise typer.Exit(1)


def main() -> None:
    app()
