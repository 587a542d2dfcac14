"""HTML pages: main text and metadata via trafilatura (lazy-imported), with a plain lxml fallback."""

from __future__ import annotations

import logging
from typing import Any

from .decode import normalise_text
from .fields import Draft, apply_fields

_BLOCK_TAGS = frozenset(
    ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "blockquote", "pre",
     "article", "section", "header", "footer", "ul", "ol", "table", "figcaption", "dd", "dt")
)  # fmt: skip
_DROP_TAGS = ("script", "style", "noscript", "template", "svg", "nav", "head", "iframe", "form", "button")


def _trafilatura(html: str, url: str | None) -> dict[str, Any] | None:
    import trafilatura  # lazy: ~0.3 s import, only paid when a corpus has HTML

    # trafilatura logs every page it cannot parse; the loader reports that itself.
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
    )
    if doc is None:
        return None
    return doc if isinstance(doc, dict) else doc.as_dict()


def _lxml_text(html: str) -> tuple[str, str | None]:
    """Visible text and <title>, block elements on their own lines (when trafilatura finds nothing)."""
    import lxml.html

    # bytes, because lxml refuses a str that carries an XML encoding declaration
    root = lxml.html.document_fromstring(html.encode("utf-8", "replace"))
    title_el = root.find(".//title")
    title = title_el.text_content().strip() if title_el is not None else None
    for el in list(root.iter(*_DROP_TAGS)):  # a list: the tree must not change under a live iterator
        if el.getparent() is not None:
            el.drop_tree()
    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        line = " ".join("".join(current).split())
        if line:
            lines.append(line)
        current.clear()

    for event, el in _iterwalk(root):
        # comments and processing instructions have a non-str tag; their .text is not page text
        tag = el.tag if isinstance(el.tag, str) else None
        if event == "start":
            if tag in _BLOCK_TAGS:
                flush()
            if el.text and tag is not None:
                current.append(el.text)
        else:
            if tag in _BLOCK_TAGS:
                flush()
            if el.tail:
                current.append(el.tail)
    flush()
    return "\n".join(lines), title or None


def _iterwalk(root: Any) -> Any:
    from lxml import etree

    return etree.iterwalk(root, events=("start", "end"))


def parse_html(html: str, draft: Draft) -> tuple[str | None, str | None]:
    """Fill `draft` from a page; return (why the page is skipped, a warning), either may be None."""
    data: dict[str, Any] | None = None
    try:
        data = _trafilatura(html, None)
    except Exception:  # a third-party parser on arbitrary markup: any failure means "use the fallback"
        data = None
    text = normalise_text(str(data.get("text") or "")).strip() if data else ""
    fallback_title = None
    if not text:
        try:
            text, fallback_title = _lxml_text(html)
        except Exception:  # lxml raises ParserError, ValueError, RecursionError on hostile markup
            text = ""
        text = normalise_text(text).strip()
        draft.meta["extractor"] = "lxml"
    else:
        draft.meta["extractor"] = "trafilatura"
    if not text:
        return "no article text found in HTML", None
    data = data or {}
    canonical = {
        "title": data.get("title") or fallback_title,
        "url": data.get("url"),
        "outlet": data.get("sitename"),
        "published": data.get("date"),
    }
    warning = apply_fields(draft, {k: v for k, v in canonical.items() if v}, "metadata")
    for key in ("author", "description", "hostname", "language"):
        if data.get(key):
            draft.meta[key] = str(data[key])
    title = draft.title
    # Headlines carry claims ("Hamas frees 17 hostages"); trafilatura leaves them out of the body.
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}"
    draft.text = text
    return None, warning
