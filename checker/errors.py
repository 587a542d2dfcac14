"""User-facing error types; the CLI alone turns them into messages and exit codes."""

from __future__ import annotations


class ClaimcheckError(Exception):
    """A problem the user can fix; printed as one line, never as a traceback."""

    exit_code = 2


class UsageError(ClaimcheckError):
    """Bad arguments or options."""


class InputError(ClaimcheckError):
    """No usable input could be read."""


class Located(ClaimcheckError):
    """An error at a place in a file: `path:line:col: message`."""

    def __init__(self, path: str, line: int | None, col: int | None, message: str) -> None:
        self.path, self.line, self.col, self.message = path, line, col, message
        where = path if line is None else f"{path}:{line}:{col or 1}"
        super().__init__(f"{where}: {message}")


class RuleError(ClaimcheckError):
    """One or more invalid rule files; `problems` holds every `path:line:col: message`."""

    def __init__(self, problems: list[Located]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class ReconciliationError(ClaimcheckError):
    """The reconciliation file is malformed."""

    def __init__(self, problems: list[Located]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class HistoryLocked(ClaimcheckError):
    """Another run holds the history database."""


class ArticleTimeout(Exception):
    """One article's extraction ran past its time budget (--article-seconds): the article is skipped with a
    reason and the run goes on. Raised by the budget's alarm, or by an extractor given a deadline."""
