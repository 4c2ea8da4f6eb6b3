"""An HTML page's article text and metadata, read by trafilatura from one parse of the page.

The text leaves out scripts, navigation, comment forms and footers; the
metadata are the fields :func:`geo.ingest.article.make_article` reads
(title, source, url, published, language). The date is the markup's (meta
tags, JSON-LD, ``<time>``, as trafilatura reads them, then microdata), or
else the byline's (:func:`geo.ingest.dates.byline_date`).

When trafilatura finds no text or fails, the page's text is read by
:func:`plain_text` instead: markup nested thousands deep is cut short by
libxml2's depth limit, and trafilatura then sees an empty page.
"""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

from geo.ingest.dates import byline_date, read_date
from geo.ingest.errors import EmptyFileError

#: Where a page states its language; trafilatura does not read it.
_LANGUAGE_XPATHS = (
    "/html/@lang",
    "//meta[@http-equiv='content-language']/@content",
    "//meta[@property='og:locale']/@content",
)

#: The publication date from the page's markup only: a date in the text is often the event's, not the article's.
_DATE_SEARCH = {"extensive_search": False, "original_date": True}
#: Microdata's publication date, which trafilatura does not read.
_DATE_XPATHS = (
    "//*[@itemprop='datePublished']/@content",
    "//*[@itemprop='datePublished']/@datetime",
    "//*[@itemprop='datePublished']//text()",
)


def read_webpage(html: str, origin: str) -> tuple[str, dict[str, str]]:
    """(main text, metadata) of an HTML page; paragraphs are separated by a blank line.

    Raises :class:`EmptyFileError` for a page with no text.
    """
    import trafilatura

    tree = trafilatura.load_html(html)
    if tree is None:
        return _plain_page(html, origin)
    language = _first(tree, _LANGUAGE_XPATHS)  # before extraction, which prunes the tree
    microdata_date = _first(tree, _DATE_XPATHS)
    title = _first(tree, ("//title//text()",))
    try:
        page = trafilatura.bare_extraction(
            tree, with_metadata=True, include_comments=False, include_tables=True, favor_precision=True,
            date_extraction_params=_DATE_SEARCH,
        )
    except Exception:  # noqa: BLE001 -- the extractor failing (RecursionError on deep markup) must not lose the page
        page = None
    if page is None or not (page.text or "").strip():
        text, meta = _plain_page(html, origin)
        return text, {key: value for key, value in {"title": title, "language": language, **meta}.items() if value}
    # trafilatura puts one block a line; a blank line between keeps paragraphs countable.
    text = re.sub(r"\n+", "\n\n", page.text)
    published = page.date or _date(microdata_date) or byline_date(text)
    meta = {"title": page.title, "source": page.sitename, "url": page.url,
            "published": published.isoformat() if isinstance(published, dt.date) else published,
            "language": language}
    return text, {key: value for key, value in meta.items() if value}


def _plain_page(html: str, origin: str) -> tuple[str, dict[str, str]]:
    """(text, metadata) of a page trafilatura could not read: :func:`plain_text`, and the byline's date."""
    text = plain_text(html)
    if not text:
        raise EmptyFileError(f"{origin}: no article text found in the HTML page")
    published = byline_date(text)
    return text, {"published": published.isoformat()} if published else {}


class _TextOnly(HTMLParser):
    """Collects the text of a page outside scripts, styles and its head, a paragraph at each block tag."""

    HIDDEN = frozenset({"script", "style", "noscript", "template", "head", "svg"})
    BLOCKS = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
                        "blockquote", "header", "footer", "table", "ul", "ol"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        self.hidden += tag in self.HIDDEN
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self.hidden = max(self.hidden - 1, 0)
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def plain_text(html: str) -> str:
    """The text of an HTML page by a tag-stripping pass (the standard library's tokenizer, which keeps no tree,
    so no depth limit): scripts, styles and the head left out, one paragraph a block, separated by a blank line.

    >>> plain_text("<html><head><title>T</title></head><body><div><p>Kabul &amp; Herat</p><p>Kunduz</p></div>")
    'Kabul & Herat\\n\\nKunduz'
    """
    reader = _TextOnly()
    reader.feed(html)
    reader.close()
    lines = (" ".join(line.split()) for line in "".join(reader.parts).splitlines())
    return "\n\n".join(line for line in lines if line)


def _date(value: str | None) -> dt.date | None:
    """A microdata date: ISO (``2021-07-07T08:00``) or written out (``July 7, 2021``)."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return read_date(value)


def _first(tree, xpaths: tuple[str, ...]) -> str | None:
    """The first non-blank value any of ``xpaths`` finds in ``tree``, its spaces collapsed."""
    for xpath in xpaths:
        for value in tree.xpath(xpath):
            if str(value).strip():
                return " ".join(str(value).split())
    return None
