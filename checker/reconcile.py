"""The reconciliation file: editors' decisions on flags and stories, matched to a run's flags by question."""

from __future__ import annotations

import datetime as dt
import difflib
import json
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args

import regex
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from checker.atomic import atomic_write_text
from checker.errors import ClaimcheckError, Located, ReconciliationError, UsageError
from checker.locks import exclusive
from checker.models import Claim, Flag, Status, qualifiers_text

DECISIONS = ("explained", "confirmed", "false_positive", "baseline")
EDITOR_DECISIONS = ("explained", "confirmed", "false_positive")
FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)  # version 1 ids fingerprinted answers, not questions: its entries come out stale
HEADER = (
    "# claimcheck reconciliations: reviewed decisions on flags and stories (DESIGN §8).\n"
    "# Written by `claimcheck reconcile`, `baseline`, `stories merge|move` and `serve`; review changes like code.\n"
)


class Entry(BaseModel):
    """One decision on one flag's question, with the answers it covered in readable form."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1)
    decision: Literal["explained", "confirmed", "false_positive", "baseline"]
    note: str = ""
    by: str = ""
    when: str = ""
    story: str = ""
    check: str = ""
    measure: str = ""
    qualifiers: str = ""
    slot: str = ""
    values: list[str] = Field(default_factory=list)  # the answers the decision covered
    articles: list[str] = Field(default_factory=list)
    claims: list[str] = Field(default_factory=list)
    # where the entry starts in the file, for `path:line` in stale warnings and CI annotations; never written
    line: int | None = Field(default=None, exclude=True)
    col: int | None = Field(default=None, exclude=True)


class StoryEntry(BaseModel):
    """An editor's correction of the story step: merge story `a` into `b`, or move article `a` to story `b`."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["merge", "move"]
    a: str = Field(min_length=1)
    b: str = Field(min_length=1)
    note: str = ""
    by: str = ""
    when: str = ""


@dataclass
class Decisions:
    """The whole file: decisions on flags and corrections of stories."""

    entries: list[Entry] = field(default_factory=list)
    stories: list[StoryEntry] = field(default_factory=list)


@dataclass(frozen=True)
class Match:
    """What the file says of one flag: its status, the entry behind it, and a note for the editor."""

    status: Status
    entry: Entry | None = None
    note: str | None = None


def _located(p: Path, line: int | None, col: int | None, msg: str) -> Located:
    return Located(str(p), line, col, msg)


def load(path: str | Path) -> Decisions:
    """The decisions of the reconciliation file; a missing file has none; a malformed one raises
    ReconciliationError naming every problem as `path:line:col`."""
    p = Path(path)
    if not p.exists():
        return Decisions()
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReconciliationError([_located(p, None, None, f"cannot read: {exc}")]) from exc
    fast = _load_as_written(text)
    if fast is not None:
        return fast
    # only here: most runs have no file or one as claimcheck wrote it, and importing the parser costs ~20 ms
    import yaml  # libyaml's parser: a file of tens of thousands of decisions loads in about a second

    # a file edited by hand, or one with problems: the YAML parser, whose marks locate every problem
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        alias = _first_alias(node)
        if alias is not None:  # never written by claimcheck; a YAML bomb is built from them
            line, col = _pos(alias)
            raise ReconciliationError([_located(p, line, col, "YAML aliases (*name) are not allowed here")])
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise ReconciliationError([_located(p, line, col, f"invalid YAML: {exc.problem or exc}")]) from exc
    except yaml.YAMLError as exc:
        raise ReconciliationError([_located(p, 1, 1, f"invalid YAML: {exc}")]) from exc
    finally:
        loader.dispose()
    if data is None:
        return Decisions()
    if not isinstance(data, dict):
        raise ReconciliationError([_located(p, 1, 1, "expected a mapping with 'version' and 'entries'")])
    problems: list[Located] = []
    for key in data:
        if key not in ("version", "entries", "stories"):
            line, col = _key_pos(node, key)
            problems.append(_located(p, line, col, f"unknown key {key!r}; allowed: version, entries, stories"))
    if data.get("version", FORMAT_VERSION) not in READABLE_VERSIONS:
        line, col = _value_pos(node, "version")
        allowed = ", ".join(map(str, READABLE_VERSIONS))
        problems.append(_located(p, line, col, f"unsupported version {data.get('version')!r}; allowed: {allowed}"))
    entries = _items(p, data, node, "entries", Entry, problems)
    stories = _items(p, data, node, "stories", StoryEntry, problems)
    seen: dict[str, int] = {}
    for e in entries:
        if e.id in seen:
            problems.append(_located(p, e.line, e.col, f"duplicate id {e.id} (first at line {seen[e.id]})"))
        seen.setdefault(e.id, e.line or 0)
    if problems:
        raise ReconciliationError(problems)
    return Decisions(entries, stories)


def _load_as_written(text: str) -> Decisions | None:
    """The decisions of a file in exactly the layout `dump` writes, read line by line in a fraction of the
    time a YAML parser takes; None for anything else (a hand edit, a problem), which the parser then reads."""
    sections: dict[str, list[tuple[int, dict[str, Any]]]] = {"entries": [], "stories": []}
    section: list[tuple[int, dict[str, Any]]] | None = None
    current: dict[str, Any] | None = None
    items: list[str] | None = None
    version = None
    for n, line in enumerate(text.split("\n"), 1):
        if not line or line[0] == "#":
            continue
        if line[0] not in " -":
            key, colon, value = line.partition(":")
            value = value[1:] if value.startswith(" ") else value
            if not colon or not key.isidentifier():
                return None
            if key == "version" and value.isdigit():
                version = int(value)
            elif key in sections and value in ("", "[]"):
                section, current, items = sections[key], None, None
            else:
                return None
            continue
        if line.startswith("  - "):
            item = _unscalar(line[4:])
            if items is None or item is None:
                return None
            items.append(item)
            continue
        lead, body = line[:2], line[2:]
        key, colon, value = body.partition(":")
        if section is None or lead not in ("- ", "  ") or not colon or not key.isidentifier():
            return None
        if lead == "- ":
            current = {}
            section.append((n, current))
        if current is None or key in current:
            return None
        if value in ("", " []"):
            items = current[key] = []
            if value:
                items = None
            continue
        scalar = _unscalar(value[1:]) if value.startswith(" ") else None
        if scalar is None:
            return None
        current[key], items = scalar, None
    if version not in READABLE_VERSIONS:
        return None
    try:
        entries = [Entry.model_validate({**raw, "line": n, "col": 1}) for n, raw in sections["entries"]]
        stories = [StoryEntry.model_validate(raw) for _, raw in sections["stories"]]
    except ValidationError:
        return None
    if len({e.id for e in entries}) < len(entries):
        return None
    return Decisions(entries, stories)


def _unscalar(text: str) -> str | None:
    """A scalar as `_scalar` writes it; None for any other form."""
    if text.startswith('"'):
        if "\\" not in text:  # no escape: the quotes hold the text as it is
            return text[1:-1] if len(text) > 1 and text.endswith('"') and '"' not in text[1:-1] else None
        try:
            value = json.loads(text)
        except ValueError:
            return None
        return value if isinstance(value, str) else None
    return text if _PLAIN.fullmatch(text) and not _NOT_PLAIN.fullmatch(text) else None


def _Loader(text: str) -> Any:
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)


def _items(p: Path, data: Any, node: Any, key: str, model: type[BaseModel], problems: list[Located]) -> list[Any]:
    """The valid items of one list section; each problem is added with its line and column."""
    raw_items = data.get(key)
    if raw_items is None:  # `entries:` with nothing after it is an empty list, not an error
        return []
    seq = _value_node(node, key)
    if not isinstance(raw_items, list):
        line, col = _value_pos(node, key)
        problems.append(_located(p, line, col, f"{key!r} must be a list"))
        return []
    out: list[Any] = []
    for i, raw in enumerate(raw_items):
        item_node = seq.value[i] if seq is not None else None
        line, col = _pos(item_node)
        if not isinstance(raw, dict):
            problems.append(_located(p, line, col, f"{key}[{i}]: expected a mapping, found {type(raw).__name__}"))
            continue
        try:
            item = model.model_validate(raw)
        except ValidationError as exc:
            for err in exc.errors():
                name = str(err["loc"][0]) if err["loc"] else ""
                fline, fcol = _key_pos(item_node, name) if name in raw else (line, col)
                where = ".".join(str(x) for x in err["loc"]) or "entry"
                allowed = ""
                if err["type"] == "literal_error" and name in model.model_fields:
                    allowed = f"; allowed: {', '.join(map(str, get_args(model.model_fields[name].annotation)))}"
                elif err["type"] == "extra_forbidden":
                    allowed = f"; allowed: {', '.join(model.model_fields)}"
                msg = "not allowed" if err["type"] == "literal_error" else err["msg"]
                problems.append(_located(p, fline, fcol, f"{key}[{i}].{where}: {msg}{allowed}"))
            continue
        if isinstance(item, Entry):
            item.line, item.col = line, col
        out.append(item)
    return out


def _first_alias(root: Any) -> Any:
    """The first node met twice in a walk of the document: an alias of an anchor; None without any."""
    seen: set[int] = set()
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return node
        seen.add(id(node))
        value = node.value
        if isinstance(value, list):
            for item in reversed(value):
                stack.extend(reversed(item) if isinstance(item, tuple) else [item])
    return None


def _pos(node: Any) -> tuple[int | None, int | None]:
    if node is None:
        return None, None
    return node.start_mark.line + 1, node.start_mark.column + 1


def _key_pos(mapping: Any, key: str) -> tuple[int | None, int | None]:
    for k, _ in getattr(mapping, "value", None) or []:
        if getattr(k, "value", None) == key:
            return _pos(k)
    return None, None


def _value_node(mapping: Any, key: str) -> Any:
    for k, v in getattr(mapping, "value", None) or []:
        if getattr(k, "value", None) == key:
            return v
    return None


def _value_pos(mapping: Any, key: str) -> tuple[int | None, int | None]:
    return _pos(_value_node(mapping, key))


def claim_line(c: Claim | Mapping[str, Any]) -> str:
    """A claim as one readable line of an entry, from a Claim or its record in report.json."""
    get = c.get if isinstance(c, Mapping) else lambda k: getattr(c, k)
    return f"{get('article_id')}: {get('quote')!r} ({get('measure')}, {get('modality')}) — {str(get('sentence'))[:140]}"


def now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def entry_for(flag: Flag, claims: Mapping[str, str], decision: str, note: str, by: str) -> Entry:
    """A new entry recording `decision` on `flag`'s question and the answers it has now; `claims` holds the
    readable line of each claim (claim_line)."""
    return Entry(
        id=flag.discrepancy_id,
        decision=decision,  # type: ignore[arg-type]
        note=note,
        by=by,
        when=now(),
        story=flag.story_id,
        check=flag.check,
        measure=flag.measure,
        qualifiers=qualifiers_text(flag.qualifiers),
        slot=flag.slot,
        values=sorted(flag.values),
        articles=sorted(flag.article_ids),
        claims=sorted(claims[c] for c in flag.claim_ids if c in claims),
    )


def match(flags: Iterable[Flag], entries: Iterable[Entry]) -> tuple[dict[str, Match], list[Entry]]:
    """Each flag's status from the entry with its id (the question), and the entries that match no flag.

    reconciled (known, for a baseline) while every answer the flag gives was among the answers the decision
    covered; changed when the run brings an answer the decision never saw, which fails the gate like new."""
    by_id = {e.id: e for e in entries}
    out: dict[str, Match] = {}
    for flag in flags:
        e = by_id.get(flag.discrepancy_id)
        if e is None:
            out[flag.discrepancy_id] = Match("new")
        elif set(flag.values) <= set(e.values):
            out[flag.discrepancy_id] = Match("known" if e.decision == "baseline" else "reconciled", e, e.note or None)
        else:
            added = ", ".join(sorted(set(flag.values) - set(e.values)))
            note = f"new answer(s) {added} since {e.decision}: {e.note}".strip()
            out[flag.discrepancy_id] = Match("changed", e, note)
    return out, sorted((e for e in by_id.values() if e.id not in out), key=lambda e: e.id)


def near_ids(wanted: str, ids: list[str], n: int = 5) -> list[str]:
    """Ids that look like `wanted` (typos, truncations): prefix matches first, then difflib's."""
    prefix = [i for i in ids if i.startswith(wanted) or wanted.startswith(i)]
    close = difflib.get_close_matches(wanted, ids, n=n, cutoff=0.5)
    return list(dict.fromkeys([*prefix, *close]))[:n]


def dump(decisions: Decisions) -> str:
    """The file text: header, then entries sorted by id, one field a line and one claim a line (diffs in review
    stay readable): the same decisions always give the same bytes. Written by hand rather than by a YAML
    library, which takes tens of seconds for the tens of thousands of entries a baseline can hold."""
    lines = [f"version: {FORMAT_VERSION}", "entries:" + ("" if decisions.entries else " []")]
    for e in sorted(decisions.entries, key=lambda e: e.id):
        lines.extend(_block(e.model_dump()))
    if decisions.stories:
        lines.append("stories:")
        for s in decisions.stories:  # in the order decided: later ones win
            lines.extend(_block(s.model_dump()))
    return HEADER + "\n".join(lines) + "\n"


def _block(item: dict[str, Any]) -> list[str]:
    out = []
    for i, (key, value) in enumerate(item.items()):
        lead = "- " if i == 0 else "  "
        if isinstance(value, list):
            out.append(f"{lead}{key}:" + ("" if value else " []"))
            out.extend(f"  - {_scalar(v)}" for v in value)
        else:
            out.append(f"{lead}{key}: {_scalar(value)}")
    return out


_PLAIN = regex.compile(r"[A-Za-z_][\w.\-/@()+=;,]*(?: [\w.\-/@()+=;,]+)*")
_NOT_PLAIN = regex.compile(r"(?i)(?:y|n|yes|no|on|off|true|false|null|~)")


def _scalar(v: Any) -> str:
    """A string as a YAML scalar: plain when it reads back as the same string, else double-quoted (JSON's
    escapes are a subset of YAML's)."""
    s = str(v)
    if _PLAIN.fullmatch(s) and not _NOT_PLAIN.fullmatch(s):
        return s
    return json.dumps(s, ensure_ascii=False)


def save(path: str | Path, decisions: Decisions) -> None:
    """Write deterministically and atomically (temp file + rename: readers never see half a file)."""
    try:
        atomic_write_text(path, dump(decisions))
    except OSError as exc:
        raise ClaimcheckError(f"{path}: cannot write the reconciliation file: {exc}") from exc


# -- edits: read, change, write back under the file's lock ---------------------------------------------
EDIT_LOCK_TIMEOUT = 30.0  # seconds one command waits for another editing the same file


@contextmanager
def editing(path: str | Path, timeout: float | None = None) -> Iterator[Decisions]:
    """The file's decisions, locked against other editors (`<path>.lock`) while the caller changes them;
    written back atomically when the block ends without an error."""
    wait = EDIT_LOCK_TIMEOUT if timeout is None else timeout
    with exclusive(Path(f"{path}.lock"), wait, what=f"{path}: another command is editing this file"):
        decisions = load(path)
        yield decisions
        save(path, decisions)


def find_flag(flags: list[Flag], flag_id: str, where: str) -> Flag:
    """The flag with `flag_id`; an unknown id is a UsageError naming the run looked in and the nearest ids."""
    by_id = {f.discrepancy_id: f for f in flags}
    if flag_id in by_id:
        return by_id[flag_id]
    near = near_ids(flag_id, sorted(by_id))
    hint = "; ".join(f"{i} ({by_id[i].check} {by_id[i].measure}: {' vs '.join(by_id[i].values)})" for i in near)
    raise UsageError(
        f"no flag {flag_id!r} in {where} ({len(flags)} flags)"
        + (f"; did you mean: {hint}" if hint else "; see discrepancies.csv for the ids")
    )


def decide(path: str | Path, flag: Flag, claims: Mapping[str, str], decision: str, note: str, by: str) -> Entry:
    """Record an editor's decision on one flag's question, replacing an earlier one."""
    if decision not in EDITOR_DECISIONS:
        raise UsageError(f"decision {decision!r}; allowed: {', '.join(EDITOR_DECISIONS)}")
    entry = entry_for(flag, claims, decision, note, by)
    with editing(path) as d:
        d.entries = [e for e in d.entries if e.id != entry.id] + [entry]
    return entry


def baseline(path: str | Path, flags: list[Flag], claims: Mapping[str, str], by: str) -> list[Entry]:
    """Accept every flag that fails the gate (new, or changed since a baseline) with decision `baseline`.
    An editor's decision is never replaced: a flag changed since one stays for the editor."""
    added: list[Entry] = []
    with editing(path) as d:
        by_id = {e.id: e for e in d.entries}
        for f in flags:
            old = by_id.get(f.discrepancy_id)
            if old is not None and (old.decision != "baseline" or set(f.values) <= set(old.values)):
                continue
            by_id[f.discrepancy_id] = entry_for(f, claims, "baseline", "accepted by `claimcheck baseline update`", by)
            added.append(by_id[f.discrepancy_id])
        d.entries = list(by_id.values())
    return added


def prune(path: str | Path, stale: list[Entry]) -> list[Entry]:
    """Remove the stale entries."""
    gone = {e.id for e in stale}
    with editing(path) as d:
        removed = [e for e in d.entries if e.id in gone]
        d.entries = [e for e in d.entries if e.id not in gone]
    return removed


def correct_story(path: str | Path, kind: str, a: str, b: str, note: str, by: str) -> StoryEntry:
    """Record an editor's story correction: merge story `a` into `b`, or move article `a` to story `b`; a later
    correction of the same story or article replaces the earlier one."""
    if kind not in ("merge", "move"):
        raise UsageError(f"story correction {kind!r}; allowed: merge, move")
    if a == b:
        raise UsageError(f"{kind} {a} into itself changes nothing")
    entry = StoryEntry(kind=kind, a=a, b=b, note=note, by=by, when=now())  # type: ignore[arg-type]
    with editing(path) as d:
        d.stories = [s for s in d.stories if (s.kind, s.a) != (kind, a)] + [entry]
    return entry
