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
        claims.append(
            _claim(f"e{i:04d}", a, v, "Officials put", measure="people.evacuated", low=100 + i, high=100 + i,
                   as_of=day, as_of_basis="article_date", attribution="officials")  # fmt: skip
        )
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
