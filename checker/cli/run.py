"""claimcheck run, check and eval: the pipeline, the CI gate and scoring against a gold file."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from checker.cli import app
from checker.cli.options import OutOpt, progress_bar, run_options

if TYPE_CHECKING:
    from checker.app import RunConfig, RunResult

FailOnOpt = Annotated[
    Literal["error", "warning", "info"],
    typer.Option("--fail-on", help="Lowest severity of a new unreconciled flag that fails the check."),
]
FormatOpt = Annotated[
    Literal["human", "json", "github", "junit"],
    typer.Option("--format", help="human text, JSON, GitHub workflow annotations, or JUnit XML on stdout."),
]


def execute(config: RunConfig) -> RunResult:
    """Run the pipeline with a progress bar on a terminal."""
    from checker.app import run as run_app

    bar, update = progress_bar()
    if bar is not None:
        bar.start()
    try:
        return run_app(config, progress=update, stdin=sys.stdin)
    finally:
        if bar is not None:
            bar.stop()


def warn_skipped(result: RunResult, stale: bool = True) -> None:
    """What a run could not read or compare, on stderr."""
    if not result.claims:
        typer.echo("claimcheck: warning: no claim was extracted, so nothing was compared", err=True)
    elif not result.validation.get("expectations"):
        typer.echo("claimcheck: warning: the claims table was not validated", err=True)
    for s in result.skipped:
        where = f"{s.source}:{s.line}" if s.line else s.source
        typer.echo(f"claimcheck: {'skipped' if s.fatal else 'warning'}: {where}: {s.reason}", err=True)
    for note in result.info.get("story_notes", []):
        typer.echo(f"claimcheck: stories: {note}", err=True)
    for e in result.stale if stale else []:
        typer.echo(
            f"claimcheck: warning: stale reconciliation {e.id} ({e.check} {e.measure}) matches no flag", err=True
        )


def exit_if_named_input_unreadable(result: RunResult) -> None:
    """A file or folder named on the command line that cannot be read is a usage error (exit 2), even when the
    other inputs were reported; bad files found inside a folder are only skipped."""
    from checker.errors import UsageError

    named = set(result.info["inputs"])
    bad = [s for s in result.skipped if s.fatal and s.source in named]
    if bad:
        raise UsageError("\n".join(f"{s.source}: {s.reason}" for s in bad))


@app.command()
@run_options
def run(config: RunConfig, out: OutOpt = "reports/") -> None:
    """Read articles, group them into stories, extract claims, flag discrepancies and write the reports."""
    result = execute(config)
    warn_skipped(result)
    sev = result.info["by_severity"]
    typer.echo(
        f"{len(result.articles)} articles in {len(result.stories.stories)} stories, {len(result.claims)} claims, "
        f"{len(result.flags)} flags ({sev['error']} error, {sev['warning']} warning, {sev['info']} info)"
    )
    typer.echo(f"report: {result.paths['html']}")
    exit_if_named_input_unreadable(result)


@app.command()
@run_options
def check(
    config: RunConfig,
    out: OutOpt = "reports/",
    fail_on: FailOnOpt = "error",
    fmt: FormatOpt = "human",
    strict: Annotated[bool, typer.Option("--strict", help="Stale reconciliations fail the check.")] = False,
    junit: Annotated[str | None, typer.Option("--junit", help="Also write JUnit XML to this file.")] = None,
) -> None:
    """The CI gate: exit 1 on a new or changed unreconciled flag at or above --fail-on, 0 when there is none,
    2 when it could not run. Writes the reports to --out as `run` does."""
    from checker import gate
    from checker.atomic import atomic_write_text

    result = execute(config)
    where = {"reconciliations": config.reconciliations or "", "reports": str(result.paths["html"])}
    verdict = gate.evaluate(result.flags, result.stale, fail_on, strict, **where)
    text = gate.render(fmt, verdict, result.articles, result.claims)
    if junit:
        atomic_write_text(junit, gate.render("junit", verdict, result.articles, result.claims))
    warn_skipped(result, stale=False)  # the gate's own output lists stale entries
    typer.echo(text, nl=False)
    if fmt in ("json", "junit"):  # stdout carries only the document; the verdict goes to the log
        typer.echo(verdict.summary(), err=True)
    exit_if_named_input_unreadable(result)  # a missing input named on the command line: could not run
    raise typer.Exit(verdict.exit_code)


@app.command("eval")
@run_options
def eval_(
    config: RunConfig,
    gold: Annotated[str, typer.Argument(help="Gold file: expected flags and non-flags (see README).")],
    min_precision: Annotated[float, typer.Option(help="Exit 1 below this precision.")] = 0.0,
    min_recall: Annotated[float, typer.Option(help="Exit 1 below this recall.")] = 0.0,
) -> None:
    """Run on SOURCES and print precision and recall against a gold file. Editors' story corrections in the
    reconciliation file apply; their decisions on flags do not change the score."""
    from dataclasses import replace

    from checker.evaluate import format_result, load_gold, score

    gold_data = load_gold(gold)
    result = execute(replace(config, history=None))
    scored = score(gold_data, result.flags, result.claims)
    typer.echo(format_result(scored))
    if scored.precision < min_precision or scored.recall < min_recall or scored.violations:
        raise typer.Exit(1)
