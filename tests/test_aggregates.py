"""The totals kept in step on write (geo/store/aggregates.py) agree with a direct count of the mentions.

After ingest, a correction of each kind, an undo, a reparse and an alias, on both backends: the
totals' tables equal what the mentions say, counted here in Python; and every page query the totals
answer (places, summary, facets, provinces) returns what the scan over ``article_places`` returns,
under filters by places, sources, languages and date ranges of every shape (whole years and months,
days at either end, open ends, undated articles kept or not), over articles spread across four years.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections import defaultdict

import pandas as pd
import pytest

from geo.ingest import Ingestor, Parser
from geo.records import Article
from geo.store import Filters, Store, aggregates, schema
from geo.store import periods as store_periods
from geo.store.facets import ArticleFacet
from geo.store.schema import MIGRATIONS
from tests import fake_parser as fp
from tests.fixtures import fill

D = dt.date
#: Filters the totals answer, and a few they leave to the scan.
FILTERS = [
    Filters(), Filters(include_demonyms=True), Filters(provinces=("Badghis",)), Filters(kinds=("city",)),
    Filters(provinces=("Badghis",), districts=("Qala-i-Naw",)), Filters(countries=("TJ",)),
    Filters(provinces=("Kabul", "Badghis"), include_demonyms=True), Filters(sources=("Reuters",)),
    Filters(date_from=D(2021, 7, 8)), Filters(text="Kabul"),
    # Sources and languages, alone and with places.
    Filters(sources=("BBC", "AP")), Filters(languages=("ar",)), Filters(sources=("",)),
    Filters(sources=("Reuters",), languages=("en",), include_demonyms=True),
    Filters(provinces=("Badghis",), sources=("Reuters", "Al Jazeera")),
    Filters(provinces=("Badghis",), districts=("Qala-i-Naw",), languages=("en",)),
    Filters(kinds=("city",), sources=("BBC",)), Filters(countries=("TJ",), languages=("en",)),
    # Date ranges: a year, a month, days, both ends in part, open ends, undated articles kept.
    Filters(date_from=D(2021, 1, 1), date_to=D(2021, 12, 31)), Filters(date_from=D(2021, 8, 1), date_to=D(2021, 8, 31)),
    Filters(date_from=D(2021, 7, 8), date_to=D(2021, 8, 1)), Filters(date_from=D(2020, 12, 31), date_to=D(2021, 1, 1)),
    Filters(date_from=D(2019, 3, 5), date_to=D(2022, 2, 27)), Filters(date_to=D(2021, 7, 31)),
    Filters(date_to=D(2020, 12, 31), include_undated=True, sources=("BBC", "Reuters")),
    Filters(date_from=D(2021, 8, 2), include_undated=True, include_demonyms=True),
    Filters(date_from=D(2021, 8, 2), date_to=D(2021, 7, 1), include_undated=True),
    Filters(date_from=D(1990, 1, 1), date_to=D(2030, 6, 15), languages=("en",)),
    Filters(provinces=("Kabul",), date_from=D(2021, 7, 1), date_to=D(2021, 8, 20), sources=("BBC", "Wire")),
    Filters(provinces=("Badghis",), districts=("Qala-i-Naw",), date_to=D(2021, 7, 7), include_undated=True),
    Filters(kinds=("city", "country"), date_from=D(2021, 7, 7), date_to=D(2021, 7, 7), include_demonyms=True),
    Filters(include_undated=True), Filters(article_ids=(1,), languages=("en",)),
]

#: Articles over four years, besides the realistic store's (all in 2021): to the day, at the ends of months and
#: years, undated, with no source or an empty one, with no language; (title, text, source, language, date).
SPREAD = [
    ("Herat 2019", "Fighting in Herat and Kabul.", "AP", "en", D(2019, 3, 5)),
    ("Kabul 2020", "Talks in Kabul went on. Afghan elders came.", "BBC", "en", D(2020, 12, 31)),
    ("Badghis 2021", "Qala-i-Naw and Badghis were quiet.", None, "en", D(2021, 1, 1)),
    ("Undated", "Afghan forces in Herat and Qala-i-Naw.", "Reuters", "en", None),
    ("Undated Arabic", "قتال في كابل", "Al Jazeera", "ar", None),
    ("Kabul 2022", "وصل وفد إلى كابل والدوحة", "Al Jazeera", "ar", D(2022, 2, 28)),
    ("Empty source", "Doha and Kabul.", "", "en", D(2021, 7, 31)),
    ("No language", "Tajikistan and Herat.", "BBC", None, D(2021, 8, 1)),
]


def spread(store: Store) -> None:
    """Add :data:`SPREAD`'s articles, geoparsed by the test geoparser."""
    for title, text, source, language, published in SPREAD:
        result = dataclasses.replace(fp.parse(text), language=language)
        store.add_article(Article(title=title, text=text, source=source, language=language, published=published),
                          result, parser_version=fp.PARSER_VERSION, gazetteer_version=fp.GAZETTEER_VERSION)


@pytest.fixture
def spread_store(filled) -> tuple[Store, dict[str, int]]:
    """The realistic store with :data:`SPREAD`'s articles too."""
    store, ids = filled
    spread(store)
    return store, ids


def direct_totals(store: Store, periods: bool = False) -> tuple[dict, ...]:
    """``(place_totals, group_totals)`` as the mentions say, counted in Python: place → (literal, demonym,
    articles literally, articles at all, corrected in those, corrected), group → (literal, demonym, articles
    literally, articles at all); with ``periods``, ``place_periods`` and ``group_periods`` too, keyed by
    (period, source key, language key, place) and (group, parent, period, source key, language key, name)."""
    _, rows = store._db.query(
        "SELECT m.article_id, m.place_id, m.role, m.correction_id, p.admin1, p.admin2, a.source, a.language,"
        " a.published FROM mentions m JOIN places p ON p.id = m.place_id JOIN articles a ON a.id = m.article_id"
    )
    pairs: dict = defaultdict(lambda: [0, 0, 0])  # (article, place) → literal, demonym, corrected
    groups_of: dict = defaultdict(set)
    keys_of: dict = {}  # article → the keys of its periods, source and language
    for article, place, role, correction, admin1, admin2, source, language, published in rows:
        counts = pairs[(article, place)]
        counts[0 if role == "literal" else 1] += 1
        counts[2] += correction is not None
        groups_of[(article, place)] = {("all", "", "")} | {
            g for g, keep in ((("admin1", "", admin1), admin1), (("admin2", admin1 or "", admin2), admin2),
                              (("source", "", source), source), (("language", "", language), language))
            if keep is not None}
        keys_of[article] = ({"*", published[:4], published[:7], published} if published else {"*", ""},
                            "" if source is None else "=" + source, "" if language is None else "=" + language)
    places: dict = defaultdict(lambda: [0] * 6)
    place_periods: dict = defaultdict(lambda: [0] * 6)
    per_article_group: dict = defaultdict(lambda: [0, 0])
    for (article, place), (literal, demonym, corrected) in pairs.items():
        share = (literal, demonym, literal > 0, 1, corrected if literal else 0, corrected)
        period_set, source_key, language_key = keys_of[article]
        rolled = [(source_key, language_key), ("*", language_key), ("*", "*")]  # by both, by language, all
        for total in [places[place]] + [place_periods[(p, *keys, place)] for p in period_set for keys in rolled]:
            for i, v in enumerate(share):
                total[i] += v
        for group in groups_of[(article, place)]:
            per_article_group[(article, group)][0] += literal
            per_article_group[(article, group)][1] += demonym
    groups: dict = defaultdict(lambda: [0] * 4)
    group_periods: dict = defaultdict(lambda: [0] * 4)
    for (article, group), (literal, demonym) in per_article_group.items():
        period_set, source_key, language_key = keys_of[article]
        grp, parent, name = group
        keyed = [] if grp in ("source", "language") else [
            group_periods[(grp, parent, p, source_key, language_key, name)] for p in period_set]
        for total in [groups[group]] + keyed:
            for i, v in enumerate((literal, demonym, literal > 0, 1)):
                total[i] += v
    tables = (places, groups, place_periods, group_periods) if periods else (places, groups)
    return tuple({k: tuple(v) for k, v in table.items()} for table in tables)


def stored_totals(store: Store, periods: bool = False) -> tuple[dict, ...]:
    """The totals' tables, rows that count nothing (an article's share taken back) left out; with ``periods``,
    the periods' tables too."""
    out = []
    for table, key in (("place_totals", 1), ("group_totals", 3), ("place_periods", 4), ("group_periods", 6))[
            :4 if periods else 2]:
        _, rows = store._db.query(f"SELECT * FROM {table} WHERE articles_any > 0")
        out.append({(r[0] if key == 1 else tuple(r[:key])): tuple(int(v) for v in r[key:]) for r in rows})
    return tuple(out)


def scanned(store: Store, monkeypatch: pytest.MonkeyPatch, call):
    """``call()`` with the totals switched off: what the scan over article_places returns."""
    with monkeypatch.context() as m:
        for name in ("places", "summary", "facet_group", "divisions"):
            m.setattr(aggregates, name, lambda *args, **kwargs: None)
        return call()


def assert_in_step(store: Store, monkeypatch: pytest.MonkeyPatch, filters=FILTERS) -> None:
    totals = direct_totals(store, periods=True)
    assert totals[0], "the store names places"
    assert stored_totals(store, periods=True) == totals
    for f in filters:
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


def test_the_periods_answer_sources_languages_and_dates_as_the_scan(spread_store, monkeypatch) -> None:
    store, _ = spread_store
    assert_in_step(store, monkeypatch)
    places, groups, place_periods, group_periods = stored_totals(store, periods=True)
    assert {p for p, _, _, _ in place_periods} >= {"*", "", "2019", "2019-03", "2019-03-05", "2021-07", "2022-02"}
    assert ("*", "", "=en", fp.BADGHIS.id) in place_periods  # no source
    assert ("*", "=", "=en", fp.KABUL.id) in place_periods  # an empty source, told apart from none
    assert ("*", "=BBC", "", fp.HERAT.id) in place_periods  # no language
    assert place_periods[("*", "*", "*", fp.KABUL.id)] == places[fp.KABUL.id]  # the sum of all
    assert group_periods[("all", "", "", "=Reuters", "=en", "")][3] == 1  # the undated Reuters article
    assert groups[("all", "", "")][3] == sum(v[3] for k, v in group_periods.items() if k[:3] == ("all", "", "*"))
    # What the filters read: the scan's answers, which the totals must equal, tell these apart.
    assert store.summary(Filters(date_to=D(2020, 12, 31), include_undated=True)).undated == 2
    assert store.facets(Filters(languages=("en",)))["source"].set_index("value")["count"].to_dict()[""] == 2
    year = store.places(Filters(date_from=D(2020, 12, 31), date_to=D(2021, 1, 1))).set_index("place_id")
    assert year["articles"].to_dict() == {fp.KABUL.id: 1, fp.BADGHIS.id: 1, fp.QALA_I_NAW.id: 1}


def test_the_periods_follow_corrections_and_reparses(spread_store, monkeypatch) -> None:
    store, ids = spread_store
    dated = [f for f in FILTERS if f.dated or f.sources or f.languages]
    start = store.article(ids["kabul"]).text.index("Kabul")
    store.add_correction(ids["kabul"], span=(start, start + 5), place=fp.HERAT, who="test")
    doha = store.add_correction(ids["wire"], surface="Doha", everywhere=True, not_a_place=True, who="test")
    assert_in_step(store, monkeypatch, dated)
    store.undo_correction(doha, who="test")
    store.add_alias("Qala", fp.QALA_I_NAW, who="test")  # its articles go stale, and the reparse redoes them
    assert list(Ingestor(store, fp.PARSER).reparse())
    assert_in_step(store, monkeypatch, dated)


def test_cover_splits_a_range_into_whole_years_months_and_days() -> None:
    rng = random.Random(14)
    for _ in range(2000):
        lo = D(2019, 1, 1) + dt.timedelta(days=rng.randrange(4 * 366))
        hi = lo + dt.timedelta(days=rng.choice([rng.randrange(-3, 40), rng.randrange(800)]))
        periods, days = store_periods.cover(lo, hi)
        covered = [d.isoformat() for first, last in days for d in _days(first, last)]
        covered += [day for p in periods for day in DAYS_OF[p]]
        assert sorted(covered) == [d.isoformat() for d in _days(lo, hi)], (lo, hi)  # each day once, none else
        assert len(days) <= 2 and all(first.month == last.month for first, last in days), (lo, hi)
        assert all(len(p) == 7 or len(p) == 4 for p in periods)
        assert sum(len(p) == 7 for p in periods) <= 22, (lo, hi)  # a whole year is one period, not twelve


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


#: A year's or a month's key → its days (ISO).
DAYS_OF: dict[str, list[str]] = defaultdict(list)
for _day in _days(D(2018, 1, 1), D(2027, 12, 31)):
    DAYS_OF[_day.isoformat()[:4]].append(_day.isoformat())
    DAYS_OF[_day.isoformat()[:7]].append(_day.isoformat())


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


def test_a_store_from_before_the_periods_is_filled_when_upgraded(store_url: str, monkeypatch) -> None:
    monkeypatch.setattr(schema, "MIGRATIONS", tuple(m for m in MIGRATIONS if m.version < 9))
    for name in ("RETRACT_PLACE_PERIODS", "RETRACT_GROUP_PERIODS", "RECORD_PLACE_PERIODS", "RECORD_GROUP_PERIODS"):
        monkeypatch.setattr(aggregates, name, "SELECT CAST(? AS INTEGER)")  # an older store kept no periods
    with Store.open(store_url) as old:
        fill(old, fp.PARSER)
        spread(old)
    monkeypatch.undo()
    with Store.open(store_url) as upgraded:
        assert stored_totals(upgraded, periods=True) == direct_totals(upgraded, periods=True)
        ingested = Ingestor(upgraded, fp.PARSER).ingest_article(
            Article(title="More", text="Shelling near Herat and Doha.", source="AP", language="en",
                    published=D(2021, 8, 15)))
        assert ingested.status == "added"
        assert stored_totals(upgraded, periods=True) == direct_totals(upgraded, periods=True)


def test_rebuild_recomputes_what_the_writes_kept(spread_store) -> None:
    store, _ = spread_store
    kept = stored_totals(store, periods=True)
    with store._db.transaction() as cur:
        store._db.run(cur, "UPDATE place_totals SET literal = 0")
        store._db.run(cur, "UPDATE place_periods SET literal = 0")
        store._db.run(cur, "DELETE FROM group_periods WHERE period = '*'")
        aggregates.rebuild(store._db, cur)
    assert stored_totals(store, periods=True) == kept


def test_the_article_facet_counts_the_most_mentioned_articles_only(filled, monkeypatch) -> None:
    store, _ = filled
    every = store.facets()["article"]
    assert len(every) == store.count_articles()
    monkeypatch.setattr(ArticleFacet, "limit", 2)
    for f in (Filters(), Filters(provinces=("Kabul",)), Filters(include_demonyms=True), Filters(languages=("en",)),
              Filters(provinces=("Badghis",), date_from=D(2021, 7, 7), sources=("Reuters", "Al Jazeera"))):
        top, scan = store.facets(f)["article"], scanned(store, monkeypatch, lambda f=f: store.facets(f))["article"]
        pd.testing.assert_frame_equal(top, scan)
        assert len(top) == 2
    top = store.facets()["article"]
    assert top["count"].tolist() == every["count"].head(2).tolist()
