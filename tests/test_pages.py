"""AppTest runs of the map explorer and the Articles page against a seeded temp store.

The store is seeded with the seed article through the test geoparser
(tests/fake_parser.py), so these tests neither wait on nor break with the
real geoparser; the browser tests use the real one.
"""


import doctest

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import ui.article
import ui.excerpts
import ui.filters
import ui.page
import ui.sidebar
import ui.urls
from geo.exc import BadInput, MissingData, StoreUnavailable
from geo.ingest import Ingestor, ensure_seed
from geo.store import FACETS, Store
from tests import fake_parser

#: A third article, in English from another source, so that counting articles means something.
WIRE_TEXT = "Talks in Doha went on late.\n\nDelegates flew back to Kabul."
EVIL_TITLE = "Evil <script>alert(1)</script> title"
EVIL_TEXT = "Fighting in Kabul <img src=x onerror=alert(1)> and <script>alert(1)</script> near Kabul."


@pytest.fixture(scope="module")
def store_url(tmp_path_factory):
    path = tmp_path_factory.mktemp("pages") / "kharita.db"
    with Store.open(path) as store:
        ingestor = Ingestor(store, fake_parser.PARSER)
        ensure_seed(store, ingestor)
        ingestor.ingest_text(EVIL_TEXT, title=EVIL_TITLE, source="<b>Bad source</b>", published="2021-07-08",
                             language="en")
        ingestor.ingest_text(WIRE_TEXT, title="Talks in Doha", source="Wire", published="2021-08-01", language="en")
    return str(path)


@pytest.fixture
def app(store_url, monkeypatch):
    monkeypatch.setenv("KHARITA_DB", store_url)
    fake_parser.install(monkeypatch)  # the app's own parser, as the store's

    def make(path="../app.py", **params):
        at = AppTest.from_file(path, default_timeout=120)
        for key, value in params.items():
            at.query_params[key] = value
        return at.run()

    return make


def html_bodies(at) -> str:
    return "\n".join(element.proto.body for element in at.get("html"))


def test_home_lists_filters_with_counts_and_afghan_provinces_first(app):
    at = app()
    assert not at.exception and not at.error
    options = next(m for m in at.multiselect if m.label == "Province").options
    names = [o.rsplit(" (", 1)[0] for o in options]
    assert options[0] == "Badghis (7)"  # the most mentioned Afghan province, with its count
    assert len(names) == 35 and names[-1] == "Doha"  # all 34 Afghan provinces first, then the rest
    assert "Baghlan (0)" in options
    labels = [m.label for m in at.multiselect]
    assert labels == ["Province", "District", "Country", "Kind of place", "Article", "Source", "Language"]
    offered = {m.label: m.options for m in at.multiselect}
    assert offered["District"] == ["Kabul (6)", "Qala-i-Naw (4)", "Herat (1)"]  # counted by the store
    assert offered["Country"][0] == "Afghanistan (27)" and offered["Language"] == ["Arabic (39)", "English (4)"]
    assert offered["Kind of place"] == ["country (21)", "province (4)", "city (17)", "border (1)"]  # KINDS order
    assert "Talks in Doha (2)" in offered["Article"]
    assert at.toggle[0].label == "Show demonyms" and at.toggle[0].value is False
    assert any("places ·" in c.value for c in at.caption)


def test_selected_place_shows_marked_rtl_excerpts_linking_to_the_paragraph(app):
    at = app(place="test:qala")
    assert not at.exception and not at.error
    body = html_bodies(at)
    assert "Qala-i-Naw" in body and "قلعة ناو" in body
    excerpts = body.split('class="kh-excerpt"')[1:]
    assert len(excerpts) >= 3
    for excerpt in excerpts:
        assert '<blockquote dir="rtl" lang="ar">' in excerpt
        assert "<mark>قلعة ناو</mark>" in excerpt
        assert 'href="Articles?read=1&amp;paragraph=' in excerpt
    assert "Badghis province" in body and "Afghanistan" in body


def test_province_filter_comes_from_the_url_and_narrows_the_places(app):
    at = app(province="Badghis")
    assert not at.exception and not at.error
    province = next(m for m in at.multiselect if m.label == "Province")
    assert province.value == ["Badghis"]
    caption = next(c.value for c in at.caption if "places ·" in c.value)
    assert caption.startswith("2 places")  # Badghis and Qala-i-Naw


def test_the_summary_counts_under_every_filter_the_article_filter_too(app):
    at = app(article="1")
    assert not at.exception and not at.error
    caption = next(c.value for c in at.caption if "places ·" in c.value)
    assert caption.endswith(" · 1 article")


def test_a_filter_leaving_nothing_says_so_and_offers_the_way_back(app):
    at = app(province="Badghis", q="no such words anywhere")
    assert not at.exception
    assert "No place is mentioned under these filters." in [w.value for w in at.warning]
    clear = next(b for b in at.button if b.label.startswith("Clear filters and"))
    at = clear.click().run()
    assert dict(at.query_params) == {}


def test_changing_a_filter_writes_the_url(app):
    at = app()
    kind = next(m for m in at.multiselect if m.label == "Kind of place")
    at = kind.select("city").run()
    assert not at.exception
    assert "city" in str(at.query_params["kind"])
    assert next(m for m in at.multiselect if m.label == "Kind of place").value == ["city"]


def test_article_page_marks_every_mention_and_targets_the_paragraph(app):
    at = app("../pages/Articles.py", read="1", paragraph="3")
    assert not at.exception and not at.error
    body = html_bodies(at)
    assert '<div class="kh-article" dir="rtl" lang="ar">' in body
    assert '<p id="p-3" class="kh-target">' in body
    assert body.count('class="kh-mention kh-kind-city"') >= 4
    assert 'href="./?place=test%3Aqala"' in body


def test_hostile_article_renders_as_text_everywhere(app):
    at = app("../pages/Articles.py", read="2")
    assert not at.exception and not at.error
    body = html_bodies(at)
    assert "<script>alert" not in body and "<img src=x" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body and "&lt;img src=x onerror=alert(1)&gt;" in body
    at = app(place="test:kabul")
    body = html_bodies(at)
    assert "<script>alert" not in body and "<img src=x" not in body
    assert "Evil &lt;script&gt;alert(1)&lt;/script&gt; title" in body and "&lt;b&gt;Bad source&lt;/b&gt;" in body


def test_unknown_article_says_so(app):
    at = app("../pages/Articles.py", read="999")
    assert not at.exception
    assert any("no article 999" in w.value for w in at.warning)


def test_an_excerpt_link_keeps_the_filters(app):
    at = app(place="test:qala", province="Badghis", kind=["city", "province"])
    assert not at.exception and not at.error
    excerpts = html_bodies(at).split('class="kh-excerpt"')[1:]
    assert excerpts
    for excerpt in excerpts:
        assert 'href="Articles?province=Badghis&amp;kind=city&amp;kind=province&amp;read=1&amp;paragraph=' in excerpt


def test_the_article_links_back_to_the_map_under_the_filters(app):
    at = app("../pages/Articles.py", read="1", province="Badghis", article="1")
    assert not at.exception and not at.error
    body = html_bodies(at)
    assert 'href="./?province=Badghis&amp;article=1&amp;place=test%3Aqala"' in body
    assert 'class="kh-back" href="./?province=Badghis&amp;article=1"' in body


def test_on_the_articles_page_the_article_filter_is_not_the_article_read(app):
    at = app("../pages/Articles.py", article="1")
    assert not at.exception and not at.error
    assert at.selectbox[0].value is None
    at = app("../pages/Articles.py", read="3", article="1")
    assert "Talks in Doha" in html_bodies(at)


def test_choosing_an_article_keeps_the_filters(app):
    at = app("../pages/Articles.py", province="Badghis")
    at = at.selectbox[0].select(3).run()
    assert not at.exception
    assert str(at.query_params["read"]) == "3" and "Badghis" in str(at.query_params["province"])
    assert "Talks in Doha" in html_bodies(at)


def test_the_article_facet_offers_the_most_mentioned_articles_and_the_chosen_one():
    facet = next(f for f in FACETS if f.param == "article")
    counted = pd.DataFrame({"value": range(1, 301), "label": [f"Story {i}" for i in range(1, 301)],
                            "count": range(300, 0, -1)})
    values, label = ui.sidebar.options(facet, counted, ["300"])
    assert len(values) == 201 and values[:2] == ["1", "2"] and values[-1] == "300"
    assert label("1") == "Story 1 (300)" and label("300") == "300 (0)"


UI_MODULES = [ui.urls, ui.excerpts, ui.article, ui.filters, ui.page, ui.sidebar]


@pytest.mark.parametrize("module", UI_MODULES, ids=lambda m: m.__name__)
def test_ui_doctests(module):
    assert doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE).failed == 0


def _failing_page(error):
    from ui import page

    with page.friendly_errors("opening the article store"):
        raise error


@pytest.mark.parametrize(("error", "message"), [
    (StoreUnavailable("connection refused"), "The article store can't be reached (connection refused)."),
    (MissingData("no gazetteer index"), "Some of Kharita's data is missing (no gazetteer index): run make data"),
    (BadInput("not a date: 2021-13-01"), "not a date: 2021-13-01"),
    (KeyError("lat"), "Sorry — opening the article store failed: 'lat'."),
])
def test_a_page_that_fails_says_so_plainly(error, message):
    at = AppTest.from_function(_failing_page, args=(error,), default_timeout=60).run()
    assert not at.exception
    assert at.error[0].value.startswith(message)
