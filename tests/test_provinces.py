"""The Provinces page: its query equals the map's summary row by row, its choropleth's classes and legend, its page."""

from __future__ import annotations

import datetime as dt
import html
import io
from dataclasses import replace

import pandas as pd
import pytest

from geo.maps import load_basemap
from geo.maps.choropleth import (
    ZERO_COLOUR,
    choropleth_legend_html,
    choropleth_map,
    class_of,
    colour_classes,
    division_features,
)
from geo.store import Filters
from tests.fixtures import HOSTILE_TITLE, filled_file, page_runner
from ui import provinces as view

AFGHAN = load_basemap().province_names()
BADGHIS_DISTRICTS = ["Ab Kamari", "Bala Murghab", "Ghormach", "Jawand", "Muqur", "Qadis", "Qala-i-Naw"]

#: Filter sets under which every row must equal the map's summary; a province or district filter is replaced.
FILTER_SETS = [
    Filters(),
    Filters(kinds=("city",)),
    Filters(languages=("en",)),
    Filters(text="prison"),
    Filters(date_from=dt.date(2021, 7, 8)),
    Filters(include_demonyms=True, countries=("AF",)),
    Filters(provinces=("Herat",), sources=("Reuters", "Al Jazeera")),
    Filters(districts=("Qala-i-Naw",)),
]


def summary_of(row) -> tuple[int, int, int]:
    return int(row["places"]), int(row["mentions"]), int(row["articles"])


@pytest.mark.parametrize("filters", FILTER_SETS, ids=repr)
def test_every_province_row_is_the_maps_summary_with_that_province_chosen(filled, filters):
    store, _ = filled
    table = store.provinces(filters, listed=AFGHAN)
    home = table.head(34)
    assert sorted(home["name"]) == AFGHAN and table["name"].is_unique  # Afghanistan's first, every one
    assert home["mentions"].is_monotonic_decreasing
    for row in table.to_dict("records"):
        s = store.summary(replace(filters, provinces=(row["name"],)))
        assert summary_of(row) == (s.places, s.mentions, s.articles), row["name"]


def test_the_afghan_provinces_then_the_divisions_abroad(filled):
    store, ids = filled
    table = store.provinces(Filters(), listed=AFGHAN)
    assert len(table) == 35 and table["name"].iloc[-1] == "Doha" and table["country_code"].iloc[-1] == "QA"
    badghis = table[table["name"] == "Badghis"].iloc[0]
    s = store.summary(Filters(provinces=("Badghis",)))
    assert summary_of(badghis) == (s.places, s.mentions, s.articles) == (2, 13, 3)
    # The newest of its articles (8 July, the Arabic story) gives the date and the excerpt.
    assert badghis["latest"] == "2021-07-08" and badghis["excerpt_article_id"] == ids["arabic"]
    assert badghis["excerpt"] == "هاجمت طالبان مدينة قلعة ناو في ولاية بادغيس." and badghis["excerpt_language"] == "ar"
    zero = table[table["name"] == "Zabul"].iloc[0]
    assert summary_of(zero) == (0, 0, 0) and zero["country_code"] == "AF"
    assert zero["latest"] is None and zero["excerpt"] is None  # None, never NaN


def test_the_excerpt_follows_the_text_filter(filled):
    store, _ = filled
    row = store.provinces(Filters(text="prison"), listed=AFGHAN).set_index("name").loc["Badghis"]
    assert "prison" in row["excerpt"].lower() or "سجن" in row["excerpt"]


@pytest.mark.parametrize("filters", FILTER_SETS, ids=repr)
def test_every_district_of_badghis_is_listed_and_is_the_maps_summary(filled, filters):
    store, _ = filled
    table = store.provinces(filters, province="Badghis", listed=BADGHIS_DISTRICTS)
    assert sorted(table["name"]) == BADGHIS_DISTRICTS
    for row in table.to_dict("records"):
        s = store.summary(replace(filters, provinces=("Badghis",), districts=(row["name"],)))
        assert summary_of(row) == (s.places, s.mentions, s.articles), row["name"]


def test_badghis_has_seven_district_outlines(gazetteer):
    shapes = view.district_shapes(gazetteer)
    assert [f["properties"]["name"] for f in shapes["Badghis"]] == BADGHIS_DISTRICTS
    assert len(shapes) == 34 and sum(map(len, shapes.values())) == 398
    assert all(f["geometry"]["type"].endswith("Polygon") for f in shapes["Badghis"])


# ---------------------------------------------------------------- the choropleth


def test_classes_are_quantiles_of_the_named_with_zero_its_own_grey():
    classes = colour_classes([0] * 30 + [1, 2, 8, 13])
    assert [c.label for c in classes] == ["0", "1", "2", "3–8", "9–13"]
    assert classes[0].colour == ZERO_COLOUR and len({c.colour for c in classes}) == 5
    assert class_of(0, classes).colour == ZERO_COLOUR and class_of(5, classes).label == "3–8"
    many = colour_classes(range(0, 101))
    assert len(many) == 6 and many[-1].high == 100 and many[1].low == 1  # five classes above zero
    assert all(a.high + 1 == b.low for a, b in zip(many, many[1:], strict=False))
    assert [c.label for c in colour_classes([0, 0])] == ["0"]


def test_the_legend_lists_every_class_in_large_type():
    legend = choropleth_legend_html("Mentions", colour_classes([0, 1, 5, 9]))
    assert legend.count('class="kh-swatch"') == 4 and "0 (not named)" in legend and "6–9" in legend
    page = choropleth_map(pd.DataFrame(columns=["name", "mentions"]), []).get_root().render()
    assert ".kh-legend .kh-classes { font-size: 15px" in page


def _square(lon: float) -> dict:
    return {"type": "Polygon", "coordinates": [[[lon, 35], [lon + 1, 35], [lon + 1, 36], [lon, 35]]]}


def test_the_choropleth_colours_each_shape_by_its_class_and_escapes_its_text():
    counts = pd.DataFrame([
        {"name": HOSTILE_TITLE, "mentions": 9, "articles": 2, "places": 1, "latest": "2021-07-08"},
        {"name": "Abroad", "mentions": 500, "articles": 1, "places": 1, "latest": None},  # no shape: no class
    ])
    shapes = [
        {"properties": {"name": HOSTILE_TITLE, "name_ar": "<b>عربي</b>"}, "geometry": _square(63)},
        {"properties": {"name": "Quiet", "name_ar": None}, "geometry": _square(65)},
    ]
    page = choropleth_map(counts, shapes, title="<i>Mentions</i>", fit=True).get_root().render()
    assert "<script>alert" not in page and "<img src=x" not in page and "<i>Mentions" not in page
    assert "cdn.jsdelivr.net" not in page and "tile.openstreetmap" not in page
    classes = colour_classes([9, 0])  # the shapes' counts: the division with no shape does not make the classes
    hostile, quiet = (f["properties"] for f in division_features(counts, shapes, classes)["features"])
    assert hostile["tip"].startswith(f'<div class="kh-tip"><b>{html.escape(HOSTILE_TITLE)}</b>')
    assert '<bdi class="kh-ar" dir="rtl" lang="ar">&lt;b&gt;عربي&lt;/b&gt;</bdi>' in hostile["tip"]
    assert "9 mentions · 2 articles · 1 place" in hostile["tip"] and "latest 2021-07-08" in hostile["tip"]
    assert hostile["style"]["fillColor"] == classes[-1].colour and hostile["place_id"] == HOSTILE_TITLE
    assert quiet["style"]["fillColor"] == ZERO_COLOUR and "0 mentions" in quiet["tip"]
    assert classes[-1].colour.lower() in page.lower() and ZERO_COLOUR in page


# ---------------------------------------------------------------- the table


def test_the_table_links_each_row_to_the_map_so_filtered_and_downloads_as_excel_csv(filled):
    store, _ = filled
    filters = Filters(kinds=("city", "province"), provinces=("Herat",))
    shown = view.table(store.provinces(filters, listed=AFGHAN), filters, {"AF": "Afghanistan"})
    row = shown[shown["Name"] == "Badghis"].iloc[0]
    assert row["Map"] == "./?province=Badghis&kind=city&kind=province" and row["Country"] == "Afghanistan"
    data = view.csv_bytes(shown)
    assert data.startswith("\ufeff".encode())
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert len(back) == len(shown) and "Map" not in back and "بادغيس" in " ".join(back["Most recent excerpt"].dropna())
    districts = view.table(store.provinces(filters, province="Badghis"), filters, {}, province="Badghis")
    assert districts["Map"].tolist() == ["./?province=Badghis&district=Qala-i-Naw&kind=city&kind=province"]


def test_a_formula_in_an_excerpt_stays_text_in_the_csv():
    shown = pd.DataFrame({"Name": ["Kabul"], "Most recent excerpt": ["=HYPERLINK(\"http://x\")"], "Map": ["./"]})
    assert b"'=HYPERLINK" in view.csv_bytes(shown)


# ---------------------------------------------------------------- the page


@pytest.fixture(scope="module")
def realistic(tmp_path_factory) -> str:
    return filled_file(tmp_path_factory.mktemp("provinces"))


@pytest.fixture
def page(realistic, monkeypatch):
    return page_runner(realistic, monkeypatch, "../pages/Provinces.py")


def test_the_page_lists_every_province_and_drills_into_badghis(page):
    at = page(drill="Badghis", kind=["city", "province"])
    assert not at.exception and not at.error
    provinces, districts = at.dataframe[0].value, at.dataframe[1].value
    assert len(provinces) == 35 and provinces.iloc[0]["Name"] == "Badghis" and provinces.iloc[0]["Mentions"] == 13
    assert provinces.iloc[0]["Map"] == "./?province=Badghis&kind=city&kind=province"
    assert sorted(districts["Name"]) == BADGHIS_DISTRICTS
    assert at.selectbox[0].value == "Badghis"
    body = "\n".join(element.proto.body for element in at.get("html"))
    assert "<b>Badghis</b>: 2 places · 13 mentions · 3 articles" in body
    assert 'href="./?province=Badghis&amp;kind=city&amp;kind=province" target="_self"' in body
    # The drill-down filters nothing: the sidebar's province filter is not set by it.
    assert next(m for m in at.multiselect if m.label == "Province").value == []


def test_choosing_a_province_keeps_the_filters_and_writes_the_drill_to_the_url(page):
    at = page(language="en")
    assert not at.exception and len(at.dataframe) == 1  # no province drilled into, no districts' table
    at = at.selectbox[0].select("Herat").run()
    assert not at.exception
    assert str(at.query_params["drill"]) == "Herat" and "en" in str(at.query_params["language"])
    # Every one of Herat's districts the gazetteer knows, then the test geoparser's own "Herat" district.
    districts = at.dataframe[1].value["Name"].tolist()
    assert len(districts) == 17 and "Hirat" in districts and districts[-1] == "Herat"


def test_a_drill_that_is_not_an_afghan_province_is_ignored(page):
    at = page(drill="<script>alert(1)</script>")
    assert not at.exception and not at.error
    assert at.selectbox[0].value is None and len(at.dataframe) == 1


def test_a_filter_changed_in_the_sidebar_keeps_the_drill(page):
    at = page(drill="Badghis")
    kind = next(m for m in at.multiselect if m.label == "Kind of place")
    at = kind.select("city").run()
    assert not at.exception
    assert str(at.query_params["drill"]) == "Badghis" and "city" in str(at.query_params["kind"])
    assert at.dataframe[1].value.set_index("Name").at["Qala-i-Naw", "Mentions"] == 8
