"""An HTML page's article text and metadata, read by trafilatura from one parse of the page.

The text leaves out scripts, navigation, comment forms and footers; the
metadata are the fields :func:`geo.ingest.article.make_article` reads
(title, source, url, published, language).
"""

from __future__ import annotations

import re

from geo.ingest.errors import EmptyFileError, IngestError

#: Where a page states its language; trafilatura does not read it.
_LANGUAGE_XPATHS = (
    "/html/@lang",
    "//meta[@http-equiv='content-language']/@content",
    "//meta[@property='og:locale']/@content",
)

#: The publication date from the page's markup only: a date in the text is often the event's, not the article's.
_DATE_SEARCH = {"extensive_search": False, "original_date": True}


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
    page = trafilatura.bare_extraction(
        tree, with_metadata=True, include_comments=False, include_tables=True, favor_precision=True,
        date_extraction_params=_DATE_SEARCH,
    )
    if page is None or not (page.text or "").strip():
        raise EmptyFileError(f"{origin}: no article text found in the HTML page")
    meta = {"title": page.title, "source": page.sitename, "url": page.url, "published": page.date,
            "language": language}
    # trafilatura puts one block a line; a blank line between keeps paragraphs countable.
    return re.sub(r"\n+", "\n\n", page.text), {key: value for key, value in meta.items() if value}


def _first(tree, xpaths: tuple[str, ...]) -> str | None:
    """The first non-blank value any of ``xpaths`` finds in ``tree``, its spaces collapsed."""
    for xpath in xpaths:
        for value in tree.xpath(xpath):
            if str(value).strip():
                return " ".join(str(value).split())
    return None
