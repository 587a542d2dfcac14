"""claimcheck rules lint|list|test: for rule authors, without pytest."""

from __future__ import annotations

from typing import Annotated

import typer

from checker.cli import app
from checker.cli.options import RulesOpt

rules_app = typer.Typer(no_args_is_help=True, help="Work on rule files: lint, test, list.")
app.add_typer(rules_app, name="rules")


@rules_app.command("lint")
def rules_lint(rules: RulesOpt = "rules/") -> None:
    """Check every rule file; list every problem as path:line:col."""
    from checker.errors import RuleError
    from checker.rulebook import check_linear_time, load_rulebook

    book = load_rulebook(rules)
    slow = check_linear_time(book)
    if slow:
        raise RuleError(slow)
    typer.echo(f"{len(book.families)} rule files, {len(book.measures)} measures: ok")


@rules_app.command("list")
def rules_list(rules: RulesOpt = "rules/") -> None:
    """Show rule ids, their measures and how many examples each carries."""
    from checker.rulebook import load_rulebook

    book = load_rulebook(rules)
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
    from checker.errors import UsageError
    from checker.rulebook import load_rulebook
    from checker.ruletest import run_examples

    book = load_rulebook(rules)
    if rule_id and rule_id not in {f.id for f in book.families}:
        raise UsageError(f"no rule file {rule_id!r} in {rules} (known: {', '.join(f.id for f in book.families)})")
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
