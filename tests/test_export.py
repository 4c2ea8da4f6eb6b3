"""Exports: every format of the realistic store round-trips, and hostile text comes out as text."""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest

from geo.cli import build_parser, main
from geo.commands.export import filters_from
from geo.export import FORMATS, collect
from geo.export.tables import defuse
from geo.ingest import Ingestor, Parser, default_parser
from geo.records import Article
from geo.store import FACETS, Filters, Store
from geo.store.filters import NO_FILTERS
from tests import fake_parser
from tests.fixtures import HOSTILE_PLACE, fill

KML = "{http://www.opengis.net/kml/2.2}"
QALA_AR, BADGHIS_AR = "قلعة ناو", "بادغيس"
#: What a template, a script or a spreadsheet might run, and a right-to-left override.
HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(1)> `${alert(1)}` {{7*7}} {% if %} \u202eevil"
#: Where the hostile story's Kabul is moved to, and the name the spot is given.
HOSTILE_POINT, HOSTILE_SPOT = (34.6, 69.3), "`${alert(1)}` {{7*7}} <b>spot</b>"
FORMULA_TITLE = "=HYPERLINK(\"http://evil.example\",\"click\")"
GEOMETRY_TYPES = {"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"}


def add_hostile_story(store: Store, parser: Parser = fake_parser.PARSER) -> int:
    """An article titled with every hostile string and a formula, its Kabul corrected to a spot
    named and annotated as hostile."""
    article = Article(
        title=HOSTILE + " " + FORMULA_TITLE, text=f"@SUM(1) in Kabul: {HOSTILE}.\n\n-1 said Herat.",
        source="+Agency", language="en", published=dt.date(2021, 9, 1),
    )
    result = Ingestor(store, parser).ingest_article(article, "hostile-extra")
    start = article.text.index("Kabul")
    store.add_correction(result.article_id, span=(start, start + 5), point=HOSTILE_POINT, point_name=HOSTILE_SPOT,
                         who="test", note=HOSTILE)
    return result.article_id


@pytest.fixture
def hostile(filled) -> tuple[Store, int]:
    """The realistic store with one more, even more hostile, story; and that story's id."""
    store, _ = filled
    return store, add_hostile_story(store)


def coordinates(geometry: dict) -> list[list[float]]:
    """Every position of a GeoJSON geometry."""
    def walk(value):
        if isinstance(value[0], int | float):
            yield value
        else:
            for part in value:
                yield from walk(part)

    return list(walk(geometry["coordinates"]))


def assert_valid_geometry(geometry: dict) -> None:
    assert geometry["type"] in GEOMETRY_TYPES, geometry["type"]
    positions = coordinates(geometry)
    assert positions
    for lon, lat, *_ in positions:
        assert -180 <= lon <= 180 and -90 <= lat <= 90, (lon, lat)
    if geometry["type"].endswith("Polygon"):
        rings = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        for polygon in rings:
            for ring in polygon:
                assert len(ring) >= 4 and ring[0] == ring[-1]  # RFC 7946 3.1.6: closed linear rings


def geojson(store: Store, filters: Filters = NO_FILTERS, shapes=None) -> dict:
    return json.loads(FORMATS["geojson"].write(store, filters, shapes).decode("utf-8"))


# ---------------------------------------------------------------- the registry


def test_every_format_is_registered_once_with_a_file_name_and_a_mime_type() -> None:
    assert list(FORMATS) == ["geojson", "csv", "places-csv", "kml", "html"]
    for name, fmt in FORMATS.items():
        assert fmt.name == name and fmt.mime and fmt.filename(Filters()).endswith("." + fmt.extension)
    assert FORMATS["places-csv"].filename(Filters()) != FORMATS["csv"].filename(Filters())


# ---------------------------------------------------------------- GeoJSON


def test_geojson_is_a_valid_feature_collection_of_every_place(filled) -> None:
    store, _ = filled
    places = store.places()
    collection = geojson(store)
    assert collection["type"] == "FeatureCollection" and "crs" not in collection
    features = collection["features"]
    assert [f["properties"]["place_id"] for f in features] == list(places["place_id"])
    for feature, place in zip(features, places.to_dict("records"), strict=True):
        assert feature["type"] == "Feature"
        assert_valid_geometry(feature["geometry"])
        assert feature["geometry"]["coordinates"] == [pytest.approx(place["lon"]), pytest.approx(place["lat"])]
        props = feature["properties"]
        assert props["mentions"] == place["mentions"] and props["articles"] == place["articles"]
        assert 0 < len(props["excerpts"]) <= 20 and props["excerpts_total"] >= len(props["excerpts"])
        for excerpt in props["excerpts"]:
            assert excerpt["sentence"][excerpt["start"]:excerpt["end"]] == excerpt["text"]
            assert set(excerpt) >= {"article_id", "title", "published", "sentence", "text"}
    qala = next(f["properties"] for f in features if f["properties"]["name"] == "Qala-i-Naw")
    assert qala["name_ar"] == QALA_AR and qala["admin1"] == "Badghis" and qala["corrected"] is False
    spot = next(f["properties"] for f in features if f["properties"]["name"] == HOSTILE_PLACE)
    assert spot["corrected"] is True and spot["corrected_mentions"] == 1
    assert spot["excerpts"][0]["corrected"] is True


def test_geojson_caps_the_excerpts_and_gives_the_total(filled) -> None:
    store, _ = filled
    view = collect(store, Filters(), cap=2)
    qala = next(row for row in view.rows() if row["name"] == "Qala-i-Naw")
    assert len(qala["excerpts"]) == 2 and qala["excerpt_total"] == qala["mentions"] > 2


def test_geojson_follows_the_filters(filled) -> None:
    store, _ = filled
    features = geojson(store, Filters(provinces=("Badghis",), kinds=("city",)))["features"]
    assert [f["properties"]["name"] for f in features] == ["Qala-i-Naw"]
    assert all(e["published"] >= "2021-08-01" for f in geojson(store, Filters(date_from=dt.date(2021, 8, 1)))[
        "features"] for e in f["properties"]["excerpts"])


def test_geojson_outlines_from_the_gazetteer_are_valid(tmp_path, gazetteer) -> None:
    with Store.open(tmp_path / "real.db") as store:
        fill(store, default_parser())
        features = geojson(store, shapes=gazetteer)["features"]
    kinds = {f["geometry"]["type"] for f in features}
    assert {"Point"} < kinds and kinds & {"Polygon", "MultiPolygon"}  # provinces keep their outline
    for feature in features:
        assert_valid_geometry(feature["geometry"])
    badghis = next(f for f in features if f["properties"]["name"] == "Badghis")
    assert badghis["geometry"]["type"].endswith("Polygon") and badghis["properties"]["name_ar"] == BADGHIS_AR


# ---------------------------------------------------------------- CSV


def test_mention_csv_opens_with_the_arabic_intact(filled) -> None:
    store, _ = filled
    data = FORMATS["csv"].write(store, Filters())
    assert data.startswith(b"\xef\xbb\xbf")
    table = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False)
    assert len(table) == len(store.mentions(Filters())) == store.summary().mentions
    assert list(table.columns[:9]) == ["article_id", "title", "published", "source", "language", "text", "start",
                                       "end", "sentence"]
    assert QALA_AR in set(table["text"]) and BADGHIS_AR in set(table["name_ar"])
    assert table.loc[table["name"] == HOSTILE_PLACE, "corrected"].tolist() == [True]
    qala = table[table["name"] == "Qala-i-Naw"]
    assert len(qala) == store.places().set_index("name").loc["Qala-i-Naw", "mentions"]


def test_places_csv_has_a_row_a_place_with_its_counts(filled) -> None:
    store, _ = filled
    data = FORMATS["places-csv"].write(store, Filters())
    assert data.startswith(b"\xef\xbb\xbf")
    table = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False)
    places = store.places()
    assert list(table["place_id"]) == list(places["place_id"])
    assert list(table["mentions"]) == list(places["mentions"]) and QALA_AR in set(table["name_ar"])


def test_csv_cells_a_spreadsheet_would_run_are_text(hostile) -> None:
    store, article_id = hostile
    table = pd.read_csv(io.BytesIO(FORMATS["csv"].write(store, Filters(article_ids=(article_id,)))),
                        encoding="utf-8-sig", keep_default_na=False)
    assert set(table["source"]) == {"'+Agency"}
    assert all(title.startswith("<script>") for title in table["title"])  # a formula only at the start
    assert "'@SUM(1) in Kabul: " + HOSTILE + "." in set(table["sentence"])
    assert "'-1 said Herat." in set(table["sentence"])
    assert HOSTILE in set(table["correction_note"])
    assert defuse("=1+1") == "'=1+1" and defuse("\t=1") == "'\t=1" and defuse(-1) == -1


# ---------------------------------------------------------------- KML


def test_kml_parses_with_a_placemark_a_place(filled) -> None:
    store, _ = filled
    root = ET.fromstring(FORMATS["kml"].write(store, Filters()))
    marks = root.findall(f".//{KML}Placemark")
    places = store.places()
    assert len(marks) == len(places)
    names = [m.findtext(f"{KML}name") for m in marks]
    assert f"Qala-i-Naw · {QALA_AR}" in names
    assert f"{HOSTILE_PLACE} (corrected)" in [n.split(" · ")[0] for n in names]
    for mark, place in zip(marks, places.to_dict("records"), strict=True):
        lon, lat, *_ = (float(v) for v in mark.findtext(f".//{KML}coordinates").split(","))
        assert (lon, lat) == (pytest.approx(place["lon"]), pytest.approx(place["lat"]))
        data = {d.get("name"): d.findtext(f"{KML}value") for d in mark.iter(f"{KML}Data")}
        assert data["place_id"] == place["place_id"] and int(data["mentions"]) == place["mentions"]


def test_kml_descriptions_hold_hostile_text_as_text(hostile) -> None:
    store, article_id = hostile
    root = ET.fromstring(FORMATS["kml"].write(store, Filters(article_ids=(article_id,))))
    descriptions = " ".join(d.text for d in root.iter(f"{KML}description"))
    # Google Earth reads a description as HTML: the hostile tags must arrive escaped, as text.
    assert "<script" not in descriptions and "<img" not in descriptions
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in descriptions and "{{7*7}}" in descriptions
    assert "Corrected by a journalist" in descriptions


# ---------------------------------------------------------------- the standalone map


def popup_data(page: str) -> dict[str, str]:
    """The popups the standalone page holds, by place id, as the browser reads them."""
    # The literal holds no line break (JSON escapes them), so it ends at the line's ");".
    [literal] = re.findall(r"var popups = JSON\.parse\((\".*\")\);\n", page)
    return json.loads(json.loads(literal))


def test_standalone_html_loads_nothing_and_holds_hostile_text_as_data(hostile) -> None:
    store, article_id = hostile
    page = FORMATS["html"].write(store, Filters()).decode("utf-8")  # a "{% if %}" in the data would raise
    assert "<script src" not in page and 'rel="stylesheet"' not in page
    assert "cdn." not in page and "kharita-inline:" not in page
    assert "L.version" in page or "Leaflet" in page  # Leaflet itself is in the page
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    popups = popup_data(page)
    assert set(popups) == set(store.places()["place_id"])
    corrected = popups[store.article_mentions(article_id).loc[0, "place_id"]]
    assert html.escape(HOSTILE) in corrected and "{{7*7}}" in corrected  # escaped once, never evaluated
    assert QALA_AR in popups[store.places().set_index("name").loc["Qala-i-Naw", "place_id"]]
    assert "Qala-i-Naw" in page and QALA_AR in page  # the markers' data, as typed (geo.maps.inert)


# ---------------------------------------------------------------- the command line


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "kharita.db"
    with Store.open(path) as store:
        fill(store, fake_parser.PARSER)
    return path


def test_cli_writes_the_format_under_the_address_bar_filters(db, tmp_path, gazetteer, capsys) -> None:
    out = tmp_path / "badghis.geojson"
    argv = ["export", "--format", "geojson", "--db", str(db), "--province", "Badghis", "--kind", "city",
            "--kind", "province", "--out", str(out)]
    assert main(argv) == 0
    assert "wrote" in capsys.readouterr().err
    names = {f["properties"]["name"] for f in json.loads(out.read_text("utf-8"))["features"]}
    assert names == {"Qala-i-Naw", "Badghis"}


def test_cli_writes_to_stdout_as_bytes(db, gazetteer, capsysbinary) -> None:
    assert main(["export", "--format", "places-csv", "--db", str(db), "--from", "2021-08-01", "--q", "Doha"]) == 0
    data = capsysbinary.readouterr().out
    assert data.startswith(b"\xef\xbb\xbf")
    with Store.open(db) as store:
        expected = FORMATS["places-csv"].write(store, Filters(date_from=dt.date(2021, 8, 1), text="Doha"))
    assert data == expected and "Doha" in data.decode("utf-8-sig")


def test_cli_has_an_option_for_every_url_parameter() -> None:
    every = Filters(
        provinces=("Badghis", "Herat"), districts=("Qala-i-Naw",), countries=("AF",), kinds=("city",),
        article_ids=(1, 3), sources=("BBC",), languages=("ar",), date_from=dt.date(2021, 7, 1),
        date_to=dt.date(2021, 8, 31), text="prison", include_demonyms=True,
    )
    argv = ["export", "--format", "csv"]
    for param, value in every.to_query_params().items():
        for v in value if isinstance(value, list) else [value]:
            argv += [f"--{param}"] if param == "demonyms" else [f"--{param}", v]
    assert filters_from(build_parser().parse_args(argv)) == every
    assert {f.param for f in FACETS} <= {a.lstrip("-") for a in argv}
