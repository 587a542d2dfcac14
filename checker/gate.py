"""The CI gate: which flags fail a check; its output as human text, JSON, GitHub annotations or JUnit XML."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker.models import Article, Claim, Flag
from checker.reconcile import Entry

LEVELS = ("error", "warning", "info")
RANK = {s: i for i, s in enumerate(LEVELS)}
FORMATS = ("human", "json", "github", "junit")
GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}
_ROW_SOURCE = re.compile(r"^(?P<path>.+\.(?:jsonl|csv)):(?P<line>\d+)$", re.IGNORECASE)


@dataclass
class Verdict:
    """The gate's decision on one run."""

    fail_on: str
    strict: bool
    failing: list[Flag]  # new or changed, at or above fail_on: these fail the check
    below: list[Flag]  # new or changed but below fail_on: reported, never failing
    known: list[Flag]
    reconciled: list[Flag]
    stale: list[Entry]
    reconciliations: str = "reconciliations.yaml"
    reports: str = ""

    @property
    def exit_code(self) -> int:
        return 1 if self.failing or (self.strict and self.stale) else 0

    def summary(self) -> str:
        verdict = "FAIL" if self.exit_code else "ok"
        parts = [f"{len(self.failing)} new at or above {self.fail_on}"]
        parts += [f"{len(self.below)} new below", f"{len(self.known)} known"]
        parts.append(f"{len(self.reconciled)} reconciled")
        parts.append(f"{len(self.stale)} stale" + (" (--strict)" if self.strict and self.stale else ""))
        where = f"; report: {self.reports}" if self.reports else ""
        return f"claimcheck check: {verdict}: {', '.join(parts)}{where}"


def evaluate(
    flags: list[Flag], stale: list[Entry], fail_on: str = "error", strict: bool = False, **kw: str
) -> Verdict:
    """Sort flags into failing / below / known / reconciled by status and severity: a flag whose question got
    an answer its decision never saw (changed) fails like a new one."""
    if fail_on not in RANK:
        raise ValueError(f"fail level {fail_on!r}; allowed: {', '.join(LEVELS)}")
    new = [f for f in flags if f.status in ("new", "changed")]
    return Verdict(
        fail_on=fail_on,
        strict=strict,
        failing=[f for f in new if RANK[f.severity] <= RANK[fail_on]],
        below=[f for f in new if RANK[f.severity] > RANK[fail_on]],
        known=[f for f in flags if f.status == "known"],
        reconciled=[f for f in flags if f.status == "reconciled"],
        stale=sorted(stale, key=lambda e: e.id),
        **kw,
    )


# -- where a claim is, in the file an editor would open ---------------------------------------------
@dataclass
class Locator:
    """Maps a claim to (file, line) in its input file, reading each file at most once."""

    articles: dict[str, Article]
    _raw: dict[str, str | None] = field(default_factory=dict)

    def locate(self, claim: Claim) -> tuple[str, int]:
        """The input file and 1-based line of the claim's quote.

        Rows of .jsonl/.csv point at their row. For files the offset is in the article text, which may
        differ from the file (front matter, HTML): the text is found in the file to shift the line,
        else the sentence is, else the line within the article text is the best we know.
        """
        article = self.articles.get(claim.article_id)
        source = article.source if article else claim.source
        row = _ROW_SOURCE.match(source)
        if row:
            return row["path"], int(row["line"])
        text = article.text if article else ""
        in_text = text.count("\n", 0, claim.start) + 1 if text else 1
        raw = self._read(source)
        if raw is None:
            return source, in_text
        if text:
            at = raw.find(text)
            if at >= 0:
                return source, raw.count("\n", 0, at + claim.start) + 1
        at = raw.find(claim.sentence) if claim.sentence else -1
        if at >= 0:
            offset = claim.sentence.find(claim.quote)
            return source, raw.count("\n", 0, at + max(offset, 0)) + 1
        return source, in_text

    def _read(self, source: str) -> str | None:
        if source not in self._raw:
            try:
                self._raw[source] = Path(source).read_text(encoding="utf-8", errors="replace")
            except (OSError, ValueError):
                self._raw[source] = None
        return self._raw[source]


def _places(flag: Flag, claims: dict[str, Claim], loc: Locator) -> list[tuple[str, int, Claim]]:
    seen: set[tuple[str, int]] = set()
    out = []
    for cid in flag.claim_ids:
        c = claims.get(cid)
        if c is None:
            continue
        path, line = loc.locate(c)
        if (path, line) not in seen:
            seen.add((path, line))
            out.append((path, line, c))
    return sorted(out, key=lambda x: (x[0], x[1]))


def _hint(flag: Flag) -> str:
    decisions = "explained|confirmed|false_positive"
    return f"claimcheck reconcile {flag.discrepancy_id} --decision {decisions} --note '...'"


def _stale_where(v: Verdict, e: Entry) -> str:
    return f"{v.reconciliations}:{e.line}" if e.line else v.reconciliations


# -- formats ------------------------------------------------------------------------------------------
def render(fmt: str, v: Verdict, articles: list[Article], claims: list[Claim]) -> str:
    """The check's output in `fmt`; every format is deterministic for the same run."""
    loc = Locator({a.article_id: a for a in articles})
    by_id = {c.claim_id: c for c in claims}
    if fmt == "human":
        return render_human(v, by_id, loc)
    if fmt == "json":
        return render_json(v, by_id, loc)
    if fmt == "github":
        return render_github(v, by_id, loc)
    if fmt == "junit":
        return render_junit(v, by_id, loc)
    raise ValueError(f"format {fmt!r}; allowed: {', '.join(FORMATS)}")


def render_human(v: Verdict, claims: dict[str, Claim], loc: Locator) -> str:
    lines: list[str] = []
    for label, group in (("NEW", v.failing), ("new (below --fail-on)", v.below)):
        for f in group:
            tag = "CHANGED" if f.status == "changed" and group is v.failing else label
            lines.append(f"{tag} {f.severity} {f.check} {f.discrepancy_id}: {f.summary}")
            for path, line, c in _places(f, claims, loc):
                lines.append(f"    {path}:{line}: {c.quote!r} — {c.sentence[:160]}")
            if f.note:
                lines.append(f"    note: {f.note}")
            if group is v.failing:
                lines.append(f"    to accept: {_hint(f)}")
    for e in v.stale:
        level = "error" if v.strict else "warning"
        what = f"{_stale_where(v, e)}: {e.check} {e.measure}"
        lines.append(f"{level}: stale reconciliation {e.id} ({what}) matches no flag;"
                     " `claimcheck baseline prune` removes it")  # fmt: skip
    lines.append(v.summary())
    return "\n".join(lines) + "\n"


def _flag_json(f: Flag, claims: dict[str, Claim], loc: Locator) -> dict[str, Any]:
    return {
        "discrepancy_id": f.discrepancy_id,
        "check": f.check,
        "measure": f.measure,
        "qualifiers": f.qualifiers,
        "severity": f.severity,
        "status": f.status,
        "values": f.values,
        "summary": f.summary,
        "note": f.note,
        "first_seen": f.first_seen,
        "new_since_last_run": f.new_since_last_run,
        "locations": [
            {"file": p, "line": n, "claim_id": c.claim_id, "quote": c.quote} for p, n, c in _places(f, claims, loc)
        ],
    }


def render_json(v: Verdict, claims: dict[str, Claim], loc: Locator) -> str:
    data = {
        "result": "fail" if v.exit_code else "pass",
        "exit_code": v.exit_code,
        "fail_on": v.fail_on,
        "strict": v.strict,
        "counts": {
            "failing": len(v.failing),
            "new_below": len(v.below),
            "known": len(v.known),
            "reconciled": len(v.reconciled),
            "stale": len(v.stale),
        },
        "failing": [_flag_json(f, claims, loc) for f in v.failing],
        "new_below": [_flag_json(f, claims, loc) for f in v.below],
        "known": sorted(f.discrepancy_id for f in v.known),
        "reconciled": sorted(f.discrepancy_id for f in v.reconciled),
        "stale": [
            {"id": e.id, "line": e.line, "check": e.check, "measure": e.measure, "decision": e.decision}
            for e in v.stale
        ],
        "report": v.reports,
    }
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _gh_data(s: str) -> str:
    # workflow-command escaping: the message ends at a newline, so newlines must be encoded
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_prop(s: str) -> str:
    return _gh_data(s).replace(":", "%3A").replace(",", "%2C")


def render_github(v: Verdict, claims: dict[str, Claim], loc: Locator) -> str:
    """One workflow annotation per place a failing flag's claims are (file and line), then stale entries."""
    lines: list[str] = []
    for f in v.failing:
        title = _gh_prop(f"claimcheck {f.check} {f.discrepancy_id}")
        places = _places(f, claims, loc)
        if not places:  # no claim to point at: an annotation without a file still shows in the run
            lines.append(f"::{GITHUB_LEVEL[f.severity]} title={title}::{_gh_data(f.summary)}")
        for path, line, c in places:
            msg = f"{f.summary} [here: {c.quote!r}]. To accept: {_hint(f)}"
            where = f"file={_gh_prop(path)},line={line}"
            lines.append(f"::{GITHUB_LEVEL[f.severity]} {where},title={title}::{_gh_data(msg)}")
    for e in v.stale:
        level = "error" if v.strict else "warning"
        where = f"file={_gh_prop(v.reconciliations)}" + (f",line={e.line}" if e.line else "")
        msg = f"stale reconciliation {e.id} ({e.check} {e.measure}) matches no flag (baseline prune)"
        lines.append(f"::{level} {where},title=claimcheck stale reconciliation::{_gh_data(msg)}")
    lines.append(v.summary())
    return "\n".join(lines) + "\n"


def render_junit(v: Verdict, claims: dict[str, Claim], loc: Locator) -> str:
    """JUnit XML: one test case per flag (failing ones fail, decided ones are skipped) and per stale entry."""
    cases: list[ET.Element] = []
    failures = skipped = 0
    groups = [(f, "failing") for f in v.failing] + [(f, "below") for f in v.below]
    groups += [(f, "decided") for f in v.known + v.reconciled]
    for f, kind in sorted(groups, key=lambda x: x[0].discrepancy_id):
        places = _places(f, claims, loc)
        case = ET.Element("testcase", {"classname": f"claimcheck.{f.check}",
                                       "name": f"{f.discrepancy_id} {f.measure}"})  # fmt: skip
        if places:
            case.set("file", places[0][0])
            case.set("line", str(places[0][1]))
        detail = "\n".join(f"{p}:{n}: {c.quote!r} — {c.sentence[:200]}" for p, n, c in places)
        if kind == "failing":
            failures += 1
            fail = ET.SubElement(case, "failure", {"message": f.summary, "type": f"{f.severity}:{f.check}"})
            fail.text = f"{detail}\nTo accept: {_hint(f)}"
        elif kind == "decided":
            skipped += 1
            ET.SubElement(case, "skipped", {"message": f"{f.status} ({f.decision}): {f.note or ''}".strip()})
        else:
            out = ET.SubElement(case, "system-out")
            out.text = f"new {f.severity} below --fail-on {v.fail_on}: {f.summary}"
        cases.append(case)
    for e in v.stale:
        case = ET.Element("testcase", {"classname": "claimcheck.reconciliations", "name": f"{e.id} stale",
                                       "file": v.reconciliations})  # fmt: skip
        if e.line:
            case.set("line", str(e.line))
        msg = f"stale reconciliation {e.id} ({e.check} {e.measure}) matches no flag"
        if v.strict:
            failures += 1
            ET.SubElement(case, "failure", {"message": msg, "type": "stale"})
        else:
            ET.SubElement(case, "system-out").text = f"warning: {msg}"
        cases.append(case)
    if not cases:  # CI systems show an empty suite as "no tests": a passing case says the gate ran
        cases.append(ET.Element("testcase", {"classname": "claimcheck", "name": "no flags"}))
    attrs = {"name": "claimcheck", "tests": str(len(cases)), "failures": str(failures),
             "errors": "0", "skipped": str(skipped)}  # fmt: skip
    suites = ET.Element("testsuites", attrs)
    suite = ET.SubElement(suites, "testsuite", attrs)
    suite.extend(cases)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
