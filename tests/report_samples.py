"""A small report dict, shaped like checker.report.build_json, with hostile article text for page tests."""

from __future__ import annotations

from typing import Any

HOSTILE_TEXT = (
    "Officials said 17 miners were rescued on Saturday.\n"
    "<script>window.__pwned = 1; alert(1)</script>\n"
    'Another <img src=x onerror="window.__pwned = 2; alert(2)"> report said 15 miners were rescued.\n'
    '<a href="javascript:window.__pwned=3">click here</a> and </script><script>window.__pwned = 4</script>\n'
    "<!-- <script>window.__pwned = 5</script> --> The toll rose to over 750 according to the ministry.\n"
)
NORMAL_TEXT = (
    "RESCUE UPDATE\nRescuers said 15 miners were rescued on 12 March, the mine operator said.\n"
    "The death toll stood at 120 on Sunday.\n"
)
THIRD_TEXT = "The ministry said the death toll stood at 98 on 10 March. About 240 prisoners were freed.\n"


def _claim(cid: str, article: dict[str, Any], quote: str, sentence_start: str, **kw: Any) -> dict[str, Any]:
    text = article["text"]
    s0 = text.index(sentence_start)
    s1 = text.find("\n", s0)
    sentence = text[s0 : s1 if s1 > 0 else len(text)]
    start = text.index(quote, s0)
    row = {
        "claim_id": cid,
        "article_id": article["article_id"],
        "source": article["source"],
        "published": article["published"],
        "rule_id": "people",
        "measure": "people.rescued",
        "qualifiers": "",
        "value": quote,
        "low": 0,
        "high": 0,
        "low_inclusive": True,
        "high_inclusive": True,
        "hedge": "",
        "unit": "",
        "as_of": article["published"],
        "as_of_basis": "article_date",
        "modality": "reported",
        "attribution": "",
        "quote": quote,
        "sentence": sentence,
        "start": start,
        "end": start + len(quote),
        "kind": "fixed",
        "event": [],
        "relation": None,
        "revision": False,
        "anomaly": None,
    }
    row.update(kw)
    return row


def _flag(
    fid: str,
    check: str,
    measure: str,
    severity: str,
    status: str,
    claims: list[dict[str, Any]],
    summary: str,
    **kw: Any,
) -> dict[str, Any]:
    row = {
        "discrepancy_id": fid,
        "check": check,
        "rule_id": measure.split(".")[0],
        "measure": measure,
        "qualifiers": {},
        "severity": severity,
        "status": status,
        "claim_ids": [c["claim_id"] for c in claims],
        "article_ids": sorted({c["article_id"] for c in claims}),
        "values": [c["value"] for c in claims],
        "summary": summary,
        "decision": "",
        "note": "",
        "event": [],
        "first_seen": None,
        "new_since_last_run": None,
    }
    row.update(kw)
    return row


def sample_report() -> dict[str, Any]:
    """Three articles (one hostile), seven claims, four flags of every severity and status."""
    a1 = {
        "article_id": "hostile.txt",
        "source": "in/<script>alert('src')</script>.txt",
        "title": '<b onmouseover="window.__pwned=6">Miners</b> rescued',
        "url": "javascript:window.__pwned=7",
        "outlet": "<i>Evil</i> Times",
        "published": "2024-03-09",
        "published_basis": "front_matter",
        "text": HOSTILE_TEXT,
        "excluded": [],
        "duplicate_of": None,
        "meta": {},
    }
    a2 = {
        "article_id": "normal.txt",
        "source": "in/normal.txt",
        "title": "Rescue update",
        "url": "https://example.org/rescue",
        "outlet": "Daily",
        "published": "2024-03-12",
        "published_basis": "front_matter",
        "text": NORMAL_TEXT,
        "excluded": [],
        "duplicate_of": None,
        "meta": {},
    }
    a3 = {
        "article_id": "third.txt",
        "source": "in/third.txt",
        "title": None,
        "url": None,
        "outlet": None,
        "published": "2024-03-10",
        "published_basis": "first_line",
        "text": THIRD_TEXT,
        "excluded": [],
        "duplicate_of": None,
        "meta": {},
    }
    c1 = _claim("c17", a1, "17", "Officials said", low=17, high=17)
    c2 = _claim("c15a", a1, "15", "Another <img", low=15, high=15)
    c3 = _claim(
        "c15b",
        a2,
        "15",
        "Rescuers said",
        low=15,
        high=15,
        as_of="2024-03-12",
        as_of_basis="explicit",
        attribution="the mine operator",
    )
    c4 = _claim(
        "c750",
        a1,
        "over 750",
        "<!-- <script>",
        measure="deaths.toll",
        low=750,
        high="inf",
        low_inclusive=False,
        hedge="over",
        kind="cumulative",
        attribution="the ministry",
    )
    c5 = _claim(
        "c120",
        a2,
        "120",
        "The death toll",
        measure="deaths.toll",
        low=120,
        high=120,
        as_of="2024-03-10",
        as_of_basis="relative",
        kind="cumulative",
    )
    c6 = _claim(
        "c98",
        a3,
        "98",
        "The ministry said",
        measure="deaths.toll",
        low=98,
        high=98,
        as_of="2024-03-10",
        as_of_basis="explicit",
        kind="cumulative",
        attribution="the ministry",
    )
    c7 = _claim(
        "c240",
        a3,
        "About 240",
        "The ministry said",
        measure="prisoners.released",
        low=216,
        high=264,
        hedge="about",
        modality="estimate",
        as_of="",
        as_of_basis="unknown",
    )
    flags = [
        _flag(
            "d-err",
            "value_conflict",
            "deaths.toll",
            "error",
            "new",
            [c5, c6],
            "120 (2024-03-10) vs 98 (the ministry, 2024-03-10) — deaths toll",
        ),
        _flag(
            "d-hostile",
            "value_conflict",
            "people.rescued",
            "warning",
            "new",
            [c1, c2, c3],
            "17 vs 15 <script>window.__pwned=8</script> — people rescued",
        ),
        _flag(
            "d-known",
            "trend_reversal",
            "deaths.toll",
            "warning",
            "known",
            [c4, c5],
            "over 750 then 120 — a cumulative toll fell",
            decision="baseline",
        ),
        _flag(
            "d-rec",
            "weekday_mismatch",
            "people.rescued",
            "info",
            "reconciled",
            [c3],
            "12 March 2024 was a Tuesday, not Saturday",
            decision="explained",
            note="typo in the wire copy",
        ),
    ]
    claims = [c1, c2, c3, c4, c5, c6, c7]
    return {
        "run": {
            "tool": "claimcheck test",
            "started": "2024-03-13T06:00:00+00:00",
            "finished": "2024-03-13T06:00:05+00:00",
            "inputs": ["in/", "<img src=x onerror=alert(9)>"],
            "rules": "rules/",
            "rule_files": ["people.yaml"],
            "articles": 3,
            "duplicates": 0,
            "claims": len(claims),
            "discrepancies": len(flags),
            "by_severity": {"error": 1, "warning": 2, "info": 1},
            "by_status": {"new": 2, "known": 1, "reconciled": 1},
            "skipped": [
                {
                    "source": "in/<script>bad</script>.pdf",
                    "reason": "unsupported file type",
                    "line": None,
                    "fatal": True,
                },
                {"source": "in/rows.jsonl", "reason": "invalid JSON <b>here</b>", "line": 7, "fatal": False},
            ],
            "stale_reconciliations": ["d-old"],
        },
        "articles": [a1, a2, a3],
        "claims": claims,
        "discrepancies": flags,
        "validation": {
            "engine": "test",
            "rows": len(claims),
            "success": False,
            "expectations": [{"expectation": "low <= high", "type": "X", "success": False, "failed": 1}],
            "anomalies": [
                {
                    "claim_id": "c240",
                    "article_id": "third.txt",
                    "measure": "prisoners.released",
                    "value": "About 240",
                    "quote": "<svg onload=alert(10)>",
                    "reason": "low <= high",
                }
            ],
        },
    }


def big_flag_report(n_in_flag: int = 240, n_others: int = 12) -> dict[str, Any]:
    """One flag over `n_in_flag` claims of one measure, with `n_others` unflagged claims of that measure:
    a timeline that must sample its grey marks while keeping every red one."""
    articles, claims = [], []
    for i in range(n_in_flag + n_others):
        day = f"2024-05-{1 + i % 28:02d}"
        text = f"Wire copy {i}.\nOfficials put the number of people evacuated at {100 + i} by the evening.\n"
        a = {
            "article_id": f"wire/{i:04d}.txt",
            "source": f"wire/{i:04d}.txt",
            "title": f"Evacuation update {i}",
            "url": None,
            "outlet": ["Wire", "Daily", "Herald"][i % 3],
            "published": day,
            "published_basis": "front_matter",
            "text": text,
            "excluded": [],
            "duplicate_of": None,
            "meta": {},
        }
        articles.append(a)
        v = str(100 + i)
        kw = {"measure": "people.evacuated", "low": 100 + i, "high": 100 + i, "as_of": day, "attribution": "officials"}
        claims.append(_claim(f"e{i:04d}", a, v, "Officials put", **kw))
    flag = _flag(
        "d-big",
        "value_conflict",
        "people.evacuated",
        "error",
        "new",
        claims[:n_in_flag],
        f"{n_in_flag} different figures for people evacuated",
    )
    report = sample_report()
    report["articles"] += articles
    report["claims"] += claims
    report["discrepancies"].insert(0, flag)
    report["run"]["by_severity"]["error"] += 1
    report["run"]["by_status"]["new"] += 1
    return report


HOSTILE_STORY_TITLE = "</script><script>window.__pwned=11</script> Mine <b>rescue</b>"
HOSTILE_NAME = '<img src=x onerror="window.__pwned=12">'


def _answers(claims: list[dict[str, Any]], articles: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """A flag's distinct answers, as the pipeline groups them: one per value, with who gave it."""
    out: dict[str, dict[str, Any]] = {}
    for c in claims:
        a = out.setdefault(
            c["value"], {"value": c["value"], "claim_ids": [], "article_ids": [], "outlets": [], "attributions": []}
        )
        a["claim_ids"].append(c["claim_id"])
        for key, v in (
            ("article_ids", c["article_id"]),
            ("outlets", articles[c["article_id"]]["outlet"]),
            ("attributions", c["attribution"]),
        ):
            if v and v not in a[key]:
                a[key].append(v)
    return list(out.values())


def story_report() -> dict[str, Any]:
    """sample_report with stories (DESIGN §6): the three mine articles in one story, two ferry reports in
    another; flags carry their story and their distinct answers; a reconciled flag says by whom and when."""
    report = sample_report()
    ferry = []
    for name, n, outlet in (("port-a.txt", "12", "Harbour News"), ("port-b.txt", "14", HOSTILE_NAME)):
        ferry.append(
            {
                "article_id": name,
                "source": f"in/{name}",
                "title": f"Ferry capsizes: {n} missing",
                "url": None,
                "outlet": outlet,
                "published": "2024-04-02",
                "published_basis": "front_matter",
                "text": f"Coastguards said {n} passengers were missing after the ferry capsized.\n",
                "excluded": [],
                "duplicate_of": None,
                "meta": {},
            }
        )
    f_claims = [
        _claim(f"cf{n}", a, n, "Coastguards", measure="people.missing", low=int(n), high=int(n), attribution=who)
        for a, n, who in zip(ferry, ("12", "14"), ("coastguards", ""), strict=True)
    ]
    report["articles"] += ferry
    report["claims"] += f_claims
    articles = {a["article_id"]: a for a in report["articles"]}
    claims = {c["claim_id"]: c for c in report["claims"]}
    report["discrepancies"].insert(
        1,
        _flag("d-ferry", "value_conflict", "people.missing", "error", "new", f_claims, "12 vs 14 — people missing"),
    )
    mine = ["hostile.txt", "normal.txt", "third.txt"]
    for a in report["articles"]:
        a["story_id"] = "st-mine" if a["article_id"] in mine else "st-ferry"
    for c in report["claims"]:
        c["story_id"] = articles[c["article_id"]]["story_id"]
    for d in report["discrepancies"]:
        d["story_id"] = articles[d["article_ids"][0]]["story_id"]
        d["answers"] = _answers([claims[i] for i in d["claim_ids"]], articles)
    rec = next(d for d in report["discrepancies"] if d["discrepancy_id"] == "d-rec")
    rec.update(by=HOSTILE_NAME, when="2024-03-13T07:30:00+00:00")

    def counts(sid: str) -> dict[str, int]:
        sev = [d["severity"] for d in report["discrepancies"] if d["story_id"] == sid]
        return {s: sev.count(s) for s in ("error", "warning", "info")}

    report["stories"] = [
        {
            "story_id": "st-mine",
            "title": HOSTILE_STORY_TITLE,
            "article_ids": mine,
            "first": "2024-03-09",
            "last": "2024-03-12",
            "terms": ["miners", "rescue", "<svg onload=window.__pwned=13>"],
            "flags": counts("st-mine"),
        },
        {
            "story_id": "st-ferry",
            "title": "Ferry capsizes off the coast",
            "article_ids": ["port-a.txt", "port-b.txt"],
            "first": "2024-04-02",
            "last": "2024-04-02",
            "terms": ["ferry", "capsized"],
            "flags": counts("st-ferry"),
        },
    ]
    report["run"]["by_severity"]["error"] += 1
    report["run"]["by_status"]["new"] += 1
    return report
