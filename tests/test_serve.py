"""`claimcheck serve` through Starlette's TestClient: decisions reach the file, and nothing else gets in."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient
from typer.testing import CliRunner

from checker import reconcile as rec
from checker.errors import UsageError
from checker.serve import build
from tests.report_samples import HOSTILE_NAME, HOSTILE_STORY_TITLE, story_report

ROOT = Path(__file__).resolve().parent.parent
BASE = "http://127.0.0.1:8765"
TOKEN = "s3cret-token-for-tests-0123456789"


@pytest.fixture
def out(tmp_path: Path) -> Path:
    d = tmp_path / "reports"
    d.mkdir()
    (d / "report.json").write_text(json.dumps(story_report()), encoding="utf-8")
    return d


@pytest.fixture
def recon(tmp_path: Path) -> Path:
    return tmp_path / "reconciliations.yaml"


def client(out: Path, recon: Path, host: str = "127.0.0.1", token: str | None = None, base: str = BASE) -> TestClient:
    return TestClient(build(out, recon, host=host, token=token), base_url=base, raise_server_exceptions=False)


def csrf(c: TestClient, **kw: Any) -> dict[str, str]:
    token = c.get("/api/session", **kw).json()["csrf"]
    return {"Origin": BASE, "X-CSRF-Token": token}


def decide(c: TestClient, fid: str, body: Any = None, **kw: Any) -> Any:
    body = body if body is not None else {"decision": "explained", "note": "checked with the wire", "by": "Ann"}
    return c.post(f"/api/flags/{fid}/decision", json=body, headers=csrf(c), **kw)


def test_the_page_is_served_with_a_strict_policy_and_hostile_text_as_data(out: Path, recon: Path) -> None:
    c = client(out, recon)
    r = c.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    csp = r.headers["content-security-policy"]
    assert "script-src 'sha256-" in csp and "frame-ancestors 'none'" in csp and "connect-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp and "default-src 'none'" in csp
    assert r.headers["x-content-type-options"] == "nosniff" and r.headers["x-frame-options"] == "DENY"
    assert r.headers["referrer-policy"] == "no-referrer"
    assert "server" not in r.headers
    low = r.text.lower()
    assert HOSTILE_STORY_TITLE.lower() not in low and "<img src=x" not in low  # titles, names: data only
    assert low.count("<script") == low.count('type="application/octet-stream"') + 1  # one script runs


def test_json_endpoints_carry_the_same_headers(out: Path, recon: Path) -> None:
    c = client(out, recon)
    for path in ("/api/session", "/api/run", "/api/stories", "/api/flags", "/api/flags/d-err", "/api/decisions"):
        r = c.get(path)
        assert r.status_code == 200, path
        assert r.headers["content-type"] == "application/json"
        assert r.headers["content-security-policy"].startswith("default-src 'none'")
        assert r.headers["x-content-type-options"] == "nosniff" and r.headers["cache-control"] == "no-store"
    stories = c.get("/api/stories").json()["stories"]
    assert [s["story_id"] for s in stories] == ["st-mine", "st-ferry"]
    flag = c.get("/api/flags/d-hostile").json()
    assert [x["claim_id"] for x in flag["claims"]] == ["c17", "c15a", "c15b"]


def test_a_decision_reaches_the_file_at_once_and_shows_on_the_flag(out: Path, recon: Path) -> None:
    c = client(out, recon)
    r = decide(c, "d-ferry", {"decision": "confirmed", "note": "14 is the coastguard's later count", "by": "Ann Lee"})
    assert r.status_code == 201
    entry = r.json()["entry"]
    assert entry["id"] == "d-ferry" and entry["by"] == "Ann Lee" and entry["when"]
    (saved,) = rec.load(recon).entries
    assert (saved.id, saved.decision, saved.note, saved.by) == ("d-ferry", "confirmed", entry["note"], "Ann Lee")
    assert saved.values == ["12", "14"] and saved.measure == "people.missing"  # what it covered, readable
    assert any("port-b.txt: '14'" in line for line in saved.claims)
    assert stat.S_IMODE(recon.stat().st_mode) == 0o666 & ~_umask()
    flags = {f["discrepancy_id"]: f for f in c.get("/api/flags").json()["flags"]}
    assert flags["d-ferry"]["status"] == "reconciled" and flags["d-ferry"]["by"] == "Ann Lee"
    assert flags["d-err"]["status"] == "new"
    assert c.get("/api/decisions").json()["entries"] == [entry]
    # a second decision on the same flag replaces the first; another flag's stays
    decide(c, "d-ferry", {"decision": "explained", "note": "different ferries", "by": "Bo"})
    decide(c, "d-err")
    assert {(e.id, e.by) for e in rec.load(recon).entries} == {("d-ferry", "Bo"), ("d-err", "Ann")}


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_two_editors_deciding_at_once_lose_nothing(tmp_path: Path, recon: Path) -> None:
    from bench.bench_report import synthetic_report

    out = tmp_path / "many"
    out.mkdir()
    report = synthetic_report(120, n_flags=60)
    (out / "report.json").write_text(json.dumps(report), encoding="utf-8")
    app = build(out, recon)
    ids = [d["discrepancy_id"] for d in report["discrepancies"]]
    results: list[int] = []

    def editor(name: str, mine: list[str]) -> None:
        c = TestClient(app, base_url=BASE, raise_server_exceptions=False)
        headers = csrf(c)
        for fid in mine:
            body = {"decision": "explained", "note": f"{name} on {fid}", "by": name}
            results.append(c.post(f"/api/flags/{fid}/decision", json=body, headers=headers).status_code)

    threads = [threading.Thread(target=editor, args=(n, ids[i::2])) for i, n in enumerate(("Ann", "Bo"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [201] * len(ids)
    assert sorted(e.id for e in rec.load(recon).entries) == sorted(ids)


def test_a_cross_origin_post_is_refused_and_writes_nothing(out: Path, recon: Path) -> None:
    c = client(out, recon)
    token = c.get("/api/session").json()["csrf"]
    body = {"decision": "explained", "note": "x", "by": "Mallory"}
    for origin in ("http://evil.example", "null", "http://127.0.0.1:9999", "http://localhost:8765", None):
        headers = {"X-CSRF-Token": token, **({"Origin": origin} if origin else {})}
        r = c.post("/api/flags/d-err/decision", json=body, headers=headers)
        assert r.status_code == 403 and r.json()["code"] == "origin", origin
    for bad in ("", "nope", token[:-1]):
        r = c.post("/api/flags/d-err/decision", json=body, headers={"Origin": BASE, "X-CSRF-Token": bad})
        assert r.status_code == 403 and r.json()["code"] == "csrf"
    assert not recon.exists()


def test_a_foreign_host_name_is_refused(out: Path, recon: Path) -> None:
    # a page on attacker.example resolving to 127.0.0.1 (DNS rebinding) reaches the server with its own Host
    assert client(out, recon, base="http://attacker.example:8765").get("/api/flags").status_code == 400
    assert client(out, recon, base="http://localhost:8765").get("/api/flags").status_code == 200


NOTE_1MB = "x" * 1_000_000
JSON = {"Content-Type": "application/json"}
TEXT = {"Content-Type": "text/plain"}
OK = {"decision": "explained", "by": "A"}
BAD_REQUESTS = {  # what is sent -> the status it must get
    "a 1 MB note": ("post", {"json": {**OK, "note": NOTE_1MB}}, 413),
    "a body declared too long": ("post", {"content": b"{}", "headers": {**JSON, "Content-Length": "99999999"}}, 413),
    "broken JSON": ("post", {"content": b"{not json", "headers": JSON}, 400),
    "bytes that are not UTF-8": ("post", {"content": b"\xff\xfe{}", "headers": JSON}, 400),
    "JSON sent as text/plain": ("post", {"content": json.dumps(OK).encode(), "headers": TEXT}, 415),
    "a form": ("post", {"data": OK}, 415),
    "an unknown flag": ("post", {"json": OK, "path": "/api/flags/no-such-flag/decision"}, 404),
    "a decision editors may not make": ("post", {"json": {**OK, "decision": "baseline"}}, 422),
    "no name": ("post", {"json": {**OK, "by": "  "}}, 422),
    "a name too long": ("post", {"json": {**OK, "by": "A" * 201}}, 422),
    "a name on two lines": ("post", {"json": {**OK, "by": "A\nB"}}, 422),
    "an unknown field": ("post", {"json": {**OK, "admin": True}}, 422),
    "a NUL in the note": ("post", {"json": {**OK, "note": "a\x00b"}}, 422),
    "a lone surrogate": ("post", {"content": b'{"decision": "explained", "by": "\\ud800"}', "headers": JSON}, 422),
    "a list, not an object": ("post", {"json": ["explained"]}, 422),
    "wrong types": ("post", {"json": {"decision": 1, "by": {"x": 1}}}, 422),
    "PUT": ("put", {"json": OK}, 405),
    "DELETE": ("delete", {"path": "/api/decisions"}, 405),
    "POST to the page": ("post", {"json": {}, "path": "/"}, 405),
    "GET of an unknown flag": ("get", {"path": "/api/flags/no-such-flag"}, 404),
}


@pytest.mark.parametrize("what", BAD_REQUESTS)
def test_bad_requests_get_a_4xx_and_leave_the_file_alone(out: Path, recon: Path, what: str) -> None:
    method, kw, status = BAD_REQUESTS[what]
    kw = dict(kw)
    path = kw.pop("path", "/api/flags/d-err/decision")
    c = client(out, recon)
    decide(c, "d-known")  # a file to keep intact
    before = recon.read_bytes()
    kw["headers"] = {**csrf(c), **kw.get("headers", {})}
    r = c.request(method.upper(), path, **kw)
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/json" and r.json()["error"]
    assert recon.read_bytes() == before


@pytest.mark.parametrize(
    "path",
    [
        "/report.json",
        "/reports/report.json",
        "/static/report.js",
        "/report.html",
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2f..%2fetc%2fpasswd",
        "/api/flags/..%2f..%2freport.json",
        "/api/flags/%2e%2e",
        "/api/../reconciliations.yaml",
        "//etc/passwd",
    ],
)
def test_no_request_path_reaches_the_file_system(out: Path, recon: Path, path: str) -> None:
    decide(client(out, recon), "d-err")
    r = client(out, recon).get(path)
    assert r.status_code in (400, 404), path
    assert "root:" not in r.text and "entries:" not in r.text and "discrepancies" not in r.text


def test_beyond_loopback_a_token_is_required(out: Path, recon: Path) -> None:
    with pytest.raises(UsageError, match="--token"):
        build(out, recon, host="0.0.0.0")
    with pytest.raises(UsageError, match="16 to 256"):
        build(out, recon, host="0.0.0.0", token="short")
    result = CliRunner().invoke(_cli(), ["serve", "--out", str(out), "--host", "0.0.0.0", "--port", "0"], env={})
    assert result.exit_code == 2 and "--token" in result.output
    result = CliRunner().invoke(_cli(), ["serve", "--out", str(out), "--host", "0.0.0.0", "--port", "0"],
                                env={"CLAIMCHECK_TOKEN": "weak"})  # fmt: skip
    assert result.exit_code == 2 and "16 to 256" in result.output  # the variable is read


def _cli() -> Any:
    from checker.cli import app

    return app


def test_the_token_is_checked_on_every_request(out: Path, recon: Path) -> None:
    c = client(out, recon, host="0.0.0.0", token=TOKEN)
    for path in ("/", "/api/session", "/api/flags", "/api/decisions", "/nowhere"):
        assert c.get(path).status_code == 401, path
    assert c.get("/?token=wrong-" + TOKEN).status_code == 401
    assert c.get("/", headers={"Authorization": "Bearer " + TOKEN[:-1]}).status_code == 401
    first = c.get("/?token=" + TOKEN, follow_redirects=False)  # a first visit: the token becomes a cookie
    assert first.status_code == 303 and first.headers["location"] == "/"
    cookie = first.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
    assert c.get("/").status_code == 200  # the client kept the cookie
    bearer = client(out, recon, host="0.0.0.0", token=TOKEN)
    assert bearer.get("/api/flags", headers={"Authorization": "Bearer " + TOKEN}).status_code == 200
    # a decision needs the token and the CSRF token and the Origin
    r = c.post("/api/flags/d-err/decision", json={"decision": "explained", "by": "A"}, headers=csrf(c))
    assert r.status_code == 201
    stranger = client(out, recon, host="0.0.0.0", token=TOKEN)
    r = stranger.post("/api/flags/d-rec/decision", json={"decision": "explained", "by": "M"},
                      headers={"Origin": BASE, "X-CSRF-Token": c.get("/api/session").json()["csrf"]})  # fmt: skip
    assert r.status_code == 401
    assert [e.id for e in rec.load(recon).entries] == ["d-err"]


def test_a_token_is_checked_on_loopback_too_when_given(out: Path, recon: Path) -> None:
    assert client(out, recon, token=TOKEN).get("/api/flags").status_code == 401


def test_a_new_run_is_picked_up_and_an_old_page_gets_404_for_a_gone_flag(out: Path, recon: Path) -> None:
    c = client(out, recon)
    headers = csrf(c)
    report = story_report()
    report["discrepancies"] = [d for d in report["discrepancies"] if d["discrepancy_id"] != "d-err"]
    (out / "report.json").write_text(json.dumps(report), encoding="utf-8")
    ids = [f["discrepancy_id"] for f in c.get("/api/flags").json()["flags"]]
    assert "d-err" not in ids and "d-ferry" in ids
    r = c.post("/api/flags/d-err/decision", json={"decision": "explained", "by": "A"}, headers=headers)
    assert r.status_code == 404 and not recon.exists()


def test_a_missing_report_is_a_clear_error(tmp_path: Path, recon: Path) -> None:
    with pytest.raises(UsageError, match=r"report\.json.*claimcheck run"):
        build(tmp_path, recon)


def test_a_broken_reconciliation_file_is_refused_not_overwritten(out: Path, recon: Path) -> None:
    c = client(out, recon)
    recon.write_text("version: 1\nentries:\n  - id: [unclosed\n", encoding="utf-8")
    before = recon.read_bytes()
    r = decide(c, "d-err")
    assert r.status_code == 409 and "reconciliation" in r.json()["error"]
    assert c.get("/api/flags").status_code == 409
    assert recon.read_bytes() == before


def test_a_lock_held_by_another_editor_is_a_503_after_waiting(
    out: Path, recon: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rec, "EDIT_LOCK_TIMEOUT", 0.3)
    c = client(out, recon)
    with rec.editing(recon):  # e.g. `claimcheck baseline update` in the middle of its write
        r = decide(c, "d-err")
    assert r.status_code == 503 and "another command is editing" in r.json()["error"]
    assert decide(c, "d-err").status_code == 201


@pytest.mark.slow
def test_a_later_check_honours_a_decision_made_on_the_server(tmp_path: Path) -> None:
    out, recon = tmp_path / "out", tmp_path / "reconciliations.yaml"
    env = {**os.environ, "GX_ANALYTICS_ENABLED": "false"}
    run = [sys.executable, "-m", "checker"]
    subprocess.run([*run, "run", "seeds/", "--out", str(out), "--no-history"], cwd=ROOT, env=env, check=True,
                   capture_output=True)  # fmt: skip
    flags = json.loads((out / "report.json").read_text(encoding="utf-8"))["discrepancies"]
    fid = flags[0]["discrepancy_id"]
    c = client(out, recon)
    body = {"decision": "false_positive", "note": "two different deals", "by": HOSTILE_NAME}
    assert decide(c, fid, body).status_code == 201
    check = subprocess.run([*run, "check", "seeds/", "--reconciliations", str(recon), "--no-history", "--fail-on",
                            "info", "--format", "json"], cwd=ROOT, env=env, capture_output=True, text=True)  # fmt: skip
    verdict = json.loads(check.stdout)

    def ids(key: str) -> list[str]:
        return [d if isinstance(d, str) else d["discrepancy_id"] for d in verdict[key]]

    assert ids("reconciled") == [fid]
    assert fid not in ids("failing")
    assert check.returncode == (1 if len(flags) > 1 else 0)


def test_decisions_written_meanwhile_by_the_cli_or_by_hand_are_kept(out: Path, recon: Path) -> None:
    c = client(out, recon)
    assert decide(c, "d-err").status_code == 201
    # `claimcheck reconcile` (or `baseline update`) writes the same file under the same lock
    with rec.editing(recon) as decisions:
        other = rec.Entry(id="d-cli", decision="explained", note="from the command line", by="Cy", when="2024-05-01")
        decisions.entries.append(other)
    assert decide(c, "d-ferry").status_code == 201
    assert sorted(e.id for e in rec.load(recon).entries) == ["d-cli", "d-err", "d-ferry"]
    recon.write_text(recon.read_text(encoding="utf-8").replace("checked with the wire", "edited by hand"), "utf-8")
    notes = {e["id"]: e["note"] for e in c.get("/api/decisions").json()["entries"]}
    assert notes["d-err"] == "edited by hand" and notes["d-cli"] == "from the command line"


def fix(c: TestClient, kind: str, body: dict[str, str], **kw: Any) -> Any:
    return c.post(f"/api/stories/{kind}", json=body, headers=csrf(c), **kw)


def test_an_editor_merges_two_stories_and_moves_an_article(out: Path, recon: Path) -> None:
    c = client(out, recon)
    r = fix(c, "merge", {"a": "st-ferry", "b": "st-mine", "note": "one event", "by": "Ann"})
    assert r.status_code == 201 and r.json()["correction"]["kind"] == "merge"
    r = fix(c, "move", {"a": "port-b.txt", "b": "st-new", "note": "the second sinking", "by": "Bo"})
    assert r.status_code == 201
    stories = rec.load(recon).stories
    assert [(s.kind, s.a, s.b, s.by) for s in stories] == [("merge", "st-ferry", "st-mine", "Ann"),
                                                           ("move", "port-b.txt", "st-new", "Bo")]  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "body", "status"),
    [
        ("merge", {"a": "st-nope", "b": "st-mine", "by": "Ann"}, 404),  # not a story of this run
        ("move", {"a": "nope.md", "b": "st-mine", "by": "Ann"}, 404),  # not an article of this run
        ("move", {"a": "port-b.txt", "b": "../../etc", "by": "Ann"}, 422),  # a story id is a plain token
        ("merge", {"a": "st-mine", "b": "st-mine", "by": "Ann"}, 422),  # into itself
        ("merge", {"a": "st-ferry", "b": "st-mine", "by": "A\nB"}, 422),  # a name is one line
        ("split", {"a": "st-ferry", "b": "st-mine", "by": "Ann"}, 404),
    ],
)
def test_bad_story_corrections_are_refused_and_the_file_untouched(out, recon, kind, body, status) -> None:
    c = client(out, recon)
    assert fix(c, kind, body).status_code == status
    assert not recon.exists()


def test_a_story_correction_from_another_origin_is_refused(out: Path, recon: Path) -> None:
    c = client(out, recon)
    headers = {**csrf(c), "Origin": "http://evil.example"}
    r = c.post("/api/stories/merge", json={"a": "st-ferry", "b": "st-mine", "by": "Ann"}, headers=headers)
    assert r.status_code == 403 and not recon.exists()
