"""Corrections' scopes, undo and audit, and user aliases reaching the geoparser, on both backends."""

from __future__ import annotations

import pytest

from geo.exc import BadInput
from geo.ingest import Ingestor
from geo.records import Article
from geo.store import Filters
from geo.store.aliases import STALE
from tests import fake_parser as fp
from tests.fixtures import STORIES


def places_of(store, article_id) -> dict[str, int]:
    frame = store.places(Filters(article_ids=(article_id,)))
    return dict(zip(frame["place_id"], frame["mentions"], strict=True))


def test_everywhere_rule_covers_stored_and_future_articles(filled) -> None:
    store, ids = filled
    store.add_correction(ids["wire"], surface="doha", everywhere=True, place=fp.HERAT, who="ann", note="rule")
    for name in ("wire", "kabul"):  # both name Doha; the rule matches case-blind
        assert "test:doha" not in places_of(store, ids[name]) and "test:herat" in places_of(store, ids[name])
    [later] = [Ingestor(store, fp.PARSER).ingest_article(
        Article(title="Later", text="Envoys met in Doha again.", language="en"))]
    assert places_of(store, later.article_id) == {"test:herat": 1}
    assert store.places(Filters(article_ids=(later.article_id,)))["corrected"].tolist() == [1]


def test_undo_restores_the_parsers_place(filled) -> None:
    store, ids = filled
    text = STORIES["badghis"].text
    herat = text.index("Herat")
    before = places_of(store, ids["badghis"])
    correction = store.add_correction(ids["badghis"], span=(herat, herat + 5), place=fp.KABUL, who="ann")
    assert places_of(store, ids["badghis"]).get("test:kabul") == 1
    assert store.undo_correction(correction, who="bob") == [ids["badghis"]]
    assert places_of(store, ids["badghis"]) == before
    row = store.corrections(ids["badghis"]).iloc[-1]
    assert (row["who"], row["undone_by"]) == ("ann", "bob") and row["undone_at"]
    with pytest.raises(BadInput, match="already undone"):
        store.undo_correction(correction, who="bob")


def test_undo_of_a_rule_leaves_a_later_correction(filled) -> None:
    store, ids = filled
    rule = store.add_correction(ids["wire"], surface="Doha", everywhere=True, place=fp.HERAT, who="a")
    store.add_correction(ids["kabul"], surface="Doha", place=fp.BADGHIS, who="b")
    store.undo_correction(rule, who="a")
    assert "test:doha" in places_of(store, ids["wire"])
    assert "test:badghis" in places_of(store, ids["kabul"]) and "test:doha" not in places_of(store, ids["kabul"])


def test_a_new_span_hides_what_it_overlaps_until_undone(filled) -> None:
    store, ids = filled
    text = STORIES["badghis"].text
    start = text.index("Qala-i-Naw prison")
    correction = store.add_correction(ids["badghis"], span=(start, start + len("Qala-i-Naw prison")),
                                      point=(34.99, 63.12), point_name="Qala-i-Naw prison", who="ann")
    got = places_of(store, ids["badghis"])
    assert got["test:qala"] == 1 and got["custom:34.99000,63.12000"] == 1
    store.undo_correction(correction, who="ann")
    got = places_of(store, ids["badghis"])
    assert got["test:qala"] == 2 and "custom:34.99000,63.12000" not in got


def test_corrections_survive_reparse_undone_ones_stay_undone(filled) -> None:
    store, ids = filled
    kept = store.add_correction(ids["arabic"], surface="قلعة ناو", place=fp.HERAT, who="a")
    undone = store.add_correction(ids["arabic"], surface="بادغيس", not_a_place=True, who="a")
    store.undo_correction(undone, who="a")
    store.replace_mentions(ids["arabic"], fp.parse(STORIES["arabic"].text), parser_version="x", gazetteer_version="y")
    assert places_of(store, ids["arabic"]) == {"test:herat": 2, "test:badghis": 1}
    trail = store.corrections(ids["arabic"]).set_index("correction_id")
    assert trail.loc[kept, "undone_at"] is None and trail.loc[undone, "undone_at"] is not None
    assert list(trail["scope"]) == ["article", "article"]


def test_bad_scopes_and_points_are_refused(filled) -> None:
    store, ids = filled
    with pytest.raises(BadInput, match="surface form"):
        store.add_correction(ids["kabul"], span=(0, 5), everywhere=True, not_a_place=True, who="a")
    with pytest.raises(BadInput, match="globe"):
        store.add_correction(ids["kabul"], surface="Kabul", point=(95, 0), who="a")
    with pytest.raises(BadInput, match="no correction"):
        store.undo_correction(10_000, who="a")


def test_hostile_notes_are_stored_as_written(filled) -> None:
    store, ids = filled
    note = "<script>alert(1)</script> ${alert(1)} {{7*7}} `x` \u202eevil"
    store.add_correction(ids["kabul"], surface="Kabul", not_a_place=True, who="<b>who</b>", note=note)
    row = store.corrections().iloc[-1]
    assert (row["note"], row["who"]) == (note, "<b>who</b>")


def test_an_alias_marks_articles_and_reaches_the_parser(filled) -> None:
    store, ids = filled
    revision = store.revision()
    alias_id = store.add_alias("Qalay-e Naw", fp.QALA_I_NAW, who="ann")
    assert store.revision() > revision
    assert store.alias_places()["Qalay-e Naw"].id == "test:qala"
    ingestor = Ingestor(store, fp.PARSER)
    result = ingestor.ingest_article(Article(title="New spelling", text="Fighting in Qalay-e Naw today.",
                                             language="en"))
    assert places_of(store, result.article_id) == {"test:qala": 1}
    # An article already stored with the spelling is marked for reparsing, and the reparse reads it.
    older = ingestor.ingest_article(Article(title="Older", text="Again in qalay-e naw.", language="en"))
    store.remove_alias(alias_id, who="ann")
    assert ingestor.stale_articles() == [result.article_id, older.article_id]
    list(ingestor.reparse())
    assert places_of(store, older.article_id) == {}
    assert store.aliases().empty and len(store.aliases(include_removed=True)) == 1


def test_alias_marking_touches_only_articles_with_the_name(filled) -> None:
    store, ids = filled
    store.add_alias("Doha", fp.HERAT, who="ann")
    stamps = dict(store._db.query("SELECT id, parser_version FROM articles")[1])
    assert {i for i, stamp in stamps.items() if stamp == STALE} == {ids["wire"], ids["kabul"]}
