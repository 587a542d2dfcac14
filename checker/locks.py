"""The one file-lock helper: an exclusive flock on a lock file, waited for up to a timeout."""

from __future__ import annotations

import fcntl
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from checker.errors import ClaimcheckError

POLL_SECONDS = 0.1


def acquire(fh: IO[str], timeout: float, on_wait: Callable[[], None] | None = None) -> bool:
    """Take an exclusive flock on an open file, waiting up to `timeout` seconds; False when it stayed taken.
    The kernel drops the lock when its holder dies, so a killed process never leaves it held."""
    deadline = time.monotonic() + timeout
    waited = False
    while True:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            if on_wait is not None and not waited:
                on_wait()
            waited = True
            time.sleep(min(POLL_SECONDS, max(0.0, deadline - time.monotonic())))


@contextmanager
def exclusive(lock_path: Path, timeout: float, what: str) -> Iterator[None]:
    """Hold `lock_path` exclusively for the block; a ClaimcheckError saying `what` when it stays taken."""
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+") as fh:
        if not acquire(fh, timeout):
            raise ClaimcheckError(f"{what} (lock {lock_path}); gave up after {timeout:g} s")
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
