"""The gazetteer browser: search in any script and by a name's start, every name of a place, its map, and the
Gazetteer page (AppTest) with its user aliases, added and removed, reparsing the articles that hold them."""

from __future__ import annotations

import doctest

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import geo.gazetteer.browse
import geo.maps.place_map
import ui.gazetteer
from geo.gazetteer import Gazetteer
from geo.gazetteer.browse import Hit, PlaceName, names_of, search
from geo.ingest import Ingestor
from geo.maps.areas import AreaLayer
from geo.maps.markers import PlaceMarkers
from geo.maps.place_map import place_map, place_tip
from geo.records import Article, Place
from geo.store import Store
from tests import fake_parser
from tests.fixtures import fill
from ui import correct
from ui.excerpts import place_header_html

QALA_I_NAW, BADGHIS, KABUL = "geonames:1129867", "geonames:1147707", "geonames:1138958"
HOSTILE = "<script>alert(1)</script> **bold** [x](javascript:alert(1))"
#: A made-up spelling of Qala-i-Naw that no gazetteer name matches (with a zero-width non-joiner).
NEW_SPELLING = "قلعه\u200cنوی"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.open()


def test_doctests():
    for module in (geo.gazetteer.browse, geo.maps.place_map, ui.gazetteer):
        assert doctest.testmod(module).failed == 0


@pytest.mark.parametrize("query, place_id", [
    ("Qala-i-Naw", QALA_I_NAW), ("قلعة ناو", QALA_I_NAW), ("Qal'eh-ye Now", QALA_I_NAW), ("قلعۀ نو", QALA_I_NAW),
    ("Badghis", BADGHIS), ("بادغيس", BADGHIS), ("بادغیس", BADGHIS), ("Kabul", KABUL), ("كابل", KABUL),
])
def test_search_finds_a_place_by_any_of_its_names_in_any_script(gaz, query, place_id):
    hits = search(gaz, query)
    assert hits[0].place.id == place_id and hits[0].how == "name"


def test_search_finds_a_place_by_the_start_of_a_name_or_a_near_spelling(gaz):
    assert (search(gaz, "بادغ")[0].place.id, search(gaz, "بادغ")[0].how) == (BADGHIS, "start")
    assert search(gaz, "Kabu")[0].place.id == KABUL
    starts = search(gaz, "Qala-i-N")
    assert starts[0].place.id == QALA_I_NAW and starts[0].how == "start" and starts[0].matched == "qala naw"
    near = search(gaz, "Qalai Nau")
    assert near[0].place.id == QALA_I_NAW and near[0].how == "similar"
    assert len(search(gaz, "k", limit=5)) <= 5 and search(gaz, "") == [] and search(gaz, "zzqqxx") == []


def test_search_lists_each_place_once_exact_names_first(gaz):
    hits = search(gaz, "Kab", limit=25)
    ids = [hit.place.id for hit in hits]
    assert len(ids) == len(set(ids)) == 25
    assert hits[0].how == "name" and hits[2].place.id == KABUL  # Kāb and Cobb are named so; Kabul starts so
    hows = [hit.how for hit in hits]
    assert hows == sorted(hows, key=geo.gazetteer.browse.HOW.index)


def test_every_name_of_qala_i_naw_in_every_language_once(gaz):
    names = names_of(gaz, QALA_I_NAW)
    texts = [n.text for n in names]
    assert len(texts) == len(set(texts))
    assert names[0] == PlaceName("Qala-i-Naw", None, "main")
    assert PlaceName("قلعة ناو", "ar", "preferred") in names
    curated = {n.text: n for n in names if n.source == "curated"}
    assert curated["قلعة نو"].lang == "ar" and curated["Kala-i-Nau"].note == "capital of Badghis; older romanisation"
    assert {"Qal`ah-ye Now", "قلعۀ نو", "Shehr Qaleh"} <= {n.text for n in names if n.source == "alternate"}
    assert {n.script for n in names} == {"Latin", "Arabic"}


def test_every_name_of_badghis_with_persian_and_the_index_forms_nothing_else_gives(gaz):
    names = names_of(gaz, BADGHIS)
    assert PlaceName("بادغیس", "fa", "preferred") in names and PlaceName("بادغيس", "ar", "preferred") in names
    assert "ولاية بادغيس" in [n.text for n in names]
    # The index's own names are all covered by the spellings as written, here; none is listed twice.
    assert [n for n in names if n.source == "indexed"] == []
    assert names_of(gaz, "geonames:0") == []


def test_hierarchy_district_province_country(gaz):
    countries = {"AF": "Afghanistan"}
    assert ui.gazetteer.hierarchy_text(gaz.get(QALA_I_NAW), countries) == (
        "Qala-i-Naw district › Badghis province › Afghanistan")
    assert ui.gazetteer.hierarchy_text(gaz.get(BADGHIS), countries) == "Afghanistan"
    hits = ui.gazetteer.hits_frame(search(gaz, "قلعة ناو"), countries)
    first = hits.iloc[0]
    assert (first["Name"], first["Arabic"], first["Kind"], first["Population"]) == ("Qala-i-Naw", "قلعة ناو", "city",
                                                                                    9000)
    assert first["In"] == "Qala-i-Naw district › Badghis province › Afghanistan"
    assert first["Coordinates"] == "34.987°N 63.129°E" and first["Matched by"] == "its name (قلعه ناو)"


def _layers(fmap) -> list:
    return [layer for group in fmap._children.values() for layer in getattr(group, "_children", {}).values()
            if isinstance(layer, AreaLayer | PlaceMarkers)]


def test_place_map_draws_badghis_as_its_polygon_and_qala_i_naw_as_a_marker(gaz):
    badghis = _layers(place_map(gaz.get(BADGHIS), gaz.geometry(BADGHIS)))
    assert [type(layer) for layer in badghis] == [AreaLayer]
    assert badghis[0].data["features"][0]["geometry"]["type"].endswith("Polygon")
    qala = _layers(place_map(gaz.get(QALA_I_NAW), gaz.geometry(QALA_I_NAW)))
    assert [type(layer) for layer in qala] == [PlaceMarkers]
    assert qala[0].data["features"][0]["geometry"]["coordinates"] == [63.12891, 34.98735]
    border = _layers(place_map(gaz.get("ne:border:AF-PK"), gaz.geometry("ne:border:AF-PK")))
    assert [type(layer) for layer in border] == [AreaLayer]
    assert border[0].data["features"][0]["geometry"]["type"].endswith("LineString")


def test_place_map_is_fitted_to_the_place_and_loads_nothing_from_another_host(gaz):
    fmap = place_map(gaz.get(BADGHIS), gaz.geometry(BADGHIS))
    (south, west), (north, east) = next(c.bounds for c in fmap._children.values() if type(c).__name__ == "FitBounds")
    assert south < 35.27 < north and west < 63.85 < east and north - south < 4  # Badghis, not all Afghanistan
    html = fmap.get_root().render()
    assert "cdn.jsdelivr" not in html and "unpkg.com" not in html and "googleapis" not in html


def test_hostile_names_are_escaped_in_the_html_built(gaz):
    hostile = Place("x:1", HOSTILE, "city", 34.9, 63.1, names={"ar": HOSTILE})
    html = place_map(hostile).get_root().render()
    assert "<script>alert" not in html and "<bdi" not in html.split("kh-tip")[0]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in place_tip(hostile)  # the tooltip, as the map carries it
    header = place_header_html({"name": HOSTILE, "name_ar": HOSTILE, "kind": "city"}, {})
    assert "<script>" not in header


def test_aliases_and_their_notes_stay_plain_text_in_the_tables():
    aliases = pd.DataFrame([{"alias_id": 1, "name": HOSTILE, "place_id": QALA_I_NAW, "place_name": "Qala-i-Naw",
                             "kind": "city", "who": "<b>Mina</b>", "at": "2026-01-01T00:00:00Z", "note": HOSTILE}])
    names = ui.gazetteer.names_frame([PlaceName("Qala-i-Naw", None, "main")], aliases)
    assert names.iloc[-1].to_dict() == {"Name": HOSTILE, "Language": None, "Script": "Latin",
                                        "From": "user alias, by <b>Mina</b> at 2026-01-01T00:00:00Z", "Note": HOSTILE}
    assert ui.gazetteer.aliases_frame(aliases).iloc[0]["Note"] == HOSTILE  # as it was typed: st.dataframe shows text
    assert ui.gazetteer.alias_line(aliases.iloc[0]).startswith(f"#1 “{HOSTILE}” → Qala-i-Naw")


def test_hits_frame_of_nothing_has_its_columns():
    assert list(ui.gazetteer.hits_frame([], {}).columns)[:3] == ["Name", "Arabic", "Kind"]
    place = Place("x:1", "Nowhere", "city", None, None)
    assert ui.gazetteer.hits_frame([Hit(place, 1.0, "name", "nowhere")], {}).iloc[0]["Coordinates"] == ""


# ---------------------------------------------------------------------- the page


@pytest.fixture
def realistic(tmp_path, monkeypatch) -> str:
    """The realistic store, its own for each test (the tests add aliases), and one more article
    holding :data:`NEW_SPELLING`; the app's parser is the test geoparser."""
    path = tmp_path / "kharita.db"
    with Store.open(path) as store:
        fill(store, fake_parser.PARSER)
        Ingestor(store, fake_parser.PARSER).ingest_article(
            Article(title="Press spelling", text=f"وصلت التعزيزات إلى {NEW_SPELLING} أمس.",
                                language="ar"))
    monkeypatch.setenv("KHARITA_DB", str(path))
    fake_parser.install(monkeypatch)
    return str(path)


def run(**params) -> AppTest:
    at = AppTest.from_file("../pages/Gazetteer.py", default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def frames(at) -> list[pd.DataFrame]:
    return [element.value for element in at.dataframe]


def spelling_places(path: str) -> list[str | None]:
    with Store.open(path) as store:
        articles = store.articles()
        article_id = int(articles[articles["title"] == "Press spelling"]["article_id"].iloc[0])
        mentions = store.article_mentions(article_id)
    return list(mentions[mentions["text"] == NEW_SPELLING]["place_id"])


def test_page_searches_in_arabic_and_opens_the_best_place_by_its_link(realistic):
    at = run(q="بادغيس")
    assert not at.exception and not at.error
    assert at.query_params["id"] == BADGHIS  # opened, and in the address bar for sharing
    hits, names, *_ = frames(at)
    assert hits.iloc[0]["Name"] == "Badghis" and hits.iloc[0]["Kind"] == "province"
    assert {"بادغيس", "بادغیس", "Badghis"} <= set(names["Name"])
    assert any("Badghis" in h.proto.body and "province" in h.proto.body for h in at.get("html"))


def test_page_opens_a_shared_link_and_a_new_query_drops_the_place(realistic):
    at = run(q="Qala", id=QALA_I_NAW)
    assert not at.exception and at.selectbox[0].value == QALA_I_NAW
    at.text_input[0].set_value("Kabul").run()
    assert at.query_params["q"] == "Kabul" and at.query_params["id"] == KABUL


def test_page_adds_an_alias_reparses_the_article_holding_it_and_removes_it(realistic):
    assert spelling_places(realistic) == []  # no gazetteer name matches the new spelling
    at = run(q="Qala-i-Naw")
    assert at.query_params["id"] == QALA_I_NAW
    at.text_input(key="gz-who").set_value("Mina").run()
    assert at.session_state[correct.WHO] == "Mina"  # remembered for the session, as corrections remember it
    form = {t.label: t for t in at.text_input}
    form["Alias"].set_value(NEW_SPELLING)
    form["Note (where it was seen; why)"].set_value(HOSTILE)
    next(b for b in at.button if b.label == "Add alias").click().run()
    assert not at.exception and not at.error
    assert [s.value for s in at.success] == ["Alias #1 added. 1 article reparsed."]
    assert spelling_places(realistic) == [QALA_I_NAW]
    with Store.open(realistic) as store:
        alias = store.aliases().iloc[0]
    assert (alias["name"], alias["place_id"], alias["who"], alias["note"]) == (NEW_SPELLING, QALA_I_NAW, "Mina",
                                                                                HOSTILE)
    names, aliases = frames(at)[1:3]
    assert names.iloc[-1]["Name"] == NEW_SPELLING and names.iloc[-1]["Note"] == HOSTILE
    assert list(aliases["Name"]) == [NEW_SPELLING]
    assert not any("<script>" in m.value for m in at.markdown)  # the note is never Markdown
    assert any(t.value.startswith(f"#1 “{NEW_SPELLING}” → Qala-i-Naw") for t in at.text)

    next(b for b in at.button if b.label == "Remove").click().run()
    assert [s.value for s in at.success] == ["Alias #1 removed. 1 article reparsed."]
    assert spelling_places(realistic) == []
    with Store.open(realistic) as store:
        assert store.aliases().empty and store.aliases(include_removed=True).iloc[0]["removed_by"] == "Mina"


def test_page_asks_for_a_name_before_adding_an_alias(realistic):
    at = run(q="Qala-i-Naw")
    next(t for t in at.text_input if t.label == "Alias").set_value("قلعه نوی")
    next(b for b in at.button if b.label == "Add alias").click().run()
    assert [e.value for e in at.error] == ["an alias needs a name and a 'who'"]
    assert all(b.disabled for b in at.button if b.label == "Remove")


def test_page_says_when_nothing_matches(realistic):
    at = run(q="zzqqxx")
    assert not at.exception and "No place in the gazetteer" in at.info[0].value
    assert "id" not in at.query_params
