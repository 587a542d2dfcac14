"""Hostile inputs never stall, crash or poison a run: long paragraphs, slow rules, formula cells, special files,
renamed inputs; and the reports of a run are one unit."""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from checker.cli import app
from checker.engine import extract_one, work  # work: where extract_one calls the extractor
from checker.models import Article, Claim
from checker.report.html import decode_payload, table_rows
from checker.report.read import read_report
from checker.sentences import split_sentences
from tests.conftest import ROOT, run_on

RULES = ROOT / "rules"
FRONT = "---\npublished: 2024-05-04\n---\n"


def cli(*argv: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(app, list(argv))
    if r.exception and not isinstance(r.exception, SystemExit):
        raise r.exception
    return r.exit_code, r.stdout, r.stderr


def article(text: str, aid: str = "a.txt") -> Article:
    return Article(article_id=aid, source=aid, text=text)


# -- 2. linear in every input ----------------------------------------------------------------------------
# Each text is 1 MB of one paragraph. The old splitter rescanned from the paragraph start at every full stop
# (hours on these); linear splitting takes about a second. The timeout only catches a stall, it times nothing.
HOSTILE_PARAGRAPHS = {
    "prose": "The toll rose to 17 on Monday. officials said more. ",
    "dots": ".",
    "abbreviations": "Mr. Smith met Dr. Jones at St. Paul. ",
    "closing quotes": ".\"'\"'",
    "initials": "J. R. R. ",
    "spaces after a stop": ". " + " " * 50,
}


@pytest.mark.timeout(120)
@pytest.mark.parametrize("unit", list(HOSTILE_PARAGRAPHS.values()), ids=list(HOSTILE_PARAGRAPHS))
def test_a_one_megabyte_paragraph_is_split_without_stalling(unit):
    text = (unit * (1_000_000 // len(unit) + 1))[:1_000_000]
    sentences = split_sentences(text)
    assert all(0 <= s.start < s.end <= len(text) for s in sentences)
    assert all(a.end <= b.start for a, b in itertools.pairwise(sentences))


def test_the_splitter_still_splits_where_a_sentence_ends():
    text = "Rescuers pulled 17 miners out. Dr. Ruiz said J. R. Smith was among them! More came... Then 5 more."
    got = [text[s.start : s.end] for s in split_sentences(text)]
    assert got == ["Rescuers pulled 17 miners out.", "Dr. Ruiz said J. R. Smith was among them!", "More came...",
                   "Then 5 more."]  # fmt: skip


def _slow(article: Article, rules: object, deadline: float | None = None) -> list[Claim]:
    """Extraction that never finishes on its own (it ignores its deadline), as a hung pattern would."""
    while True:
        time.sleep(0.05)


def _broken(article: Article, rules: object, deadline: float | None = None) -> list[Claim]:
    raise ValueError("a bug met by this text")


def test_an_article_past_its_budget_is_skipped_with_a_reason_naming_it(monkeypatch):
    monkeypatch.setattr(work, "extract_article", _slow)
    started = time.monotonic()
    outcome = extract_one(None, article("Seventeen miners.", "feed/slow.txt"), 0.5)  # type: ignore[arg-type]
    assert time.monotonic() - started < 10
    assert not isinstance(outcome, list)
    assert outcome.fatal is False and outcome.source == "feed/slow.txt"
    assert "'feed/slow.txt'" in outcome.reason and "0.5 s" in outcome.reason and "--article-seconds" in outcome.reason


def test_a_failing_article_is_skipped_and_an_extractor_deadline_is_passed_on(monkeypatch):
    monkeypatch.setattr(work, "extract_article", _broken)
    outcome = extract_one(None, article("x"), 5)  # type: ignore[arg-type]
    assert not isinstance(outcome, list) and "ValueError: a bug met by this text" in outcome.reason
    seen: list[float | None] = []
    monkeypatch.setattr(work, "extract_article", lambda a, r, deadline=None: seen.append(deadline) or [])
    before = time.monotonic()
    assert extract_one(None, article("x"), 5) == []  # type: ignore[arg-type]
    assert seen[0] is not None and before + 4 < seen[0] <= time.monotonic() + 5


def _slow_rules(tmp_path: Path) -> Path:
    """The shipped rules plus a user's rule whose predicate backtracks catastrophically on a run of a's."""
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    (rules / "slow.yaml").write_text(
        "description: a user's rule with a pattern that backtracks catastrophically\n"
        "measures:\n"
        "  - id: slow.thing\n"
        "    kind: stock\n"
        "    predicates:\n"
        "      - 'rescued'\n"
        "      - '(?:a|aa)+$'\n",
        encoding="utf-8",
    )
    return rules


def test_a_catastrophic_rule_never_hangs_a_run(tmp_path):
    rules = _slow_rules(tmp_path)
    arts = tmp_path / "arts"
    arts.mkdir()
    (arts / "bad.txt").write_text(FRONT + "Rescuers pulled 17 miners out alive, " + "a" * 60 + "!\n")
    (arts / "good.txt").write_text(FRONT + "Rescuers pulled 15 miners out alive in Chile on Saturday.\n")
    out = tmp_path / "out"
    started = time.monotonic()
    code, _, stderr = cli("run", str(arts), "--rules", str(rules), "--out", str(out), "--no-history",
                               "--reconciliations", str(tmp_path / "r.yaml"), "--article-seconds", "1")  # fmt: skip
    assert code == 0, stderr
    assert time.monotonic() - started < 60
    assert "warning:" in stderr and "'bad.txt' skipped" in stderr and "--article-seconds" in stderr
    report = json.loads((out / "report.json").read_text())
    skipped = [s for s in report["run"]["skipped"] if s["source"].endswith("bad.txt")]
    assert skipped and skipped[0]["fatal"] is False and "1 s" in skipped[0]["reason"]
    assert {c["article_id"] for c in report["claims"]} == {"good.txt"}  # the run went on without it
    assert "bad.txt" in (out / "report.html").read_text()  # the report says so


# -- 3. rules lint rejects catastrophic backtracking ----------------------------------------------------
@pytest.mark.parametrize("pattern", [r"(?:a|aa)+$", r"(a+)+b", r"(\w+\s?)*$", r"(?:people|peoples?)+!",
                                     r"(?:[a-z]+-?)+:"])  # fmt: skip
def test_lint_rejects_catastrophic_patterns_at_their_line_and_column(tmp_path, pattern):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "user.yaml").write_text(
        "description: a user's rule\n"
        "measures:\n"
        "  - id: user.thing\n"
        "    kind: stock\n"
        "    predicates:\n"
        "      - 'rescued'\n"
        f"      - '{pattern}'\n",
        encoding="utf-8",
    )
    code, _, stderr = cli("rules", "lint", "--rules", str(rules))
    assert code == 2
    assert f"{rules / 'user.yaml'}:7:9: user.thing predicates: pattern {pattern!r}" in stderr
    assert "backtracks catastrophically" in stderr


@pytest.mark.parametrize("pattern", [r"(?:\w+ ){0,3}end", r"(?:the|they)+ here", r"(?:[a-z]+-)*[a-z]+:",
                                     r"\d+(?:,\d{3})*"])  # fmt: skip
def test_lint_accepts_repetition_that_cannot_split_two_ways(tmp_path, pattern):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "user.yaml").write_text(
        f"description: a user's rule\nmeasures:\n  - id: user.thing\n    kind: stock\n    predicates: ['{pattern}']\n",
        encoding="utf-8",
    )
    code, stdout, stderr = cli("rules", "lint", "--rules", str(rules))
    assert code == 0, stderr
    assert "ok" in stdout


# -- 4. CSV cells neutralised ----------------------------------------------------------------------------
FORMULAS = ("=", "+", "-", "@", "\t", "\r")


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def test_no_csv_cell_can_run_as_a_formula_and_the_json_keeps_the_text(tmp_path):
    rows = [
        {"id": "=HYPERLINK(\"http://x.invalid\",\"click\")", "published": "2024-05-04",
         "text": "=cmd|' /C calc'!A0 Rescuers pulled 17 miners out alive in Chile on Saturday."},
        {"id": "@SUM(1+1)\x00b", "published": "2024-05-04", "outlet": "+Wire",
         "text": "-2+3 Rescuers pulled 15 miners out alive in Chile on Saturday."},
    ]  # fmt: skip
    (tmp_path / "feed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out"
    run_on([tmp_path / "feed.jsonl"], out=str(out))
    claims, flags = _rows(out / "claims.csv"), _rows(out / "discrepancies.csv")
    assert claims and flags
    numeric = {"low", "high", "low_inclusive", "high_inclusive", "start", "end"}
    for row in claims + flags:
        for column, cell in row.items():
            assert "\x00" not in cell
            if column not in numeric:
                assert not cell.startswith(FORMULAS), (column, cell)
    assert {r["article_id"] for r in claims} == {"'=HYPERLINK(\"http://x.invalid\",\"click\")", "'@SUM(1+1)b"}
    assert any(r["sentence"].startswith("'=cmd|") for r in claims)
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert {c["article_id"] for c in report["claims"]} == {rows[0]["id"], rows[1]["id"]}  # exact text kept
    assert any(a["text"].startswith("=cmd|") for a in report["articles"])  # a claim's sentence is a span of it
    assert any(c["sentence"].startswith("=cmd|") for c in read_report(out / "report.json")["claims"])


def test_negative_numbers_stay_numbers():
    from checker.report import csv_text, safe_cell

    text = csv_text([{"quote": "-5", "low": "-inf", "high": -5}], ["quote", "low", "high"])
    assert text.splitlines()[1] == "'-5,-inf,-5"
    assert safe_cell("\x1b[31mred\x07") == "[31mred"
    assert safe_cell("line one\nline two") == "line one\nline two"
    assert safe_cell(3) == 3


# -- 5. the reports of a run are one unit ----------------------------------------------------------------
def one_run(out: Path) -> str:
    """Assert `out` holds the four reports of one and the same run; return that run's start time."""
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    claims = {r["claim_id"] for r in _rows(out / "claims.csv")}
    flags = {r["discrepancy_id"] for r in _rows(out / "discrepancies.csv")}
    assert claims == {c["claim_id"] for c in report["claims"]}
    assert flags == {f["discrepancy_id"] for f in report["discrepancies"]}
    html = (out / "report.html").read_text(encoding="utf-8")
    assert report["run"]["started"] in html
    blob = html.split('<script id="cc-data"', 1)[1].split(">", 1)[1].split("</script>", 1)[0]
    assert {row["id"] for row in table_rows(decode_payload(blob.strip())["flags"])} == flags
    return str(report["run"]["started"])


def test_reports_are_files_users_open_and_one_run_is_kept(tmp_path):
    arts = tmp_path / "arts"
    arts.mkdir()
    (arts / "a.txt").write_text(FRONT + "Rescuers pulled 17 miners out alive in Chile on Saturday.\n")
    (arts / "b.txt").write_text(FRONT + "Rescuers pulled 15 miners out alive in Chile on Saturday.\n")
    out = tmp_path / "out"
    out.mkdir()
    (out / ".claims.csv.x1.tmp").write_bytes(b"left by a killed run of an earlier release")
    for _ in range(2):
        run_on([arts], out=str(out))
    for name in ("claims.csv", "discrepancies.csv", "report.json", "report.html"):
        assert (out / name).is_file()
    one_run(out)
    assert len(list((out / "runs").iterdir())) == 1  # the previous run's folder went with the swap
    assert not (out / ".claims.csv.x1.tmp").exists()
    assert sorted(p.name for p in out.iterdir()) == [".lock", "claims.csv", "current", "discrepancies.csv",
                                                    "report.html", "report.json", "runs"]  # fmt: skip


def test_a_run_waits_for_another_writing_the_same_reports_then_gives_up(tmp_path):
    from checker.errors import ClaimcheckError
    from checker.locks import exclusive

    arts = tmp_path / "arts"
    arts.mkdir()
    (arts / "a.txt").write_text(FRONT + "Rescuers pulled 17 miners out alive in Chile on Saturday.\n")
    out = tmp_path / "out"
    with exclusive(out / ".lock", 1, "test holds the reports"), pytest.raises(ClaimcheckError) as err:
        run_on([arts], out=str(out), lock_timeout=0.3)
    assert "another claimcheck run is writing its reports here" in str(err.value)
    assert not (out / "report.json").exists()
    assert list((out / "runs").iterdir()) == []  # the files it staged went with it


def test_staging_of_a_live_run_is_left_alone_and_of_a_dead_one_removed(tmp_path):
    from checker.report import remove_stale

    out = tmp_path / "out"
    live, dead = out / "runs" / f".staging-{os.getpid()}-x", out / "runs" / ".staging-999999999-y"
    for folder in (live, dead):
        folder.mkdir(parents=True)
        (folder / "claims.csv").write_text("half")
    assert remove_stale(out) == [dead]
    assert live.exists() and not dead.exists()


# -- 1. workers never hold the run's lock or database -------------------------------------------------------
@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="reads /proc")
def test_a_forked_worker_holds_neither_the_history_lock_nor_its_database(tmp_path):
    from checker.history import History

    path = tmp_path / "h.sqlite"
    hist = History(path)
    hist.open()
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # the worker: report what it holds, then stay alive while the parent lets go
        held = [os.readlink(f"/proc/self/fd/{fd}") for fd in os.listdir("/proc/self/fd")
                if os.path.exists(f"/proc/self/fd/{fd}")]  # fmt: skip
        os.write(write_end, json.dumps(held).encode() + b"\n")
        time.sleep(10)
        os._exit(0)
    try:
        os.close(write_end)
        held = json.loads(os.fdopen(read_end).readline())
        assert not [p for p in held if p.startswith(str(path))], held
        hist.close()
        with History(path, lock_timeout=0):  # free at once, though the worker still runs
            pass
    finally:
        os.kill(child, 9)
        os.waitpid(child, 0)


# -- 6. ids that survive what should not matter ----------------------------------------------------------
DESK = {
    "wire.txt": "Rescuers pulled 17 miners out alive in Chile on Saturday, officials said.\n\n"
                "The mine had been closed for repairs since March.",
    "daily.txt": "Rescuers pulled 15 miners out alive in Chile on Saturday.\n\n"
                 "Relatives waited at the gate through the night.",
    "radio.txt": "Rescuers pulled 17 miners out alive in Chile on Saturday, the governor said.",
}  # fmt: skip


def _desk(root: Path, names: dict[str, str], edits: dict[str, str] | None = None) -> Path:
    """The articles of one desk, all in one folder `feed/` (as a story step would see them: by content)."""
    for name, new in names.items():
        text = FRONT + DESK[name]
        if edits and name in edits:
            text = text.replace("\n\n", "\n\n" + edits[name] + " ")
        path = root / "feed" / new
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _flag_ids(root: Path, sources: list[Path] | None = None) -> set[str]:
    result = run_on(sources or [root])
    assert result.flags
    return {f.discrepancy_id for f in result.flags}


def test_flag_ids_survive_reordering_renaming_moving_and_another_paragraph(tmp_path):
    same = {n: n for n in DESK}
    ids = _flag_ids(_desk(tmp_path / "first", same))
    reversed_order = _desk(tmp_path / "order", same) / "feed"
    assert _flag_ids(tmp_path, sorted(reversed_order.iterdir(), reverse=True)) == ids
    renamed = {"wire.txt": "2024-05-04-wire.txt", "daily.txt": "zz-daily.txt", "radio.txt": "a-radio.txt"}
    assert _flag_ids(_desk(tmp_path / "renamed", renamed)) == ids
    moved = {"wire.txt": "wire.txt", "daily.txt": "late/daily.txt", "radio.txt": "late/radio.txt"}
    assert _flag_ids(_desk(tmp_path / "moved", moved)) == ids
    edited = _desk(tmp_path / "edited", same, edits={"wire.txt": "A second shaft was sealed off as a precaution."})
    assert _flag_ids(edited) == ids


# -- 8. a renamed file finds its claims in the history's cache -------------------------------------------
def test_a_renamed_file_hits_the_cache_and_gets_its_own_ids(tmp_path):
    arts = tmp_path / "arts"
    _desk(arts, {n: n for n in DESK})
    hist = str(tmp_path / "h.sqlite")
    first = run_on([arts], history=hist)
    assert first.info["extracted"] == 3
    (arts / "feed" / "wire.txt").rename(arts / "feed" / "wire-renamed.txt")
    second = run_on([arts], history=hist)
    assert (second.info["extracted"], second.info["from_cache"]) == (0, 3)
    fresh = run_on([arts])  # no history: extracted from scratch
    assert [c.model_dump() for c in second.claims] == [c.model_dump() for c in fresh.claims]
    assert any(c.article_id == "feed/wire-renamed.txt" for c in second.claims)


# -- 9. special files are refused, never read ------------------------------------------------------------
def _run_cli_process(tmp_path: Path, *sources: str) -> subprocess.CompletedProcess[str]:
    argv = [sys.executable, "-m", "checker", "run", *sources, "--rules", str(RULES), "--out", str(tmp_path / "out"),
            "--no-history", "--reconciliations", str(tmp_path / "r.yaml")]  # fmt: skip
    env = {**os.environ, "GX_ANALYTICS_ENABLED": "false"}
    return subprocess.run(argv, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)  # fmt: skip


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_fifo_named_on_the_command_line_is_refused_at_once(tmp_path):
    (tmp_path / "a.txt").write_text(FRONT + "Rescuers pulled 17 miners out alive.\n")
    os.mkfifo(tmp_path / "pipe.txt")
    done = _run_cli_process(tmp_path, "a.txt", "pipe.txt")  # would block forever on open() before
    assert done.returncode == 2, done.stderr
    assert "pipe.txt: not a regular file but a named pipe (FIFO); refused" in done.stderr
    code, _, stderr = cli("run", "/dev/null", "--rules", str(RULES), "--out", str(tmp_path / "out"), "--no-history")
    assert code == 2 and "/dev/null: not a regular file but a character device" in stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_special_files_in_a_folder_are_skipped_with_a_reason(tmp_path):
    from checker.sources import load_articles

    arts = tmp_path / "arts"
    arts.mkdir()
    (arts / "a.txt").write_text(FRONT + "Rescuers pulled 17 miners out alive.\n")
    os.mkfifo(arts / "pipe.txt")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(arts / "sock.txt"))
    try:
        loaded = load_articles([str(arts)])
    finally:
        server.close()
    assert [a.article_id for a in loaded.articles] == ["a.txt"]
    reasons = {Path(s.source).name: s.reason for s in loaded.skipped}
    assert "named pipe (FIFO)" in reasons["pipe.txt"] and "socket" in reasons["sock.txt"]
    assert stat.S_ISFIFO(os.stat(arts / "pipe.txt").st_mode)  # refused, never opened


def test_a_file_swapped_for_a_fifo_after_it_was_found_is_not_waited_on(tmp_path):
    from checker.sources.files import read_limited

    os.mkfifo(tmp_path / "late.txt")
    got = read_limited(str(tmp_path / "late.txt"), 1000)  # open() with O_NONBLOCK returns at once
    assert not isinstance(got, bytes) and "named pipe" in got.reason
