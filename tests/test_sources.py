"""Sources: every input format, every kind of bad input, the seeds, chrome and duplicate detection."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
from pathlib import Path

import pytest

from checker.models import Article
from checker.sources import LoadResult, load_articles, load_bytes
from checker.sources.clean import excluded_spans, find_duplicates, is_chrome_line
from checker.sources.fields import bounded_str, parse_date

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
BODY = (
    "Hamas released 17 hostages on Saturday, the ministry said in a statement. "
    "Qatar mediated the deal, which also freed 39 Palestinian prisoners from Israeli jails."
)


def load(*paths: Path | str, **kw: object) -> LoadResult:
    return load_articles([str(p) for p in paths], **kw)  # type: ignore[arg-type]


def only(result: LoadResult) -> Article:
    assert len(result.articles) == 1, (result.articles, result.skipped)
    return result.articles[0]


def reasons(result: LoadResult) -> list[str]:
    return [s.reason for s in result.skipped]


def assert_spans_valid(article: Article) -> None:
    previous_end = 0
    for s, e in article.excluded:
        assert 0 <= s < e <= len(article.text)
        assert s >= previous_end  # sorted and not overlapping
        previous_end = e


def excluded_texts(article: Article) -> list[str]:
    return [article.text[s:e] for s, e in article.excluded]


def is_excluded(article: Article, needle: str, occurrence: int = 0) -> bool:
    pos = -1
    for _ in range(occurrence + 1):
        pos = article.text.index(needle, pos + 1)
    return any(s <= pos and pos + len(needle) <= e for s, e in article.excluded)


# --- seeds ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds() -> dict[str, Article]:
    result = load_articles([str(SEEDS)])
    assert result.skipped == []
    return {a.article_id[:3]: a for a in result.articles}


def test_seeds_ids_are_relative_to_the_folder_and_sorted(seeds: dict[str, Article]) -> None:
    assert list(seeds) == ["000", "001", "002", "003", "004"]
    assert seeds["000"].article_id == "000_5d3805ccd57af57b.txt"
    assert seeds["000"].source == os.path.join(str(SEEDS), "000_5d3805ccd57af57b.txt")


def test_seed_first_line_date_is_used_and_stripped(seeds: dict[str, Article]) -> None:
    a = seeds["000"]
    assert (a.published, a.published_basis) == (dt.date(2023, 11, 27), "first_line")
    assert a.text.startswith("Russia positively assesses")
    assert a.meta["text_offset"] == "17"
    raw = (SEEDS / "000_5d3805ccd57af57b.txt").read_text(encoding="utf-8")
    assert raw[17:] == a.text  # the offset recovers the file position
    b = seeds["003"]
    assert (b.published, b.published_basis) == (dt.date(2023, 12, 11), "first_line")


def test_seed_004_page_chrome_is_excluded_and_prose_kept(seeds: dict[str, Article]) -> None:
    a = seeds["004"]
    assert_spans_valid(a)
    for chrome in ("twitter", "night_theme", "WHAT ARE YOU LOOKING FOR ?", "Any use of materials",
                   "Caliber.az © 2024", "A+", "Views: 116", "print", "copy link", "Ссылка скопирована",
                   "Follow us on Instagram", "The most important world news"):  # fmt: skip
        assert is_excluded(a, chrome), chrome
    assert is_excluded(a, "Follow us on Instagram", occurrence=1)
    assert is_excluded(a, "WORLD", occurrence=1)
    for prose in ("Hamas ready to prioritize release of two Russian citizens", "24 October 2024 10:53",
                  "more than 100,282 Palestinians", "The remaining two captives"):  # fmt: skip
        assert not is_excluded(a, prose), prose
    assert a.title == "Hamas ready to prioritize release of two Russian citizens"


def test_seed_002_repeated_paragraph_excluded_once(seeds: dict[str, Article]) -> None:
    a = seeds["002"]
    para = "At a meeting with representatives of the radical Palestinian movement Hamas in Moscow"
    assert a.text.count(para) == 2
    assert not is_excluded(a, para, occurrence=0)
    assert is_excluded(a, para, occurrence=1)
    assert a.excluded == [(a.text.index(para, a.text.index(para) + 1), a.excluded[0][1])]


def test_seed_001_embedded_tweet_links_and_attribution_excluded(seeds: dict[str, Article]) -> None:
    a = seeds["001"]
    assert is_excluded(a, "pic.twitter.com/Y5XD2SVGp5")
    assert is_excluded(a, "— The Palestine Chronicle (@PalestineChron) November 26, 2023")
    assert not is_excluded(a, "The third batch of Israeli captives was released")


def test_seeds_are_not_duplicates_and_hash_is_sha256(seeds: dict[str, Article]) -> None:
    import hashlib

    for a in seeds.values():
        assert a.duplicate_of is None
        assert a.content_hash == hashlib.sha256(a.text.encode()).hexdigest()
        assert_spans_valid(a)


def test_seed_file_given_directly_gets_the_same_id_as_via_its_folder() -> None:
    a = only(load(SEEDS / "003_9c2aea755511a6a3.txt"))
    assert a.article_id == "003_9c2aea755511a6a3.txt"


# --- text and markdown ---------------------------------------------------------------------------


def test_markdown_front_matter(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(
        "---\ntitle: Deal struck\nurl: https://www.tass.com/world/1\npublished: 2023-11-22\n"
        f"author: A. Writer\ntags: [hostages, qatar]\n---\n{BODY}\n",
        encoding="utf-8",
    )
    a = only(load(tmp_path))
    assert (a.title, a.url, a.outlet) == ("Deal struck", "https://www.tass.com/world/1", "tass.com")
    assert (a.published, a.published_basis) == (dt.date(2023, 11, 22), "front_matter")
    assert a.text == BODY + "\n"
    assert a.meta["author"] == "A. Writer"
    assert a.meta["tags"] == '["hostages", "qatar"]'
    assert a.meta["format"] == "md"


def test_front_matter_date_key_and_outlet(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        f"---\ndate: '24 October 2024'\noutlet: Caliber\n---\n{BODY}", encoding="utf-8"
    )
    a = only(load(tmp_path / "a.txt"))
    assert (a.published, a.outlet) == (dt.date(2024, 10, 24), "Caliber")


def test_header_lines_without_dashes_are_front_matter(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        f"url: https://news.example/x\npublished: 2026-02-03T08:15:00+01:00\n\n{BODY}", encoding="utf-8"
    )
    a = only(load(tmp_path / "a.txt"))
    assert (a.published, a.url, a.published_basis) == (dt.date(2026, 2, 3), "https://news.example/x", "front_matter")
    assert a.text == BODY


def test_a_first_line_of_prose_with_a_colon_is_no_header(tmp_path: Path) -> None:
    text = f"Update: 12 people were rescued overnight.\n\n{BODY}"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(f"Title: A night on the river\n\n{BODY}", encoding="utf-8")
    assert only(load(tmp_path / "a.txt")).text == text
    assert only(load(tmp_path / "b.txt")).text.startswith("Title:")  # a title alone dates and places nothing


def test_bad_front_matter_warns_with_line_and_keeps_article(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(f"---\ntitle: ok\nbad: [unclosed\n---\n{BODY}\n", encoding="utf-8")
    result = load(tmp_path / "a.md")
    a = only(result)
    [warning] = result.skipped
    assert not warning.fatal
    assert warning.line is not None and 2 <= warning.line <= 4
    assert warning.reason.startswith("bad front matter ignored")
    assert BODY in a.text
    assert is_excluded(a, "bad: [unclosed")  # the block stays in the text but out of extraction
    assert not is_excluded(a, BODY)


@pytest.mark.parametrize(
    ("block", "reason"),
    [
        ("published: 2023-02-30", "day is out of range for month"),  # YAML timestamp that is no date
        ("title: a\ntitle: b", 'found duplicate key "title"'),
        ("x: " + "[" * 5000, "maximum recursion depth exceeded"),
        ("x: !!python/object/apply:os.system ['true']", "could not determine a constructor"),
    ],
)
def test_regression_front_matter_that_broke_yaml(tmp_path: Path, block: str, reason: str) -> None:
    (tmp_path / "a.md").write_text(f"---\n{block}\n---\n{BODY}", encoding="utf-8")
    result = load(tmp_path / "a.md")
    assert BODY in only(result).text
    assert reason in reasons(result)[0] and not result.skipped[0].fatal


def test_front_matter_that_is_not_a_mapping(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(f"---\n- just\n- a list\n---\n{BODY}", encoding="utf-8")
    result = load(tmp_path / "a.md")
    assert only(result).title is None
    assert "expected key: value pairs" in reasons(result)[0]


def test_unclosed_front_matter_is_a_rule_not_metadata(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(f"---\n{BODY}\n", encoding="utf-8")
    result = load(tmp_path / "a.md")
    assert only(result).text == f"---\n{BODY}\n"
    assert result.skipped == []


def test_unreadable_front_matter_date_warns_and_falls_back(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(f"---\npublished: sometime\n---\n{BODY}", encoding="utf-8")
    result = load(tmp_path / "a.md")
    assert only(result).published_basis != "front_matter"
    assert "unreadable published date 'sometime'" in reasons(result)[0]


def test_invalid_first_line_date_warns(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(f" date 2023-02-30 {BODY}", encoding="utf-8")
    result = load(tmp_path / "a.txt")
    assert only(result).published_basis != "first_line"
    assert "not a calendar date" in reasons(result)[0]


def test_crlf_bom_and_controls_are_normalised(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"\xef\xbb\xbfLine one is here.\r\nLine\x07two.\r\n")
    a = only(load(tmp_path / "a.txt"))
    assert a.text == "Line one is here.\nLine two.\n"


# --- html ----------------------------------------------------------------------------------------

PAGE = """<!doctype html><html><head><title>Hamas frees 17 | Example</title>
<meta property="og:site_name" content="Example News">
<link rel="canonical" href="https://www.example.com/a/1">
<meta property="article:published_time" content="2023-11-26T10:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/w">World</a></nav>
<article><h1>Hamas frees 17 hostages</h1>
<p>Seventeen hostages were released on Saturday, the ministry said. This paragraph is long enough to count
as article text for the extractor to keep it, with a figure of 39 prisoners.</p>
<p>Another paragraph with 50 women and 150 prisoners in the exchange deal announced on Wednesday.</p>
</article><footer>© 2024 Example. All rights reserved.</footer></body></html>"""


def test_html_main_text_and_metadata(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    a = only(load(tmp_path))
    assert a.title == "Hamas frees 17 hostages"
    assert a.text.startswith("Hamas frees 17 hostages\n")
    assert "50 women and 150 prisoners" in a.text
    assert "Home" not in a.text and "All rights reserved" not in a.text
    assert (a.url, a.outlet) == ("https://www.example.com/a/1", "Example News")
    assert (a.published, a.published_basis) == (dt.date(2023, 11, 26), "metadata")
    assert a.meta["extractor"] == "trafilatura"


def test_html_declared_legacy_charset(tmp_path: Path) -> None:
    page = PAGE.replace("<head>", '<head><meta charset="windows-1251">').replace(
        "Another", "Ещё один абзац. Another"
    )
    (tmp_path / "p.htm").write_bytes(page.encode("cp1251"))
    result = load(tmp_path / "p.htm")
    a = only(result)
    assert "Ещё один абзац" in a.text
    assert a.meta["encoding"] == "cp1251"


def test_html_falls_back_to_lxml_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(html: str, url: str | None) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr("checker.sources.html._trafilatura", broken)
    (tmp_path / "t.html").write_text(
        "<html><head><title>T</title><script>var x = 5;</script></head><body><p>17 hostages freed.</p>"
        "<!-- 99 comment --><p>Second</p></body></html>",
        encoding="utf-8",
    )
    a = only(load(tmp_path / "t.html"))
    assert a.text == "T\n\n17 hostages freed.\nSecond"  # the <title> heads the text
    assert a.meta["extractor"] == "lxml"


@pytest.mark.parametrize(
    "markup",
    ["<html><body></body></html>", "<?xml version='1.0' encoding='utf-8'?><a/>", "<script>1</script>"],
)
def test_html_without_text_is_skipped_with_reason(tmp_path: Path, markup: str) -> None:
    (tmp_path / "x.html").write_text(markup, encoding="utf-8")
    result = load(tmp_path / "x.html")
    assert result.articles == []
    assert reasons(result) == ["no article text found in HTML"]


def test_malformed_and_deeply_nested_html_does_not_crash(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text("<div>" * 50_000 + "17 hostages" + "</p></span>" * 10, encoding="utf-8")
    (tmp_path / "b.html").write_text(
        "<p>Unclosed <b>bold <i>17 hostages were freed on Saturday", encoding="utf-8"
    )
    result = load(tmp_path)
    assert all(a.text for a in result.articles)
    assert "17 hostages were freed on Saturday" in result.articles[-1].text


# --- jsonl, csv, stdin ---------------------------------------------------------------------------


def test_jsonl_rows_ids_sources_and_meta(tmp_path: Path) -> None:
    rows = [
        {"id": "tass-1", "text": BODY, "title": "T", "url": "http://www.tass.com/x",
         "published": "2023-11-26", "section": "world", "score": 3},
        {"text": "Second article: 240 prisoners were freed under the deal on Friday."},
    ]  # fmt: skip
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    result = load(path)
    first, second = result.articles
    assert (first.article_id, first.source) == ("tass-1", f"{path}:1")
    assert (first.outlet, first.published, first.published_basis) == (
        "tass.com",
        dt.date(2023, 11, 26),
        "metadata",
    )
    assert first.meta == {"section": "world", "score": "3", "format": "jsonl"}
    assert second.article_id == second.source == f"{path}:2"
    assert result.skipped == []


def test_jsonl_broken_lines_reported_rest_read(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(
        "\n".join(
            [json.dumps({"text": BODY}), "{broken", "[1, 2]", json.dumps({"title": "no text"}),
             json.dumps({"text": "   "}), json.dumps({"text": 5}), "", json.dumps({"text": BODY + " More."})]
        ),
        encoding="utf-8",
    )  # fmt: skip
    result = load(path)
    assert [a.source for a in result.articles] == [f"{path}:1", f"{path}:8"]
    assert [(s.line, s.fatal) for s in result.skipped] == [
        (2, False),
        (3, False),
        (4, False),
        (5, False),
        (6, False),
    ]
    assert reasons(result) == [
        "not valid JSON: Expecting property name enclosed in double quotes",
        "expected a JSON object per line, got an array",
        "row has no 'text' field",
        "row has empty 'text'",
        "'text' is a int, not a string",
    ]


def test_jsonl_with_no_usable_row_is_fatal(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text("{broken\n", encoding="utf-8")
    result = load(path)
    assert result.articles == []
    assert result.skipped[-1].reason == "no readable rows" and result.skipped[-1].fatal


def test_duplicate_row_ids_are_renamed_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "f.jsonl"
    path.write_text(
        json.dumps({"id": "x", "text": BODY}) + "\n" + json.dumps({"id": "x", "text": "Other text, 5 dead."}),
        encoding="utf-8",
    )
    result = load(path)
    assert [a.article_id for a in result.articles] == ["x", f"{path}:2"]
    assert "duplicate id 'x'" in reasons(result)[0]


def test_csv_rows_with_big_fields_and_quoted_newlines(tmp_path: Path) -> None:
    big = "Seventeen hostages were released. " * 10_000  # 340 kB: over csv's 128 kB default field limit
    path = tmp_path / "a.csv"
    path.write_text(
        "id,Title,TEXT,published,desk\r\n"
        '1,First,"Line one, with comma.\r\nLine ""two"".",2023-11-26,world\r\n'
        f"2,Big,{big},26/11/2023,\r\n",
        encoding="utf-8",
    )
    result = load(path)
    first, second = result.articles
    assert (first.article_id, first.source, first.title) == ("1", f"{path}:2", "First")
    assert first.text == 'Line one, with comma.\nLine "two".'
    assert first.meta == {"desk": "world", "format": "csv"}
    assert (second.source, second.published) == (f"{path}:4", dt.date(2023, 11, 26))
    assert len(second.text) == len(big)


def test_csv_semicolon_delimiter_and_ragged_rows(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text(f"text;title\n{BODY};T\nShort text with 5 dead.;T2;extra\n", encoding="utf-8")
    result = load(path)
    assert [a.title for a in result.articles] == ["T", "T2"]
    assert result.skipped[0].reason == "row has 3 fields, header has 2" and result.skipped[0].line == 3


def test_csv_without_text_column_is_skipped_whole(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("id,body_html,title\n1,<p>x</p>,T\n", encoding="utf-8")
    result = load(path)
    assert result.articles == []
    assert reasons(result) == ["no 'text' column (columns: id, body_html, title)"]
    assert result.skipped[0].fatal


def test_stdin_jsonl() -> None:
    stream = io.StringIO(json.dumps({"id": "s1", "text": BODY}) + "\nnot json\n")
    result = load_articles(["-"], stdin=stream)
    a = only(result)
    assert (a.article_id, a.source) == ("s1", "stdin:1")
    assert result.skipped[0].source == "stdin" and result.skipped[0].line == 2
    assert result.inputs == ["-"]


def test_stdin_bytes_get_encoding_detection_and_dash_twice_reads_once() -> None:
    text = json.dumps({"text": "Министерство сообщило, что 17 заложников освобождены."}, ensure_ascii=False)
    stream = io.TextIOWrapper(io.BytesIO((text + "\n").encode("cp1251")), encoding="utf-8")
    result = load_articles(["-", "-"], stdin=stream)
    assert only(result).text.startswith("Министерство")
    assert "decoded as cp1251" in reasons(result)[0]


def test_stdin_empty() -> None:
    result = load_articles(["-"], stdin=io.StringIO(""))
    assert result.articles == [] and reasons(result) == ["standard input is empty"]


# --- folders and bad input -----------------------------------------------------------------------


def test_folder_recursive_sorted_hidden_skipped_unsupported_reported(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text(BODY + " z", encoding="utf-8")
    (tmp_path / "a.txt").write_text(BODY + " a", encoding="utf-8")
    (tmp_path / "C.MD").write_text("Another article: 3 people were hurt in the blast.", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_text("x", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "README").write_text("x", encoding="utf-8")
    result = load(tmp_path)
    assert [a.article_id for a in result.articles] == ["C.MD", "a.txt", "b/z.txt"]
    assert sorted(reasons(result)) == ["unsupported file type (no extension)", "unsupported file type .docx"]


def test_missing_path_and_several_inputs(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    result = load(tmp_path / "nope", tmp_path / "a.txt")
    assert len(result.articles) == 1
    assert result.skipped[0].source == str(tmp_path / "nope")
    assert result.skipped[0].reason == "no such file or directory"
    assert result.inputs == [str(tmp_path / "nope"), str(tmp_path / "a.txt")]


def test_nothing_usable_gives_no_articles_but_does_not_raise(tmp_path: Path) -> None:
    result = load(tmp_path / "nope")
    assert result.articles == [] and result.errors == result.skipped


def test_empty_whitespace_binary_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_bytes(b"  \n\t\n")
    (tmp_path / "c.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "d.csv").write_bytes(bytes(range(256)) * 4)
    result = load(tmp_path)
    assert result.articles == []
    assert reasons(result) == ["empty file", "empty file", "binary file", "binary file"]


def test_legacy_encoding_is_detected_with_a_warning(tmp_path: Path) -> None:
    text = "Министерство сообщило, что 17 заложников были освобождены в субботу вечером в Газе. " * 3
    (tmp_path / "a.txt").write_bytes(text.encode("cp1251"))
    result = load(tmp_path / "a.txt")
    assert only(result).text == text
    assert result.skipped[0].fatal is False and "not UTF-8: decoded as cp1251" in result.skipped[0].reason


def test_undecodable_bytes_are_replaced_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"17 hostages \xff\xfe\xff freed")
    result = load(tmp_path / "a.txt")
    a = only(result)
    assert "17 hostages" in a.text and "freed" in a.text
    assert not result.skipped[0].fatal


def test_utf16_with_bom(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(BODY.encode("utf-16"))
    assert only(load(tmp_path / "a.txt")).text == BODY


def test_file_over_max_bytes(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text("x" * 2_500_000, encoding="utf-8")
    (tmp_path / "small.txt").write_text(BODY, encoding="utf-8")
    result = load(tmp_path, max_bytes=1_000_000)
    assert [a.article_id for a in result.articles] == ["small.txt"]
    assert reasons(result) == ["file is 2.5 MB, over the limit of 1 MB (--max-bytes)"]


def test_unreadable_file_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "b.txt").write_text(BODY + " b", encoding="utf-8")
    real_open = os.open

    def fake_open(path: object, *args: object, **kwargs: object) -> object:
        if str(path).endswith("a.txt"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("os.open", fake_open)
    result = load(tmp_path)
    assert [a.article_id for a in result.articles] == ["b.txt"]
    assert reasons(result) == ["permission denied"]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads every file")
def test_unreadable_permissions_for_real(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(BODY, encoding="utf-8")
    path.chmod(0)
    assert reasons(load(path)) == ["permission denied"]


def test_symlink_loops_and_broken_links(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "sub" / "loop").symlink_to(tmp_path)  # points back up: would recurse forever
    (tmp_path / "self").symlink_to(tmp_path / "self")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "missing.txt")
    result = load(tmp_path)
    assert [a.article_id for a in result.articles] == ["sub/a.txt"]
    assert sorted(reasons(result)) == [
        "broken symbolic link",
        "symbolic link loop",
        "symbolic link loop (folder already being read)",
    ]


def test_each_file_is_read_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(tmp_path / "a.txt")
    monkeypatch.chdir(tmp_path)
    result = load(tmp_path, tmp_path / "a.txt", "./", "a.txt")
    assert [a.article_id for a in result.articles] == ["a.txt"]
    assert result.skipped == []


def test_same_relative_name_in_two_folders_uses_paths(tmp_path: Path) -> None:
    for folder in ("x", "y"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "a.txt").write_text(f"{BODY} From {folder}.", encoding="utf-8")
    result = load(tmp_path / "x", tmp_path / "y")
    assert [a.article_id for a in result.articles] == [
        (tmp_path / "x" / "a.txt").as_posix(),
        (tmp_path / "y" / "a.txt").as_posix(),
    ]


def test_load_bytes_in_memory() -> None:
    result = load_bytes(json.dumps({"text": BODY}).encode(), "mem.jsonl")
    assert only(result).source == "mem.jsonl:1"
    assert load_bytes(b"x", "a.pdf").skipped[0].reason == "unsupported file type .pdf"


# --- chrome, repeated paragraphs, duplicates -----------------------------------------------------


@pytest.mark.parametrize(
    "line",
    ["twitter", "YouTube", "Views: 116", "1,204 views", "© 2024 Caliber", "All rights reserved.", "print",
     "Follow us on Telegram", "We use cookies to improve your experience. Accept all cookies",
     "Read also: Hamas frees 17", "Photo: Reuters", "Copy link",
     "Any use of materials is allowed only with a link",
     "— Jane Doe (@jane) November 26, 2023", "Skip to main content", "Get alerts: download the free WXYZ News app",
     "64°F Partly cloudy Dunmore"],
)  # fmt: skip
def test_chrome_lines(line: str) -> None:
    assert is_chrome_line(line)


@pytest.mark.parametrize(
    "line",
    ["Hamas released 17 hostages.", "Twitter said 40 accounts were suspended on Monday.",
     "The print run was 50,000 copies.", "Follow the money, the minister said of the 12 million dollars.",
     "The court ruled on copyright claims by 40 authors.", "Skip the queue: 40 clinics open late",
     "Residents were told to download the county's app for evacuation alerts, which 12,000 did.",
     "It was 104°F in Phoenix when 3 hikers collapsed."],
)  # fmt: skip
def test_prose_is_not_chrome(line: str) -> None:
    assert not is_chrome_line(line)


def test_repeated_short_lines_are_all_excluded_but_long_ones_only_after_the_first() -> None:
    para = "The ministry said 224 hostages were held in the Gaza Strip, a figure that is not final."
    text = f"WORLD\n{BODY}\n\n{para}\n\n{para}\nWORLD\n{BODY} Again."
    spans = excluded_spans(text)
    kept = "".join(ch for i, ch in enumerate(text) if not any(s <= i < e for s, e in spans))
    assert "WORLD" not in kept
    assert kept.count(para) == 1 and text.index(para) < spans[1][0]


def test_menu_bars_are_chrome_but_a_headline_with_a_bar_and_a_table_of_figures_are_not() -> None:
    menu = "Home   World   Local Politics   Sports   Contact Us"
    footer = "Privacy Policy | Terms of Use | Closed Captioning"
    headline = "Two dead in quarry collapse | Dunmore"
    table = "Killed 12   Injured 40   Missing 3"
    text = f"{menu}\n{headline}\n\n{BODY}\n\n{table}\n\n{BODY} Again.\n{footer}"
    out = "".join(text[s:e] for s, e in excluded_spans(text))
    assert menu in out and footer in out
    assert headline not in out and table not in out


def test_a_list_of_other_stories_is_chrome_to_the_next_sentence() -> None:
    teasers = "Trending now\n  3 hurt as bus hits lamp post\n  Council approves new skate park"
    after = "Police said 2 more people came forward on Friday."
    text = f"{BODY}\n\n{teasers}\n{after}"
    out = "".join(text[s:e] for s, e in excluded_spans(text))
    assert "3 hurt as bus hits lamp post" in out and "skate park" in out
    assert after not in out


def test_footer_block_keeps_a_closing_list_of_figures() -> None:
    text = f"{BODY}\n\nKilled: 42,700\nInjured: 100,282\nBy A. Writer\nprint\ncopy link\nOur tagline here"
    kept = [text[s:e] for s, e in excluded_spans(text)]
    assert "Killed: 42,700" not in "".join(kept) and "Injured: 100,282" not in "".join(kept)
    assert "print" in "".join(kept) and "Our tagline here" in "".join(kept)


def test_short_article_without_chrome_excludes_nothing() -> None:
    assert excluded_spans("17 hostages freed") == []
    assert excluded_spans("") == []


def test_exact_and_near_duplicates_point_to_the_earliest(tmp_path: Path) -> None:
    long_body = " ".join(f"Sentence {i} says {i * 7} people were counted in district {i}." for i in range(60))
    (tmp_path / "1.txt").write_text(long_body, encoding="utf-8")
    (tmp_path / "2.txt").write_text(long_body, encoding="utf-8")
    # other wording and chrome, same figures: the same story
    near = long_body.replace("people were counted in district 30", "persons were counted in area 30")
    (tmp_path / "3.jsonl").write_text(
        json.dumps({"id": "near", "text": "twitter\n" + near}), encoding="utf-8"
    )
    other = " ".join(
        f"Paragraph {i}: talks on the truce in city {i} went on for {i} hours." for i in range(60)
    )
    (tmp_path / "4.txt").write_text(other, encoding="utf-8")
    result = load(tmp_path)
    assert [(a.article_id, a.duplicate_of) for a in result.articles] == [
        ("1.txt", None),
        ("2.txt", "1.txt"),
        ("near", "1.txt"),
        ("4.txt", None),
    ]


def test_a_short_wire_story_inside_a_long_article_is_not_a_duplicate() -> None:
    short = " ".join(f"Fact {i}: {i} hostages." for i in range(30))
    long = short + " " + " ".join(f"More context {i} with {i * 3} details." for i in range(200))
    assert find_duplicates([short, long]) == [None, None]


def test_same_story_with_other_figures_is_a_revision_not_a_duplicate(tmp_path: Path) -> None:
    story = " ".join(
        f"Sentence {i} says rescuers worked through the night in district {i}." for i in range(40)
    )
    (tmp_path / "a.txt").write_text(story + " In all 17 miners were rescued.", encoding="utf-8")
    (tmp_path / "b.txt").write_text(story + " In all 15 miners were rescued.", encoding="utf-8")
    _, second = load(tmp_path).articles
    assert second.duplicate_of is None
    assert second.meta["revision_of"] == "a.txt"


def test_shared_boilerplate_is_not_evidence_of_copying() -> None:
    import random

    rng = random.Random(7)
    vocab = [f"w{i}" for i in range(2000)]
    boiler = " ".join(f"follow our live blog {w} for the latest updates" for w in "abcdefghij")
    texts = [" ".join(rng.choices(vocab, k=120)) + " " + boiler for _ in range(2000)]
    texts.append(texts[5].replace("follow our", "follow my", 1))
    assert find_duplicates(texts) == [None] * 2000 + [5]


# --- helpers -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("2023-11-26", dt.date(2023, 11, 26)), ("2023-11-26T10:00:00Z", dt.date(2023, 11, 26)),
     ("26 November 2023", dt.date(2023, 11, 26)), ("November 26, 2023", dt.date(2023, 11, 26)),
     ("26.11.2023", dt.date(2023, 11, 26)), ("2023-11-26 10:00 MSK", dt.date(2023, 11, 26)),
     (dt.datetime(2023, 11, 26, 5), dt.date(2023, 11, 26)), ("yesterday", None), ("2023-02-30", None),
     (5, None), (1700000000, dt.date(2023, 11, 14)), (1700000000123, dt.date(2023, 11, 14)), (2023, None),
     (True, None), (float("nan"), None)],
)  # fmt: skip
def test_parse_date(raw: object, expected: dt.date | None) -> None:
    assert parse_date(raw) == expected


def test_bounded_str_survives_yaml_billion_laughs(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    (tmp_path / "bomb.md").write_text("---\n" + "\n".join(lines) + f"\n---\n{BODY}", encoding="utf-8")
    a = only(load(tmp_path / "bomb.md"))
    assert all(len(v) <= 10_000 for v in a.meta.values())
    assert len(bounded_str({"k": ["v"] * 10**6})) <= 10_000


@pytest.mark.parametrize(
    "block",
    [
        "title: Ferry sinks off Sulawesi, at least 34 dead\npublished: 2024-07-21\noutlet: Wire A",
        "title: Quake: 41 dead\ndate: 2024-01-02",  # a colon in a value goes to the YAML parser
        "url: https://example.org/a\npublished: 2024-07-21",
        "tags: [a, b]\ntitle: x",
    ],
)
def test_front_matter_fast_path_reads_what_yaml_reads(block):
    from ruamel.yaml import YAML

    from checker.sources.text import _load_yaml

    try:
        expected = YAML(typ="safe", pure=True).load(block)
    except Exception:
        expected = "error"
    try:
        got = _load_yaml(block)
    except Exception:
        got = "error"
    assert got == expected


def test_reasons_stay_on_one_line_even_when_quoting_a_broken_file():
    # found by the fuzz run: a CSV header with a quoted line break
    from checker.sources import load_bytes

    (skip,) = load_bytes(b'"!\n!', "fuzz.csv").skipped
    assert "\n" not in skip.reason and "no 'text' column" in skip.reason


def test_a_page_without_a_date_is_dated_by_the_day_its_url_files_it_under():
    body = "Quarry fire\n\nTwo workers were hurt when a fire broke out at the Lindqvist quarry on Monday."
    rows = [{"id": "a", "text": body, "url": "https://paper.example/news/2025/07/03/quarry-fire"},
            {"id": "b", "text": body + " ", "url": "https://paper.example/2025-07-04-quarry-fire.html"},
            {"id": "c", "text": body + "  ", "url": "https://paper.example/item/20250703123456"},
            {"id": "d", "text": body + "   ", "url": "https://paper.example/2025/02/31/quarry-fire"},
            {"id": "e", "text": "Published: July 1, 2025\n" + body,
             "url": "https://paper.example/2025/07/03/x"}]  # fmt: skip
    data = "\n".join(json.dumps(r) for r in rows).encode()
    got = {a.article_id: (a.published, a.published_basis) for a in load_bytes(data, "m.jsonl").articles}
    assert got["a"] == (dt.date(2025, 7, 3), "url")
    assert got["b"] == (dt.date(2025, 7, 4), "url")
    assert got["c"] == (None, "unknown")  # a filing number is no date
    assert got["d"] == (None, "unknown")  # not a calendar day
    assert got["e"] == (dt.date(2025, 7, 1), "dateline")  # the page's own dateline comes first


def test_a_box_of_other_stories_headlines_is_excluded_up_to_the_next_prose() -> None:
    body = "Two men were wounded outside a corner shop on Friday night, police said."
    after = "Detectives asked anyone with camera footage of the street to contact them."
    text = f"{body}\nTrending now:\n1. Four hurt as lorry hits bus shelter\n- 3 killed in farm fire near Ely\n{after}"
    kept = "".join(ch for i, ch in enumerate(text) if not any(s <= i < e for s, e in excluded_spans(text)))
    assert body in kept and after in kept
    assert "Four hurt" not in kept and "3 killed" not in kept and "Trending" not in kept


@pytest.mark.parametrize("head", ["Trending on WKRN", "More from the Valley Star", "Recent News Releases"])
def test_a_box_named_after_the_site_is_a_box_too(head: str) -> None:
    body = "A woman was shot in the arm outside a laundromat on Tuesday, police said."
    text = f"{body}\n{head}\n2 dead in crash on Route 9\nTeen hurt in shooting near park"
    kept = "".join(ch for i, ch in enumerate(text) if not any(s <= i < e for s, e in excluded_spans(text)))
    assert body in kept and "2 dead" not in kept and "Teen hurt" not in kept


def test_a_heading_word_inside_prose_opens_no_box() -> None:
    text = "Trending topics are not news.\nThree people were hurt when a wall fell, the council said."
    assert excluded_spans(text) == []
