"""Property tests: no bytes, rows, CSV or markup make the source loaders raise or emit a bad article."""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from checker.sources import LoadResult, load_articles, load_bytes
from checker.sources.clean import excluded_spans, find_duplicates, guess_title
from checker.sources.decode import normalise_text

# CLAIMCHECK_FUZZ_EXAMPLES=5000 for a deeper nightly run; the default keeps the suite quick.
EXAMPLES = int(os.environ.get("CLAIMCHECK_FUZZ_EXAMPLES", "150"))
FUZZ = settings(
    max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
EXTENSIONS = [".txt", ".md", ".html", ".jsonl", ".csv", ".tsv"]

# Text that exercises the awkward corners: controls, surrogate escapes, RTL, combining marks, NUL.
_fragments = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=12),
    st.sampled_from(
        [
            *"\x00\r\n\t\ufeff\u2028\u0301©<>&\"',;|-#: ",
            *(
                "---\n",
                " date ",
                "2023-11-27",
                "twitter\n",
                "Views: 116\n",
                "\n\n",
                "Hamas released 17 hostages. ",
            ),
        ]
    ),
)
awkward_text = st.lists(_fragments, max_size=30).map("".join)


def check(result: LoadResult) -> None:
    """The invariants every load keeps, whatever it was fed."""
    ids = [a.article_id for a in result.articles]
    assert len(ids) == len(set(ids))
    for a in result.articles:
        assert a.text.strip() and a.article_id and a.source
        assert len(a.content_hash) == 64
        a.text.encode("utf-8")  # no lone surrogates: every writer downstream must be able to encode it
        assert "\x00" not in a.text and "\r" not in a.text
        previous = 0
        for s, e in a.excluded:
            assert previous <= s < e <= len(a.text)
            previous = e
        assert a.duplicate_of is None or a.duplicate_of in ids
    for skip in result.skipped:
        assert skip.reason and "\n" not in skip.reason


@FUZZ
@given(
    data=st.one_of(
        st.binary(max_size=3000),
        awkward_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
        awkward_text.map(lambda t: t.encode("cp1251", "replace")),
        awkward_text.map(lambda t: t.encode("utf-16")),
    ),
    ext=st.sampled_from(EXTENSIONS),
)
@example(data=b"\xff\xfe\x00\xd8", ext=".txt")  # UTF-16 BOM then a lone surrogate
@example(data=b"---\n*a\n---\nx", ext=".md")  # YAML alias to nothing
@example(data=b"---\n!!python/object:os.system\n---\nx", ext=".md")  # unsafe tag: refused, not run
@example(data=b'{"text": "\\ud800 x"}', ext=".jsonl")  # JSON escape of a lone surrogate
@example(data=b'{"text": "x", "id": "' + b"9" * 5000 + b'"}', ext=".jsonl")
@example(data=b'{"text": "x", "n": ' + b"9" * 5000 + b"}", ext=".jsonl")  # int over Python's digit limit
@example(data=b"[" * 100_000, ext=".jsonl")  # nested past the recursion limit
@example(data=b'text\n"unterminated', ext=".csv")
@example(data=b"text\n\x1b[31m red", ext=".csv")
@example(data=b"<?xml version='1.0' encoding='latin-1'?><p>\xe9</p>", ext=".html")
@example(data=b"<meta charset='bogus-charset'>\xe9\xe9", ext=".html")
@example(data=b"\x1b" * 50, ext=".txt")
def test_random_bytes_never_raise(data: bytes, ext: str) -> None:
    check(load_bytes(data, "fuzz" + ext))


@FUZZ
@given(
    records=st.lists(
        st.one_of(
            st.dictionaries(
                st.sampled_from(
                    ["id", "text", "title", "url", "published", "date", "outlet", "Text", "x", ""]
                ),
                st.one_of(
                    awkward_text, st.integers(), st.none(), st.booleans(), st.lists(st.integers(), max_size=3)
                ),
                max_size=6,
            ),
            st.lists(st.integers(), max_size=3),
            awkward_text,
        ),
        max_size=12,
    ),
    junk=st.lists(st.text(max_size=40), max_size=3),
)
def test_random_jsonl_never_raises(records: list[object], junk: list[str]) -> None:
    lines = [json.dumps(r) for r in records] + junk
    result = load_bytes("\n".join(lines).encode("utf-8", "surrogatepass"), "feed.jsonl")
    check(result)
    readable = [
        r for r in records if isinstance(r, dict) and isinstance(r.get("text"), str) and r["text"].strip()
    ]
    assert len(result.articles) <= len(records)
    if not junk and all(isinstance(r, dict) for r in records):
        assert len(result.articles) >= sum(
            1 for r in readable if normalise_text(r["text"]).strip() and "Text" not in r
        )


@FUZZ
@given(
    header=st.lists(
        st.sampled_from(["id", "text", "title", "published", "body", "x", "", "TEXT"]), min_size=1
    ),
    rows=st.lists(st.lists(awkward_text, max_size=6), max_size=10),
    delimiter=st.sampled_from([",", ";", "\t"]),
)
def test_random_csv_never_raises(header: list[str], rows: list[list[str]], delimiter: str) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    result = load_bytes(buf.getvalue().encode("utf-8", "surrogatepass"), "sheet.csv")
    check(result)
    if not any(h.lower() in ("text", "body") for h in header):
        assert result.articles == []
        assert result.skipped[0].fatal  # no text column (or an empty / binary-looking file)


tags = st.sampled_from(
    ["p", "div", "script", "style", "article", "h1", "title", "br", "nav", "table", "td", "a"]
)


@st.composite
def markup(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 30))):
        kind = draw(st.integers(0, 4))
        tag = draw(tags)
        if kind == 0:
            parts.append(f"<{tag}>")
        elif kind == 1:
            parts.append(f"</{tag}>")
        elif kind == 2:
            parts.append(draw(awkward_text))
        elif kind == 3:
            parts.append(f'<meta property="og:{draw(st.sampled_from(["title", "url", "site_name"]))}" '
                         f'content="{draw(awkward_text)}">')  # fmt: skip
        else:
            parts.append(
                draw(st.sampled_from(["<!--", "-->", "<![CDATA[", "]]>", "&amp;", "&#0;", "&#xD800;", "<"]))
            )
    return "".join(parts)


@settings(
    max_examples=max(EXAMPLES // 2, 10),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(page=markup())
@example(page="<html><head><title>x</title></head></html>")
@example(page="&#xD800;<p>text &#0; more</p>")
def test_random_html_never_raises(page: str) -> None:
    check(load_bytes(page.encode("utf-8", "surrogatepass"), "page.html"))


@FUZZ
@given(text=awkward_text)
def test_excluded_spans_and_titles_on_any_text(text: str) -> None:
    text = normalise_text(text)
    spans = excluded_spans(text)
    previous = 0
    for s, e in spans:
        assert previous <= s < e <= len(text)
        previous = e
    title = guess_title(text, spans)
    assert title is None or title in text


@FUZZ
@given(texts=st.lists(st.text(alphabet="ab 1", max_size=60), max_size=20))
def test_duplicates_point_backwards(texts: list[str]) -> None:
    for i, dup in enumerate(find_duplicates(texts)):
        assert dup is None or (dup < i and texts[dup])


@settings(
    max_examples=max(EXAMPLES // 6, 5),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    files=st.dictionaries(
        st.from_regex(r"[a-z]{1,6}(/[a-z]{1,4})?\.(txt|md|html|jsonl|csv|bin)", fullmatch=True),
        st.binary(max_size=500),
        max_size=6,
    )
)
def test_random_folders_never_raise(files: dict[str, bytes]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for name, data in files.items():
            path = root / name
            if path.parent.is_file() or path.is_dir():
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        check(load_articles([tmp, str(root / "missing.txt")]))


@pytest.mark.parametrize("name", ["a.txt", "a.jsonl", "a.csv", "a.html"])
def test_regression_only_whitespace_and_bom(name: str) -> None:
    result = load_bytes(b"\xef\xbb\xbf \n\t", name)
    assert result.articles == [] and result.skipped[0].reason == "empty file"
