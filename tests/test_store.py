"""The store's contract, run against SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import fields

import pytest

from geo.exc import BadInput, StoreUnavailable
from geo.records import Mention, ParseResult
from geo.store import FACETS, Filters, Store, Summary
from geo.store.filters import OTHER_PARAMS
from geo.store.schema import MIGRATIONS
from tests import fake_parser as fp
from tests.fixtures import STORIES


def counts(frame, key="place_id", value="mentions") -> dict:
    return dict(zip(frame[key], frame[value], strict=True))


# ---------------------------------------------------------------- schema


def applied_migrations(store: Store) -> list[int]:
    return [row[0] for row in store._db.query("SELECT version FROM schema_migrations ORDER BY version")[1]]


def test_migrations_are_applied_once(store_url: str) -> None:
    every = [m.version for m in MIGRATIONS]
    with Store.open(store_url) as first:
        assert applied_migrations(first) == every
    with Store.open(store_url) as again:  # reopening must not re-run migration 1
        assert applied_migrations(again) == every
        assert again.count_articles() == 0


def test_migrations_hold_one_statement_each() -> None:
    for migration in MIGRATIONS:
        for backend in ("sqlite", "postgresql"):
            for statement in migration.statements_for({"pk": "PK", "float": "REAL"}, backend):
                body = statement.rstrip()
                assert body and not body.endswith(";"), statement


def test_sqlite_pragmas(tmp_path) -> None:
    with Store.open(tmp_path / "k.db") as store:
        assert store.backend == "sqlite"
        conn = store._db.conn
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_kharita_db_env_chooses_the_default(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("KHARITA_DB", str(tmp_path / "env.db"))
    with Store.open() as store:
        assert store.url.endswith("env.db")
    assert (tmp_path / "env.db").exists()


def test_a_store_that_cannot_be_opened(tmp_path) -> None:
    (tmp_path / "garbage.db").write_bytes(b"not a database, not at all" * 100)
    with pytest.raises(StoreUnavailable, match="garbage.db"):
        Store.open(tmp_path / "garbage.db")
    with pytest.raises(StoreUnavailable):
        Store.open(tmp_path)  # a folder
    with pytest.raises(StoreUnavailable, match="PostgreSQL"):
        Store.open(f"postgresql://nobody@/kharita?host={tmp_path}/no-socket-here")


# ---------------------------------------------------------------- articles


def test_article_round_trip_and_idempotence(store: Store) -> None:
    article = STORIES["badghis"]
    article_id, added = store.add_article(article, fp.parse(article.text), parser_version=fp.PARSER_VERSION,
                                          gazetteer_version=fp.GAZETTEER_VERSION)
    assert added
    back = store.article(article_id)
    assert (back.title, back.text, back.source, back.language, back.published) == (
        article.title, article.text, "Reuters", "en", dt.date(2021, 7, 7))
    assert back.id == article_id
    again_id, added = store.add_article(article, fp.parse(article.text), parser_version="x", gazetteer_version="y")
    assert (again_id, added) == (article_id, False)
    assert store.count_articles() == 1
    assert store.article(article_id + 100) is None


def test_articles_table(filled) -> None:
    store, ids = filled
    frame = store.articles()
    assert list(frame.columns) == [
        "article_id", "title", "source", "url", "language", "published", "added_at",
        "parser_version", "gazetteer_version", "mentions", "places",
    ]
    # Newest first; on the same day, the later added first.
    newest_first = ("kabul", "wire", "arabic", "hostile", "badghis", "seed")
    assert list(frame["article_id"]) == [ids[name] for name in newest_first]
    row = frame.set_index("article_id").loc[ids["badghis"]]
    # Qala-i-Naw ×2, Badghis, Afghan (demonym), Herat
    assert (row["mentions"], row["places"]) == (5, 4)
    assert list(store.articles(limit=2)["article_id"]) == [ids[name] for name in newest_first[:2]]


def test_date_bounds_are_the_first_and_last_dates(filled) -> None:
    store, _ids = filled
    published = sorted(str(day)[:10] for day in store.articles()["published"].dropna())
    assert store.date_bounds() == (dt.date.fromisoformat(published[0]), dt.date.fromisoformat(published[-1]))


def test_an_empty_store_has_no_date_bounds(store: Store) -> None:
    assert store.date_bounds() is None


# ---------------------------------------------------------------- queries


def test_places_counts_and_columns(filled) -> None:
    store, _ = filled
    frame = store.places()
    assert list(frame.columns) == [
        "place_id", "name", "name_ar", "kind", "country_code", "admin1", "admin2", "lat", "lon", "mentions", "articles",
        "corrected",
    ]
    assert counts(frame) == {
        "test:af": 12, "test:tj": 10, "test:kabul": 8, "test:qala": 8, "test:doha": 7, "test:badghis": 5,
        "test:af-tj": 2, "test:herat": 2, "custom:33.00000,66.00000": 1, "test:badakhshan": 1,
    }
    assert counts(frame, value="articles")["test:qala"] == 3  # the seed and two of the short stories
    assert list(frame["mentions"]) == sorted(frame["mentions"], reverse=True)  # most mentioned first
    assert frame.set_index("place_id").loc["test:qala", "name_ar"] == "قلعة ناو"


def test_demonyms_only_on_request(filled) -> None:
    store, _ = filled
    assert counts(store.places())["test:af"] == 12  # the seed names Afghanistan; "Afghan" is left out
    assert counts(store.places(Filters(include_demonyms=True)))["test:af"] == 13


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(provinces=("Badghis",)), {"test:qala": 8, "test:badghis": 5}),
        (Filters(districts=("Qala-i-Naw",)), {"test:qala": 8}),
        (Filters(kinds=("province", "border")), {"test:badghis": 5, "test:af-tj": 2, "test:badakhshan": 1}),
        (Filters(countries=("TJ",)), {"test:tj": 10, "test:af-tj": 2}),  # the border is in both countries
        (Filters(sources=("BBC",)), {"test:kabul": 2, "test:doha": 1, "test:tj": 1, "test:af-tj": 1}),
        (Filters(languages=("ar",)), {  # the seed and the short Arabic story
            "test:af": 12, "test:tj": 9, "test:qala": 6, "test:doha": 5, "test:badghis": 4, "test:kabul": 3,
            "test:af-tj": 1, "test:badakhshan": 1, "test:herat": 1}),
        (Filters(date_from=dt.date(2021, 7, 8), date_to=dt.date(2021, 7, 31)),  # the Arabic and the hostile story
         {"test:qala": 2, "test:badghis": 1, "test:kabul": 2, "custom:33.00000,66.00000": 1}),
        (Filters(text="PRISON"), {"test:qala": 1}),  # only the sentence that says it
        (Filters(text="سجن"), {"test:qala": 3, "test:badghis": 2}),
        (Filters(text="%"), {"test:af": 1}),  # a LIKE wildcard is searched for as itself: the seed's "90%"
        (Filters(text="Kabul_"), {}),
        (Filters(provinces=("Badghis",), languages=("en",)), {"test:qala": 2, "test:badghis": 1}),
        (Filters(provinces=("Nowhere",)), {}),
    ],
)
def test_place_filters(filled, filters: Filters, expected: dict) -> None:
    store, _ = filled
    assert counts(store.places(filters)) == expected


def test_article_filter(filled) -> None:
    store, ids = filled
    assert counts(store.places(Filters(article_ids=(ids["arabic"],)))) == {"test:qala": 2, "test:badghis": 1}


def test_excerpts_point_into_their_sentence(filled) -> None:
    store, ids = filled
    frame = store.excerpts("test:qala")
    assert list(frame.columns) == [
        "article_id", "title", "source", "published", "language", "paragraph", "sentence", "start", "end", "text",
        "mention_id", "correction_id", "sentence_start", "relation", "distance_km",
    ]
    assert len(frame) == 8  # the seed's four, two in each short story
    for row in frame.itertuples():
        assert row.sentence[row.start:row.end] == row.text
    english = frame[frame["article_id"] == ids["badghis"]]
    assert list(english["sentence"]) == [
        "Taliban fighters entered Qala-i-Naw, the capital of Badghis.", "Qala-i-Naw prison was emptied.",
    ]
    assert list(english["paragraph"]) == [0, 1]
    assert list(frame["published"])[0] == "2021-07-08"  # newest first
    assert len(store.excerpts("test:qala", Filters(languages=("en",)), limit=1)) == 1


def test_article_mentions(filled) -> None:
    store, ids = filled
    frame = store.article_mentions(ids["kabul"])
    assert list(frame["text"]) == ["Kabul", "Kabul", "Doha", "Tajikistan", "Afghanistan–Tajikistan border"]
    text = STORIES["kabul"].text
    assert all(text[r.start:r.end] == r.text for r in frame.itertuples())
    assert {"place_id", "name", "lat", "lon", "role", "sentence_start", "paragraph", "correction_id"} <= set(frame)


def test_summary_counts_under_every_filter(filled) -> None:
    store, ids = filled
    assert store.summary() == Summary(places=10, mentions=56, articles=6)
    # The article facet ignores the article filter (it offers the other articles);
    # the summary does not: one article chosen is one article shown.
    one = Filters(article_ids=(ids["badghis"],))
    assert len(store.facets(one)["article"]) == 6
    assert store.summary(one) == Summary(places=3, mentions=4, articles=1)
    assert store.summary(Filters(provinces=("Badghis",), languages=("en",))) == Summary(2, 3, 1)
    assert store.summary(Filters(text="prison")) == Summary(1, 1, 1)
    places = store.places(one)
    assert (len(places), places["mentions"].sum()) == (3, 4)


def test_facets_ignore_their_own_filter(filled) -> None:
    store, ids = filled
    facets = store.facets(Filters(provinces=("Badghis",), sources=("Reuters",)))
    assert list(facets) == ["province", "district", "country", "kind", "article", "source", "language"]
    assert all(list(frame.columns) == ["value", "label", "count"] for frame in facets.values())
    # Province counts keep the source filter but not their own.
    assert counts(facets["province"], "value", "count") == {"Badghis": 3, "Herat": 1}
    # Source counts keep the province filter but not their own.
    assert counts(facets["source"], "value", "count") == {"Reuters": 3, "Al Jazeera": 3, "Al Jazeera (Arabic)": 7}
    assert counts(facets["article"], "value", "label") == {ids["badghis"]: "Taliban enter Qala-i-Naw"}
    assert counts(facets["district"], "value", "count") == {"Qala-i-Naw": 2}


def test_the_district_facet(filled) -> None:
    store, _ = filled
    facets = store.facets(Filters(districts=("Qala-i-Naw",)))
    # Every filter but its own: each district's mentions, most first (a tie by name).
    district = facets["district"]
    assert list(district["value"]) == ["Kabul", "Qala-i-Naw", "Herat"]
    assert list(district["count"]) == [8, 8, 2]
    assert list(district["label"]) == list(district["value"])
    # The others keep the district filter.
    assert counts(facets["province"], "value", "count") == {"Badghis": 8}
    assert counts(store.facets(Filters(languages=("ar",)))["district"], "value", "count") == {
        "Qala-i-Naw": 6, "Kabul": 3, "Herat": 1}


def test_facet_values_and_order(filled) -> None:
    store, ids = filled
    facets = store.facets()
    article = facets["article"]
    assert [type(v) for v in article["value"]] == [int] * 6
    assert list(article["count"]) == sorted(article["count"], reverse=True)
    assert counts(article, "value", "count") == {
        ids["seed"]: 39, ids["kabul"]: 5, ids["badghis"]: 4, ids["hostile"]: 3, ids["arabic"]: 3, ids["wire"]: 2}
    assert counts(facets["country"], "value", "count") == {"AF": 36, "TJ": 10, "QA": 7}


def test_each_url_parameter_is_defined_once() -> None:
    assert [(f.field, f.param) for f in FACETS] == [
        ("provinces", "province"), ("districts", "district"), ("countries", "country"), ("kinds", "kind"),
        ("article_ids", "article"), ("sources", "source"), ("languages", "language"),
    ]
    assert all(f.label and f.placeholder.startswith("All ") for f in FACETS)
    assert list(Filters.PARAMS) == [f.name for f in fields(Filters)]
    assert Filters.PARAMS == {**{f.field: f.param for f in FACETS}, **OTHER_PARAMS}
    assert len(set(Filters.PARAMS.values())) == len(Filters.PARAMS)


def test_empty_store_gives_empty_frames_with_columns(store: Store) -> None:
    assert store.places().empty and "mentions" in store.places().columns
    assert store.articles().empty and "title" in store.articles().columns
    assert store.summary() == Summary(0, 0, 0)
    for frame in store.facets(Filters(provinces=("Badghis",))).values():
        assert frame.empty and list(frame.columns) == ["value", "label", "count"]


def test_missing_values_are_none_and_ints_stay_ints(filled) -> None:
    store, ids = filled
    article_id = ids["badghis"]
    store.add_correction(article_id, surface="Badghis", not_a_place=True, who="bob")
    mentions = store.article_mentions(article_id)
    hidden = mentions[mentions["text"] == "Badghis"].iloc[0]
    assert hidden["place_id"] is None and hidden["name"] is None and hidden["lat"] is None
    assert type(hidden["correction_id"]) is int
    assert mentions["relation"].isna().all() and set(mentions["relation"]) == {None}
    assert str(mentions["start"].dtype) == "int64" and str(mentions["confidence"].dtype) == "float64"
    places = store.places().set_index("place_id")
    assert places.loc["test:badghis", "admin2"] is None  # a province lies in no district
    assert places.loc["test:qala", "admin2"] == "Qala-i-Naw"
    for frame in (store.articles(), store.excerpts("test:qala"), places.reset_index(), *store.facets().values()):
        assert not any(isinstance(v, float) and v != v for v in frame.to_numpy().ravel()), "a NaN escaped"


# ---------------------------------------------------------------- corrections


def test_corrections_apply_and_survive_reparse(filled) -> None:
    store, ids = filled
    article_id = ids["badghis"]
    text = STORIES["badghis"].text
    herat_at = text.index("Herat")
    store.add_correction(article_id, span=(herat_at, herat_at + 5), place=fp.KABUL, who="ann", note="test")
    store.add_correction(article_id, surface="Badghis", not_a_place=True, who="bob")
    reinforcements = text.index("Reinforcements")
    store.add_correction(article_id, span=(reinforcements, reinforcements + 14), point=(34.0, 62.0), who="cy")

    def check() -> None:
        got = counts(store.places(Filters(article_ids=(article_id,))))
        assert got == {"test:qala": 2, "test:kabul": 1, "custom:34.00000,62.00000": 1}
        mentions = store.article_mentions(article_id).set_index("text")
        assert mentions.loc["Badghis", "place_id"] is None  # kept, but hidden from the map
        assert mentions.loc["Herat", "parsed_place_id"] == "test:herat"
        added = mentions.loc["Reinforcements"]
        assert added["name"] == "Reinforcements"
        # Placed by geo.text.Layout: the second paragraph's first sentence.
        assert (added["paragraph"], text[added["sentence_start"]:added["sentence_end"]]) == (
            1, "Reinforcements came from Herat.")

    check()
    count = store.replace_mentions(article_id, fp.parse(text), parser_version="fake-2", gazetteer_version="g-2")
    assert count == 6  # five parsed and the one a correction added
    check()
    trail = store.corrections(article_id)
    assert list(trail["who"]) == ["ann", "bob", "cy"]
    assert list(trail["action"]) == ["place", "not_place", "point"]


def test_latest_correction_wins(filled) -> None:
    store, ids = filled
    text = STORIES["arabic"].text
    first = text.index("قلعة ناو")
    store.add_correction(ids["arabic"], span=(first, first + 8), place=fp.HERAT, who="a")
    store.add_correction(ids["arabic"], span=(first, first + 8), place="test:kabul", who="b")
    assert counts(store.places(Filters(article_ids=(ids["arabic"],)))) == {
        "test:qala": 1, "test:kabul": 1, "test:badghis": 1}


def test_bad_corrections_are_refused(filled) -> None:
    store, ids = filled
    before = store.corrections()
    with pytest.raises(BadInput, match="span or a surface"):
        store.add_correction(ids["kabul"], who="a", not_a_place=True)
    with pytest.raises(BadInput, match="exactly one"):
        store.add_correction(ids["kabul"], surface="Kabul", who="a")
    with pytest.raises(BadInput, match="unknown place"):
        store.add_correction(ids["kabul"], surface="Kabul", place="geonames:0", who="a")
    with pytest.raises(BadInput, match="outside"):
        store.add_correction(ids["kabul"], span=(0, 10_000), not_a_place=True, who="a")
    with pytest.raises(BadInput, match="no article"):
        store.add_correction(10_000, surface="Kabul", not_a_place=True, who="a")
    with pytest.raises(BadInput, match="'who'"):
        store.add_correction(ids["kabul"], surface="Kabul", not_a_place=True, who="")
    assert store.corrections().equals(before)  # the realistic store's own correction, and no other


def test_aliases(filled) -> None:
    store, _ = filled
    store.add_alias("Qalay-e Naw", fp.QALA_I_NAW, who="ann", note="local spelling")
    frame = store.aliases()
    assert list(frame[["name", "place_id", "who"]].itertuples(index=False, name=None)) == [
        ("Qalay-e Naw", "test:qala", "ann")]
    with pytest.raises(BadInput, match="unknown place"):
        store.add_alias("Nowhere", "geonames:0", who="ann")
    with pytest.raises(BadInput, match="a name"):
        store.add_alias("  ", fp.QALA_I_NAW, who="ann")
    assert len(store.aliases()) == 1


def test_stale_articles(filled) -> None:
    store, ids = filled
    assert store.stale_articles(fp.PARSER_VERSION, fp.GAZETTEER_VERSION) == []
    assert store.stale_articles("fake-2", fp.GAZETTEER_VERSION) == sorted(ids.values())


def test_a_failed_write_leaves_nothing(store: Store) -> None:
    article = STORIES["kabul"]
    good = fp.parse(article.text)
    broken = Mention(0, 5, "Crowd", fp.KABUL, role=None)  # NOT NULL role: the insert fails mid-article
    with pytest.raises(Exception):  # noqa: B017 (the driver's own IntegrityError type)
        store.add_article(article, ParseResult("en", (*good.mentions, broken)), parser_version="p",
                          gazetteer_version="g")
    assert store.count_articles() == 0
    assert store.places().empty


def test_foreign_keys_are_enforced(tmp_path) -> None:
    with Store.open(tmp_path / "k.db") as store:
        with pytest.raises(sqlite3.IntegrityError):
            store._db.conn.execute(
                "INSERT INTO mentions (article_id, span_start, span_end, text, role, confidence, sentence_start,"
                " sentence_end, paragraph) VALUES (999, 0, 1, 'x', 'literal', 1, 0, 1, 0)"
            )


# ---------------------------------------------------------------- filters in the URL


def test_filters_round_trip_through_query_params() -> None:
    filters = Filters(
        provinces=("Badghis", "Herat"), districts=("Qala-i-Naw",), countries=("AF",), kinds=("city",),
        article_ids=(3, 7), sources=("BBC",), languages=("ar",), date_from=dt.date(2021, 7, 1),
        date_to=dt.date(2021, 7, 31), text="سجن", include_demonyms=True,
    )
    params = filters.to_query_params()
    assert params == {
        "province": ["Badghis", "Herat"], "district": ["Qala-i-Naw"], "country": ["AF"], "kind": ["city"],
        "article": ["3", "7"], "source": ["BBC"], "language": ["ar"], "from": "2021-07-01", "to": "2021-07-31",
        "q": "سجن", "demonyms": "1",
    }
    assert Filters.from_query_params(params) == filters
    assert Filters().to_query_params() == {}
    assert Filters.from_query_params({}) == Filters()


def test_filters_from_a_hand_edited_url() -> None:
    class QueryParams(dict):  # a multi-dict: every value of a repeated key only via get_all
        def get_all(self, key):
            return self.get(key, [])

    params = QueryParams(province=["Badghis", "Herat"], article=["x", "4"], **{"from": ["July"]}, q=["prison"])
    filters = Filters.from_query_params(params)
    assert filters.provinces == ("Badghis", "Herat")
    assert filters.article_ids == (4,)
    assert filters.date_from is None
    assert Filters.from_query_params({"province": "Badghis"}).provinces == ("Badghis",)
