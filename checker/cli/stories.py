"""claimcheck stories [SOURCES] | merge A B | move ARTICLE STORY: the stories of a run, and editors' fixes."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer
from typer.core import TyperGroup

from checker.cli import app
from checker.cli.options import ByOpt, OutOpt, ReconOpt, SourcesArg, run_options, who

if TYPE_CHECKING:
    from checker.app import RunConfig


class ListByDefault(TyperGroup):
    """`claimcheck stories seeds/` lists; `claimcheck stories merge A B` corrects: a first word that is not a
    subcommand is a source of the list command."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("--help", "-h")):
            args = ["list", *args]
        return super().parse_args(ctx, args)


stories_app = typer.Typer(cls=ListByDefault, help="The stories (one real-world event each) and editors' corrections.")
app.add_typer(stories_app, name="stories")
FormatOpt = Annotated[Literal["human", "json"], typer.Option("--format", help="A table, or JSON.")]
NoteOpt = Annotated[str, typer.Option("--note", help="Why.")]


@stories_app.command("list")
@run_options
def list_stories(
    config: RunConfig, sources: SourcesArg = None, out: OutOpt = "reports/", fmt: FormatOpt = "human"
) -> None:
    """The stories: of SOURCES grouped now, or of the last run (--out) when no source is given."""
    if not sources:
        from checker.report.read import last_run

        stories = last_run(out, config.history).report.get("stories", [])
    else:
        from checker.app import assign_stories
        from checker.reconcile import load
        from checker.sources import load_articles

        loaded = load_articles(list(config.sources), max_bytes=config.max_bytes)
        decisions = load(config.reconciliations or "reconciliations.yaml")
        assignment = assign_stories(loaded.articles, None, decisions, config.rules)
        stories = [
            {"story_id": s.story_id, "title": s.title, "article_ids": list(s.article_ids),
             "first": s.first.isoformat() if s.first else None, "last": s.last.isoformat() if s.last else None,
             "terms": list(s.terms)}
            for s in assignment.stories
        ]  # fmt: skip
    if fmt == "json":
        typer.echo(json.dumps(stories, ensure_ascii=False, indent=1))
        return
    typer.echo(f"{'story':<12} {'articles':>8}  {'first':<10}  {'last':<10}  title")
    for s in stories:
        typer.echo(f"{s['story_id']:<12} {len(s['article_ids']):>8}  {s['first'] or '':<10}  {s['last'] or '':<10}  "
                   f"{(s.get('title') or '')[:80]}")  # fmt: skip


@stories_app.command("merge")
def merge(
    story: Annotated[str, typer.Argument(help="The story merged away.")],
    into: Annotated[str, typer.Argument(help="The story it joins, whose id stays.")],
    note: NoteOpt = "",
    by: ByOpt = "",
    reconciliations: ReconOpt = "reconciliations.yaml",
) -> None:
    """Record that two stories report one event; every later run applies it."""
    from checker.reconcile import correct_story

    e = correct_story(reconciliations, "merge", story, into, note, who(by))
    typer.echo(f"{reconciliations}: story {e.a} merged into {e.b} by {e.by}")


@stories_app.command("move")
def move(
    article: Annotated[str, typer.Argument(help="The article's id, as in the report.")],
    story: Annotated[str, typer.Argument(help="The story it belongs to (an existing id, or a new one to start).")],
    note: NoteOpt = "",
    by: ByOpt = "",
    reconciliations: ReconOpt = "reconciliations.yaml",
) -> None:
    """Record that an article reports another story's event; every later run applies it."""
    from checker.reconcile import correct_story

    e = correct_story(reconciliations, "move", article, story, note, who(by))
    typer.echo(f"{reconciliations}: article {e.a} moved to story {e.b} by {e.by}")
