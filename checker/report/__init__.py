"""Write the run's outputs: claims.csv, discrepancies.csv, report.json and report.html (DESIGN §6)."""

from __future__ import annotations

import contextlib
import csv
import errno
import io
import itertools
import json
import os
import re
import shutil
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TextIO

from checker.atomic import atomic_write_text
from checker.models import CLAIM_COLUMNS, DISCREPANCY_COLUMNS, Article, Flag
from checker.report.compact import (
    ARTICLE_DEFAULTS,
    CLAIM_DEFAULTS,
    CLAIM_SENTENCES,
    FORMAT,
    RECORD_FORMAT,
    TABLE_COLUMNS,
    TABLE_FORMAT,
    ClaimTable,
    Slim,
    compact_claim,
    compact_flag,
    full_claim,
    full_flag,
    iter_full_claims,
    written_format,
)
from checker.table import NUMERIC_COLUMNS, claim_row, discrepancy_row

if TYPE_CHECKING:
    from checker.app import RunResult


def csv_text(rows: Iterable[dict[str, Any]], columns: list[str]) -> str:
    """RFC 4180 CSV: header row, every row in column order, CRLF line ends, quotes where needed; text cells
    made safe for spreadsheets (see `safe_cell`), number columns as they are."""
    buf = io.StringIO()
    write_csv(buf, rows, columns)
    return buf.getvalue()


def write_csv(fh: TextIO, rows: Iterable[dict[str, Any]], columns: list[str], header: bool = True) -> None:
    """csv_text written to `fh` row by row: no row outlives its line."""
    writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    if header:
        writer.writeheader()
    for r in rows:
        writer.writerow({k: _cell(v) if k in NUMERIC_COLUMNS else safe_cell(_cell(v)) for k, v in r.items()})


def _cell(v: Any) -> Any:
    if isinstance(v, bool):
        return "true" if v else "false"
    return v


# control characters have no business in a cell (NUL ends a C string, ESC drives terminals); tab, line feed
# and carriage return stay: they are text, and CSV quotes them
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(v: Any) -> Any:
    """A text cell a spreadsheet shows as text: control characters removed, and a leading apostrophe before a
    cell that begins with = + - @, tab or carriage return, which Excel, LibreOffice and Google Sheets would
    run as a formula (OWASP's advice on CSV injection). report.json keeps the exact text."""
    if not isinstance(v, str):
        return v
    v = _CONTROLS.sub("", v)
    return "'" + v if v.startswith(_FORMULA_START) else v


def article_record(a: Article, story_id: str, why: str | None = None) -> dict[str, Any]:
    return {
        "article_id": a.article_id,
        "source": a.source,
        "title": a.title,
        "url": a.url,
        "outlet": a.outlet,
        "published": a.published.isoformat() if a.published else None,
        "published_basis": a.published_basis,
        "story_id": story_id,
        "story_why": why,  # why the story step put it there: its nearest article and what they share
        "text": a.text,
        "excluded": [list(x) for x in a.excluded],
        "duplicate_of": a.duplicate_of,
        "meta": a.meta,
    }


def _compact_article(a: Article, story_id: str, why: str | None, spans: list[list[int]] | None = None
                     ) -> dict[str, Any]:  # fmt: skip
    """The article record without empty internal fields (the contract's fields always stay); in format 4, with
    the spans of its claims' sentences."""
    record = article_record(a, story_id, why)
    out = {k: v for k, v in record.items() if not (k in ARTICLE_DEFAULTS and v == ARTICLE_DEFAULTS[k])}
    if spans:
        out[CLAIM_SENTENCES] = spans
    return out

claim_record = full_claim  # every field of a claim, as read_report gives it back
flag_record = full_flag


def story_records(result: RunResult) -> list[dict[str, Any]]:
    counts: dict[str, dict[str, int]] = {
        s.story_id: {"error": 0, "warning": 0, "info": 0} for s in result.stories.stories
    }
    for f in result.flags:
        counts.setdefault(f.story_id, {"error": 0, "warning": 0, "info": 0})[f.severity] += 1
    return [
        {
            "story_id": s.story_id,
            "title": s.title,
            "article_ids": list(s.article_ids),
            "first": s.first.isoformat() if s.first else None,
            "last": s.last.isoformat() if s.last else None,
            "terms": list(s.terms),
            "flags": counts[s.story_id],
        }
        for s in result.stories.stories
    ]


def build_json(result: RunResult) -> dict[str, Any]:
    """report.json (DESIGN §6) as `read_report` gives it back: run info, articles, stories, claims and flags with
    every field, and validation. The file itself holds the compact form (checker.report.compact)."""
    return _full_report(result, list(iter_full_claims(result.claims, result.stories.story_of, result.anomalies)))


def _full_report(result: RunResult, claims: Any, flags: Any = None) -> dict[str, Any]:
    """The report's records, with `claims` (and `flags`, if given) as given (a list, or records made as the page
    reads them)."""
    story_of = result.stories.story_of
    return {
        "run": result.info,
        "articles": [article_record(a, story_of.get(a.article_id, ""), result.stories.why.get(a.article_id))
                     for a in result.articles],
        "stories": story_records(result),
        "claims": claims,
        "discrepancies": [full_flag(f) for f in result.flags] if flags is None else flags,
        "validation": result.validation,
    }


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def write_json(
    fh: TextIO, result: RunResult, version: int | None = None, claims: Iterable[str] | None = None,
    slim: Slim | None = None,
) -> None:
    """report.json streamed record by record, in the compact form `version` (2, 3 or 4, see
    checker.report.compact; `written_format()` when not given): the whole report never exists as one string or
    one object tree. `claims`: format 2's or 4's claim records already serialized, in pieces of comma-joined
    records (format 4's made with `slim`)."""
    version = written_format() if version is None else version
    story_of, why = result.stories.story_of, result.stories.why
    by_id = {a.article_id: a for a in result.articles}
    dump = _dump
    if version == FORMAT and slim is None:
        slim = Slim(result.claims, by_id, story_of, result.anomalies)

    def records(name: str, items: Iterable[Any], last: bool = False) -> None:
        fh.write(f'"{name}":[')
        for i, item in enumerate(items):
            fh.write(("," if i else "") + dump(item))
        fh.write("]" if last else "],")

    form = {TABLE_FORMAT: "table", RECORD_FORMAT: "compact"}.get(version, "records")
    fh.write('{"format":' + dump({"version": version, "claims": form, "see": "checker.report.compact"}) + ",")
    fh.write('"run":' + dump(result.info) + ",")
    records("articles", (_compact_article(a, story_of.get(a.article_id, ""), why.get(a.article_id),
                                          slim.article_spans(a.article_id) if slim is not None else None)
                         for a in result.articles))  # fmt: skip
    records("stories", story_records(result))
    if slim is not None:
        fh.write(f'"{CLAIM_DEFAULTS}":' + dump(slim.defaults) + ",")
    if version == TABLE_FORMAT:
        table = ClaimTable()
        fh.write('"claims":{"columns":' + dump(list(TABLE_COLUMNS)) + ",")
        records("rows", (table.row(c, story_of.get(c.article_id, ""), result.anomalies.get(c.claim_id))
                         for c in result.claims))  # fmt: skip
        fh.write('"values":' + dump(table.values()) + "},")
    elif claims is None:
        make = slim.claim if slim is not None else compact_claim
        records("claims", (make(c, by_id.get(c.article_id), story_of.get(c.article_id, ""),
                                result.anomalies.get(c.claim_id)) for c in result.claims))  # fmt: skip
    else:
        fh.write('"claims":[')
        first = True
        for piece in claims:
            if piece:
                fh.write(piece if first else "," + piece)
                first = False
        fh.write("],")
    records("discrepancies", (compact_flag(f) for f in result.flags))
    fh.write('"validation":' + dump(result.validation) + "}\n")


class _Claims:
    """The full claim records, made when iterated and never kept: a sized iterable for render_html."""

    def __init__(self, result: RunResult) -> None:
        self.result = result

    def __len__(self) -> int:
        return len(self.result.claims)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter_full_claims(self.result.claims, self.result.stories.story_of, self.result.anomalies)

    def page_rows(self, a_index: Mapping[str, int], articles: list[dict[str, Any]], flagged: set[str]
                  ) -> list[list[Any]]:  # fmt: skip
        """report.html's claim rows (checker.report.html.CLAIM_FIELDS) made from the claims themselves: what
        `_payload` makes from their full records, without making the records (a third of the page's time)."""
        from checker.models import qualifiers_text
        from checker.report.html import _bound, _sentence_ref

        anomalies = self.result.anomalies
        texts = [a.get("text") or "" for a in articles]
        rows = []
        for c in self.result.claims:
            ai = a_index.get(c.article_id, -1)
            sentence = c.sentence or ""
            rows.append([
                c.claim_id, ai, c.rule_id, c.measure, qualifiers_text(c.qualifiers),
                c.value if isinstance(c.value, str) else c.quote,
                _bound(c.low), _bound(c.high), bool(c.low_inclusive), bool(c.high_inclusive),
                c.hedge or "", c.unit or "", c.as_of.isoformat() if c.as_of else "", c.as_of_basis or "unknown",
                c.modality or "", c.attribution or "", c.quote or "", int(c.start or 0), int(c.end or 0),
                sentence if c.claim_id in flagged else
                _sentence_ref(texts[ai] if ai >= 0 else "", sentence, int(c.start or 0), int(c.end or 0)),
                anomalies.get(c.claim_id), bool(c.revision), c.kind,
            ])  # fmt: skip
        return rows


class _Flags:
    """The full flag records, made when iterated: a sized iterable for render_html, which makes its rows from the
    flags themselves (`page_rows`)."""

    def __init__(self, flags: list[Flag]) -> None:
        self.flags = flags

    def __len__(self) -> int:
        return len(self.flags)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return (full_flag(f) for f in self.flags)

    def claim_ids(self) -> set[str]:
        return {cid for f in self.flags for cid in f.claim_ids}

    def page_rows(self, c_index: Mapping[str, int], a_index: Mapping[str, int], s_index: Mapping[str, int]
                  ) -> tuple[list[list[Any]], list[list[Any]]]:  # fmt: skip
        """report.html's flag rows and answer rows (checker.report.html's FLAG_FIELDS, ANSWER_FIELDS), as `_payload`
        makes them from the full records."""
        from checker.models import qualifiers_text

        rows: list[list[Any]] = []
        answers: list[list[Any]] = []
        for fi, f in enumerate(self.flags):
            rows.append([
                f.discrepancy_id, f.check, f.rule_id, f.measure, qualifiers_text(f.qualifiers), f.severity, f.status,
                [c_index[i] for i in f.claim_ids if i in c_index], list(f.values), f.summary or "",
                f.decision or "", f.note or "", f.first_seen, f.new_since_last_run, s_index.get(f.story_id, -1),
                f.by or "", f.when or "",
            ])  # fmt: skip
            answers += [[fi, a.value, [c_index[i] for i in a.claim_ids if i in c_index],
                         [a_index[i] for i in a.article_ids if i in a_index], [x for x in a.outlets if x],
                         [x for x in a.attributions if x]] for a in f.answers]  # fmt: skip
        return rows, answers


def _page_report(result: RunResult) -> dict[str, Any]:
    return _full_report(result, _Claims(result), _Flags(result.flags))


FILES = {"claims": "claims.csv", "discrepancies": "discrepancies.csv", "json": "report.json", "html": "report.html"}
RUNS = "runs"  # --out/runs/<run>/: the files of one run, complete before --out shows them
CURRENT = "current"  # --out/current -> runs/<run>: swapping this one link publishes a whole run at once
_STAGING = ".staging-"
LOCK_TIMEOUT = 60.0


def write_reports(out_dir: str | Path, result: RunResult, lock_timeout: float = LOCK_TIMEOUT,
                  pieces: Pieces | None = None) -> dict[str, Path]:  # fmt: skip
    """Write the four reports as one unit and return the paths users open (`--out/claims.csv` ...).

    The files are written one by one into this run's own staging folder in `--out/runs/`. Then, under
    `--out/.lock` (a second run publishing to the same folder waits, then gives up with exit 2), the folder is
    renamed to `runs/<run>/` and published by swapping the one symbolic link `--out/current`, through which
    `--out/claims.csv` and the others point. So a reader, or a run killed at any moment, finds the old run
    whole or the new one whole, never a mix; what a killed run left is removed by the next one. With `pieces`
    (a nightly run), unchanged articles' claims are copied as an earlier run serialized them."""
    out = Path(out_dir)
    runs = out / RUNS
    runs.mkdir(parents=True, exist_ok=True)
    name = _run_name(result)
    staging = runs / f"{_STAGING}{os.getpid()}-{name}"
    staging.mkdir()
    published = False
    try:
        _write_staging(staging, result, pieces)
        from checker.locks import exclusive

        def tell() -> None:
            import sys

            print(f"claimcheck: waiting for {out} (another run is writing its reports there), "
                  f"up to {lock_timeout:g} s", file=sys.stderr)  # fmt: skip

        with exclusive(out / ".lock", lock_timeout, f"{out}: another claimcheck run is writing its reports here",
                       on_wait=tell):  # fmt: skip
            remove_stale(out)
            paths = _publish(out, staging, name)
            published = True
            return paths
    finally:
        if not published:  # an error or a lock not had: this run's files never show; take them away
            shutil.rmtree(staging, ignore_errors=True)


class PieceStore(Protocol):
    """Where an article's claims, serialized, are kept between runs (the history's report_pieces table)."""

    def get(self, keys: list[str]) -> dict[str, tuple[str, str]]: ...  # key -> (claims.csv rows, report.json)

    def put(self, items: dict[str, tuple[str, str]]) -> None: ...


@dataclass(frozen=True)
class Pieces:
    """What lets a nightly run copy the unchanged articles' claims into claims.csv and report.json as an earlier
    run wrote them, rather than serialize them again."""

    store: PieceStore
    salt: str  # a fingerprint of the code and rules: what the serialized form follows from besides the claims
    extracted: Mapping[str, str]  # article id -> the extraction key its claims were extracted (or cached) under
    main: int  # result.claims[:main] are the articles' extracted claims, article by article; the rest evidence


PIECE_FORM = 2  # 2: a piece's records one a line after a line of the measures' usual values they were made against


def _claim_pieces(result: RunResult, pieces: Pieces, slim: Slim | None = None) -> tuple[list[str], list[str]]:
    """claims.csv rows and report.json records of result.claims[:main], one piece per article's run of claims:
    stored ones as stored, the others made and stored: format 4's records with `slim`, else format 2's. A
    piece's key is everything its text follows from but the measures' usual values: the format, the code and
    rules, the extraction key (the claims as extracted), the article as read and dated (id, source, dates), its
    story, its claims' ids and anomalies (so a claim dropped or left out shows) and, in format 4, its sentence
    spans. A format 4 piece keeps the usual values of its measures it was written against: a night whose new
    claims change a measure's usual value makes again the records of that measure's claims alone."""
    import hashlib

    story_of = result.stories.story_of
    by_id = {a.article_id: a for a in result.articles}
    runs: list[tuple[str, int, int]] = []
    claims = result.claims
    i = 0
    while i < pieces.main:
        aid, j = claims[i].article_id, i
        while j < pieces.main and claims[j].article_id == aid:
            j += 1
        runs.append((aid, i, j))
        i = j
    once = Counter(aid for aid, _, _ in runs)
    keys: list[str] = []
    for aid, i, j in runs:
        article = by_id.get(aid)
        if article is None or once[aid] > 1:  # an id given twice: which article a piece is of is not clear
            keys.append("")
            continue
        form = f"{FORMAT}.{PIECE_FORM}\0{_dump(slim.spans.get(aid, []))}" if slim is not None else \
            f"{RECORD_FORMAT}.{PIECE_FORM}"  # fmt: skip
        h = hashlib.sha256(f"{form}\0{pieces.salt}\0{pieces.extracted.get(aid, '')}\0{story_of.get(aid, '')}\0"
                           .encode())  # fmt: skip
        h.update(article.model_dump_json().encode())  # its text too: the compact form points into it
        for c in claims[i:j]:
            h.update(f"\0{c.claim_id}\1{result.anomalies.get(c.claim_id) or ''}".encode())
        keys.append(h.hexdigest())
    stored = pieces.store.get([k for k in dict.fromkeys(keys) if k])
    usual: dict[str, str] = {}  # measure -> its usual values as written in a piece's first line

    def usual_of(measure: str) -> str:
        if measure not in usual:
            usual[measure] = _dump(slim.defaults.get(measure, {})) if slim is not None else ""
        return usual[measure]

    make = slim.claim if slim is not None else compact_claim
    fresh: dict[str, tuple[str, str]] = {}
    texts: list[tuple[str, str]] = []
    for (aid, i, j), key in zip(runs, keys, strict=True):
        sid, article = story_of.get(aid, ""), by_id.get(aid)
        got = fresh.get(key) or stored.get(key)
        kept = _stored_records(got[1], claims[i:j], usual_of) if got is not None else None
        records = [r for r in kept or () if r is not None]
        if got is None or len(records) != j - i:  # not stored, or some of its measures' usual values moved
            records = [r if r is not None else _dump(make(c, article, sid, result.anomalies.get(c.claim_id)))
                       for c, r in zip(claims[i:j], kept or [None] * (j - i), strict=True)]  # fmt: skip
            rows = got[0] if got is not None else _csv_rows(claims[i:j], sid)
            head = _dump({m: usual_of(m) for m in sorted({c.measure for c in claims[i:j]})}) if slim else "{}"
            got = (rows, head + "\n" + "\n".join(records))
            if key:
                fresh[key] = got
        texts.append((got[0], ",".join(records)))
    pieces.store.put(fresh)
    return [t[0] for t in texts], [t[1] for t in texts]


def _csv_rows(claims: Iterable[Any], story_id: str) -> str:
    buf = io.StringIO()
    write_csv(buf, (claim_row(c, story_id) for c in claims), CLAIM_COLUMNS, header=False)
    return buf.getvalue()


def _stored_records(text: str, claims: list[Any], usual_of: Any) -> list[str | None] | None:
    """A stored piece's records, one per claim, None where the claim's measure's usual values are no longer those
    it was written against; None for a piece of another form. A record never holds a line break (JSON escapes it
    in strings), so records are stored one a line."""
    head, sep, body = text.partition("\n")
    records = body.split("\n") if body else []
    if not sep or len(records) != len(claims) or not head.startswith("{"):
        return None
    written = json.loads(head)
    return [r if written.get(c.measure, "") == usual_of(c.measure) else None
            for c, r in zip(claims, records, strict=True)]  # fmt: skip


def _write_staging(staging: Path, result: RunResult, pieces: Pieces | None = None) -> None:
    """The four files, each streamed to its file in turn: rows are made as they are written, never all held
    (but for the pieces a nightly run copies)."""
    story_of = result.stories.story_of
    version = written_format()
    by_id = {a.article_id: a for a in result.articles}
    slim = Slim(result.claims, by_id, story_of, result.anomalies) if version == FORMAT else None
    main = pieces.main if pieces is not None else 0
    csv_pieces, json_pieces = _claim_pieces(result, pieces, slim) if pieces is not None else ([], [])
    rest = result.claims[main:]
    with _synced(staging / FILES["claims"]) as fh:
        write_csv(fh, (), CLAIM_COLUMNS)
        fh.writelines(csv_pieces)
        write_csv(fh, (claim_row(c, story_of.get(c.article_id, "")) for c in rest), CLAIM_COLUMNS, header=False)
    del csv_pieces
    checkpoint("report-file")
    with _synced(staging / FILES["discrepancies"]) as fh:
        write_csv(fh, (discrepancy_row(f) for f in result.flags), DISCREPANCY_COLUMNS)
    checkpoint("report-file")
    with _synced(staging / FILES["json"]) as fh:
        if pieces is None or version == TABLE_FORMAT:  # the pieces are records of format 2 or 4
            write_json(fh, result, version, slim=slim)
        else:
            make = slim.claim if slim is not None else compact_claim
            tail = (_dump(make(c, by_id.get(c.article_id), story_of.get(c.article_id, ""),
                               result.anomalies.get(c.claim_id))) for c in rest)  # fmt: skip
            write_json(fh, result, version, claims=itertools.chain(json_pieces, tail), slim=slim)
    del json_pieces
    checkpoint("report-file")
    from checker.report.html import render_html

    _write_synced(staging / FILES["html"], render_html(_page_report(result)))
    checkpoint("report-file")
    _sync_dir(staging)


def _run_name(result: RunResult) -> str:
    import secrets

    stamp = str(result.info.get("started", "")).replace("-", "").replace(":", "").replace("+0000", "Z")
    return f"{stamp or 'run'}-{os.getpid()}-{secrets.token_hex(3)}"


def _publish(out: Path, staging: Path, name: str) -> dict[str, Path]:
    """Under the lock: the staged folder becomes `runs/<name>/` and the run shown."""
    runs = out / RUNS
    final = runs / name
    os.rename(staging, final)
    _sync_dir(runs)
    previous = _current_target(out)
    paths = {key: out / filename for key, filename in FILES.items()}
    try:
        _link(out / CURRENT, f"{RUNS}/{name}")
    except OSError as exc:
        if exc.errno not in _NO_SYMLINKS:
            raise
        # a file system without symbolic links: each file replaced atomically, one after the other
        for filename in FILES.values():
            atomic_write_text(out / filename, (final / filename).read_text(encoding="utf-8"))
        shutil.rmtree(final, ignore_errors=True)
        return paths
    checkpoint("report-swap")
    for filename in FILES.values():  # links made once; a plain file of an earlier release becomes one
        if not _points_to(out / filename, f"{CURRENT}/{filename}"):
            _link(out / filename, f"{CURRENT}/{filename}")
    _sync_dir(out)
    if previous is not None and previous != final.resolve():
        shutil.rmtree(previous, ignore_errors=True)
    return paths


_NO_SYMLINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOSYS, errno.EINVAL}


def _points_to(path: Path, target: str) -> bool:
    try:
        return os.readlink(path) == target
    except OSError:  # missing, or a plain file
        return False


def _link(path: Path, target: str) -> None:
    """Point the symbolic link `path` at `target` in one step (a new link renamed over the old name)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.link")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    os.symlink(target, tmp)
    os.replace(tmp, path)


def _current_target(out: Path) -> Path | None:
    link = out / CURRENT
    return link.resolve() if link.is_symlink() and link.exists() else None


def remove_stale(out: Path) -> list[Path]:
    """What killed runs left in `out`: their staging folders, runs no link points to, half-made links and the
    temporary files of earlier releases. Staging folders of runs still alive are theirs: left alone. Call
    under `--out/.lock`."""
    current = _current_target(out)
    gone: list[Path] = []
    runs = out / RUNS
    if runs.is_dir():
        for entry in runs.iterdir():
            if entry.resolve() == current or _staging_of_a_live_run(entry.name):
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
            gone.append(entry)
    for entry in out.iterdir():
        name = entry.name
        stale_link = name.startswith(".") and name.endswith(".link")
        stale_tmp = any(name.startswith(f".{f}.") and name.endswith(".tmp") for f in FILES.values())
        if stale_link or stale_tmp:
            entry.unlink(missing_ok=True)
            gone.append(entry)
    return gone


def _staging_of_a_live_run(name: str) -> bool:
    if not name.startswith(_STAGING):
        return False
    pid = name.removeprefix(_STAGING).split("-", 1)[0]
    if not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        return True
    return True


def _write_synced(path: Path, text: str) -> None:
    with _synced(path) as fh:
        fh.write(text)


@contextlib.contextmanager
def _synced(path: Path) -> Iterator[TextIO]:
    """A text file written through a 1 MB buffer, on disk (fsync) before it is closed."""
    with open(path, "w", encoding="utf-8", newline="", buffering=1 << 20) as fh:
        yield fh
        fh.flush()
        os.fsync(fh.fileno())


def _sync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):  # not every file system lets a folder be opened and synced
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def checkpoint(moment: str) -> None:
    """A named moment of a run where the kill tests make it pause: CLAIMCHECK_TEST_PAUSE=moment:seconds (never
    set in use; it lets a test kill -9 a run exactly during compare or while the reports are written)."""
    want = os.environ.get("CLAIMCHECK_TEST_PAUSE", "")
    if want.startswith(moment + ":"):
        import sys
        import time

        print(f"claimcheck: test pause at {moment}", file=sys.stderr, flush=True)
        time.sleep(float(want.split(":", 1)[1]))
