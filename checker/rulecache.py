"""A disk cache of loaded and compiled rules, keyed by the rule files' bytes and the code that reads them.

Why: parsing the rule YAML (ruamel), validating it (pydantic) and compiling its patterns cost over a second,
longer than a one-article `claimcheck check` should take in all. A pickle restores the same objects in tens
of milliseconds: the `regex` package pickles a pattern with its compiled program, so nothing is compiled
again. An entry is used only when its key matches the rule files byte for byte and this exact claimcheck
code, Python and library versions; one that cannot be read is ignored and written anew.

Where: `$CLAIMCHECK_CACHE_DIR`, else `$XDG_CACHE_HOME/claimcheck`, else `~/.cache/claimcheck`;
`CLAIMCHECK_CACHE_DIR=off` turns it off."""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

KEEP = 12  # entries kept per kind: a few rule folders and versions side by side, never an ever-growing folder
_FORMAT = b"claimcheck-rules-cache 2\n"  # 2: TriggerIndex.at_words


def cache_dir() -> Path | None:
    """The folder entries live in, or None when caching is off."""
    chosen = os.environ.get("CLAIMCHECK_CACHE_DIR", "")
    if chosen.lower() in ("off", "0", "none"):
        return None
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "claimcheck"


@cache
def code_version() -> str:
    """A hash of every checker source file and the versions of Python and of the libraries whose objects the
    pickles hold: any edit or upgrade invalidates every entry."""
    import pydantic
    import regex

    from checker import __version__

    h = hashlib.sha256(f"{__version__}\0{sys.version}\0{regex.__version__}\0{pydantic.VERSION}\0".encode())
    pkg = Path(__file__).resolve().parent
    for src in sorted(pkg.rglob("*.py")):
        h.update(str(src.relative_to(pkg)).encode() + b"\0" + src.read_bytes() + b"\0")
    return h.hexdigest()


def files_key(root: str, paths: Iterable[Path]) -> str:
    """The key of what loading `paths` gives: the folder as named (the paths the rule book records), each
    file's name and bytes, and the code version."""
    h = hashlib.sha256(f"{code_version()}\0{root}\0".encode())
    for p in paths:
        h.update(p.name.encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def cached(kind: str, key: str, build: Callable[[], T], expect: type) -> T:
    """The `kind` entry under `key`, else `build()` stored there. A missing, unreadable or corrupt entry, or
    one holding anything but an `expect` under this very key, is rebuilt; a cache that cannot be written
    costs only the time."""
    folder = cache_dir()
    if folder is None:
        return build()
    path = folder / f"{kind}-{key[:32]}.pickle"
    found = _read(path, key, expect)
    if found is not None:
        return found
    value = build()
    _write(folder, kind, path, key, value)
    return value


def _read(path: Path, key: str, expect: type) -> Any:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head = _FORMAT + key.encode() + b"\n"
    if not data.startswith(head):
        return None
    try:
        value = pickle.loads(data[len(head) :])
    except Exception:  # truncated or garbled: unpickling raises almost anything
        return None
    return value if isinstance(value, expect) else None


def _write(folder: Path, kind: str, path: Path, key: str, value: Any) -> None:
    from checker.atomic import atomic_write_bytes

    try:
        payload = pickle.dumps(value, protocol=5)
    except Exception:  # something unpicklable: this build is simply not cached
        return
    with contextlib.suppress(OSError):
        atomic_write_bytes(path, _FORMAT + key.encode() + b"\n" + payload)
        old = sorted(folder.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for stale in old[KEEP:]:
            stale.unlink(missing_ok=True)


# -- compiled module patterns ------------------------------------------------------------------------------
# checker.numbers and checker.dates build large patterns at import (half a second of `regex` parsing). They
# come from one file of compiled patterns, each under its exact text and flags, so an edited pattern is
# simply compiled anew (and added); the file is rewritten at exit when something was added.
_patterns: dict[tuple[str, int], Any] | None = None
_used: set[tuple[str, int]] = set()
_added = False
MAX_PATTERNS = 400  # past this many, only the patterns this process used are kept: never an ever-growing file


def compile_pattern(pattern: str, flags: int = 0) -> Any:
    """regex.compile(pattern, flags), from the cache of compiled patterns when it holds this one."""
    global _patterns, _added
    import regex

    if _patterns is None:
        _patterns = _load_patterns()
    _used.add((pattern, flags))
    found = _patterns.get((pattern, flags))
    if found is None:
        found = _patterns[(pattern, flags)] = regex.compile(pattern, flags)
        if not _added:
            import atexit

            atexit.register(_save_patterns)
        _added = True
    return found


def _patterns_path() -> Path | None:
    import regex

    folder = cache_dir()
    if folder is None:
        return None
    tag = hashlib.sha256(f"{sys.version}\0{regex.__version__}".encode()).hexdigest()[:16]
    return folder / f"patterns-{tag}.pickle"


def _load_patterns() -> dict[tuple[str, int], Any]:
    path = _patterns_path()
    found = _read(path, "patterns", dict) if path is not None else None
    return found if found is not None else {}


def _save_patterns() -> None:
    path = _patterns_path()
    if path is not None and _patterns is not None and os.getpid() == _owner:  # never from a forked worker
        keep = _patterns if len(_patterns) <= MAX_PATTERNS else {k: _patterns[k] for k in _used}
        _write(path.parent, "patterns", path, "patterns", dict(keep))


_owner = os.getpid()
