"""Options shared by the commands, declared once: the run options become one RunConfig."""

from __future__ import annotations

import functools
import inspect
import sys
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer

SourcesArg = Annotated[list[str] | None, typer.Argument(help="Files or folders of articles; - reads JSONL from stdin.")]
RulesOpt = Annotated[str, typer.Option("--rules", help="Folder of YAML rule files.")]
OutOpt = Annotated[str, typer.Option("--out", help="Folder the reports are written to (and read back from).")]
ReconOpt = Annotated[str, typer.Option("--reconciliations", help="The reviewed reconciliation file.")]
HistoryOpt = Annotated[str, typer.Option("--history", help="SQLite run history and extraction cache.")]
ByOpt = Annotated[str, typer.Option("--by", help="Who decided (default: git user.name, else the login name).")]

F = TypeVar("F", bound=Callable[..., Any])

# name -> (annotation, default): the options of every command that runs the pipeline
RUN_OPTIONS: dict[str, tuple[Any, Any]] = {
    "sources": (SourcesArg, None),
    "rules": (RulesOpt, "rules/"),
    "reconciliations": (ReconOpt, "reconciliations.yaml"),
    "history": (HistoryOpt, "reports/history.sqlite"),
    "no_history": (Annotated[bool, typer.Option("--no-history", help="Neither use nor record the history.")], False),
    "lock_timeout": (
        Annotated[float, typer.Option("--lock-timeout", help="Seconds to wait while another run holds the history.")],
        60.0,
    ),
    "max_bytes": (Annotated[int, typer.Option("--max-bytes", help="Skip input files larger than this.")], 20_000_000),
    "workers": (
        Annotated[int | None, typer.Option("--workers", help="Processes for extraction (default: cores).")],
        None,
    ),
    "article_seconds": (
        Annotated[
            float,
            typer.Option("--article-seconds", min=0,
                         help="Skip an article whose extraction takes longer than this, with a reason (0: no limit)."),
        ],
        30.0,
    ),
    "engine": (
        Annotated[
            str,
            typer.Option("--engine", metavar="local|dask",
                         help="Where extraction and comparison run: this machine's processes, or a Dask cluster."),
        ],
        "local",
    ),
    "scheduler": (
        Annotated[
            str | None,
            typer.Option("--scheduler", envvar="CLAIMCHECK_DASK_SCHEDULER", metavar="tcp://HOST:PORT",
                         help="The Dask scheduler of --engine dask."),
        ],
        None,
    ),
    "validator": (
        Annotated[
            str,
            typer.Option("--validator", metavar="auto|great_expectations|builtin",
                         help="What evaluates the claims' expectations: Great Expectations, or the same "
                         "expectations in plain Python; auto: Great Expectations from 200 articles up."),
        ],
        "auto",
    ),
}


def run_options(func: F) -> F:
    """Give a command the run options; it receives them as one `config: RunConfig` keyword argument (its
    `out` and `command` set from the command's own `out` parameter and name)."""
    own = inspect.signature(func)
    params = [p for name, p in own.parameters.items() if name != "config"]
    extra = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=ann, default=default)
        for name, (ann, default) in RUN_OPTIONS.items()
        if name not in own.parameters
    ]

    added = {p.name for p in extra}

    @functools.wraps(func)
    def wrapper(**kwargs: Any) -> Any:
        from checker.app import RunConfig  # here, not at import: `claimcheck --help` never loads the pipeline

        # options the command declares itself stay its own arguments too
        shared = {name: kwargs.pop(name) if name in added else kwargs.get(name, RUN_OPTIONS[name][1])
                  for name in RUN_OPTIONS}  # fmt: skip
        config = RunConfig(
            sources=tuple(shared.get("sources") or ["seeds/"]),
            rules=shared["rules"],
            out=kwargs.get("out"),
            reconciliations=shared["reconciliations"],
            history=None if shared["no_history"] else shared["history"],
            lock_timeout=shared["lock_timeout"],
            max_bytes=shared["max_bytes"],
            workers=shared["workers"],
            article_seconds=shared["article_seconds"],
            engine=shared["engine"],
            scheduler=shared["scheduler"],
            validator=shared["validator"],
            command=func.__name__.removesuffix("_cmd"),
        )
        return func(config=config, **kwargs)

    ordered = sorted([*params, *extra], key=lambda p: p.kind == inspect.Parameter.KEYWORD_ONLY)
    # typer reads the hints: the command's own, evaluated where it was written, without `config`
    hints = {p.name: _evaluated(p.annotation, func) for p in ordered}
    wrapper.__annotations__ = {**hints, "return": None}
    del wrapper.__wrapped__
    wrapper.__signature__ = own.replace(  # type: ignore[attr-defined]
        parameters=[p.replace(kind=inspect.Parameter.KEYWORD_ONLY, annotation=hints[p.name]) for p in ordered]
    )
    return wrapper  # type: ignore[return-value]


def _evaluated(annotation: Any, func: Callable[..., Any]) -> Any:
    return eval(annotation, func.__globals__) if isinstance(annotation, str) else annotation


def progress_bar() -> tuple[Any, Callable[[str, int, int], None] | None]:
    """A rich progress bar on a terminal; nothing when output is piped (nightly jobs, CI)."""
    if not sys.stderr.isatty():
        return None, None
    from rich.progress import Progress

    bar = Progress(transient=True)
    task = bar.add_task("extracting", total=None)

    def update(stage: str, done: int, total: int) -> None:
        bar.update(task, completed=done, total=total, description=stage)

    return bar, update


def who(by: str) -> str:
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
