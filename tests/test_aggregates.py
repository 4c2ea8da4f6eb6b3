"""The totals kept in step on write (geo/store/aggregates.py) agree with a direct count of the mentions.

After ingest, a correction of each kind, an undo, a reparse and an alias, on both backends: the
totals' tables equal what the mentions say, counted here in Python; and every page query the totals
answer (places, summary, facets, provinces) returns what the scan over ``article_places`` returns.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pandas as pd
import pytest

from geo.ingest import Ingestor, Parser
from geo.records import Article
from geo.store import Filters, Store, aggregates, schema
from geo.store.facets import ArticleFacet
from geo.store.schema import MIGRATIONS
from tests import fake_parser as fp
from tests.fixtures import fill

#: Filters the totals answer, and a few they leave to the scan.
FILTERS = [
    Filters(), Filters(include_demonyms=True), Filters(provinces=("Badghis",)), Filters(kinds=("city",)),
    Filters(provinces=("Badghis",), districts=("Qala-i-Naw",)), Filters(countries=("TJ",)),
    Filters(provinces=("Kabul", "Badghis"), include_demonyms=True), Filters(sources=("Reuters",)),
    Filters(date_from=dt.date(2021, 7, 8)), Filters(text="Kabul"),
]


def direct_totals(store: Store) -> tuple[dict, dict]:
    """``(place_totals, group_totals)`` as the mentions say, counted in Python: place → (literal, demonym,
    articles literally, articles at all, corrected in those, corrected), group → (literal, demonym, articles
    literally, articles at all)."""
    _, rows = store._db.query(
        "SELECT m.article_id, m.place_id, m.role, m.correction_id, p.admin1, p.admin2, a.source, a.language"
        " FROM mentions m JOIN places p ON p.id = m.place_id JOIN articles a ON a.id = m.article_id"
    )
    pairs: dict = defaultdict(lambda: [0, 0, 0])  # (article, place) → literal, demonym, corrected
    groups_of: dict = defaultdict(set)
    for article, place, role, correction, admin1, admin2, source, language in rows:
        counts = pairs[(article, place)]
        counts[0 if role == "literal" else 1] += 1
        counts[2] += correction is not None
        groups_of[(article, place)] = {("all", "", "")} | {
            g for g, keep in ((("admin1", "", admin1), admin1), (("admin2", admin1 or "", admin2), admin2),
                              (("source", "", source), source), (("language", "", language), language)) if keep}
    places: dict = defaultdict(lambda: [0] * 6)
    per_article_group: dict = defaultdict(lambda: [0, 0])
    for (article, place), (literal, demonym, corrected) in pairs.items():
        total = places[place]
        for i, v in enumerate((literal, demonym, literal > 0, 1, corrected if literal else 0, corrected)):
            total[i] += v
        for group in groups_of[(article, place)]:
            per_article_group[(article, group)][0] += literal
            per_article_group[(article, group)][1] += demonym
    groups: dict = defaultdict(lambda: [0] * 4)
    for (_, group), (literal, demonym) in per_article_group.items():
        for i, v in enumerate((literal, demonym, literal > 0, 1)):
            groups[group][i] += v
    return {k: tuple(v) for k, v in places.items()}, {k: tuple(v) for k, v in groups.items()}


def stored_totals(store: Store) -> tuple[dict, dict]:
    """The totals' tables, rows that count nothing (an article's share taken back) left out."""
    _, places = store._db.query("SELECT * FROM place_totals WHERE articles_any > 0")
    _, groups = store._db.query("SELECT * FROM group_totals WHERE articles_any > 0")
    return ({r[0]: tuple(int(v) for v in r[1:]) for r in places},
            {tuple(r[:3]): tuple(int(v) for v in r[3:]) for r in groups})


def scanned(store: Store, monkeypatch: pytest.MonkeyPatch, call):
    """``call()`` with the totals switched off: what the scan over article_places returns."""
    with monkeypatch.context() as m:
        for name in ("places", "summary", "facet_group", "divisions"):
            m.setattr(aggregates, name, lambda *args, **kwargs: None)
        return call()


def assert_in_step(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    places, groups = direct_totals(store)
    assert places, "the store names places"
    assert stored_totals(store) == (places, groups)
    for f in FILTERS:
        pd.testing.assert_frame_equal(store.places(f), scanned(store, monkeypatch, lambda f=f: store.places(f)))
        assert store.summary(f) == scanned(store, monkeypatch, lambda f=f: store.summary(f)), f
        facets, scan = store.facets(f), scanned(store, monkeypatch, lambda f=f: store.facets(f))
        for param, frame in facets.items():
            pd.testing.assert_frame_equal(frame, scan[param], obj=f"facet {param} under {f}")
        for province in (None, "Badghis", "Kabul"):
            pd.testing.assert_frame_equal(
                store.provinces(f, province=province, listed=("Badghis", "Herat", "Paktia")),
                scanned(store, monkeypatch, lambda f=f, p=province: store.provinces(
                    f, province=p, listed=("Badghis", "Herat", "Paktia"))), obj=f"provinces {province} under {f}")


def test_the_totals_agree_with_the_mentions_after_ingest(filled, monkeypatch) -> None:
    store, _ = filled
    assert_in_step(store, monkeypatch)
    places, groups = stored_totals(store)
    assert places[fp.KABUL.id][0] >= 4  # the realistic store names Kabul in three articles
    assert groups[("admin1", "", "Badghis")][2] >= 2 and groups[("all", "", "")][3] == store.count_articles()


def test_the_totals_follow_corrections_undo_reparse_and_aliases(filled, monkeypatch) -> None:
    store, ids = filled
    kabul_article = store.article(ids["kabul"]).text
    start = kabul_article.index("Kabul")
    store.add_correction(ids["kabul"], span=(start, start + 5), place=fp.HERAT, who="test")  # Kabul → Herat
    assert_in_step(store, monkeypatch)
    doha_before = stored_totals(store)[0][fp.DOHA.id]
    doha = store.add_correction(ids["wire"], surface="Doha", everywhere=True, not_a_place=True, who="test")
    store.add_correction(ids["badghis"], surface="Afghan", place=fp.BADAKHSHAN, who="test")  # a demonym, moved
    store.add_correction(ids["arabic"], span=(0, 5), point=(34.0, 63.0), point_name="Spot", who="test")  # added
    assert_in_step(store, monkeypatch)
    doha_after = stored_totals(store)[0].get(fp.DOHA.id, (0, 0, 0, 0))
    assert doha_after[0] == doha_before[0] - 2 and doha_after[3] == doha_before[3] - 2  # "Doha" in two articles
    store.undo_correction(doha, who="test")
    assert stored_totals(store)[0][fp.DOHA.id] == doha_before
    assert_in_step(store, monkeypatch)
    # A reparse with another parse: Kabul's article now names Badghis too.
    text = store.article(ids["kabul"]).text + "\n\nAid reached Badghis."
    other = Parser(lambda t, lang="auto", aliases=None: fp.parse(text, lang=lang), "fake-2", fp.GAZETTEER_VERSION)
    store.replace_mentions(ids["kabul"], other.parse(text), parser_version="fake-2",
                           gazetteer_version=fp.GAZETTEER_VERSION)
    assert_in_step(store, monkeypatch)
    store.add_alias("Qala", fp.QALA_I_NAW, who="test")
    assert list(Ingestor(store, fp.PARSER).reparse())
    assert_in_step(store, monkeypatch)


def test_a_store_from_before_the_totals_is_filled_when_upgraded(store_url: str, monkeypatch) -> None:
    monkeypatch.setattr(schema, "MIGRATIONS", tuple(m for m in MIGRATIONS if m.version < 6))
    monkeypatch.setattr(aggregates, "retract", lambda *args: None)  # an older store kept no totals
    monkeypatch.setattr(aggregates, "record", lambda *args: None)
    with Store.open(store_url) as old:
        fill(old, fp.PARSER)
    monkeypatch.undo()
    with Store.open(store_url) as upgraded:
        assert stored_totals(upgraded) == direct_totals(upgraded)
        ingested = Ingestor(upgraded, fp.PARSER).ingest_article(
            Article(title="More", text="Fighting in Herat and Kabul.", source="AP", language="en"))
        assert ingested.status == "added"
        assert stored_totals(upgraded) == direct_totals(upgraded)


def test_rebuild_recomputes_what_the_writes_kept(filled) -> None:
    store, _ = filled
    kept = stored_totals(store)
    with store._db.transaction() as cur:
        store._db.run(cur, "UPDATE place_totals SET literal = 0")
        aggregates.rebuild(store._db, cur)
    assert stored_totals(store) == kept


def test_the_article_facet_counts_the_most_mentioned_articles_only(filled, monkeypatch) -> None:
    store, _ = filled
    every = store.facets()["article"]
    assert len(every) == store.count_articles()
    monkeypatch.setattr(ArticleFacet, "limit", 2)
    for f in (Filters(), Filters(provinces=("Kabul",)), Filters(include_demonyms=True)):
        top, scan = store.facets(f)["article"], scanned(store, monkeypatch, lambda f=f: store.facets(f))["article"]
        pd.testing.assert_frame_equal(top, scan)
        assert len(top) == 2
    top = store.facets()["article"]
    assert top["count"].tolist() == every["count"].head(2).tolist()
