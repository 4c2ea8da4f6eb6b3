"""An HTML page's article text and metadata, read by trafilatura from one parse of the page.

The text leaves out scripts, navigation, comment forms and footers; the
metadata are the fields :func:`geo.ingest.article.make_article` reads
(title, source, url, published, language). The date is the markup's (meta
tags, JSON-LD, ``<time>``, as trafilatura reads them, then microdata), or
else the byline's (:func:`geo.ingest.dates.byline_date`).
"""

from __future__ import annotations

import datetime as dt
import re

from geo.ingest.dates import byline_date, read_date
from geo.ingest.errors import EmptyFileError, IngestError

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

    Raises :class:`IngestError` for markup that does not parse and
    :class:`EmptyFileError` for a page with no article text.
    """
    import trafilatura

    tree = trafilatura.load_html(html)
    if tree is None:
        raise IngestError(f"{origin}: cannot read the HTML")
    language = _first(tree, _LANGUAGE_XPATHS)  # before extraction, which prunes the tree
    microdata_date = _first(tree, _DATE_XPATHS)
    page = trafilatura.bare_extraction(
        tree, with_metadata=True, include_comments=False, include_tables=True, favor_precision=True,
        date_extraction_params=_DATE_SEARCH,
    )
    if page is None or not (page.text or "").strip():
        raise EmptyFileError(f"{origin}: no article text found in the HTML page")
    # trafilatura puts one block a line; a blank line between keeps paragraphs countable.
    text = re.sub(r"\n+", "\n\n", page.text)
    published = page.date or _date(microdata_date) or byline_date(text)
    meta = {"title": page.title, "source": page.sitename, "url": page.url,
            "published": published.isoformat() if isinstance(published, dt.date) else published,
            "language": language}
    return text, {key: value for key, value in meta.items() if value}


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
