"""The one file-lock helper: an exclusive flock on a lock file, waited for up to a timeout, never held by a
forked child."""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from checker.errors import ClaimcheckError

POLL_SECONDS = 0.1

# descriptors a forked child must not keep: the locks this process holds, and files it holds locked (the
# history database). A flock belongs to the open file, so a worker that kept a copy would keep the run's lock
# alive after the run died; the children get /dev/null in their place instead.
_PRIVATE_FDS: set[int] = set()
_PRIVATE_PATHS: set[str] = set()


def keep_from_children(fd: int | None = None, path: str | Path | None = None) -> None:
    """Mark a descriptor, or every descriptor open on a file (and its SQLite journals), as the parent's only."""
    if fd is not None:
        _PRIVATE_FDS.add(fd)
    if path is not None:
        _PRIVATE_PATHS.add(os.path.realpath(path))


def release_to_children(fd: int | None = None, path: str | Path | None = None) -> None:
    _PRIVATE_FDS.discard(fd if fd is not None else -1)
    if path is not None:
        _PRIVATE_PATHS.discard(os.path.realpath(path))


def _private_fds() -> set[int]:
    fds = set(_PRIVATE_FDS)
    if _PRIVATE_PATHS and os.path.isdir("/proc/self/fd"):  # Linux: find the descriptors SQLite opened itself
        for name in os.listdir("/proc/self/fd"):
            try:
                target = os.readlink(f"/proc/self/fd/{name}")
            except OSError:
                continue
            base = target.removesuffix("-journal").removesuffix("-wal").removesuffix("-shm")
            if base in _PRIVATE_PATHS:
                fds.add(int(name))
    return fds


def _drop_in_child() -> None:
    fds = _private_fds()
    if not fds:
        return
    # dup2 rather than close: the number stays valid, so nothing in the child closes a stranger's file later
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in fds - {devnull}:
        with contextlib.suppress(OSError):
            os.dup2(devnull, fd, inheritable=False)
    os.close(devnull)


os.register_at_fork(after_in_child=_drop_in_child)


def acquire(fh: IO[str], timeout: float, on_wait: Callable[[], None] | None = None) -> bool:
    """Take an exclusive flock on an open file, waiting up to `timeout` seconds; False when it stayed taken.
    The kernel drops the lock when its holder dies, so a killed process never leaves it held."""
    deadline = time.monotonic() + timeout
    waited = False
    while True:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            keep_from_children(fh.fileno())
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            if on_wait is not None and not waited:
                on_wait()
            waited = True
            time.sleep(min(POLL_SECONDS, max(0.0, deadline - time.monotonic())))


def release(fh: IO[str]) -> None:
    release_to_children(fh.fileno())
    fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


# -- who holds a lock: a line written into the lock file by its holder, cleared when it lets go -----------
def write_holder(fh: IO[str]) -> str:
    """Record this process as the holder; return what the previous holder left (empty after a clean release:
    text left there means that holder died holding the lock)."""
    fh.seek(0)
    left = fh.read().strip()
    fh.seek(0)
    fh.truncate()
    fh.write(f"pid {os.getpid()} since {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}\n")
    fh.flush()
    return left


def clear_holder(fh: IO[str]) -> None:
    with contextlib.suppress(OSError, ValueError):
        fh.seek(0)
        fh.truncate()
        fh.flush()


def holder_gone(text: str) -> bool:
    """True when a holder line names a process that no longer exists."""
    parts = text.split()
    if len(parts) < 2 or parts[0] != "pid" or not parts[1].isdigit():
        return False
    try:
        os.kill(int(parts[1]), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, another user's
        return False
    return False


@contextmanager
def exclusive(lock_path: Path, timeout: float, what: str, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold `lock_path` exclusively for the block; a ClaimcheckError saying `what` when it stays taken."""
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+") as fh:
        if not acquire(fh, timeout, on_wait):
            raise ClaimcheckError(f"{what} (lock {lock_path}); gave up after {timeout:g} s")
        try:
            yield
        finally:
            release(fh)
