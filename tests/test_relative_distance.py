"""Relative locations (issue 13): the distance written with a direction ("30 km west of Kabul") is kept."""

from __future__ import annotations

import datetime as dt
import io
import json

import pandas as pd
import pytest

from geo.export import FORMATS, collect, kml
from geo.export.popups import popup_html
from geo.geoparse import rules
from geo.i18n import translator
from geo.i18n.relations import relation_text
from geo.records import Article, Mention, ParseResult
from geo.store import Filters, Store, schema
from geo.store.schema import MIGRATIONS
from tests import fake_parser as fp
from tests.fixtures import page_runner
from ui.excerpts import excerpt_html

#: The migration that adds mentions.distance_km.
DISTANCE_MIGRATION = 5


@pytest.mark.parametrize(("text", "name", "relation", "distance"), [
    ("The attack was 30 km west of Kabul.", "Kabul", "west", 30.0),
    ("Fighting 30 kilometres north-west of the city of Kunduz.", "Kunduz", "northwest", 30.0),
    ("A convoy 20 miles south of Kandahar.", "Kandahar", "south", 32.2),
    ("Some 1,200 kilometers (745 miles) east of Baghdad.", "Baghdad", "east", 1200.0),
    ("قتل 6 شرطيين على بعد ٣٠ كم غرب كابل", "Kabul", "west", 30.0),
    ("على بعد ٢٫٥ كيلومتراً غربيّ العاصمة كابل", "Kabul", "west", 2.5),
    ("وقع الانفجار على بعد 40 كيلومترا شمال غرب مدينة قندوز", "Kunduz", "northwest", 40.0),
])
def test_a_distance_before_the_direction_is_kept(parser, text, name, relation, distance):
    (mention,) = parser.parse(text).mentions
    assert (mention.place.name, mention.relation, mention.distance_km) == (name, relation, distance)


@pytest.mark.parametrize(("text", "relation"), [
    ("Clashes west of Kabul spread.", "west"),  # no distance written
    ("3 people west of Kabul were hurt.", "west"),  # a number, but no unit: not a distance
    ("30 km of road west of Kabul is shut.", "west"),  # the distance is the road's, not the place's
    ("A road 30 km long runs to Kabul.", None),  # a distance with no direction
    ("اشتباكات غربي العاصمة كابل", "west"),
    ("قتل 3 أشخاص غرب كابل", "west"),
])
def test_no_distance_unless_one_is_written_with_the_direction(parser, text, relation):
    (mention,) = parser.parse(text).mentions
    assert (mention.place.name, mention.relation, mention.distance_km) == ("Kabul", relation, None)


def test_the_nearest_distance_before_the_direction_counts():
    text = "3 km on, then 30 km west of Herat"
    assert rules.distance_km(text, text.index("Herat")) == 30.0
    text = "the 20 km-long road west of Herat"
    assert rules.distance_km(text, text.index("Herat")) is None  # a unit that does not end its word


def test_compound_directions():
    assert rules.direction("killed 30 north west of the city of".split()) == ("northwest", 2)
    assert rules.direction(["شمال", "غربي"]) == ("northwest", 0)
    assert rules.direction(["south", "of"]) == ("south", 0)
    assert rules.direction(["road", "of"]) is None


# ---------------------------------------------------------------- the store, on both backends

TEXT = "Clashes 30 km west of Kabul and in Herat."


def _result(distance: float | None) -> ParseResult:
    kabul = Mention(22, 27, "Kabul", fp.KABUL, relation="west", sentence=(0, len(TEXT)), distance_km=distance)
    herat = Mention(35, 40, "Herat", fp.HERAT, sentence=(0, len(TEXT)))
    return ParseResult("en", (kabul, herat))


def _add(store: Store, distance: float | None) -> int:
    article = Article(title="Clashes", text=TEXT, published=dt.date(2021, 7, 7))
    article_id, _ = store.add_article(article, _result(distance), parser_version=fp.PARSER_VERSION,
                                      gazetteer_version=fp.GAZETTEER_VERSION)
    return article_id


def test_the_distance_is_stored_and_read_back(store: Store) -> None:
    article_id = _add(store, 30.0)
    mentions = store.article_mentions(article_id).set_index("text")
    assert mentions.loc["Kabul", "distance_km"] == 30.0 and mentions.loc["Herat", "distance_km"] is None
    excerpt = store.excerpts(fp.KABUL.id).iloc[0]
    assert (excerpt["relation"], excerpt["distance_km"]) == ("west", 30.0)
    exported = store.mentions().set_index("text")
    assert (exported.loc["Kabul", "relation"], exported.loc["Kabul", "distance_km"]) == ("west", 30.0)
    assert exported.loc["Herat", "relation"] is None and exported.loc["Herat", "distance_km"] is None
    # A reparse writes the new parse's distance.
    store.replace_mentions(article_id, _result(32.2), parser_version="fake-2", gazetteer_version="g")
    assert store.excerpts(fp.KABUL.id).iloc[0]["distance_km"] == 32.2


def test_a_store_from_before_the_distance_is_upgraded(store_url: str, monkeypatch) -> None:
    monkeypatch.setattr(schema, "MIGRATIONS", tuple(m for m in MIGRATIONS if m.version < DISTANCE_MIGRATION))
    with Store.open(store_url) as old, old._db.transaction() as cur:
        old._db.run(cur, "INSERT INTO articles (title, text, content_hash, added_at, parser_version, gazetteer_version,"
                         " mention_count, place_count) VALUES ('Old', ?, 'h', 'now', 'p', 'g', 0, 0)",
                    ("An older article",))
    monkeypatch.setattr(schema, "MIGRATIONS", MIGRATIONS)
    with Store.open(store_url) as upgraded:
        article_id = _add(upgraded, 20.0)
        assert upgraded.article_mentions(article_id).set_index("text").loc["Kabul", "distance_km"] == 20.0
        assert upgraded.count_articles() == 2


# ---------------------------------------------------------------- the exports


def test_the_exports_carry_the_relation_and_its_distance(store: Store) -> None:
    _add(store, 30.0)
    table = pd.read_csv(io.BytesIO(FORMATS["csv"].write(store, Filters())), encoding="utf-8-sig",
                        keep_default_na=False).set_index("text")
    assert (table.loc["Kabul", "relation"], table.loc["Kabul", "distance_km"]) == ("west", "30.0")
    assert (table.loc["Herat", "relation"], table.loc["Herat", "distance_km"]) == ("", "")
    features = json.loads(FORMATS["geojson"].write(store, Filters()))["features"]
    excerpts = {f["properties"]["name"]: f["properties"]["excerpts"][0] for f in features}
    assert (excerpts["Kabul"]["relation"], excerpts["Kabul"]["distance_km"]) == ("west", 30.0)
    assert (excerpts["Herat"]["relation"], excerpts["Herat"]["distance_km"]) == (None, None)
    view = collect(store, Filters())
    rows = {row["name"]: row for row in view.rows()}
    assert '<div class="kh-x-meta">30 km west of Kabul</div>' in popup_html(rows["Kabul"])
    assert popup_html(rows["Herat"]).count("kh-x-meta") == 1  # its article line only
    assert "<i>(30 km west of Kabul)</i>" in kml.description(rows["Kabul"])


def test_relation_text_in_both_languages() -> None:
    en, ar = translator("en"), translator("ar")
    assert relation_text("west", 30.0, "Kabul", en) == "30 km west of Kabul"
    assert relation_text("west", 32.2, "كابل", ar) == "٣٢٫٢ كم غرب كابل"
    assert relation_text("northwest", None, "قندوز", ar) == "شمال غرب قندوز"
    assert relation_text("border", None, "Tajikistan", en) == "on the border with Tajikistan"
    assert relation_text("south", float("nan"), "Kabul", en) == "south of Kabul"  # a store's missing float
    assert relation_text(None, 30.0, "Kabul", en) is None
    for direction in ("north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "border"):
        for t in (en, ar):
            assert "X" in relation_text(direction, None, "X", t) != f"relation.{direction}"


# ---------------------------------------------------------------- the excerpt panel


def test_the_panel_says_the_relation_and_its_distance(tmp_path, monkeypatch) -> None:
    path = tmp_path / "kharita.db"
    with Store.open(path) as store:
        _add(store, 30.0)
    run = page_runner(str(path), monkeypatch, "../pages/map_page.py")
    for lang, expected in (("en", "30 km west of <bdi>Kabul</bdi>"), ("ar", "٣٠ كم غرب <bdi>Kabul</bdi>")):
        at = run(place=fp.KABUL.id, lang=lang)
        assert not at.exception and not at.error
        body = "\n".join(element.proto.body for element in at.get("html"))
        assert f'<div class="kh-excerpt"><div class="kh-relation">{expected}</div><blockquote' in body
    at = run(place=fp.HERAT.id)
    assert 'class="kh-excerpt"' in (body := "\n".join(e.proto.body for e in at.get("html")))
    assert 'class="kh-relation"' not in body


def test_the_panel_escapes_the_name_in_its_relation() -> None:
    row = {"article_id": 1, "sentence": "30 km west of <b>X</b>", "start": 14, "end": 22, "language": "en",
           "relations": [("west", 30.0, "<b>X</b>"), ("border", None, "\u202eY")]}
    html_ = excerpt_html(row, Filters())
    assert ('<div class="kh-relation">30 km west of <bdi>&lt;b&gt;X&lt;/b&gt;</bdi> · on the border with '
            '<bdi>\u202eY</bdi></div>') in html_
    assert "<b>X" not in html_
