"""One big article must never hurt anyone else (issue 14): the Articles page reads it a page at a time, the store
hands out one page's mentions, and every list and map says how much of it it shows.

The big article is :func:`big_article`: one paragraph geoparsed once and repeated, each copy numbered and its
mentions moved along, so 3,000 paragraphs and tens of thousands of mentions take a second to build with any
parser (the test geoparser here, the real one in the browser test).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from geo.ingest import Parser
from geo.records import Article, Mention, ParseResult, Place
from geo.store import Store
from tests.fixtures import fill, page_runner

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


# ---- the Articles page and the map's panel on a store holding the big article (AppTest, the test geoparser)

@pytest.fixture(scope="module")
def big_store(tmp_path_factory) -> tuple[str, int]:
    """A SQLite store holding the big article (3,000 paragraphs, 36,000 mentions) and an article naming 600
    places once each; the store's path and the big article's id."""
    from tests import fake_parser

    path = tmp_path_factory.mktemp("big") / "kharita.db"
    with Store.open(path) as store:
        article_id = add_big_article(store, fake_parser.PARSER)
        store.add_article(*many_places(600), parser_version=fake_parser.PARSER_VERSION,
                          gazetteer_version=fake_parser.GAZETTEER_VERSION)
    return str(path), article_id


def many_places(count: int) -> tuple[Article, ParseResult]:
    """An article of ``count`` sentences, each naming a village of its own (``test:v0001``...)."""
    sentences = [f"Fighting reached Village{i:04d} today." for i in range(count)]
    text = " ".join(sentences)
    mentions, position = [], 0
    for i, sentence in enumerate(sentences):
        start = position + len("Fighting reached ")
        place = Place(id=f"test:v{i:04d}", name=f"Village{i:04d}", kind="city", lat=34 + i / 1000, lon=65.0,
                      country_code="AF", admin1="Herat", population=100, names={"en": f"Village{i:04d}"})
        mentions.append(Mention(start=start, end=start + 11, text=f"Village{i:04d}", place=place,
                                sentence=(position, position + len(sentence))))
        position += len(sentence) + 1
    return Article(title="Six hundred villages", text=text, language="en"), ParseResult("en", tuple(mentions))


@pytest.fixture(autouse=True)
def fresh_caches():
    """No query result of another test's store: the pages' caches are keyed by article id and store revision,
    which two stores can share."""
    import streamlit as st

    st.cache_data.clear()


@pytest.fixture
def run(big_store, monkeypatch):
    return page_runner(big_store[0], monkeypatch, "../pages/Articles.py")


def html_bodies(at) -> str:
    return "\n".join(element.proto.body for element in at.get("html"))


def paragraph_ids(body: str) -> list[int]:
    return [int(n) for n in re.findall(r'<p id="p-(\d+)"', body)]


def test_the_reader_shows_a_long_article_a_page_at_a_time(run, big_store):
    at = run(read=str(big_store[1]))
    assert not at.exception and not at.error
    status = [c.value for c in at.caption if c.value.startswith("Page ")]
    assert status == ["Page 1 of 60 · paragraphs 1–50 of 3,000 · showing 600 of 36,000 mentions"]
    assert at.pagination[0].num_pages == 60 and at.pagination[0].value == 1
    body = html_bodies(at)
    assert paragraph_ids(body) == list(range(50))
    assert body.count('class="kh-mention ') == 50 * 12  # the page's mentions, and only those
    assert "Report 00049." in body and "Report 00050." not in body
    # The check list is the page's, capped and saying so.
    assert [c.value for c in at.caption if "this page" in c.value] == ["Showing 500 of this page's 600 mentions."]
    assert len([b for b in at.button if b.key and b.key.startswith("fix-")]) == 500
    assert any(e.label.startswith("Check every place on this page (600 mentions)") for e in at.expander)

    assert f'<span></span><a href="Articles?read={big_store[1]}&amp;page=2" target="_self">Next page →</a>' in body

    at = at.pagination[0].set_value(2).run()
    body = html_bodies(at)
    assert paragraph_ids(body) == list(range(50, 100)) and body.count('class="kh-mention ') == 600
    assert "Report 00050." in body and "Report 00049." not in body


def test_an_excerpt_link_opens_the_page_of_its_paragraph_and_a_page_stays_in_the_link(run, big_store):
    at = run(read=str(big_store[1]), paragraph="1234")
    assert at.pagination[0].value == 25
    body = html_bodies(at)
    assert paragraph_ids(body) == list(range(1200, 1250)) and '<p id="p-1234" class="kh-target">' in body
    turn = f'<div class="kh-turn"><a href="Articles?read={big_store[1]}&amp;page=24" target="_self">← Previous page</a>'
    assert turn + f'<a href="Articles?read={big_store[1]}&amp;page=26" target="_self">Next page →</a></div>' in body
    at = run(read=str(big_store[1]), page="60")
    body = html_bodies(at)
    assert paragraph_ids(body) == list(range(2950, 3000))
    assert 'page=59" target="_self">← Previous page</a><span></span></div>' in body  # no page after the last
    for wrong in ("999", "0", "x"):  # a page the article has not: its first page
        at = run(read=str(big_store[1]), page=wrong)
        assert not at.exception and paragraph_ids(html_bodies(at))[:1] == [0]


def test_the_reader_speaks_arabic(run, big_store):
    at = run(read=str(big_store[1]), lang="ar")
    assert not at.exception
    assert "الصفحة ١ من ٦٠ · الفقرات ١–٥٠ من ٣٬٠٠٠ · تُعرض ٦٠٠ من ٣٦٬٠٠٠ إشارة" in [c.value for c in at.caption]
    assert "تُعرض ٥٠٠ من ٦٠٠ إشارة في هذه الصفحة." in [c.value for c in at.caption]


def test_the_articles_map_draws_its_most_mentioned_places_and_says_how_many_of_all(run, big_store):
    with Store.open(big_store[0]) as store:
        villages = int(store.articles().query("title == 'Six hundred villages'")["article_id"].iloc[0])
    at = run(read=str(villages))
    assert not at.exception and not at.error
    assert "Showing 500 of 600 places: the most mentioned." in [c.value for c in at.caption]
    drawn = set(re.findall(r"test:v\d{4}", str(at.get("component_instance")[0].proto)))
    assert len(drawn) == 500
    at = run(read=str(big_store[1]))  # two places: all drawn, nothing to say
    assert not [c.value for c in at.caption if "places:" in c.value]


def test_the_maps_panel_lists_the_newest_excerpts_of_a_place_and_says_how_many_of_all(big_store, monkeypatch):
    at = page_runner(big_store[0], monkeypatch)(place="test:kabul")
    assert not at.exception and not at.error
    body = html_bodies(at)
    assert 0 < body.count('class="kh-excerpt"') <= 100
    assert "Showing the newest 100 of 18,000 mentions" in body


def test_a_story_takes_the_first_mention_of_each_place_from_an_aggregate(store):
    from geo.story import story_from_article
    from tests import fake_parser

    ids = fill(store, fake_parser.PARSER)  # the realistic stories: a demonym, a border, corrections
    article_id = add_big_article(store, fake_parser.PARSER, 300)
    text = store.article(article_id).text
    first = store.first_mentions(article_id)
    assert first["place_id"].tolist() == ["test:kabul", "test:herat"]  # a row a place, in text order
    assert first["start"].tolist() == [text.index("Kabul"), text.index("Herat")]
    assert list(first.columns) == list(store.article_mentions(article_id).columns)
    everything = store.article_mentions(article_id)
    assert story_from_article(text, first) == story_from_article(text, everything)
    for name, article_id in ids.items():
        text, everything = store.article(article_id).text, store.article_mentions(article_id)
        for demonyms in (False, True):
            assert story_from_article(text, store.first_mentions(article_id, demonyms=demonyms),
                                      demonyms=demonyms) == story_from_article(text, everything,
                                                                               demonyms=demonyms), name


def test_the_home_map_draws_its_most_mentioned_places_and_says_how_many_of_all(tmp_path, monkeypatch):
    from tests import fake_parser

    path = tmp_path / "kharita.db"
    with Store.open(path) as store:
        store.add_article(*many_places(2100), parser_version=fake_parser.PARSER_VERSION,
                          gazetteer_version=fake_parser.GAZETTEER_VERSION)
    at = page_runner(str(path), monkeypatch)()
    assert not at.exception and not at.error
    assert "Showing 2,000 of 2,100 places: the most mentioned." in [c.value for c in at.caption]
    drawn = set(re.findall(r"test:v\d{4}", str(at.get("component_instance")[0].proto)))
    assert len(drawn) == 2000
