"""Pure-function tests of the explorer's maps: records in, folium.Map out, no browser."""

import re

import pandas as pd
import pytest
from folium.elements import JSCSSMixin

from geo.maps import (
    CLUSTER_THRESHOLD,
    AssetUrls,
    explorer_base,
    explorer_layers,
    explorer_map,
    legend_html,
    place_features,
    tooltip_html,
    view_bounds,
)

EVIL_SCRIPT = "<script>alert(1)</script>"
EVIL_IMG = "<img src=x onerror=alert(1)>"


def place(place_id, name, kind, lat, lon, mentions=1, name_ar=None, **extra):
    return dict(place_id=place_id, name=name, name_ar=name_ar, kind=kind, country_code="AF", admin1=None,
                admin2=None, lat=lat, lon=lon, mentions=mentions, articles=1, **extra)


def places_frame(rows: list[dict]) -> pd.DataFrame:
    """Rows as the store's queries return them: a missing value is None, never NaN (geo.store.queries)."""
    return pd.DataFrame(rows, dtype=object)


PLACES = places_frame([
    place("g:qala", "Qala-i-Naw", "city", 34.98, 63.13, 4, "قلعة ناو"),
    place("g:kabul", "Kabul", "city", 34.53, 69.17, 3, "كابل"),
    place("g:badghis", "Badghis", "province", 35.2, 63.6, 3, "بادغيس"),
    place("g:af-tj", "Afghanistan–Tajikistan border", "border", 37.4, 71.5, 1),
    place("g:doha", "Doha", "city", 25.29, 51.53, 5, "الدوحة"),
    place("g:jakarta", "Jakarta", "city", -6.21, 106.85, 1, "جاكرتا"),
])
SHAPES = {
    "g:badghis": {"type": "Polygon", "coordinates": [[[63, 35], [64, 35], [64, 36], [63, 36], [63, 35]]]},
    "g:af-tj": {"type": "LineString", "coordinates": [[67.8, 37.2], [70.0, 37.5], [74.5, 37.0]]},
}


def rendered(fmap) -> str:
    return fmap.get_root().render()


def test_one_marker_per_place_polygon_for_province_line_for_border():
    features = place_features(PLACES, SHAPES)
    points = {f["properties"]["place_id"] for f in features["points"]["features"]}
    assert points == {"g:qala", "g:kabul", "g:doha", "g:jakarta"}
    (area,) = features["areas"]["features"]
    assert area["properties"]["place_id"] == "g:badghis" and area["geometry"]["type"] == "Polygon"
    (line,) = features["lines"]["features"]
    assert line["properties"]["place_id"] == "g:af-tj" and line["geometry"]["type"] == "LineString"


def test_a_river_is_its_own_solid_line_and_a_border_is_dashed():
    river = places_frame([place("ne:euphrates", "Euphrates", "water", 33.4, 43.5, 2, "الفرات")])
    shapes = {**SHAPES, "ne:euphrates": {"type": "MultiLineString", "coordinates": [[[38.0, 36.8], [43.5, 33.4]]]}}
    lines = place_features(pd.concat([PLACES, river]), shapes)["lines"]["features"]
    styles = {f["properties"]["place_id"]: f["properties"]["style"] for f in lines}
    assert set(styles) == {"g:af-tj", "ne:euphrates"}
    assert "dashArray" in styles["g:af-tj"] and "dashArray" not in styles["ne:euphrates"]


def test_marker_size_follows_mentions_and_area_shade_follows_mentions():
    more = PLACES.assign(mentions=[40, 1, 3, 1, 5, 1])
    sizes = {f["properties"]["place_id"]: f["properties"]["size"] for f in place_features(more)["points"]["features"]}
    assert sizes["g:qala"] > sizes["g:doha"] > sizes["g:kabul"]
    little = place_features(PLACES.assign(mentions=[40, 1, 1, 1, 1, 1]), SHAPES)["areas"]["features"][0]
    much = place_features(PLACES.assign(mentions=[1, 1, 40, 1, 1, 1]), SHAPES)["areas"]["features"][0]
    assert much["properties"]["style"]["fillOpacity"] > little["properties"]["style"]["fillOpacity"]


def test_province_without_a_shape_falls_back_to_a_marker():
    features = place_features(PLACES, {})
    assert "g:badghis" in {f["properties"]["place_id"] for f in features["points"]["features"]}
    assert features["areas"]["features"] == []


def test_map_carries_every_layer_control_and_place_id():
    html = rendered(explorer_map(PLACES, SHAPES))
    for name in ("Places", "Provinces &amp; districts", "Borders"):
        assert name in html or name.replace("&amp;", "\\u0026") in html
    assert "L.control.layers" in html
    assert "L.control.scale" in html
    assert "kh-fullscreen" in html and "kh-overview" in html and "kh-legend" in html
    for place_id in PLACES["place_id"]:
        assert f'\\"place_id\\": \\"{place_id}\\"' in html  # inside the inert JSON string (geo.maps.inert)


def test_view_fits_nearby_places_and_overview_keeps_far_ones():
    (south, west), (north, east) = view_bounds(PLACES)
    assert south <= 25.29 and north >= 37.4 and west <= 51.53 and east >= 71.5
    assert south > -6.21 and east < 106.85  # Jakarta is in the overview, not the main view
    html = rendered(explorer_map(PLACES, SHAPES))
    assert "[-6.21, 106.85]" in html  # the overview's dot for Jakarta


@pytest.mark.parametrize("evil", [EVIL_SCRIPT, EVIL_IMG])
def test_names_are_escaped_in_tooltips_legend_and_page(evil):
    evil_places = PLACES.assign(name=evil, name_ar=evil, kind=["city", "city", "province", "border", evil, "city"])
    html = rendered(explorer_map(evil_places, SHAPES))
    assert evil not in html
    assert "<img src=x" not in html and "<script>alert" not in html
    tip = tooltip_html(evil, evil, evil, 2)
    assert "<script>" not in tip and "<img" not in tip and "&lt;" in tip
    assert "<script>" not in legend_html([evil], areas=True, lines=True)


def test_no_external_urls_in_the_rendered_map():
    assets = AssetUrls("/app/static")
    html = rendered(explorer_map(PLACES, SHAPES, assets=assets))
    urls = re.findall(r"""(?:src|href)=["']?(https?:)?//[^"' >]+""", html)
    assert urls == [] or all(u == "" for u in urls)
    assert not re.search(r"""(src|href)=["']https?://""", html)
    for cdn in ("cdn.jsdelivr.net", "unpkg.com", "cdnjs", "code.jquery.com", "d3js.org", "netdna"):
        assert cdn not in html


MANY = places_frame([
    place(f"g:{i}", f"Village {i}", "city", 30 + (i % 80) / 10, 61 + (i // 80) / 10)
    for i in range(CLUSTER_THRESHOLD + 1)
])


def declared_assets(element) -> list[str]:
    """Every script and stylesheet URL the elements in ``element`` declare, as st_folium collects them."""
    own = [url for _, url in element.default_js + element.default_css] if isinstance(element, JSCSSMixin) else []
    return own + [url for child in element._children.values() for url in declared_assets(child)]


def test_clustering_only_above_the_threshold():
    few = rendered(explorer_map(PLACES, SHAPES))
    assert "markerClusterGroup" not in few
    html = rendered(explorer_map(MANY))
    assert "L.markerClusterGroup" in html
    assert '/app/static/vendor/markercluster/leaflet.markercluster.js' in html
    assert "unpkg" not in html and "cdnjs" not in html


def test_view_takes_in_a_province_whole_not_just_its_centre():
    badghis = PLACES[PLACES["place_id"] == "g:badghis"]
    (south, west), (north, east) = view_bounds(badghis, SHAPES)
    assert south <= 35 and west <= 63 and north >= 36 and east >= 64


def test_layers_added_after_the_map_rendered_declare_local_assets():
    # st_folium renders the base map, then adds the page's layers and reads their assets off the elements.
    fmap = explorer_base(assets=AssetUrls("/base/app/static"))
    rendered(fmap)
    assert "/base/app/static/vendor/markercluster/leaflet.markercluster.js" in declared_assets(fmap)
    for group in explorer_layers(MANY):
        group.add_to(fmap)
    urls = declared_assets(fmap)
    assert "markerClusterGroup" in rendered(fmap)
    assert urls and all(url.startswith("/base/app/static/vendor/") for url in urls), urls


def test_a_place_with_no_coordinates_is_left_off_the_map():
    unplaced = places_frame([*PLACES.to_dict("records"), place("c:1", "Somewhere", "custom", None, None, 9)])
    points = place_features(unplaced)["points"]["features"]
    assert "c:1" not in {f["properties"]["place_id"] for f in points}
    assert view_bounds(unplaced) == view_bounds(PLACES)


def test_a_name_written_as_a_template_stays_text():
    hostile = PLACES.head(1).assign(name="N{{7*7}}N {% if %} ${alert(1)}")
    html = rendered(explorer_map(hostile))
    assert "N49N" not in html and "\\u007b\\u007b7*7\\u007d\\u007d" in html  # never evaluated, never raw
