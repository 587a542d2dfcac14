"""`claimcheck serve` in real Chromium: decide in the page, see the file change, survive a restart."""

from __future__ import annotations

import http.server
import json
import os
import queue
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from checker import reconcile as rec
from tests.report_samples import HOSTILE_NAME, story_report
from tests.test_browser import Watched, browser  # noqa: F401  (the shared Chromium fixture)

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]
ROOT = Path(__file__).resolve().parent.parent


class Server:
    """`claimcheck serve` in a subprocess on a free loopback port, as an editor starts it."""

    def __init__(self, out: Path, recon: Path) -> None:
        self.out, self.recon = out, recon
        self.proc: subprocess.Popen[str] | None = None
        self.port = 0
        self.url = ""

    def start(self, port: int = 0) -> Server:
        cmd = [sys.executable, "-m", "checker", "serve", "--out", str(self.out), "--reconciliations",
               str(self.recon), "--port", str(port)]  # fmt: skip
        env = {**os.environ, "GX_ANALYTICS_ENABLED": "false"}
        env.pop("CLAIMCHECK_TOKEN", None)
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     text=True)  # fmt: skip
        lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=lambda: [lines.put(x) for x in self.proc.stderr], daemon=True).start()  # type: ignore[union-attr]
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                line = lines.get(timeout=1)
            except queue.Empty:
                if self.proc.poll() is not None:
                    break
                continue
            m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
            if m:
                self.port, self.url = int(m.group(1)), m.group(0)
                return self
        self.stop()
        raise AssertionError("claimcheck serve did not start")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=15)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    out = tmp_path / "reports"
    out.mkdir()
    (out / "report.json").write_text(json.dumps(story_report()), encoding="utf-8")
    s = Server(out, tmp_path / "reconciliations.yaml").start()
    yield s
    s.stop()


def open_page(w: Watched, url: str) -> Any:
    w.allow = (url,)
    page = w.open(url, timeout=30000)
    page.wait_for_function("() => /^Connected/.test(document.getElementById('serve-status').textContent)")
    return page


def decide(page: Any, fid: str, decision: str, note: str, who: str, wait: bool = True) -> None:
    page.fill("#who", who)
    page.dispatch_event("#who", "change")
    page.fill("#f-q", fid)
    page.wait_for_function("() => document.querySelector('#flag-count').dataset.shown === '1'")
    card = page.locator(f"#flag-{fid}")
    card.locator(f"input[value={decision}]").check()
    card.locator("textarea").fill(note)
    card.locator("button.send").click()
    if wait:
        reconciled(page, fid)


def reconciled(page: Any, fid: str) -> None:
    page.wait_for_function(f"() => (document.getElementById('flag-{fid}') || {{}}).dataset?.status === 'reconciled'")


def test_a_decision_in_the_page_reaches_the_file_and_shows_after_reload(browser: Any, server: Server) -> None:  # noqa: F811
    w = Watched(browser)
    page = open_page(w, server.url)
    assert not server.recon.exists()
    decide(page, "d-ferry", "confirmed", "14 is the coastguard's final count", "Ann Lee")
    (entry,) = rec.load(server.recon).entries  # the file changed at once
    assert (entry.id, entry.decision, entry.by, entry.note) == (
        "d-ferry", "confirmed", "Ann Lee", "14 is the coastguard's final count")  # fmt: skip
    assert "Recorded: d-ferry confirmed by Ann Lee" in page.inner_text("#serve-status")
    page.reload()
    page.wait_for_selector("html[data-ready]")
    page.fill("#f-q", "d-ferry")
    reconciled(page, "d-ferry")
    line = page.inner_text("#flag-d-ferry p.decision")
    assert line.startswith("confirmed by Ann Lee") and entry.when.replace("T", " ").replace("+00:00", " UTC") in line
    assert page.input_value("#who") == "Ann Lee"  # the name is remembered for the next decision
    assert page.inner_text(".stats .st-reconciled dd") == "2"  # the header counts follow
    w.clean()
    w.page.close()


def test_two_editors_deciding_at_once_lose_nothing(browser: Any, server: Server) -> None:  # noqa: F811
    contexts = [browser.new_context(viewport={"width": 1280, "height": 900}) for _ in range(2)]
    pages = [c.new_page() for c in contexts]
    for p in pages:
        p.goto(server.url)
        p.wait_for_function("() => /^Connected/.test(document.getElementById('serve-status').textContent)")
    work = [("d-ferry", "explained", "two ferries", "Ann"), ("d-hostile", "false_positive", "same count", "Bo")]
    for p, (fid, decision, note, who) in zip(pages, work, strict=True):
        decide(p, fid, decision, note, who, wait=False)  # both sent before either answer is awaited
    for p, (fid, *_) in zip(pages, work, strict=True):
        reconciled(p, fid)
    assert {(e.id, e.by) for e in rec.load(server.recon).entries} == {("d-ferry", "Ann"), ("d-hostile", "Bo")}
    # each editor sees the other's decision, with who made it, when the page looks again
    pages[0].evaluate("window.dispatchEvent(new Event('focus'))")
    pages[0].fill("#f-q", "d-hostile")
    reconciled(pages[0], "d-hostile")
    assert pages[0].inner_text("#flag-d-hostile p.decision").startswith("false positive by Bo")
    for c in contexts:
        c.close()


ATTACK = """<!doctype html><meta charset="utf-8"><title>free prizes</title>
<form id="f" method="post" enctype="text/plain" action="{target}">
<input name='{{"decision": "explained", "by": "Mallory", "x": "' value='"}}'></form>
<script>
fetch("{target}", {{method: "POST", headers: {{"Content-Type": "application/json", "X-CSRF-Token": "guess"}},
  body: JSON.stringify({{decision: "explained", by: "Mallory"}})}}).catch(() => {{ window.fetchFailed = true; }});
fetch("{target}", {{method: "POST", mode: "no-cors", headers: {{"Content-Type": "text/plain"}},
  body: JSON.stringify({{decision: "explained", by: "Mallory"}})}}).finally(() => {{ window.noCorsDone = true; }});
</script>"""


def test_a_cross_origin_post_is_refused(browser: Any, server: Server) -> None:  # noqa: F811
    target = f"{server.url}api/flags/d-err/decision"
    page_html = ATTACK.format(target=target).encode()

    class Attacker(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(page_html)

        def log_message(self, *args: Any) -> None:
            pass

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        free = s.getsockname()[1]
    evil = http.server.ThreadingHTTPServer(("127.0.0.1", free), Attacker)
    threading.Thread(target=evil.serve_forever, daemon=True).start()
    try:
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{free}/")
        page.wait_for_function("() => window.fetchFailed === true && window.noCorsDone === true")
        with page.expect_navigation():
            page.evaluate("document.getElementById('f').submit()")
        assert "cross-origin request refused" in page.content()  # the server's answer to the form
        page.close()
    finally:
        evil.shutdown()
        evil.server_close()
    assert not server.recon.exists()  # nothing was written


def test_hostile_names_and_notes_execute_nothing(browser: Any, server: Server) -> None:  # noqa: F811
    w = Watched(browser)
    page = open_page(w, server.url)
    note = "</script><script>window.__pwned=21</script><img src=x onerror=window.__pwned=22> <b>bold</b>"
    decide(page, "d-hostile", "explained", note, HOSTILE_NAME)
    page.reload()
    page.wait_for_selector("html[data-ready]")
    page.fill("#f-q", "d-hostile")
    reconciled(page, "d-hostile")
    line = page.inner_text("#flag-d-hostile p.decision")
    assert HOSTILE_NAME in line and note in line  # shown as the text it is
    page.fill("#f-q", "")
    page.wait_for_timeout(300)
    assert page.locator("img, iframe, [onerror], [onload]").count() == 0
    assert page.evaluate("[...document.querySelectorAll('b')].filter(e => e.textContent === 'bold').length") == 0
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert (entry := rec.load(server.recon).entries[0]).note == note and entry.by == HOSTILE_NAME
    w.clean()
    w.page.close()


def test_a_restarted_server_loses_nothing_and_an_open_page_goes_on(browser: Any, server: Server) -> None:  # noqa: F811
    w = Watched(browser)
    page = open_page(w, server.url)
    decide(page, "d-err", "explained", "the earlier toll was provisional", "Ann")
    answers: list[int] = []
    page.on("response", lambda r: "/decision" in r.url and answers.append(r.status))
    before = server.recon.read_bytes()
    port = server.port
    server.stop()
    assert server.recon.read_bytes() == before
    server.start(port)  # the same address: the open page does not know it restarted
    decide(page, "d-ferry", "confirmed", "checked after the restart", "Ann")  # a new CSRF token is fetched
    assert {e.id for e in rec.load(server.recon).entries} == {"d-err", "d-ferry"}
    assert answers == [403, 201]  # the old token was refused, the page fetched the new one and sent again
    assert all("403" in e for e in w.errors)  # Chromium logs the refused attempt; nothing else went wrong
    w.errors.clear()
    page.reload()
    page.wait_for_selector("html[data-ready]")
    for fid in ("d-err", "d-ferry"):
        page.fill("#f-q", fid)
        reconciled(page, fid)
    w.clean()
    w.page.close()


def test_an_editor_merges_two_stories_from_the_page(browser: Any, server: Server) -> None:  # noqa: F811
    w = Watched(browser)
    page = open_page(w, server.url)
    page.fill("#who", "Ann Lee")
    page.dispatch_event("#who", "change")
    form = page.locator("#story-st-mine form.story-fix")
    form.locator("select.into").select_option("st-ferry")
    form.locator("input.note").fill("one sinking, two names for the port")
    form.locator("button.send").click()
    page.wait_for_function("() => /Recorded/.test(document.querySelector('#story-st-mine .msg').textContent)")
    (fix,) = rec.load(server.recon).stories
    assert (fix.kind, fix.a, fix.b, fix.by) == ("merge", "st-mine", "st-ferry", "Ann Lee")
    w.clean()


def test_a_format_3_report_is_served_and_decided_in_the_page(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    """report.json with its claims as one table (CLAIMCHECK_REPORT_FORMAT=3): the served page lists every flag,
    and a decision made there records the flag's claims, which the server read from that table."""
    out, recon = tmp_path / "reports", tmp_path / "reconciliations.yaml"
    env = {**os.environ, "GX_ANALYTICS_ENABLED": "false", "CLAIMCHECK_REPORT_FORMAT": "3"}
    subprocess.run([sys.executable, "-m", "checker", "run", "seeds/", "--out", str(out), "--no-history",
                    "--reconciliations", str(recon)], cwd=ROOT, env=env, check=True, capture_output=True)  # fmt: skip
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["format"]["version"] == 3 and "rows" in report["claims"]
    flags = report["discrepancies"]
    s = Server(out, recon).start()
    try:
        w = Watched(browser)
        page = open_page(w, s.url)
        assert f"Showing all {len(flags)} flags" in page.inner_text("#flag-count")
        fid = flags[0]["discrepancy_id"]
        decide(page, fid, "explained", "different dates", "Ann Lee")
        (entry,) = rec.load(recon).entries
        assert entry.id == fid and entry.decision == "explained"
        t = report["claims"]
        quotes = {row[t["columns"].index("claim_id")]: t["values"]["quote"][row[t["columns"].index("quote")]]
                  for row in t["rows"]}  # fmt: skip
        recorded = (recon).read_text(encoding="utf-8")
        assert any(quotes[c] in recorded for c in flags[0]["claim_ids"])  # the claims came from the table
        w.clean()
        w.page.close()
    finally:
        s.stop()
