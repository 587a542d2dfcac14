"""The CI gate: which flags fail at which level, and each output format."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from checker import gate
from checker.models import Article, Claim, Flag
from checker.reconcile import Entry

TEXT = "Chile mine\n\nRescuers pulled 17 miners out alive in Chile on Saturday."


@pytest.fixture
def files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "arts").mkdir()
    (tmp_path / "arts" / "a.txt").write_text(f"---\npublished: 2024-05-04\ntitle: x\n---\n{TEXT}\n")
    (tmp_path / "rows.jsonl").write_text("{}\n{}\n")
    return tmp_path


def claim(aid: str, value: str, source: str) -> Claim:
    start = TEXT.index("17")
    return Claim(claim_id=f"c{aid}", article_id=aid, source=source, published=None, rule_id="people",
                 measure="people.rescued", value=value, low=float(value), high=float(value), quote=value,
                 sentence=TEXT.splitlines()[-1], start=start, end=start + 2)  # fmt: skip


def flag(did: str, severity: str = "error", status: str = "new") -> Flag:
    return Flag(discrepancy_id=did, check="value_conflict", rule_id="people", measure="people.rescued",
                       severity=severity, status=status, claim_ids=["ca", "cb"], article_ids=["a", "b"],
                       values=["15", "17"], summary="15, 50% vs 17: miners\nrescued")  # fmt: skip


def stale(did: str = "dstale", line: int | None = 7) -> Entry:
    e = Entry(id=did, decision="explained", check="value_conflict", measure="people.rescued", line=line)
    return e


ARTICLES = [
    Article(article_id="a", source="arts/a.txt", text=TEXT),
    Article(article_id="b", source="rows.jsonl:2", text=TEXT),
]
CLAIMS = [claim("a", "17", "arts/a.txt"), claim("b", "15", "rows.jsonl:2")]


@pytest.mark.parametrize(
    ("fail_on", "strict", "with_stale", "code", "failing"),
    [
        ("error", False, False, 1, ["de"]),
        ("warning", False, False, 1, ["de", "dw"]),
        ("info", False, False, 1, ["de", "dw", "di"]),
        ("error", False, True, 1, ["de"]),
    ],
)
def test_fail_levels(fail_on, strict, with_stale, code, failing):
    flags = [flag("de"), flag("dw", "warning"), flag("di", "info"), flag("dk", status="known"),
             flag("dr", status="reconciled")]  # fmt: skip
    v = gate.evaluate(flags, [stale()] if with_stale else [], fail_on, strict)
    assert v.exit_code == code
    assert [f.discrepancy_id for f in v.failing] == failing
    assert [f.discrepancy_id for f in v.known + v.reconciled] == ["dk", "dr"]


@pytest.mark.parametrize(("strict", "code"), [(False, 0), (True, 1)])
def test_decided_flags_pass_and_stale_fails_only_under_strict(strict, code):
    flags = [flag("dk", status="known"), flag("dr", status="reconciled"), flag("dw", "warning")]
    assert gate.evaluate(flags, [stale()], "error", strict).exit_code == code
    assert gate.evaluate(flags, [], "error", strict).exit_code == 0


def test_locations_point_at_the_file_line_and_the_row(files):
    loc = gate.Locator({a.article_id: a for a in ARTICLES})
    # the article text starts after 4 lines of front matter; the quote is on its 3rd line
    assert loc.locate(CLAIMS[0]) == ("arts/a.txt", 7)
    assert loc.locate(CLAIMS[1]) == ("rows.jsonl", 2)


def test_location_falls_back_to_the_line_in_the_article_text(files):
    a = Article(article_id="a", source="arts/gone.txt", text=TEXT)
    assert gate.Locator({"a": a}).locate(CLAIMS[0]) == ("arts/gone.txt", 3)


def test_github_annotations(files):
    v = gate.evaluate([flag("de"), flag("dk", status="known")], [stale()], "error", False,
                      reconciliations="recon.yaml")  # fmt: skip
    lines = gate.render("github", v, ARTICLES, CLAIMS).splitlines()
    assert lines[0].startswith("::error file=arts/a.txt,line=7,title=claimcheck value_conflict de::15, 50%25 vs 17")
    assert "%0Arescued" in lines[0] and "\n" not in lines[0]
    assert lines[1].startswith("::error file=rows.jsonl,line=2,")
    assert lines[2].startswith("::warning file=recon.yaml,line=7,title=claimcheck stale reconciliation::")
    assert not any("dk" in x for x in lines[:3])
    assert lines[-1].startswith("claimcheck check: FAIL")


def test_junit_is_valid_xml_with_failures_and_skips(files):
    v = gate.evaluate([flag("de"), flag("dw", "warning"), flag("dk", status="known")], [stale()], "error", True)
    root = ET.fromstring(gate.render("junit", v, ARTICLES, CLAIMS))
    suite = root.find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("4", "2", "1")
    by_name = {c.get("name").split()[0]: c for c in suite.iter("testcase")}
    assert by_name["de"].find("failure") is not None
    assert (by_name["de"].get("file"), by_name["de"].get("line")) == ("arts/a.txt", "7")
    assert by_name["dk"].find("skipped") is not None
    assert by_name["dw"].find("failure") is None
    assert by_name["dstale"].find("failure") is not None  # --strict


def test_junit_without_flags_still_has_a_case():
    root = ET.fromstring(gate.render("junit", gate.evaluate([], []), [], []))
    assert root.get("tests") == "1" and root.get("failures") == "0"


def test_json_and_determinism(files):
    v = gate.evaluate([flag("de"), flag("dw", "warning")], [stale()], "error", False)
    out = gate.render("json", v, ARTICLES, CLAIMS)
    data = json.loads(out)
    assert (data["result"], data["exit_code"], data["counts"]["failing"], data["counts"]["new_below"]) == (
        "fail", 1, 1, 1)  # fmt: skip
    assert data["failing"][0]["locations"][0] == {
        "file": "arts/a.txt",
        "line": 7,
        "claim_id": "ca",
        "quote": "17",
    }
    for fmt in gate.FORMATS:
        assert gate.render(fmt, v, ARTICLES, CLAIMS) == gate.render(fmt, v, ARTICLES, CLAIMS)


def test_human_output_says_how_to_accept(files):
    text = gate.render("human", gate.evaluate([flag("de")], [stale()]), ARTICLES, CLAIMS)
    assert "NEW error value_conflict de" in text
    assert "arts/a.txt:7: '17'" in text
    assert "claimcheck reconcile de --decision" in text
    assert "warning: stale reconciliation dstale (reconciliations.yaml:7" in text
