"""report.html as text: escaped, self-contained, locked down by its CSP, carrying all the data."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import html
import re
from html.parser import HTMLParser

import pytest

from checker.report.html import CLAIM_FIELDS, decode_payload, render_html, table_rows
from tests.report_samples import HOSTILE_STORY_TITLE, HOSTILE_TEXT, big_flag_report, sample_report, story_report


@pytest.fixture(scope="module")
def page() -> str:
    return render_html(sample_report())


def _scripts(page: str) -> list[tuple[str, str]]:
    return re.findall(r"<script([^>]*)>(.*?)</script>", page, flags=re.S)


def _blob(page: str, name: str = "cc-data") -> str:
    pattern = rf'<script id="{name}" (?:class="cc-texts" )?type="application/octet-stream"[^>]*>(.*?)</script>'
    m = re.search(pattern, page, re.S)
    assert m
    return m.group(1)


def _texts(page: str) -> list[str]:
    """Every article text, from the chunks in page order."""
    n = len(re.findall(r'<script id="cc-t\d+"', page))
    return [t for k in range(n) for t in decode_payload(_blob(page, f"cc-t{k}"))]


def _csp(page: str) -> str:
    m = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page)
    assert m, "no CSP meta tag"
    return html.unescape(m.group(1))


def _sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_csp_forbids_remote_loads_and_allows_only_our_own_script_and_style(page: str) -> None:
    csp = _csp(page)
    assert "default-src 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "http" not in csp and "*" not in csp
    (code,) = [body for attrs, body in _scripts(page) if "type=" not in attrs]
    assert f"script-src {_sha(code)}" in csp
    (style,) = re.findall(r"<style>(.*?)</style>", page, flags=re.S)
    assert f"style-src {_sha(style)}" in csp
    # the CSP comes before anything it must govern
    assert page.index("Content-Security-Policy") < page.index("<style>") < page.index("<script")


def test_page_is_self_contained(page: str) -> None:
    assert not re.search(
        r"""(?:src|href|action|srcset|poster|data)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I
    )
    assert not re.search(r"@import|url\(\s*['\"]?(?:https?:)?//", page, re.I)
    assert "<link" not in page and "<iframe" not in page and "<object" not in page


def test_only_one_of_the_script_elements_runs(page: str) -> None:
    scripts = _scripts(page)
    assert len(scripts) == 3 and page.lower().count("<script") == 3  # the data, the code, one text chunk
    code = [attrs for attrs, _ in scripts if 'type="application/octet-stream"' not in attrs]  # data: never run
    assert code == [""]
    # the code comes before the article texts, so the flags are drawn while the browser still reads them
    assert [re.search(r'id="([^"]+)"', a).group(1) if a else "code" for a, _ in scripts] == ["cc-data", "code", "cc-t0"]


@pytest.mark.parametrize(
    "hostile",
    ["<script>window.__pwned", "</script><script>", "<!--", "<img", "<svg", "<b>", "<i>", "<a href"],
)
def test_hostile_text_never_appears_as_markup(page: str, hostile: str) -> None:
    assert hostile.lower() not in page.lower()


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def test_no_element_carries_an_event_handler_or_a_script_url(page: str) -> None:
    parser = _Tags()
    parser.feed(page)
    tags = {t for t, _ in parser.tags}
    assert not tags & {"img", "svg", "iframe", "object", "embed", "a", "b", "i", "base", "link"}
    for tag, attrs in parser.tags:
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name)
            assert not (value or "").strip().lower().startswith("javascript:"), (tag, name)


def test_header_escapes_sources_reasons_and_anomalies(page: str) -> None:
    assert "in/&lt;script&gt;bad&lt;/script&gt;.pdf" in page
    assert "invalid JSON &lt;b&gt;here&lt;/b&gt;" in page
    assert "&lt;img src=x onerror=alert(9)&gt;" in page
    assert "&lt;svg onload=alert(10)&gt;" in page


def test_embedded_data_is_base64_only_and_round_trips_the_hostile_text(page: str) -> None:
    for name in ("cc-data", "cc-t0"):
        assert re.fullmatch(r"[A-Za-z0-9+/]*={0,2}", _blob(page, name))
    data = decode_payload(_blob(page))
    articles = table_rows(data["articles"])
    assert articles[0]["url"] == "javascript:window.__pwned=7"  # kept as data; the page never links it
    assert _texts(page)[0] == HOSTILE_TEXT


def test_embedded_data_holds_every_claim_and_flag_with_offsets() -> None:
    report = sample_report()
    page = render_html(report)
    data = decode_payload(_blob(page))
    claims = table_rows(data["claims"])
    flags = table_rows(data["flags"])
    assert [c["id"] for c in claims] == [c["claim_id"] for c in report["claims"]]
    assert [f["id"] for f in flags] == [d["discrepancy_id"] for d in report["discrepancies"]]
    texts = _texts(page)
    assert texts == [a["text"] for a in report["articles"]]
    flagged = {i for d in report["discrepancies"] for i in d["claim_ids"]}
    for c, src in zip(claims, report["claims"], strict=True):
        text = texts[c["a"]]
        assert text[c["start"] : c["end"]] == src["quote"]
        assert isinstance(c["sent"], str) == (c["id"] in flagged)  # flags render without unpacking texts
        if isinstance(c["sent"], list):  # the sentence is kept as offsets into the article text
            assert text[c["sent"][0] : c["sent"][1]] == src["sentence"]
        else:
            assert c["sent"] == src["sentence"]
    over = next(c for c in claims if c["id"] == "c750")
    assert over["low"] == 750 and over["high"] is None and over["li"] is False  # open upper end
    err = flags[0]
    assert [claims[i]["id"] for i in err["claims"]] == ["c120", "c98"]


def test_header_shows_counts_skipped_inputs_and_validation(page: str) -> None:
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert "articles 3" in text and "claims 7" in text and "flags 4" in text
    assert "error 1" in text and "warning 2" in text and "info 1" in text
    assert "new 2" in text and "known 1" in text and "reconciled 1" in text
    assert "2 inputs skipped or read in part" in text
    assert "unsupported file type" in text and "part dropped" in text
    assert "validation: 1 anomaly" in text and "✗ low <= high — 1 row" in html.unescape(text)
    assert "stale reconciliation" in text and "d-old" in text
    assert "2024-03-13T06:00:00+00:00" in text


def test_renders_an_empty_report() -> None:
    page = render_html({"run": {}, "articles": [], "claims": [], "discrepancies": [], "validation": {}})
    data = decode_payload(_blob(page))
    assert data["flags"]["n"] == 0 and data["stories"] is None and "default-src 'none'" in _csp(page)


def test_rendering_is_deterministic() -> None:
    assert render_html(sample_report()) == render_html(sample_report())


def test_stories_answers_and_decisions_travel_as_indexes() -> None:
    report = story_report()
    data = decode_payload(_blob(render_html(report)))
    stories = [dict(zip(data["stories"]["fields"], r, strict=True)) for r in data["stories"]["rows"]]
    assert [s["id"] for s in stories] == ["st-mine", "st-ferry"] and stories[0]["title"] == HOSTILE_STORY_TITLE
    articles, claims = table_rows(data["articles"]), table_rows(data["claims"])
    assert [articles[i]["id"] for i in stories[1]["articles"]] == ["port-a.txt", "port-b.txt"]
    assert [stories[a["story"]]["id"] for a in articles] == [a["story_id"] for a in report["articles"]]
    flag_rows = table_rows(data["flags"])
    flags = {f["id"]: f for f in flag_rows}
    assert stories[flags["d-ferry"]["story"]]["id"] == "st-ferry"
    answers = [a for a in table_rows(data["answers"]) if flag_rows[a["flag"]]["id"] == "d-hostile"]
    assert [a["value"] for a in answers] == ["17", "15"]
    assert [claims[i]["id"] for i in answers[1]["claims"]] == ["c15a", "c15b"]
    assert [articles[i]["id"] for i in answers[1]["articles"]] == ["hostile.txt", "normal.txt"]
    assert answers[1]["attributions"] == ["the mine operator"]
    assert flags["d-rec"]["by"].startswith("<img") and flags["d-rec"]["when"] == "2024-03-13T07:30:00+00:00"
    older = decode_payload(_blob(render_html(sample_report())))
    assert older["answers"]["n"] == 0 and older["stories"] is None  # an older report: no answers, no stories


def test_many_articles_are_packed_in_several_text_chunks_and_coded_columns() -> None:
    report = big_flag_report(240, 12)
    for a in report["articles"]:
        a["text"] = a["text"] * 200  # about 15 KB each: several chunks
    page = render_html(report)
    data = decode_payload(_blob(page))
    assert len(data["chunks"]) > 3 and data["chunks"][0] == 0
    assert _texts(page) == [a["text"] for a in report["articles"]]  # in order, none lost at a boundary
    claims = table_rows(data["claims"])
    assert data["claims"]["dicts"]  # repeated values (measure, basis, ...) go as codes
    assert [c["measure"] for c in claims] == [c["measure"] for c in report["claims"]]
    assert [c["li"] for c in claims] == [c["low_inclusive"] for c in report["claims"]]
    assert [c["id"] for c in claims] == [c["claim_id"] for c in report["claims"]]
    assert [c["start"] for c in claims] == [c["start"] for c in report["claims"]]
    packed = dict(zip(data["claims"]["fields"], data["claims"]["cols"], strict=True))
    assert packed["id"]["t"] == "str" and packed["start"]["t"] in ("u8", "u16", "u32")
    assert packed["measure"]["t"] == "u8" and data["claims"]["dicts"][str(CLAIM_FIELDS.index("measure"))] == [
        "people.rescued", "deaths.toll", "prisoners.released", "people.evacuated"]  # fmt: skip


def test_packed_columns_decode_to_what_went_in() -> None:
    from checker.report.html import _columns

    rows = [[i, [i, i + 1] if i % 3 else [], ["a", "b"] if i % 2 else [], f"id{i}", i % 2 == 0, ["x", None][i % 2],
             -i, i * 70_000] for i in range(40)]  # fmt: skip
    table = _columns(["n", "ints", "words", "id", "flag", "maybe", "neg", "big"], rows)
    assert [list(r.values()) for r in table_rows(table)] == rows
    assert [c["t"] if isinstance(c, dict) else "json" for c in table["cols"]] == [
        "u8", "ragged", "words", "str", "u8", "u8", "json", "u32"]  # fmt: skip


def test_the_served_page_may_talk_to_its_server_and_the_file_may_not() -> None:
    assert "connect-src" not in _csp(render_html(sample_report()))
    served = render_html(sample_report(), serve=True)
    assert "connect-src 'self'" in _csp(served) and 'data-serve="1"' in served


def test_a_runs_claim_and_flag_rows_are_those_their_records_make(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A run's page builds its claim and flag rows from the claims and flags (report._Claims, _Flags): the payload must
    be the one the full records give, flagged claims (sentence as text), anomalies, open ends and all."""
    from checker.app import RunConfig, run
    from checker.report import _full_report, _page_report, iter_full_claims
    from checker.report.html import _payload

    result = run(RunConfig(sources=("seeds/",), reconciliations=None))
    assert result.flags and result.claims
    odd = result.claims[0].model_copy(update={"claim_id": "cx", "high": float("inf"), "as_of": None, "value": None})
    claims = [*result.claims, odd]
    result = dataclasses.replace(result, claims=claims, anomalies={**result.anomalies, "cx": "expect_x"})
    records = list(iter_full_claims(result.claims, result.stories.story_of, result.anomalies))
    assert _payload(_page_report(result)) == _payload(_full_report(result, records))
