"""AppTest runs of the map explorer and the Articles page against the realistic store.

The store is tests/fixtures.py's, geoparsed by the test geoparser
(tests/fake_parser.py), so these tests neither wait on nor break with the
real geoparser; the browser tests fill the same store with the real one.
"""


import doctest
import html
import re

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
from geo.store import FACETS, Store
from tests import fake_parser
from tests.fixtures import HOSTILE_PLACE, HOSTILE_SOURCE, HOSTILE_TITLE, fill


@pytest.fixture(scope="module")
def realistic(tmp_path_factory) -> tuple[str, dict[str, int]]:
    """The realistic store in a SQLite file: its path, and its article ids by name."""
    path = tmp_path_factory.mktemp("pages") / "kharita.db"
    with Store.open(path) as store:
        ids = fill(store, fake_parser.PARSER)
    return str(path), ids


@pytest.fixture
def ids(realistic) -> dict[str, str]:
    """The realistic store's article ids by name, as a URL holds them."""
    return {name: str(article_id) for name, article_id in realistic[1].items()}


@pytest.fixture
def app(realistic, monkeypatch):
    monkeypatch.setenv("KHARITA_DB", realistic[0])
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
    assert options[0] == "Badghis (13)"  # the most mentioned Afghan province, with its count
    assert len(names) == 35 and names[-1] == "Doha"  # all 34 Afghan provinces first, then the rest
    assert "Baghlan (0)" in options
    labels = [m.label for m in at.multiselect]
    assert labels == ["Province", "District", "Country", "Kind of place", "Article", "Source", "Language"]
    offered = {m.label: m.options for m in at.multiselect}
    assert offered["District"] == ["Kabul (8)", "Qala-i-Naw (8)", "Herat (2)"]  # counted by the store, a tie by name
    assert offered["Country"][0] == "Afghanistan (36)" and offered["Language"] == ["Arabic (42)", "English (14)"]
    assert offered["Kind of place"] == [  # KINDS order
        "country (22)", "province (6)", "city (25)", "border (2)", "custom (1)"]
    assert "Talks in Doha (2)" in offered["Article"]
    assert at.toggle[0].label == "Show demonyms" and at.toggle[0].value is False
    assert any("places ·" in c.value for c in at.caption)


def test_selected_place_shows_marked_rtl_excerpts_linking_to_the_paragraph(app, ids):
    at = app(place="test:qala")
    assert not at.exception and not at.error
    body = html_bodies(at)
    assert "Qala-i-Naw" in body and "قلعة ناو" in body
    excerpts = body.split('class="kh-excerpt"')[1:]
    read = []
    for excerpt in excerpts:
        link = re.search(r'href="Articles\?read=(\d+)&amp;paragraph=(\d+)#p-\2"', excerpt)
        assert link, excerpt
        read.append(link.group(1))
        if link.group(1) == ids["badghis"]:  # the one English story that names it
            assert '<blockquote dir="ltr" lang="en">' in excerpt and "<mark>Qala-i-Naw</mark>" in excerpt
        else:
            assert '<blockquote dir="rtl" lang="ar">' in excerpt and "<mark>قلعة ناو</mark>" in excerpt
    # Newest first; the seed's sentence that names it twice is one excerpt with both names marked.
    assert read == [ids["arabic"]] * 2 + [ids["badghis"]] * 2 + [ids["seed"]] * 3
    assert max(excerpt.count("<mark>قلعة ناو</mark>") for excerpt in excerpts) == 2
    assert sum(b.label.startswith("Wrong place?") for b in at.button) == 8  # one a mention
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


def test_article_page_marks_every_mention_and_targets_the_paragraph(app, ids):
    at = app("../pages/Articles.py", read=ids["seed"], paragraph="3")
    assert not at.exception and not at.error
    body = html_bodies(at)
    assert '<div class="kh-article" dir="rtl" lang="ar">' in body
    assert '<p id="p-3" class="kh-target">' in body
    assert body.count('class="kh-mention kh-kind-city"') >= 4
    assert 'href="./?place=test%3Aqala"' in body


def test_hostile_article_renders_as_text_everywhere(app, ids):
    at = app("../pages/Articles.py", read=ids["hostile"])
    assert not at.exception and not at.error
    body = html_bodies(at)
    assert "<script>alert" not in body and "<img src=x" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body and "&lt;img src=x onerror=alert(1)&gt;" in body
    assert html.escape(HOSTILE_TITLE) in body and "[more](javascript:alert(1))" in body  # Markdown stays text
    assert 'href="javascript:' not in body
    at = app(place="test:kabul")
    body = html_bodies(at)
    assert "<script>alert" not in body and "<img src=x" not in body
    assert html.escape(HOSTILE_TITLE) in body and html.escape(HOSTILE_SOURCE) in body
    at = app(place="custom:33.00000,66.00000")  # the spot a correction named
    body = html_bodies(at)
    assert "<img src=x" not in body and f"<h3>{html.escape(HOSTILE_PLACE)}</h3>" in body


def test_unknown_article_says_so(app):
    at = app("../pages/Articles.py", read="999")
    assert not at.exception
    assert any("no article 999" in w.value for w in at.warning)


def test_an_excerpt_link_keeps_the_filters(app):
    at = app(place="test:qala", province="Badghis", kind=["city", "province"])
    assert not at.exception and not at.error
    excerpts = html_bodies(at).split('class="kh-excerpt"')[1:]
    assert excerpts
    link = re.compile(r'href="Articles\?province=Badghis&amp;kind=city&amp;kind=province&amp;read=\d+&amp;paragraph=')
    for excerpt in excerpts:
        assert link.search(excerpt), excerpt


def test_the_article_links_back_to_the_map_under_the_filters(app):
    at = app("../pages/Articles.py", read="1", province="Badghis", article="1")
    assert not at.exception and not at.error
    body = html_bodies(at)
    assert 'href="./?province=Badghis&amp;article=1&amp;place=test%3Aqala"' in body
    assert 'class="kh-back" href="./?province=Badghis&amp;article=1"' in body


def test_on_the_articles_page_the_article_filter_is_not_the_article_read(app, ids):
    at = app("../pages/Articles.py", article=ids["seed"])
    assert not at.exception and not at.error
    assert at.selectbox[0].value is None
    at = app("../pages/Articles.py", read=ids["wire"], article=ids["seed"])
    assert "Talks in Doha" in html_bodies(at)


def test_choosing_an_article_keeps_the_filters(app, ids):
    at = app("../pages/Articles.py", province="Badghis")
    at = at.selectbox[0].select(int(ids["wire"])).run()
    assert not at.exception
    assert str(at.query_params["read"]) == ids["wire"] and "Badghis" in str(at.query_params["province"])
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
