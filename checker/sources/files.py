"""Find input files: folders walked recursively in sorted order, hidden entries and symlink loops skipped."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass

from checker.models import SkippedInput

# extension -> reader kind
FORMATS: dict[str, str] = {
    ".txt": "text", ".text": "text", ".md": "text", ".markdown": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".csv": "csv", ".tsv": "csv",
}  # fmt: skip
SUPPORTED_EXTENSIONS = tuple(FORMATS)


@dataclass(frozen=True, slots=True)
class FoundFile:
    """A file to read: `source` is its path as the user would write it, `rel` its id under the input root."""

    source: str
    rel: str
    suffix: str
    kind: str


def posix(path: str) -> str:
    """A path normalised to forward slashes without './' (ids must not depend on the OS or on spelling)."""
    return os.path.normpath(path).replace(os.sep, "/")


def _suffix(name: str) -> str:
    return os.path.splitext(name)[1].lower()


def _unsupported(source: str, suffix: str) -> SkippedInput:
    what = f"unsupported file type {suffix}" if suffix else "unsupported file type (no extension)"
    return SkippedInput(source=source, reason=what)


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, FileNotFoundError):
        return "no such file or directory"
    return (exc.strerror or type(exc).__name__).lower()


def discover(path: str) -> Iterator[FoundFile | SkippedInput]:
    """Files under one command-line path, in a deterministic order, or the reason each was not read."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        reason = "broken symbolic link" if os.path.islink(path) else "no such file or directory"
        yield SkippedInput(source=path, reason=reason)
        return
    except OSError as exc:  # ELOOP for a self-referencing link, EACCES on a parent directory
        reason = "symbolic link loop" if exc.errno == 40 else _os_reason(exc)
        yield SkippedInput(source=path, reason=reason)
        return
    if stat.S_ISDIR(st.st_mode):
        yield from _walk(path, "", {(st.st_dev, st.st_ino)})
        return
    if not stat.S_ISREG(st.st_mode):  # reading a FIFO or a terminal waits for a writer that may never come
        yield SkippedInput(source=path, reason=special_reason(st.st_mode))
        return
    suffix = _suffix(path)
    if suffix not in FORMATS:
        yield _unsupported(path, suffix)
        return
    # A file given directly is named by its file name: `claimcheck run seeds/` and `claimcheck run
    # seeds/*.txt` then give the same ids (collisions fall back to the path, see load_articles).
    yield FoundFile(source=path, rel=os.path.basename(posix(path)), suffix=suffix, kind=FORMATS[suffix])


def _walk(top: str, rel: str, active: set[tuple[int, int]]) -> Iterator[FoundFile | SkippedInput]:
    """Depth-first walk; `active` holds the (device, inode) of the directories on the current path."""
    here = os.path.join(top, rel) if rel else top
    try:
        with os.scandir(here) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        yield SkippedInput(source=here, reason=_os_reason(exc))
        return
    for entry in entries:
        # Hidden files and folders (.git, .DS_Store, editor swap files) are never articles.
        if entry.name.startswith(".") or entry.name.endswith("~"):
            continue
        child_rel = f"{rel}/{entry.name}" if rel else entry.name
        source = os.path.join(top, child_rel)
        try:
            st = os.stat(entry.path)  # follows symlinks: a linked folder of articles is read
        except OSError as exc:
            if entry.is_symlink():
                reason = "symbolic link loop" if exc.errno == 40 else "broken symbolic link"
            else:
                reason = _os_reason(exc)
            yield SkippedInput(source=source, reason=reason)
            continue
        if stat.S_ISDIR(st.st_mode):
            key = (st.st_dev, st.st_ino)
            if key in active:
                yield SkippedInput(source=source, reason="symbolic link loop (folder already being read)")
                continue
            yield from _walk(top, child_rel, active | {key})
        elif stat.S_ISREG(st.st_mode):
            suffix = _suffix(entry.name)
            if suffix in FORMATS:
                yield FoundFile(source=source, rel=child_rel, suffix=suffix, kind=FORMATS[suffix])
            else:
                yield _unsupported(source, suffix)
        else:
            yield SkippedInput(source=source, reason=special_reason(st.st_mode))


def special_reason(mode: int) -> str:
    """Why a special file is not read: it is not an article, and reading it could block the run forever."""
    kinds = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
             (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))  # fmt: skip
    what = next((name for test, name in kinds if test(mode)), "a special file")
    return f"not a regular file but {what}; refused (reading it could block the run)"


def size_text(n: int) -> str:
    """A byte count as people read it: '25.3 MB', '512 kB', '97 bytes'."""
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f}".rstrip("0").rstrip(".") + " MB"
    if n >= 1_000:
        return f"{n / 1_000:.1f}".rstrip("0").rstrip(".") + " kB"
    return f"{n} bytes"


def read_limited(path: str, max_bytes: int) -> bytes | SkippedInput:
    """The file's bytes, read once, or why not (too big, unreadable)."""
    try:
        # O_NONBLOCK: a file swapped for a FIFO after it was found must not make open() wait for a writer
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(fd, "rb") as fh:
            st = os.fstat(fh.fileno())
            if not stat.S_ISREG(st.st_mode):
                return SkippedInput(source=path, reason=special_reason(st.st_mode))
            size = st.st_size
            if size > max_bytes:
                return _too_big(path, size, max_bytes)
            # +1 so a file that grew after fstat is still caught without reading it all
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        return SkippedInput(source=path, reason=_os_reason(exc))
    if len(data) > max_bytes:
        return _too_big(path, len(data), max_bytes)
    return data


def _too_big(path: str, size: int, limit: int) -> SkippedInput:
    return SkippedInput(
        source=path, reason=f"file is {size_text(size)}, over the limit of {size_text(limit)} (--max-bytes)"
    )
