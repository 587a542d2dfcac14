"""The claimcheck command line: the one place where errors become messages and exit codes."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer

if TYPE_CHECKING:
    from checker.pipeline import RunResult

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


def _progress_bar():
    """A rich progress bar on a terminal; nothing when output is piped (nightly jobs, CI)."""
    if not sys.stderr.isatty():
        return None, None
    from rich.progress import Progress

    bar = Progress(transient=True)
    task = bar.add_task("extracting", total=None)

    def update(stage: str, done: int, total: int) -> None:
        bar.update(task, completed=done, total=total, description=stage)

    return bar, update


def _run(
    sources: list[str] | None, rules: str, reconciliations: str | None, max_bytes: int, workers: int | None,
    **history: Any,  # history, lock_timeout, command, record: see run_pipeline
) -> Any:
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


def _warn_skipped(result: RunResult) -> None:
    if not result.claims:
        typer.echo("claimcheck: warning: no claim was extracted, so nothing was compared", err=True)
    elif not result.validation.get("expectations"):
        typer.echo("claimcheck: warning: the claims table was not validated", err=True)
    for s in result.skipped:
        where = f"{s.source}:{s.line}" if s.line else s.source
        typer.echo(f"claimcheck: {'skipped' if s.fatal else 'warning'}: {where}: {s.reason}", err=True)
    for e in result.stale:
        typer.echo(
            f"claimcheck: warning: stale reconciliation {e.id} ({e.check} {e.measure}) matches no flag", err=True
        )


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
    _exit_if_named_input_unreadable(result)


def _exit_if_named_input_unreadable(result: RunResult) -> None:
    """A file or folder named on the command line that cannot be read is a usage error (exit 2), even
    when the other inputs were reported; bad files found inside a folder are only skipped."""
    named = set(result.report["run"]["inputs"])
    bad = [s for s in result.skipped if s.fatal and s.source in named]
    if bad:
        for s in bad:
            typer.echo(f"claimcheck: error: {s.source}: {s.reason}", err=True)
        raise typer.Exit(2)


@rules_app.command("lint")
def rules_lint(rules: RulesOpt = "rules/") -> None:
    """Check every rule file; list every problem as path:line:col."""
    from checker.errors import RuleError
    from checker.rulebook import check_linear_time, load_rulebook

    try:
        book = load_rulebook(rules)
        slow = check_linear_time(book)
        if slow:
            raise RuleError(slow)
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


# -- the CI gate, editors' decisions and the nightly history (issue 7) ----------------------------------
FailOnOpt = Annotated[
    Literal["error", "warning", "info"],
    typer.Option("--fail-on", help="Lowest severity of a new unreconciled flag that fails the check."),
]
FormatOpt = Annotated[
    Literal["human", "json", "github", "junit"],
    typer.Option("--format", help="human text, JSON, GitHub workflow annotations, or JUnit XML on stdout."),
]


def _history_kw(history: str, no_history: bool, lock_timeout: float, **kw: Any) -> dict[str, Any]:
    return {"history": None if no_history else history, "lock_timeout": lock_timeout, **kw}


def _who(by: str) -> str:
    """Who decided: --by, else git's user.name, else the login name."""
    if by:
        return by
    import getpass
    import subprocess

    try:
        git = subprocess.run(["git", "config", "user.name"], capture_output=True, text=True, timeout=5)
        name = git.stdout
    except (OSError, subprocess.SubprocessError):
        name = ""
    return name.strip() or getpass.getuser()


@app.command()
def check(
    sources: SourcesArg = None,
    rules: RulesOpt = "rules/",
    out: OutOpt = "reports/",
    reconciliations: ReconOpt = "reconciliations.yaml",
    fail_on: FailOnOpt = "error",
    fmt: FormatOpt = "human",
    strict: Annotated[bool, typer.Option("--strict", help="Stale reconciliations fail the check.")] = False,
    junit: Annotated[str | None, typer.Option("--junit", help="Also write JUnit XML to this file.")] = None,
    history: HistoryOpt = "reports/history.sqlite",
    no_history: NoHistoryOpt = False,
    lock_timeout: LockTimeoutOpt = 60.0,
    max_bytes: MaxBytesOpt = 20_000_000,
    workers: WorkersOpt = None,
) -> None:
    """The CI gate: exit 1 on a new unreconciled flag at or above --fail-on, 0 when there is none, 2 when
    it could not run. Writes the reports to --out as `run` does."""
    from checker import gate
    from checker.atomic import atomic_write_text
    from checker.report import write_reports

    try:
        result = _run(sources, rules, reconciliations, max_bytes, workers,
                      **_history_kw(history, no_history, lock_timeout, command="check"))  # fmt: skip
        paths = write_reports(out, result.report, result.claims, result.flags)
        verdict = gate.evaluate(result.flags, result.stale, fail_on, strict,
                                reconciliations=reconciliations, reports=str(paths["html"]))  # fmt: skip
        text = gate.render(fmt, verdict, result.articles, result.claims)
        if junit:
            atomic_write_text(junit, gate.render("junit", verdict, result.articles, result.claims))
    except ClaimcheckError as exc:
        _fail(exc)
        return
    except OSError as exc:
        _fail(ClaimcheckError(f"cannot write output: {exc}"))
        return
    for s in result.skipped:
        where = f"{s.source}:{s.line}" if s.line else s.source
        typer.echo(f"claimcheck: {'skipped' if s.fatal else 'warning'}: {where}: {s.reason}", err=True)
    if not result.claims:
        typer.echo("claimcheck: warning: no claim was extracted, so nothing was compared", err=True)
    typer.echo(text, nl=False)
    if fmt in ("json", "junit"):  # stdout carries only the document; the verdict goes to the log
        typer.echo(verdict.summary(), err=True)
    _exit_if_named_input_unreadable(result)  # a missing input named on the command line: could not run
    raise typer.Exit(verdict.exit_code)


@app.command("reconcile")
def reconcile_cmd(
    discrepancy_id: Annotated[str, typer.Argument(help="The flag's discrepancy_id, as in the report.")],
    decision: Annotated[
        Literal["explained", "confirmed", "false_positive"], typer.Option("--decision", help="The decision.")
    ],
    note: Annotated[str, typer.Option("--note", help="Why: what explains it, what was confirmed.")],
    by: Annotated[str, typer.Option("--by", help="Who decided (default: git user.name).")] = "",
    sources: SourcesArg = None,
    rules: RulesOpt = "rules/",
    reconciliations: ReconOpt = "reconciliations.yaml",
    history: HistoryOpt = "reports/history.sqlite",
    no_history: NoHistoryOpt = False,
    lock_timeout: LockTimeoutOpt = 60.0,
    max_bytes: MaxBytesOpt = 20_000_000,
    workers: WorkersOpt = None,
) -> None:
    """Record an editor's decision on one flag in the reconciliation file (runs the pipeline to find it)."""
    from checker import reconcile as rec

    try:
        result = _run(sources, rules, reconciliations, max_bytes, workers,
                      **_history_kw(history, no_history, lock_timeout, record=False))  # fmt: skip
        entry, superseded = rec.decide(reconciliations, result.flags, result.claims, discrepancy_id, decision,
                                       note, _who(by))  # fmt: skip
    except ClaimcheckError as exc:
        _fail(exc)
        return
    for e in superseded:
        typer.echo(f"replaces {e.id} ({e.decision}: {e.note}), an earlier form of this discrepancy")
    typer.echo(f"{reconciliations}: {entry.id} {entry.decision} by {entry.by}")


@baseline_app.command("update")
def baseline_update(
    sources: SourcesArg = None,
    rules: RulesOpt = "rules/",
    reconciliations: ReconOpt = "reconciliations.yaml",
    by: Annotated[str, typer.Option("--by", help="Who accepted (default: git user.name).")] = "",
    history: HistoryOpt = "reports/history.sqlite",
    no_history: NoHistoryOpt = False,
    lock_timeout: LockTimeoutOpt = 60.0,
    max_bytes: MaxBytesOpt = 20_000_000,
    workers: WorkersOpt = None,
) -> None:
    """Record every current new flag as accepted (decision `baseline`) so only later flags fail a check."""
    from checker import reconcile as rec

    try:
        result = _run(sources, rules, reconciliations, max_bytes, workers,
                      **_history_kw(history, no_history, lock_timeout, record=False))  # fmt: skip
        added = rec.baseline(reconciliations, result.flags, result.claims, _who(by))
    except ClaimcheckError as exc:
        _fail(exc)
        return
    typer.echo(f"{reconciliations}: {len(added)} flags recorded as baseline, "
               f"{len(result.flags) - len(added)} already decided")  # fmt: skip


@baseline_app.command("prune")
def baseline_prune(
    sources: SourcesArg = None,
    rules: RulesOpt = "rules/",
    reconciliations: ReconOpt = "reconciliations.yaml",
    history: HistoryOpt = "reports/history.sqlite",
    no_history: NoHistoryOpt = False,
    lock_timeout: LockTimeoutOpt = 60.0,
    max_bytes: MaxBytesOpt = 20_000_000,
    workers: WorkersOpt = None,
) -> None:
    """Remove reconciliation entries that match no current flag (stale)."""
    from checker import reconcile as rec

    try:
        result = _run(sources, rules, reconciliations, max_bytes, workers,
                      **_history_kw(history, no_history, lock_timeout, record=False))  # fmt: skip
        removed = rec.prune(reconciliations, result.stale)
    except ClaimcheckError as exc:
        _fail(exc)
        return
    for e in removed:
        typer.echo(f"removed {e.id} ({e.decision}, {e.check} {e.measure})")
    typer.echo(f"{reconciliations}: {len(removed)} stale entries removed")


@app.command("serve")
def serve_cmd(
    out: OutOpt = "reports/",
    reconciliations: ReconOpt = "reconciliations.yaml",
    host: Annotated[str, typer.Option("--host", help="Address to listen on; beyond loopback needs --token.")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option("--port", help="Port to listen on (0: any free one).")] = 8765,
    token: Annotated[
        str | None, typer.Option("--token", envvar="CLAIMCHECK_TOKEN", help="Access token every request must carry.")
    ] = None,
) -> None:
    """Serve the last run's review page (from --out/report.json); editors decide flags in the browser."""
    from checker.serve import serve

    try:
        serve(out, reconciliations, host=host, port=port, token=token)
    except ClaimcheckError as exc:
        _fail(exc)


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

    try:
        runs = read_runs(history, limit or None)
    except ClaimcheckError as exc:
        _fail(exc)
        return
    if as_json:
        typer.echo(json.dumps(runs, indent=1, sort_keys=True))
        return
    typer.echo("run  command  started                    seconds  articles (extracted)  claims  flags (new)"
               "  inputs")  # fmt: skip
    for r in runs:
        took = dt.datetime.fromisoformat(r["finished"]) - dt.datetime.fromisoformat(r["started"])
        typer.echo(f"{r['run_id']:<4} {r['command']:<8} {r['started']:<26} {took.total_seconds():>7.0f}  "
                   f"{r['articles']:>8} ({r['extracted']:>9})  {r['claims']:>6}  {r['flags']:>5}"
                   f" ({r['new_flags']:>3})  {' '.join(r['inputs'])}")  # fmt: skip


@app.command("eval")
def eval_(
    gold: Annotated[str, typer.Argument(help="Gold file: expected flags and non-flags (see README).")],
    sources: SourcesArg = None,
    rules: RulesOpt = "rules/",
    min_precision: Annotated[float, typer.Option(help="Exit 1 below this precision.")] = 0.0,
    min_recall: Annotated[float, typer.Option(help="Exit 1 below this recall.")] = 0.0,
) -> None:
    """Run on SOURCES and print precision and recall against a gold file."""
    from checker.evaluate import format_result, load_gold, score

    try:
        gold_data = load_gold(gold)
        result = _run(sources, rules, None, 20_000_000, None)
    except ClaimcheckError as exc:
        _fail(exc)
        return
    scored = score(gold_data, result.flags, result.claims)
    typer.echo(format_result(scored))
    if scored.precision < min_precision or scored.recall < min_recall or scored.violations:
        raise typer.Exit(1)


def main() -> None:
    app()
