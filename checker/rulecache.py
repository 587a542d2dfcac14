"""A disk cache of loaded and compiled rules, keyed by the rule files' bytes and the code that reads them.

Why: parsing the rule YAML (ruamel), validating it (pydantic) and compiling its patterns cost over a second,
longer than a one-article `claimcheck check` should take in all. A pickle restores the same objects in tens
of milliseconds: the `regex` package pickles a pattern with its compiled program, so nothing is compiled
again. An entry is used only when its key matches the rule files byte for byte and this exact claimcheck
code, Python and `regex`/`pydantic` versions; one that cannot be read is ignored and written anew.

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
_FORMAT = b"claimcheck-rules-cache 1\n"


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
    """A hash of every checker source file and the versions of what the pickles hold: any edit invalidates."""
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


def object_key(obj: Any) -> str:
    """The key of something built from `obj`: its pickle's hash (so an edited object never hits an old entry)."""
    return hashlib.sha256(code_version().encode() + b"\0" + pickle.dumps(obj, protocol=5)).hexdigest()


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
        return found  # type: ignore[no-any-return]
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
