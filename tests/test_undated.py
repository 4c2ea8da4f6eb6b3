"""Undated articles under a date filter: left out unless ``?undated=1``, and never silently.

The store's side runs against SQLite and PostgreSQL alike, on the realistic
store plus two articles with no date; the page's side is an AppTest of the map.
"""

from __future__ import annotations

import datetime as dt

import pytest

from geo.ingest import Ingestor
from geo.records import Article
from geo.store import Filters, Store
from tests import fake_parser
from tests.fixtures import fill, page_runner

#: Two articles with no date: one names Kabul, one Doha (the realistic store's sources are other outlets).
UNDATED = (
    Article(title="Kabul, undated", text="Crowds gathered in Kabul again.", source="Blog", language="en"),
    Article(title="Doha, undated", text="Talks in Doha resumed.", source="Blog", language="en"),
)
JULY = Filters(date_from=dt.date(2021, 7, 1), date_to=dt.date(2021, 7, 31))


def add_undated(store: Store) -> list[int]:
    ingestor = Ingestor(store, fake_parser.PARSER)
    return [ingestor.ingest_article(article).article_id for article in UNDATED]


@pytest.fixture
def with_undated(store: Store) -> Store:
    fill(store, fake_parser.PARSER)
    add_undated(store)
    return store


def test_undated_round_trips_through_the_url() -> None:
    assert Filters.from_query_params({"undated": ["1"]}).include_undated is True
    assert Filters.from_query_params({}).include_undated is False
    assert Filters(include_undated=True).to_query_params() == {"undated": "1"}
    assert "undated" not in Filters().to_query_params()


def test_a_date_range_leaves_undated_articles_out_and_counts_them(with_undated: Store) -> None:
    summary = with_undated.summary(JULY)
    assert summary.undated == 2
    assert "Kabul, undated" not in set(with_undated.excerpts("test:kabul", JULY)["title"])
    assert "Blog" not in set(with_undated.facets(JULY)["source"]["value"])


def test_undated_keeps_them_under_the_date_range(with_undated: Store) -> None:
    both = Filters(date_from=JULY.date_from, date_to=JULY.date_to, include_undated=True)
    assert with_undated.summary(both).articles == with_undated.summary(JULY).articles + 2
    assert with_undated.summary(both).undated == 2  # still counted, so the switch can say what it lets in
    assert "Kabul, undated" in set(with_undated.excerpts("test:kabul", both)["title"])
    sources = with_undated.facets(both)["source"]
    assert "Blog" in set(sources["value"])


def test_one_end_of_the_range_is_a_date_filter_too(with_undated: Store) -> None:
    assert with_undated.summary(Filters(date_from=dt.date(2021, 8, 1))).undated == 2
    assert with_undated.summary(Filters(date_to=dt.date(2021, 7, 31))).undated == 2


def test_without_a_date_range_nothing_is_hidden(with_undated: Store) -> None:
    assert with_undated.summary().undated == 0
    assert with_undated.summary().articles == 6 + 2


def test_the_count_follows_the_other_filters(with_undated: Store) -> None:
    assert with_undated.summary(Filters(date_from=JULY.date_from, sources=("Reuters",))).undated == 0
    assert with_undated.summary(Filters(date_from=JULY.date_from, provinces=("Kabul",))).undated == 1


# ---------------------------------------------------------------- the page


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("undated") / "kharita.db"
    with Store.open(path) as store:
        fill(store, fake_parser.PARSER)
        add_undated(store)
    return str(path)


@pytest.fixture
def app(store_path, monkeypatch):
    return page_runner(store_path, monkeypatch)


def undated_switch(at):
    return next((t for t in at.toggle if "undated" in t.label), None)


def test_the_sidebar_says_how_many_undated_articles_the_date_filter_hides(app):
    at = app(**{"from": "2021-07-01", "to": "2021-07-31"})
    assert not at.exception and not at.error
    assert any(c.value == "2 undated articles are hidden by the date filter." for c in at.sidebar.caption)
    switch = undated_switch(at)
    assert switch is not None and switch.value is False
    switch.set_value(True).run()
    assert at.query_params["undated"] in ("1", ["1"])
    assert undated_switch(at).value is True
    assert any(c.value == "2 undated articles are shown with the dated ones." for c in at.sidebar.caption)


def test_no_switch_without_a_date_filter(app):
    at = app()
    assert not at.exception and undated_switch(at) is None
