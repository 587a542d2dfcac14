"""report.html in real Chromium: loads clean, filters, keeps state in the hash, sorts, runs no article."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from checker.report.html import render_html
from tests.report_samples import HOSTILE_NAME, HOSTILE_STORY_TITLE, big_flag_report, sample_report, story_report

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
REALNEWS = ROOT.parent / "shared" / "realnews"


def _missing() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"no Chromium at {CHROMIUM} (apt-get install -y chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install playwright; no browser download needed)"
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    reason = _missing()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests cannot run under CI: {reason}", pytrace=False)
        pytest.skip(f"browser tests skipped: {reason}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def sample_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(render_html(sample_report()), encoding="utf-8")
    return path.as_uri()


@pytest.fixture(scope="module")
def story_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("stories") / "report.html"
    path.write_text(render_html(story_report()), encoding="utf-8")
    return path.as_uri()


class Watched:
    """A page with its console errors, uncaught exceptions, dialogs and non-file requests recorded."""

    def __init__(self, browser: Any, width: int = 1280, height: int = 900) -> None:
        self.page = browser.new_page(viewport={"width": width, "height": height})
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.remote: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.allow: tuple[str, ...] = ("file:",)  # where the page may load from: a served page adds its server
        self.page.on("request", lambda r: r.url.startswith(self.allow) or self.remote.append(r.url))

    def _dialog(self, d: Any) -> None:
        self.dialogs.append(d.message)
        d.dismiss()

    def open(self, url: str, timeout: float = 15000) -> Any:
        self.page.goto(url)
        self.page.wait_for_selector("html[data-ready]", timeout=timeout)
        return self.page

    def clean(self) -> None:
        assert self.errors == [] and self.dialogs == [] and self.remote == []


@pytest.fixture
def watched(browser: Any) -> Iterator[Watched]:
    w = Watched(browser)
    yield w
    w.page.close()


def visible_flags(page: Any) -> list[str]:
    return page.eval_on_selector_all("#flag-list article.flag", "els => els.map(e => e.id.slice(5))")


def chip_count(page: Any, value: str) -> int:
    return int(page.inner_text(f"#filters .chip-{value} .n"))


def test_seeds_report_loads_clean_and_is_screenshot(browser: Any, tmp_path: Path) -> None:
    out = tmp_path / "out"
    subprocess.run(
        [sys.executable, "-m", "checker", "run", "seeds/", "--out", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        env={**os.environ, "GX_ANALYTICS_ENABLED": "false"},
    )
    ARTIFACTS.mkdir(exist_ok=True)
    for width, name in ((1280, "report-seeds.png"), (390, "report-seeds-narrow.png")):
        w = Watched(browser, width)
        page = w.open((out / "report.html").as_uri())
        assert len(visible_flags(page)) >= 1
        assert page.locator("#claim-body tr[data-claim]").count() >= 1
        page.screenshot(path=str(ARTIFACTS / name), full_page=True)
        if width < 500:  # narrow screen: nothing wider than the viewport except the scrollable table
            assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
        w.clean()
        w.page.close()


def test_filters_change_the_visible_flags_and_the_counts(watched: Watched, sample_url: str) -> None:
    page = watched.open(sample_url)
    assert visible_flags(page) == ["d-err", "d-hostile", "d-known", "d-rec"]  # most severe first
    assert "Showing all 4 flags" in page.inner_text("#flag-count")
    assert chip_count(page, "new") == 2 and chip_count(page, "known") == 1

    page.check("#filters .chip-warning input")
    assert visible_flags(page) == ["d-hostile", "d-known"]
    assert "Showing 2 of 4 flags" in page.inner_text("#flag-count")
    assert chip_count(page, "new") == 1 and chip_count(page, "reconciled") == 0  # status counts follow
    assert chip_count(page, "error") == 1  # a facet's own counts ignore its own selection

    page.check("#filters .chip-known input")
    assert visible_flags(page) == ["d-known"]
    page.click("#f-reset")
    assert len(visible_flags(page)) == 4

    page.select_option("#f-chk", "weekday_mismatch")
    assert visible_flags(page) == ["d-rec"]
    page.select_option("#f-chk", "")
    page.select_option("#f-m", "deaths.toll")
    assert visible_flags(page) == ["d-err", "d-known"]
    page.select_option("#f-m", "")

    page.fill("#f-q", "mine operator")  # free text matches attributions, quotes, articles, ids
    page.wait_for_function("() => document.querySelector('#flag-count').dataset.shown === '2'")
    assert visible_flags(page) == ["d-hostile", "d-rec"]
    page.fill("#f-q", "no such words")
    page.wait_for_function("() => document.querySelector('#flag-count').dataset.shown === '0'")
    assert "No flag matches" in page.inner_text("#flag-list")
    watched.clean()


def test_the_hash_restores_a_filtered_view(watched: Watched, sample_url: str, browser: Any) -> None:
    page = watched.open(sample_url)
    page.check("#filters .chip-warning input")
    page.check("#filters .chip-new input")
    page.click("th[data-col=value]")
    hash_ = page.evaluate("location.hash")
    assert "sev=warning" in hash_ and "st=new" in hash_ and "cs=value" in hash_

    other = Watched(browser)
    page2 = other.open(sample_url + hash_)
    assert visible_flags(page2) == ["d-hostile"]
    assert page2.is_checked("#filters .chip-warning input") and page2.is_checked("#filters .chip-new input")
    assert not page2.is_checked("#filters .chip-error input")
    assert page2.get_attribute("th[data-col=value]", "aria-sort") == "ascending"
    page2.evaluate("location.hash = '#m=deaths.toll&q=ministry'")  # a pasted link is applied too
    page2.wait_for_function("() => document.querySelector('#flag-count').dataset.shown === '2'")
    assert page2.input_value("#f-m") == "deaths.toll" and page2.input_value("#f-q") == "ministry"
    other.clean()
    other.page.close()
    watched.clean()


def test_a_hostile_article_executes_nothing(watched: Watched, sample_url: str) -> None:
    page = watched.open(sample_url)
    page.fill("#f-q", "d-hostile")
    page.wait_for_function("() => document.querySelector('#flag-count').dataset.shown === '1'")
    card = page.locator("#flag-d-hostile")
    assert "<script>window.__pwned=8</script>" in card.inner_text()  # shown as text
    assert "<b onmouseover" in card.inner_text()
    card.locator("button.open-article").first.click()
    reader = page.locator("#reader")
    assert reader.is_visible()
    page.wait_for_selector("#reader-figure")
    text = page.inner_text("#reader-text")
    assert "<script>window.__pwned = 1; alert(1)</script>" in text and "onerror=" in text
    assert "javascript:window.__pwned=7" in page.inner_text("#reader-meta")
    page.hover("#reader-title")
    page.wait_for_timeout(200)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("img, iframe, #reader a, #flag-list a, [onerror], [onmouseover]").count() == 0
    assert (
        page.evaluate(
            "[...document.querySelectorAll('[href]')]"
            ".filter(e => /^javascript:/i.test(e.getAttribute('href'))).length"
        )
        == 0
    )
    watched.clean()


def test_open_article_shows_the_full_text_at_the_highlighted_figure(
    watched: Watched, sample_url: str
) -> None:
    page = watched.open(sample_url)
    page.locator("#flag-d-err button.open-article").nth(1).click()
    assert page.inner_text("#reader-figure") == "98"  # waits for the article's text chunk to unpack
    assert "#open=c98" in page.evaluate("location.hash")
    assert page.inner_text("#reader-text").startswith("The ministry said the death toll stood at 98")
    box = page.locator("#reader-figure").bounding_box()
    assert box and 0 <= box["y"] <= 900
    link = page.locator("#flag-d-hostile button.open-article").nth(2)
    link.click()
    assert page.get_attribute("#reader-meta a", "href") == "https://example.org/rescue"
    assert page.get_attribute("#reader-meta a", "rel") == "noopener noreferrer"
    page.keyboard.press("Escape")
    assert not page.locator("#reader").is_visible()
    assert "open=" not in page.evaluate("location.hash")
    watched.clean()


def test_quotes_are_shown_in_their_sentence_with_the_figure_marked(watched: Watched, sample_url: str) -> None:
    page = watched.open(sample_url)
    card = page.locator("#flag-d-hostile")
    assert card.locator("blockquote mark").all_inner_texts() == ["17", "15", "15"]
    assert "Rescuers said 15 miners were rescued on 12 March" in card.inner_text()
    assert "said by the mine operator" in card.inner_text()
    assert "as of 2024-03-12 (date in the sentence)" in card.inner_text()


def test_timeline_draws_one_mark_per_claim_and_caps_open_ends(watched: Watched, sample_url: str) -> None:
    page = watched.open(sample_url)
    fig = page.locator("#flag-d-known figure.timeline")
    assert fig.count() == 1
    assert fig.locator("g.mk").count() == 3  # all deaths.toll claims: two in the flag, one other
    assert fig.locator("g.mk.hit").count() == 2
    assert fig.locator("g.mk.hit path").count() == 1  # "over 750": an arrow, not an infinite bar
    watched.clean()


def test_claims_table_lists_all_claims_and_sorts(watched: Watched, sample_url: str) -> None:
    page = watched.open(sample_url)
    rows = "[...document.querySelectorAll('#claim-body tr[data-claim]')].map(r => r.dataset.claim)"
    assert page.evaluate(rows) == ["c17", "c15a", "c15b", "c750", "c120", "c98", "c240"]
    page.click("th[data-col=value]")
    assert page.evaluate(rows) == ["c15a", "c15b", "c17", "c98", "c120", "c240", "c750"]
    page.click("th[data-col=value]")
    assert page.evaluate(rows) == ["c750", "c240", "c120", "c98", "c17", "c15a", "c15b"]
    page.click("th[data-col=as_of]")
    assert page.evaluate(rows)[-1] == "c240"  # undated last
    page.fill("#c-q", "ministry")
    page.wait_for_function("() => document.querySelector('#claim-count').dataset.shown === '3'")
    watched.clean()


@pytest.mark.timeout(90)  # the page used to loop forever here: fail, don't hang the suite
def test_a_flag_of_hundreds_of_claims_draws_its_timeline(watched: Watched, tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    path.write_text(render_html(big_flag_report(240, 12)), encoding="utf-8")
    page = watched.open(path.as_uri())
    fig = page.locator("#flag-d-big figure.timeline")
    assert fig.locator("g.mk.hit").count() == 240  # every claim of the flag is drawn
    assert "240 of 252 claims" in fig.inner_text()  # the other claims are sampled, and it says so
    watched.clean()


@pytest.fixture
def tall(browser: Any) -> Iterator[Watched]:
    """A page tall enough to show every flag of the small samples at once."""
    w = Watched(browser, height=4000)
    yield w
    w.page.close()


def test_flags_are_grouped_under_their_story_with_a_story_filter(tall: Watched, story_url: str) -> None:
    watched = tall
    page = watched.open(story_url)
    heads = page.locator("#flag-list section.story h3").all_inner_texts()
    assert heads == [HOSTILE_STORY_TITLE, "Ferry capsizes off the coast"]  # the hostile title is text
    order = page.eval_on_selector_all(
        "#flag-list .vitem > *", "els => els.map(e => e.tagName === 'SECTION' ? 's:' + e.id : e.id)"
    )
    assert order == ["s:story-st-mine", "flag-d-err", "flag-d-hostile", "flag-d-known", "flag-d-rec",
                     "s:story-st-ferry", "flag-d-ferry"]  # fmt: skip
    assert "2 stories" in page.inner_text("#flag-count")
    options = page.eval_on_selector_all("#f-story option", "os => os.map(o => o.textContent)")
    assert options[1:] == [HOSTILE_STORY_TITLE + " (4)", "Ferry capsizes off the coast (1)"]

    page.select_option("#f-story", "st-ferry")
    assert visible_flags(page) == ["d-ferry"]
    assert "s=st-ferry" in page.evaluate("location.hash")
    assert chip_count(page, "error") == 1 and chip_count(page, "warning") == 0  # counts follow the story
    page.click("#flag-list button.story-all")
    assert len(visible_flags(page)) == 5
    page.click("#story-st-mine button.story-only")
    assert visible_flags(page) == ["d-err", "d-hostile", "d-known", "d-rec"]
    page.check("#filters .chip-warning input")  # filters combine with the story
    assert visible_flags(page) == ["d-hostile", "d-known"]
    assert "2 flags shown (2 warning) of 4" in page.inner_text("#story-st-mine")
    page.click("#f-reset")
    assert len(visible_flags(page)) == 5
    watched.clean()


def test_a_flag_shows_its_answers_and_who_decided(tall: Watched, story_url: str) -> None:
    watched = tall
    page = watched.open(story_url)
    answers = page.locator("#flag-d-hostile table.answers")
    assert "2 distinct answers" in answers.inner_text()
    rows = answers.locator("tr").all_inner_texts()
    assert rows[0].startswith("17") and "1 claim in 1 article" in rows[0]
    assert rows[1].startswith("15") and "2 claims in 2 articles" in rows[1] and "the mine operator" in rows[1]
    decision = page.inner_text("#flag-d-rec p.decision")
    assert decision.startswith("explained by " + HOSTILE_NAME) and "2024-03-13 07:30:00 UTC" in decision
    assert "typo in the wire copy" in decision
    assert "Harbour News" in page.inner_text("#flag-d-ferry")
    assert page.locator("img, svg [onload], [onerror]").count() == 0
    assert page.evaluate("typeof window.__pwned") == "undefined"
    watched.clean()


def test_a_report_without_stories_shows_one_list_without_story_controls(watched: Watched, sample_url: str) -> None:
    page = watched.open(sample_url)
    assert page.locator("#flag-list section.story").count() == 0
    assert not page.is_visible("#f-story")
    watched.clean()


def test_only_the_flags_in_view_are_drawn(watched: Watched, tmp_path: Path) -> None:
    from bench.bench_report import synthetic_report

    path = tmp_path / "report.html"
    report = synthetic_report(600, n_flags=500)
    path.write_text(render_html(report), encoding="utf-8")
    page = watched.open(path.as_uri())
    assert "Showing all 500 flags" in page.inner_text("#flag-count")
    drawn = visible_flags(page)
    assert 1 <= len(drawn) < 40  # a screenful and a margin, not 500 cards
    assert page.locator("#claim-body tr[data-claim]").count() < 100  # nor 4,800 rows
    page.eval_on_selector("#flag-list", "b => b.scrollTop = b.scrollHeight / 2")
    page.wait_for_function(f"() => !document.getElementById('flag-{drawn[0]}')")
    later = visible_flags(page)
    assert later and not set(later) & set(drawn)  # the cards in view were drawn, the first ones let go
    page.eval_on_selector("#flag-list", "b => b.scrollTop = b.scrollHeight")  # the end of the list is reachable
    # at the end the spacer below the drawn cards has nothing left to stand for
    page.wait_for_function("() => document.querySelector('#flag-list > .spacer:last-child').offsetHeight === 0")
    assert visible_flags(page) and not set(visible_flags(page)) & set(later)
    watched.clean()


# -- real corpora: the pages of `claimcheck run` on ../shared/realnews, which has flags of 100+ claims -------------
def _real_run(tmp_path_factory: pytest.TempPathFactory, source: Path) -> Path:
    if not source.exists():
        pytest.skip(f"{source} is absent: real-corpus page tests need ../shared/realnews")
    out = tmp_path_factory.mktemp("real")
    subprocess.run(
        [sys.executable, "-m", "checker", "run", str(source), "--out", str(out), "--no-history"],
        cwd=ROOT, check=True, capture_output=True, env={**os.environ, "GX_ANALYTICS_ENABLED": "false"},
    )  # fmt: skip
    return out


@pytest.fixture(scope="module", params=["ecbplus/ecbplus.jsonl", "news/corpus"])
def real_run(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _real_run(tmp_path_factory, REALNEWS / request.param)


@pytest.mark.slow
@pytest.mark.timeout(240)
def test_a_real_corpus_page_opens_and_answers_a_filter_change(watched: Watched, real_run: Path) -> None:
    import json

    report = json.loads((real_run / "report.json").read_text(encoding="utf-8"))
    flags = report["discrepancies"]
    page = watched.open((real_run / "report.html").as_uri(), timeout=30000)
    assert f"Showing all {len(flags)} flags" in page.inner_text("#flag-count")
    sev = max(("error", "warning", "info"), key=lambda s: sum(f["severity"] == s for f in flags))
    want = sum(f["severity"] == sev for f in flags)
    page.check(f"#filters .chip-{sev} input")
    assert page.inner_text("#flag-count").startswith(f"Showing {want} of {len(flags)} flags")
    drawn = page.eval_on_selector_all("#flag-list article.flag", "els => els.map(e => e.dataset.severity)")
    assert drawn and set(drawn) == {sev}
    page.click("#f-reset")
    biggest = max(flags, key=lambda f: len(f["claim_ids"]))  # the kind of flag that once hung the page
    page.fill("#f-q", biggest["discrepancy_id"])
    page.wait_for_function("() => document.querySelector('#flag-count').dataset.shown === '1'")
    card = page.locator(f"#flag-{biggest['discrepancy_id']}")
    assert card.locator(".side").count() >= 1
    page.locator(f"#flag-{biggest['discrepancy_id']} button.open-article").first.click()
    page.wait_for_selector("#reader-figure")
    assert page.inner_text("#reader-figure").strip()
    watched.clean()


def test_a_status_beyond_the_usual_three_gets_its_own_filter(watched: Watched, tmp_path: Path) -> None:
    report = sample_report()
    report["discrepancies"][0]["status"] = "changed"  # a decided question answered anew (DESIGN §8)
    report["run"]["by_status"] = {"new": 1, "changed": 1, "known": 1, "reconciled": 1}
    path = tmp_path / "report.html"
    path.write_text(render_html(report), encoding="utf-8")
    page = watched.open(path.as_uri())
    assert chip_count(page, "changed") == 1 and chip_count(page, "new") == 1
    page.check("#filters .chip-changed input")
    assert visible_flags(page) == ["d-err"]
    assert page.inner_text(".stats .st-changed dd") == "1"
    watched.clean()
