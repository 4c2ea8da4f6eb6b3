"""One big article must never hurt anyone else (issue 14): the Articles page reads it a page at a time, the store
hands out one page's mentions, and every list and map says how much of it it shows.

The big article is :func:`big_article`: one paragraph geoparsed once and repeated, each copy numbered and its
mentions moved along, so 3,000 paragraphs and tens of thousands of mentions take a second to build with any
parser (the test geoparser here, the real one in the browser test).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from geo.ingest import Parser
from geo.records import Article, ParseResult
from geo.store import Store

#: One paragraph of the big article, ``{n}`` its number (always five digits, so every copy is as long).
PARAGRAPH = (
    "Report {n}. Fighting near Kabul went on overnight, and officials in Herat said the road from Herat to Kabul"
    " was closed. Convoys left Kabul for Herat at dawn. Traders in Herat said prices in Kabul rose. Elders from"
    " Herat met elders from Kabul, and the talks in Kabul ended when the delegation flew back to Herat."
)
TITLE = "The long war in Kabul and Herat"


def big_article(parser: Parser, paragraphs: int = 3000) -> tuple[Article, ParseResult]:
    """An article of ``paragraphs`` numbered copies of :data:`PARAGRAPH`, and its parse: ``parser``'s mentions
    of the first copy, repeated in every other at its offset."""
    copies = [PARAGRAPH.format(n=f"{i:05d}") for i in range(paragraphs)]
    step = len(copies[0]) + 2  # the blank line between paragraphs
    first = parser.parse(copies[0], lang="en")
    mentions = tuple(
        dataclasses.replace(m, start=m.start + i * step, end=m.end + i * step, paragraph=i,
                            sentence=(m.sentence[0] + i * step, m.sentence[1] + i * step))
        for i in range(paragraphs) for m in first.mentions
    )
    article = Article(title=TITLE, text="\n\n".join(copies), source="Wire", language="en",
                      published=dt.date(2021, 8, 20))
    return article, ParseResult(language="en", mentions=mentions)


def add_big_article(store: Store, parser: Parser, paragraphs: int = 3000) -> int:
    """Store :func:`big_article` as ``parser`` would have (its versions, so nothing is reparsed); its id."""
    article, result = big_article(parser, paragraphs)
    article_id, added = store.add_article(article, result, parser_version=parser.version,
                                          gazetteer_version=parser.gazetteer_version)
    assert added
    return article_id


def test_the_store_hands_out_one_page_of_an_articles_mentions(store):
    from tests import fake_parser

    article_id = add_big_article(store, fake_parser.PARSER, 300)
    everything = store.article_mentions(article_id)
    assert len(everything) == 300 * 12
    text = store.article(article_id).text
    start, end = text.index("Report 00010."), text.index("Report 00020.")
    page = store.article_mentions(article_id, start, end)
    assert len(page) == 10 * 12 and set(page["paragraph"]) == set(range(10, 20))
    assert page["start"].is_monotonic_increasing and page["start"].min() >= start and page["start"].max() < end
    assert all(text[s:e] == t for s, e, t in zip(page["start"], page["end"], page["text"], strict=True))
    assert list(page.columns) == list(everything.columns)
    first = store.article_mentions(article_id, start, end, limit=5)
    assert first.to_dict("records") == page.head(5).to_dict("records")  # the first five in text order
    assert store.article_mentions(article_id, limit=7)["mention_id"].tolist() == everything["mention_id"][:7].tolist()
    assert store.article_mentions(article_id, len(text), len(text) + 10).empty
    assert store.article_mentions(article_id + 1, 0, 10**9, limit=10).empty
