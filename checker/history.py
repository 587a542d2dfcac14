"""SQLite run history and per-article extraction cache for nightly runs, behind an exclusive lock."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
import sys
import time
import zlib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO

from pydantic import BaseModel

from checker.errors import ClaimcheckError, HistoryLocked
from checker.models import Article, Claim, Flag, SkippedInput

DEFAULT_LOCK_TIMEOUT = 60.0
DEFAULT_KEEP_RUNS = 30  # `history prune` keeps this many latest runs unless told otherwise
SCHEMA_VERSION = 5  # 2: articles' stories, the run's report folder; 3: claims cached once per article content;
# 4: the files read (a nightly run skips unchanged ones) and each story's flags; 5: each article's name mentions
# and copy sketch, and which of its claims failed validation

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
    run_id INTEGER PRIMARY KEY AUTOINCREMENT,
    command TEXT NOT NULL,
    started TEXT NOT NULL,
    finished TEXT NOT NULL,
    inputs TEXT NOT NULL,          -- JSON list of the sources as given
    rules TEXT NOT NULL,
    extraction_key TEXT NOT NULL,  -- rules + code fingerprint the claims were extracted with
    articles INTEGER NOT NULL,
    extracted INTEGER NOT NULL,    -- articles extracted this run (the rest came from the cache)
    claims INTEGER NOT NULL,
    flags INTEGER NOT NULL,
    new_flags INTEGER NOT NULL,    -- flags not seen in the previous run
    by_severity TEXT NOT NULL,
    by_status TEXT NOT NULL,
    out TEXT                       -- the folder the run's reports were written to
);
-- claims of an article are a pure function of (article content, rules, code): keyed by a hash of all three,
-- so a renamed or moved file finds its claims; they are relabelled with the article's id on the way out
CREATE TABLE IF NOT EXISTS extraction_cache (
    cache_key TEXT PRIMARY KEY,
    article_id TEXT NOT NULL,      -- the article the claims were extracted for (their ids name it)
    claims BLOB NOT NULL,          -- zlib(JSON {"parts", "claims"}: Claim records as extracted, before validation)
    created TEXT NOT NULL,
    last_used TEXT NOT NULL
);
-- a run's claims are its articles' cached claims: stored once, referenced per run
CREATE TABLE IF NOT EXISTS run_articles (
    run_id INTEGER NOT NULL REFERENCES runs(run_id),
    article_id TEXT NOT NULL,
    source TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    cache_key TEXT,
    claims INTEGER NOT NULL,
    story_id TEXT,
    PRIMARY KEY (run_id, article_id)
);
CREATE INDEX IF NOT EXISTS run_articles_cache ON run_articles (cache_key);
CREATE TABLE IF NOT EXISTS run_flags (
    run_id INTEGER NOT NULL REFERENCES runs(run_id),
    discrepancy_id TEXT NOT NULL,
    check_name TEXT NOT NULL,
    measure TEXT NOT NULL,
    severity TEXT NOT NULL,
    status TEXT NOT NULL,
    vals TEXT NOT NULL,
    article_ids TEXT NOT NULL,
    summary TEXT NOT NULL,
    PRIMARY KEY (run_id, discrepancy_id)
);
-- what each input file gave the last time it was read: an unchanged file (same size and modification time, or
-- the same bytes) is not read or parsed again
CREATE TABLE IF NOT EXISTS files (
    source TEXT PRIMARY KEY,       -- the path as given
    article_id TEXT NOT NULL,      -- the id its single article was given (or the file's id for rows)
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    digest TEXT NOT NULL,          -- sha256 of its bytes
    record BLOB NOT NULL,          -- zlib(JSON {"articles", "problems"}), before duplicate links
    last_used TEXT NOT NULL
);
-- a story's flags are a pure function of its articles, their claims, the anomalies among them, the rules and the
-- code: keyed by a hash of all of these, so a nightly run compares only the stories that changed
CREATE TABLE IF NOT EXISTS story_cache (
    story_key TEXT PRIMARY KEY,
    record BLOB NOT NULL,          -- zlib(JSON {"flags", "evidence"}): flags before reconciliation
    last_run INTEGER NOT NULL      -- the latest run that used it (prune drops what no kept run used)
);
-- how the story step read each article (checker.stories.cache): a pure function of the article, the story lexicon
-- and the code, keyed by a hash of all three, so a nightly run reads only its new articles for stories
CREATE TABLE IF NOT EXISTS story_docs (
    doc_key TEXT PRIMARY KEY,
    doc BLOB NOT NULL,             -- zlib(JSON list of the Doc's fields)
    last_run INTEGER NOT NULL      -- the latest run that used it (prune drops what no kept run used)
);
-- an article's claims as claims.csv rows and report.json records (checker.report.Pieces), keyed by everything
-- that text follows from: a nightly run copies the unchanged articles' claims rather than serialize them again
CREATE TABLE IF NOT EXISTS report_pieces (
    piece_key TEXT PRIMARY KEY,
    csv BLOB NOT NULL,             -- zlib(the claims.csv rows)
    json BLOB NOT NULL,            -- zlib(the report.json claim records, comma-joined)
    last_run INTEGER NOT NULL
);
-- the names check's reading of each article (checker.checks.name_variant): a pure function of its text and
-- excluded spans, the rules and the code, so a story that new articles joined has only those read for names
CREATE TABLE IF NOT EXISTS name_mentions (
    mention_key TEXT PRIMARY KEY,
    mentions BLOB NOT NULL,        -- zlib(JSON list of [token, start, end, sentence start, sentence end, full name])
    last_run INTEGER NOT NULL      -- the latest run that used it (prune drops what no kept run used)
);
-- how the search for copies read each article (checker.sources.clean.find_copies): its normalised text's digest,
-- length and sketch, and its verdicts on the earlier texts it was checked against; keyed by the article's text
-- and excluded spans and the module's code, so a nightly run sketches only its new articles
CREATE TABLE IF NOT EXISTS copy_sketches (
    sketch_key TEXT PRIMARY KEY,
    record BLOB NOT NULL,          -- zlib(JSON [digest, length, sketch, {earlier digest: verdict}])
    last_run INTEGER NOT NULL
);
-- which of an article's claims failed which row-level expectation (checker.validate): keyed by the article's
-- claims as extracted, the rules, the code and the evaluator, so a nightly run validates only new claims' rows
CREATE TABLE IF NOT EXISTS row_checks (
    row_key TEXT PRIMARY KEY,
    failed BLOB NOT NULL,          -- zlib(JSON: per row-level expectation, the failing claims' places in the article)
    last_run INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS flags (
    discrepancy_id TEXT PRIMARY KEY,
    first_seen TEXT NOT NULL,
    first_run INTEGER NOT NULL,
    last_seen TEXT NOT NULL,
    last_run INTEGER NOT NULL,
    summary TEXT NOT NULL
);
"""


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


# modules that only run after extraction: editing them must not throw the cache away
def extraction_fingerprint(rule_paths: Iterable[str]) -> str:
    """Hash of the rule files and of the code extraction runs: when either changes, cached claims are stale.
    The code is checker.extract and every checker module it imports, found by reading the imports
    (`extraction_sources`), so moving a file or adding a module needs no list kept by hand."""
    h = hashlib.sha256()
    for rule in sorted(rule_paths):
        h.update(Path(rule).name.encode() + b"\0" + Path(rule).read_bytes() + b"\0")
    pkg = Path(__file__).resolve().parent
    for src in extraction_sources():
        h.update(str(src.relative_to(pkg)).encode() + b"\0" + src.read_bytes() + b"\0")
    return h.hexdigest()


def extraction_sources() -> list[Path]:
    """The files extraction depends on: checker/extract/, the checker modules they import (at any depth,
    lazy imports included) and the data files beside those modules (numbers.yaml)."""
    from checker import rulecache

    pkg = Path(__file__).resolve().parent
    # reading every module's imports costs a third of a second: done once per version of the code
    names = rulecache.cached("sources", rulecache.code_version(), lambda: _imported_sources(pkg), list)
    seen = {pkg / n for n in names}  # kept relative: the same code elsewhere on disk shares the entry
    data = {d for p in seen for d in p.parent.glob("*.yaml")}
    return sorted(seen | data)


def _imported_sources(pkg: Path) -> list[str]:
    import ast

    todo = sorted((pkg / "extract").glob("*.py"))
    seen: set[Path] = set()
    while todo:
        src = todo.pop()
        if src in seen:
            continue
        seen.add(src)
        here = src.relative_to(pkg).parent.parts  # the module's package, below checker
        for node in ast.walk(ast.parse(src.read_bytes(), str(src))):
            targets: list[tuple[str, ...]] = []
            if isinstance(node, ast.Import):
                targets = [tuple(a.name.split(".")) for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = ("checker", *here[: len(here) - node.level + 1]) if node.level else ()
                mod = (*base, *(node.module.split(".") if node.module else ()))
                targets = [mod] + [(*mod, a.name) for a in node.names]
            for parts in targets:
                if parts[:1] != ("checker",):
                    continue
                for found in _module_files(pkg, parts[1:]):
                    todo.append(found)
    return sorted(str(p.relative_to(pkg)) for p in seen)


def _module_files(pkg: Path, parts: tuple[str, ...]) -> list[Path]:
    """The file of checker.<parts> (a module, or a package's __init__), if there is one."""
    path = pkg.joinpath(*parts)
    for candidate in (path.with_suffix(".py"), path / "__init__.py"):
        if parts and candidate.is_file():
            return [candidate]
    return []


def code_fingerprint(rule_paths: Iterable[str]) -> str:
    """Hash of the rule files and every module of the package with its data (checks/currencies.yaml): what a
    story's flags follow from besides the story. Any change to the code throws the stored flags away
    (comparison is cheap next to extraction)."""
    h = hashlib.sha256()
    for rule in sorted(rule_paths):
        h.update(Path(rule).name.encode() + b"\0" + Path(rule).read_bytes() + b"\0")
    pkg = Path(__file__).resolve().parent
    for src in sorted(p for p in pkg.rglob("*") if p.suffix in {".py", ".yaml"} and "__pycache__" not in p.parts):
        h.update(str(src.relative_to(pkg)).encode() + b"\0" + src.read_bytes() + b"\0")
    return h.hexdigest()


# what names an article rather than says something: left out of its cache key, so a renamed, moved or
# reordered file finds the claims extracted before (relabelled with its new id and source)
_LABELS = {"article_id", "source", "duplicate_of", "content_hash"}
_LABEL_META = {"revision_of"}  # another article's id


def article_key(article: Article, fingerprint: str) -> str:
    """Cache key of one article: its content and everything else extraction reads from it (text, title,
    dates, excluded spans, metadata), never its id or path."""
    record = article.model_dump(mode="json", exclude=_LABELS)
    record["meta"] = {k: v for k, v in record["meta"].items() if k not in _LABEL_META}
    payload = json.dumps(record, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(f"{fingerprint}\0{payload}".encode()).hexdigest()


def _claim_id(article_id: str, part: str, start: int, end: int) -> str:
    return "c" + hashlib.sha1(f"{article_id}|{part}|{start}|{end}".encode()).hexdigest()[:10]


def _id_parts(article_id: str, claims: list[Claim]) -> list[str] | None:
    """What each claim's id was made of besides the article id and span, found by trying the forms extraction
    uses; None when one does not fit (then the claims serve only the article they were extracted for)."""
    parts = []
    for c in claims:
        part = next((p for p in (c.measure, "weekday") if _claim_id(article_id, p, c.start, c.end) == c.claim_id),
                    None)  # fmt: skip
        if part is None:
            return None
        parts.append(part)
    return parts


def _for_article(record: tuple[str, list[str] | None, list[Claim]], article: Article) -> list[Claim] | None:
    """The cached claims as `article` would have them: as stored, relabelled, or None when they cannot be."""
    stored_id, parts, claims = record
    if article.article_id == stored_id and all(c.source == article.source for c in claims):
        return claims
    return _relabelled(claims, parts, article) if parts is not None else None


def _relabelled(claims: list[Claim], parts: list[str], article: Article) -> list[Claim]:
    aid = article.article_id
    return [c.model_copy(update={"article_id": aid, "source": article.source,
                                 "claim_id": _claim_id(aid, p, c.start, c.end)})
            for c, p in zip(claims, parts, strict=True)]  # fmt: skip


class History:
    """The history database, held under an exclusive lock from `open()` until `close()`.

    The lock is an flock on `<path>.lock`: the kernel drops it when the process dies, so a killed run
    never leaves the history locked; SQLite transactions keep a killed run from leaving half a record.
    """

    def __init__(self, path: str | Path, lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
                 notify: TextIO | None = None) -> None:  # fmt: skip
        self.path = Path(path)
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self.lock_timeout = lock_timeout
        self.notify = notify if notify is not None else sys.stderr
        self._lock_fh: Any = None
        self._db: sqlite3.Connection | None = None

    # -- lifecycle ------------------------------------------------------------------------------
    def __enter__(self) -> History:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def open(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._lock_fh = open(self.lock_path, "a+")  # noqa: SIM115 - held until close()
        except OSError as exc:
            raise ClaimcheckError(f"{self.path}: cannot open the history: {exc}") from exc
        self._acquire()
        try:
            from checker.locks import keep_from_children

            self._db = sqlite3.connect(self.path, timeout=self.lock_timeout, isolation_level=None)
            keep_from_children(path=self.path)  # extraction workers never keep the database open
            self._db.execute("PRAGMA foreign_keys = ON")
            # one transaction: in autocommit each CREATE would be its own commit, some 50 disk syncs that cost a
            # new history ~0.3 s of waiting on a busy disk (one-article `check` in a fresh folder)
            self._db.executescript(f"BEGIN;\n{SCHEMA}\nCOMMIT;")
            self._check_version()
        except sqlite3.DatabaseError as exc:
            self.close()
            raise ClaimcheckError(f"{self.path}: not a usable claimcheck history: {exc}") from exc

    def close(self) -> None:
        from checker.locks import clear_holder, release, release_to_children

        if self._db is not None:
            self._db.close()
            self._db = None
            release_to_children(path=self.path)
        if self._lock_fh is not None:
            clear_holder(self._lock_fh)  # a holder line left behind means its run died holding the lock
            release(self._lock_fh)
            self._lock_fh.close()
            self._lock_fh = None

    def _acquire(self) -> None:
        from checker.locks import acquire, holder_gone, write_holder

        def tell() -> None:
            holder = _read_holder(self.lock_path)
            if holder_gone(holder.strip(" ()")):
                what = f"held by processes left over from a run that is gone{holder}"
            else:
                what = f"in use by another run{holder}"
            print(f"claimcheck: waiting for {self.path} ({what}), up to {self.lock_timeout:g} s", file=self.notify)

        fh = self._lock_fh
        if not acquire(fh, self.lock_timeout, tell):
            holder = _read_holder(self.lock_path)
            fh.close()
            self._lock_fh = None
            raise HistoryLocked(
                f"{self.path} is in use by another claimcheck run{holder}; gave up after "
                f"{self.lock_timeout:g} s (raise --lock-timeout, or use another --history)"
            )
        # who holds it, for the message another waiting run prints; what the last holder left says it died
        left = write_holder(fh)
        if left:
            print(f"claimcheck: {self.path}: the run that held it ({left}) ended without letting go (killed, or "
                  "an earlier release); taking it over: its unfinished work was never recorded",
                  file=self.notify)  # fmt: skip

    def _check_version(self) -> None:
        db = self.db
        row = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if row is None:
            db.execute("INSERT INTO meta (key, value) VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
        elif row[0] in ("1", "2", "3", "4"):  # a history of earlier releases: add what later versions keep
            with _transaction(db):
                if row[0] == "1":  # (the tables of versions 4 and 5 are new: the schema script made them)
                    db.execute("ALTER TABLE runs ADD COLUMN out TEXT")
                    db.execute("ALTER TABLE run_articles ADD COLUMN story_id TEXT")
                # version 3 keys the cache by content: the old rows serve no lookup; prune deletes them
                db.execute("UPDATE meta SET value = ? WHERE key = 'schema'", (str(SCHEMA_VERSION),))
        elif row[0] != str(SCHEMA_VERSION):
            raise sqlite3.DatabaseError(f"schema version {row[0]}, this claimcheck reads {SCHEMA_VERSION}")

    @property
    def db(self) -> sqlite3.Connection:
        if self._db is None:
            raise RuntimeError("history is not open")
        return self._db

    # -- extraction cache -----------------------------------------------------------------------
    def cached_claims(self, keys: list[str], articles: Mapping[str, Article] | None = None) -> dict[str, list[Claim]]:
        """Claims stored for the keys that are in the cache. With `articles` (key -> the article asking), claims
        extracted for another id or path of the same content come relabelled with this article's."""
        records = self._records(keys)
        found: dict[str, list[Claim]] = {}
        for key, record in records.items():
            asking = articles.get(key) if articles is not None else None
            claims = record[2] if asking is None else _for_article(record, asking)
            if claims is not None:
                found[key] = claims
        return found

    def claims_for(self, wanted: Sequence[tuple[str, Article]]) -> dict[str, list[Claim]]:
        """Article id -> its cached claims, for (cache key, article) pairs; relabelled for each article, so two
        articles of the same content never share claims that name the other."""
        records = self._records(list(dict.fromkeys(key for key, _ in wanted)))
        found: dict[str, list[Claim]] = {}
        for key, article in wanted:
            claims = _for_article(records[key], article) if key in records else None
            if claims is not None:
                found[article.article_id] = claims
        return found

    def _records(self, keys: list[str]) -> dict[str, tuple[str, list[str] | None, list[Claim]]]:
        """key -> (the article id the claims were extracted for, their id parts, the claims)."""
        out: dict[str, tuple[str, list[str] | None, list[Claim]]] = {}
        for chunk in _chunks(keys, 500):
            marks = ",".join("?" * len(chunk))
            for key, stored_id, blob in self.db.execute(
                f"SELECT cache_key, article_id, claims FROM extraction_cache WHERE cache_key IN ({marks})", chunk
            ):
                # pydantic's JSON parser validates the whole record at once (a third of json.loads +
                # model_validate claim by claim)
                record = _ClaimsRecord.model_validate_json(zlib.decompress(blob))
                out[key] = (stored_id, record.parts, record.claims)
        return out

    def store_claims(self, items: list[tuple[str, str, list[Claim]]]) -> None:
        """Cache (key, article_id, claims) in one transaction; call before validation changes claims."""
        now = _now()
        with _transaction(self.db):
            self.db.executemany(
                "INSERT OR REPLACE INTO extraction_cache (cache_key, article_id, claims, created, last_used)"
                " VALUES (?, ?, ?, ?, ?)",
                [(k, aid, _claims_blob(aid, cs), now, now) for k, aid, cs in items],
            )

    # -- files read --------------------------------------------------------------------------------
    def file_cache(self) -> FileRecords:
        """What the last runs read from each file, for checker.sources.load_articles(files=...)."""
        return FileRecords(self.db)

    # -- each story's flags ---------------------------------------------------------------------------
    def story_flags(self, keys: list[str]) -> dict[str, tuple[list[Flag], list[Claim]]]:
        """story key -> (its flags, its evidence claims) for the keys a run stored before."""
        out: dict[str, tuple[list[Flag], list[Claim]]] = {}
        for chunk in _chunks(list(dict.fromkeys(keys)), 500):
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT story_key, record FROM story_cache WHERE story_key IN ({marks})"
            for key, blob in self.db.execute(sql, chunk):
                record = _StoryRecord.model_validate_json(zlib.decompress(blob))
                out[key] = (record.flags, record.evidence)
        return out

    def store_story_flags(self, items: Mapping[str, tuple[list[Flag], list[Claim]]], used: Iterable[str]) -> None:
        """Store the stories compared this run and mark every story key the run used (as the next run's id)."""
        run = (self.latest_run() or 0) + 1
        with _transaction(self.db):
            self.db.executemany(
                "INSERT OR REPLACE INTO story_cache (story_key, record, last_run) VALUES (?, ?, ?)",
                # level 1: a busy story is stored again each night it grows; 6 takes 3x the CPU for 20 % fewer bytes
                [(k, _dumped(_StoryRecord(flags=f, evidence=e), 1), run) for k, (f, e) in items.items()],
            )
            keys = [k for k in used if k not in items]
            for chunk in _chunks(keys, 500):
                marks = ",".join("?" * len(chunk))
                self.db.execute(f"UPDATE story_cache SET last_run = ? WHERE story_key IN ({marks})", [run, *chunk])

    # -- how the story step read each article --------------------------------------------------------
    def story_docs(self) -> StoredBlobs:
        """The story step's readings of articles, for checker.stories.assign_stories(doc_store=...)."""
        return StoredBlobs(self, "story_docs", "doc_key", "doc")

    def copy_sketches(self) -> StoredBlobs:
        """Each article's sketch and copy verdicts, for checker.sources.load_articles(sketches=...)."""
        return StoredBlobs(self, "copy_sketches", "sketch_key", "record")

    def row_checks(self) -> StoredBlobs:
        """Each article's row-level validation results, for checker.validate.validate_claims(store=...)."""
        return StoredBlobs(self, "row_checks", "row_key", "failed")

    def name_mentions(self, keys: list[str]) -> dict[str, bytes]:
        """mention key -> the serialized name mentions a run stored (checker.checks.name_variant.load_mentions);
        what is found is marked as used by the coming run."""
        return StoredBlobs(self, "name_mentions", "mention_key", "mentions").get(keys)

    def store_name_mentions(self, items: Mapping[str, bytes]) -> None:
        StoredBlobs(self, "name_mentions", "mention_key", "mentions").put(items)

    def report_pieces(self) -> ReportPieces:
        """Articles' claims as written into the reports, for checker.report.Pieces."""
        return ReportPieces(self)

    # -- runs and flags ---------------------------------------------------------------------------
    def latest_run(self) -> int | None:
        row = self.db.execute("SELECT max(run_id) FROM runs").fetchone()
        return None if row is None or row[0] is None else int(row[0])

    def sightings(self, ids: list[str], now: str | None = None) -> dict[str, tuple[str, bool]]:
        """flag id -> (first seen, new since the last recorded run), read only; a first run has all new."""
        now = now or _now()
        last = self.latest_run()
        first: dict[str, str] = {}
        previous: set[str] = set()
        for chunk in _chunks(ids, 500):
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT discrepancy_id, first_seen FROM flags WHERE discrepancy_id IN ({marks})"
            first.update(self.db.execute(sql, chunk))
            if last is not None:
                sql = f"SELECT discrepancy_id FROM run_flags WHERE run_id = ? AND discrepancy_id IN ({marks})"
                previous.update(r[0] for r in self.db.execute(sql, [last, *chunk]))
        return {i: (first.get(i, now), last is None or i not in previous) for i in ids}

    def story_map(self) -> dict[str, str] | None:
        """Article content hash -> story id in the latest run, or None when no run was recorded."""
        last = self.latest_run()
        if last is None:
            return None
        cur = self.db.execute(
            "SELECT content_hash, story_id FROM run_articles WHERE run_id = ? AND story_id IS NOT NULL", (last,)
        )
        return dict(cur.fetchall())

    def record_run(
        self,
        *,
        command: str,
        run_info: dict[str, Any],
        articles: list[tuple[Article, str | None]],
        flags: list[Flag],
        extraction_key: str,
        stories: Mapping[str, str],
        out: str | None,
    ) -> int:
        """Record one finished run in one transaction; update first/last seen of its flags."""
        now = run_info.get("finished") or _now()
        with _transaction(self.db):
            cur = self.db.execute(
                "INSERT INTO runs (command, started, finished, inputs, rules, extraction_key, articles,"
                " extracted, claims, flags, new_flags, by_severity, by_status, out)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    command, run_info["started"], now, json.dumps(run_info["inputs"]), run_info["rules"],
                    extraction_key, len(articles), run_info["extracted"], run_info["claims"], len(flags),
                    sum(bool(f.new_since_last_run) for f in flags),
                    json.dumps(run_info["by_severity"], sort_keys=True),
                    json.dumps(run_info["by_status"], sort_keys=True),
                    str(Path(out).resolve()) if out else None,
                ),
            )  # fmt: skip
            run_id = int(cur.lastrowid or 0)
            self.db.executemany(
                "INSERT INTO run_articles (run_id, article_id, source, content_hash, cache_key, claims, story_id)"
                " VALUES (?,?,?,?,?,?,?)",
                [(run_id, a.article_id, a.source, a.content_hash, key, 0, stories.get(a.article_id))
                 for a, key in articles],
            )  # fmt: skip
            self.db.executemany(
                "INSERT INTO run_flags (run_id, discrepancy_id, check_name, measure, severity, status, vals,"
                " article_ids, summary) VALUES (?,?,?,?,?,?,?,?,?)",
                [
                    (run_id, f.discrepancy_id, f.check, f.measure, f.severity, f.status, json.dumps(f.values),
                     json.dumps(f.article_ids), f.summary)
                    for f in flags
                ],
            )  # fmt: skip
            self.db.executemany(
                "INSERT INTO flags (discrepancy_id, first_seen, first_run, last_seen, last_run, summary)"
                " VALUES (?,?,?,?,?,?) ON CONFLICT(discrepancy_id) DO UPDATE SET"
                " last_seen = excluded.last_seen, last_run = excluded.last_run, summary = excluded.summary",
                [(f.discrepancy_id, f.first_seen or now, run_id, now, run_id, f.summary) for f in flags],
            )
            keys = [key for _, key in articles if key]
            for chunk in _chunks(keys, 500):
                marks = ",".join("?" * len(chunk))
                self.db.execute(f"UPDATE extraction_cache SET last_used = ? WHERE cache_key IN ({marks})",
                                [now, *chunk])  # fmt: skip
        return run_id

    def runs(self, limit: int | None = None) -> list[dict[str, Any]]:
        """Recorded runs, latest first."""
        return _runs(self.db, limit)

    # -- retention ----------------------------------------------------------------------------------
    def prune(self, keep_runs: int | None = DEFAULT_KEEP_RUNS, older_than_days: float | None = None,
              now: dt.datetime | None = None) -> dict[str, int]:  # fmt: skip
        """Forget old runs: a run goes when it is not among the `keep_runs` latest and (with `older_than_days`)
        started more than that many days ago; the latest run always stays. Then the cached claims and flag
        sightings no kept run refers to go too, and the file is compacted (VACUUM). Returns what went."""
        if keep_runs is None and older_than_days is None:
            raise ClaimcheckError("prune needs --keep-runs N or --older-than DAYS")
        if keep_runs is not None and keep_runs < 1:
            raise ClaimcheckError(f"--keep-runs {keep_runs}: keep at least the latest run")
        now = now or dt.datetime.now(dt.UTC)
        cutoff = now - dt.timedelta(days=older_than_days) if older_than_days is not None else None
        rows = self.db.execute("SELECT run_id, started FROM runs ORDER BY run_id DESC").fetchall()
        drop = [run_id for i, (run_id, started) in enumerate(rows)
                if i > 0 and (keep_runs is None or i >= keep_runs)
                and (cutoff is None or _when(started) < cutoff)]  # fmt: skip
        before = self.path.stat().st_size
        db = self.db
        with _transaction(db):
            for chunk in _chunks([str(r) for r in drop], 500):
                marks = ",".join("?" * len(chunk))
                for table in ("run_flags", "run_articles", "runs"):
                    db.execute(f"DELETE FROM {table} WHERE run_id IN ({marks})", chunk)
            flags = db.execute("DELETE FROM flags WHERE discrepancy_id NOT IN"
                               " (SELECT discrepancy_id FROM run_flags)").rowcount  # fmt: skip
            cache = db.execute(f"DELETE FROM extraction_cache WHERE {_UNUSED}").rowcount
            db.execute("DELETE FROM story_cache WHERE last_run < (SELECT MIN(run_id) FROM runs)")
            db.execute("DELETE FROM story_docs WHERE last_run < (SELECT MIN(run_id) FROM runs)")
            db.execute("DELETE FROM report_pieces WHERE last_run < (SELECT MIN(run_id) FROM runs)")
            db.execute("DELETE FROM name_mentions WHERE last_run < (SELECT MIN(run_id) FROM runs)")
            db.execute("DELETE FROM copy_sketches WHERE last_run < (SELECT MIN(run_id) FROM runs)")
            db.execute("DELETE FROM row_checks WHERE last_run < (SELECT MIN(run_id) FROM runs)")
            oldest = db.execute("SELECT MIN(started) FROM runs").fetchone()[0]
            if oldest:  # files no kept run read
                db.execute("DELETE FROM files WHERE last_used < ?", (oldest,))
        db.execute("VACUUM")
        return {"runs": len(drop), "kept": len(rows) - len(drop), "cached_articles": cache, "flags": flags,
                "bytes_before": before, "bytes_after": self.path.stat().st_size}  # fmt: skip


class _ClaimsRecord(BaseModel):
    parts: list[str] | None = None
    claims: list[Claim]


class _StoryRecord(BaseModel):
    flags: list[Flag]
    evidence: list[Claim]


class _FileRecord(BaseModel):
    articles: list[Article]
    problems: list[SkippedInput]
RACY_SECONDS = 2.0  # a file changed this close to its reading may change again within the same mtime tick


def _dumped(record: BaseModel, level: int = 6) -> bytes:
    # json.dumps, not model_dump_json, which writes an open end (inf) as null
    return zlib.compress(json.dumps(record.model_dump(mode="json"), ensure_ascii=False).encode("utf-8"), level)


class FileRecords:
    """The history's record of the files read (checker.sources.FileCache): looked up by a stat, saved in one
    transaction by `save`."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.stats = {row[0]: row[1:] for row in db.execute("SELECT source, article_id, size, mtime_ns, digest"
                                                             " FROM files")}  # fmt: skip
        self.pending: list[tuple[str, str, int, int, str, bytes]] = []
        self.moved: list[tuple[int, str]] = []  # (new mtime, source): touched, same bytes
        self.used: list[str] = []
        self.unread = self.unparsed = 0  # files not read at all / read but not parsed again

    def get(self, source: str, article_id: str, size: int, mtime_ns: int, digest: str | None
            ) -> tuple[list[Article], list[SkippedInput]] | None:  # fmt: skip
        known = self.stats.get(source)
        if known is None or known[0] != article_id or known[1] != size:
            return None
        if digest is None and known[2] != mtime_ns:
            return None
        if digest is not None and known[3] != digest:
            return None
        row = self.db.execute("SELECT record FROM files WHERE source = ?", (source,)).fetchone()
        if row is None:
            return None
        record = _FileRecord.model_validate_json(zlib.decompress(row[0]))
        if digest is None:
            self.unread += 1
        else:
            self.unparsed += 1
            self.moved.append((_trusted_mtime(mtime_ns), source))
        self.used.append(source)
        return record.articles, record.problems

    def put(self, source: str, article_id: str, size: int, mtime_ns: int, digest: str, articles: list[Article],
            problems: list[SkippedInput]) -> None:  # fmt: skip
        record = _FileRecord(articles=articles, problems=problems)
        blob = _dumped(record)  # now: later steps link the articles to each other
        self.pending.append((source, article_id, size, _trusted_mtime(mtime_ns), digest, blob))

    def save(self) -> None:
        now = _now()
        with _transaction(self.db):
            self.db.executemany(
                "INSERT OR REPLACE INTO files (source, article_id, size, mtime_ns, digest, record, last_used)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)", [(*row, now) for row in self.pending],
            )  # fmt: skip
            self.db.executemany("UPDATE files SET mtime_ns = ? WHERE source = ?", self.moved)
            for chunk in _chunks(self.used, 500):
                marks = ",".join("?" * len(chunk))
                self.db.execute(f"UPDATE files SET last_used = ? WHERE source IN ({marks})", [now, *chunk])
        self.pending, self.moved, self.used = [], [], []


class StoredBlobs:
    """A table of blobs by key (story_docs, copy_sketches) as a checker.stories.cache.DocStore or a
    checker.sources.clean.SketchStore: what a run reads it marks as used by that run."""

    def __init__(self, hist: History, table: str, key: str, value: str) -> None:
        self.hist, self.table, self.key, self.value = hist, table, key, value
        self.run = (hist.latest_run() or 0) + 1

    def get(self, keys: list[str]) -> dict[str, bytes]:
        db, out = self.hist.db, {}
        t, k, v = self.table, self.key, self.value
        for chunk in _chunks(keys, 500):
            marks = ",".join("?" * len(chunk))
            for key, blob in db.execute(f"SELECT {k}, {v} FROM {t} WHERE {k} IN ({marks})", chunk):
                out[key] = zlib.decompress(blob)
        with _transaction(db):
            for chunk in _chunks(list(out), 500):
                marks = ",".join("?" * len(chunk))
                db.execute(f"UPDATE {t} SET last_run = ? WHERE {k} IN ({marks})", [self.run, *chunk])
        return out

    def put(self, items: Mapping[str, bytes]) -> None:
        with _transaction(self.hist.db):
            self.hist.db.executemany(
                f"INSERT OR REPLACE INTO {self.table} ({self.key}, {self.value}, last_run) VALUES (?, ?, ?)",
                [(k, zlib.compress(v), self.run) for k, v in items.items()],
            )


class ReportPieces:
    """The report_pieces table as a checker.report.PieceStore; what a run reads it marks as used by that run."""

    def __init__(self, hist: History) -> None:
        self.hist = hist
        self.run = (hist.latest_run() or 0) + 1

    def get(self, keys: list[str]) -> dict[str, tuple[str, str]]:
        db, out = self.hist.db, {}
        for chunk in _chunks(keys, 500):
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT piece_key, csv, json FROM report_pieces WHERE piece_key IN ({marks})"
            for key, rows, records in db.execute(sql, chunk):
                out[key] = (zlib.decompress(rows).decode(), zlib.decompress(records).decode())
        with _transaction(db):
            for chunk in _chunks(list(out), 500):
                marks = ",".join("?" * len(chunk))
                db.execute(f"UPDATE report_pieces SET last_run = ? WHERE piece_key IN ({marks})", [self.run, *chunk])
        return out

    def put(self, items: dict[str, tuple[str, str]]) -> None:
        z = zlib.compress
        rows = [(k, z(c.encode(), 1), z(j.encode(), 1), self.run) for k, (c, j) in items.items()]
        with _transaction(self.hist.db):
            self.hist.db.executemany(
                "INSERT OR REPLACE INTO report_pieces (piece_key, csv, json, last_run) VALUES (?, ?, ?, ?)", rows
            )


def _trusted_mtime(mtime_ns: int) -> int:
    """The modification time a later stat may trust, or -1 (hash the bytes next time) when the file changed so
    recently that another change within the same clock tick would leave size and time as they are."""
    return mtime_ns if time.time_ns() - mtime_ns > RACY_SECONDS * 1e9 else -1


def _runs(db: sqlite3.Connection, limit: int | None) -> list[dict[str, Any]]:
    sql = "SELECT * FROM runs ORDER BY run_id DESC" + (" LIMIT ?" if limit else "")
    cur = db.execute(sql, (limit,) if limit else ())
    cols = [d[0] for d in cur.description]
    sizes = run_sizes(db)
    out = []
    for row in cur.fetchall():
        rec = dict(zip(cols, row, strict=True))
        for k in ("inputs", "by_severity", "by_status"):
            rec[k] = json.loads(rec[k])
        rec["bytes"] = sizes.get(rec["run_id"], 0)
        out.append(rec)
    return out


def run_sizes(db: sqlite3.Connection) -> dict[int, int]:
    """Bytes each run keeps in the history: its article and flag rows, and the cached claims it was the first
    to use (later runs that reuse them add nothing), so the sizes add up to what the runs hold."""
    sizes: dict[int, int] = {}
    queries = (
        "SELECT first.run_id, SUM(LENGTH(e.claims) + LENGTH(e.cache_key) + LENGTH(e.article_id) + 40) FROM"
        " (SELECT cache_key, MIN(run_id) AS run_id FROM run_articles WHERE cache_key IS NOT NULL GROUP BY cache_key)"
        " AS first JOIN extraction_cache AS e ON e.cache_key = first.cache_key GROUP BY first.run_id",
        "SELECT run_id, SUM(LENGTH(article_id) + LENGTH(source) + LENGTH(content_hash) + IFNULL(LENGTH(cache_key), 0)"
        " + IFNULL(LENGTH(story_id), 0) + 12) FROM run_articles GROUP BY run_id",
        "SELECT run_id, SUM(LENGTH(discrepancy_id) + LENGTH(check_name) + LENGTH(measure) + LENGTH(severity)"
        " + LENGTH(status) + LENGTH(vals) + LENGTH(article_ids) + LENGTH(summary) + 8) FROM run_flags GROUP BY run_id",
    )
    for sql in queries:
        for run_id, n in db.execute(sql):
            sizes[run_id] = sizes.get(run_id, 0) + int(n or 0)
    return sizes


_UNUSED = "cache_key NOT IN (SELECT cache_key FROM run_articles WHERE cache_key IS NOT NULL)"


def unused_cache(path: str | Path) -> tuple[int, int]:
    """(rows, bytes) of cached claims no recorded run refers to: what `history prune` removes besides runs."""
    db = _read_only(path)
    try:
        sql = f"SELECT COUNT(*), IFNULL(SUM(LENGTH(claims)), 0) FROM extraction_cache WHERE {_UNUSED}"
        row = db.execute(sql).fetchone()
    finally:
        db.close()
    return int(row[0]), int(row[1])


def _read_only(path: str | Path, timeout: float = DEFAULT_LOCK_TIMEOUT) -> sqlite3.Connection:
    return sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, timeout=timeout)


def _when(stamp: str) -> dt.datetime:
    t = dt.datetime.fromisoformat(stamp)
    return t if t.tzinfo else t.replace(tzinfo=dt.UTC)


def read_runs(
    path: str | Path, limit: int | None = None, timeout: float = DEFAULT_LOCK_TIMEOUT
) -> list[dict[str, Any]]:
    """Runs of an existing history, read without taking the run lock: SQLite lets a reader in between
    a writer's transactions, so listing runs never waits for a whole nightly run."""
    p = Path(path)
    if not p.exists():
        raise ClaimcheckError(f"{p}: no history here (`claimcheck run --history {p}` creates one)")
    try:
        db = _read_only(p, timeout)
        try:
            return _runs(db, limit)
        finally:
            db.close()
    except sqlite3.DatabaseError as exc:
        raise ClaimcheckError(f"{p}: not a usable claimcheck history: {exc}") from exc


def latest_out(path: str | Path) -> str | None:
    """The report folder of the latest run recorded in an existing history, read without the run lock."""
    try:
        db = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
        try:
            row = db.execute("SELECT out FROM runs WHERE out IS NOT NULL ORDER BY run_id DESC LIMIT 1").fetchone()
        finally:
            db.close()
    except sqlite3.DatabaseError:
        return None  # an old history without the column, or not a history: no recorded folder
    return row[0] if row else None


class _transaction:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any error: a run is recorded whole or not at all."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, *rest: object) -> None:
        self.db.execute("ROLLBACK" if exc_type else "COMMIT")


def _claims_blob(article_id: str, claims: list[Claim]) -> bytes:
    # compressed: quotes and sentences repeat field names and text; a 10k-article cache shrinks ~5x
    record = {"parts": _id_parts(article_id, claims), "claims": [c.model_dump(mode="json") for c in claims]}
    return zlib.compress(json.dumps(record, ensure_ascii=False).encode("utf-8"), 6)


def _read_holder(lock_path: Path) -> str:
    try:
        text = lock_path.read_text(encoding="utf-8").strip()
    except OSError:
        return ""
    return f" ({text})" if text else ""


def _chunks(items: list[str], n: int) -> Iterable[list[str]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]
