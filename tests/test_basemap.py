"""The offline basemap, its assets and the base map built on them."""

import math
import re

import pytest
from folium.plugins import Fullscreen, MarkerCluster
from shapely.geometry import Point, box, shape

from geo.maps import add_controls, assets, base_map, explorer_base, load_basemap
from geo.maps.basemap import DETAIL_ZOOMS

#: What the detail layers cover (west, south, east, north), as scripts/build_basemap.py cuts them.
REGION = box(55.0, 24.0, 79.0, 42.0)


def test_basemap_has_all_provinces_with_english_and_arabic_names():
    basemap = load_basemap()
    names = basemap.province_names()
    assert len(names) == 34
    assert {"Badghis", "Badakhshan", "Herat", "Ghazni", "Panjshir", "Daykundi"} <= set(names)
    arabic = {f["properties"]["name"]: f["properties"]["name_ar"] for f in basemap.provinces["features"]}
    assert arabic["Badghis"] == "بادغيس"
    assert arabic["Panjshir"] == "بنجشير"  # Natural Earth mislabels this row; fixed in the build script
    assert all(arabic.values())


def test_basemap_countries_have_label_points_and_arabic_names():
    countries = {f["properties"]["iso_a2"]: f["properties"] for f in load_basemap().countries["features"]}
    for iso in ("AF", "TJ", "IR", "PK", "QA", "ID"):
        assert countries[iso]["label_lat"] is not None
    assert countries["AF"]["name_ar"] == "أفغانستان"
    assert countries["AF"]["name"] == "Afghanistan"


def test_install_copies_leaflet_and_the_basemap(tmp_path):
    static = assets.install(tmp_path)
    assert (static / "vendor" / "leaflet" / "leaflet.js").read_text().startswith("/*")
    assert (static / "vendor" / "leaflet" / "images" / "layers.png").exists()
    assert (static / "basemap" / "provinces.json").stat().st_size > 10_000
    for name in DETAIL_ZOOMS:
        assert (static / "basemap" / f"{name}.json").stat().st_size > 5_000
    # A second call is a no-op.
    before = (static / "vendor" / "leaflet" / "leaflet.js").stat().st_mtime_ns
    assets.install(tmp_path)
    assert (static / "vendor" / "leaflet" / "leaflet.js").stat().st_mtime_ns == before


def test_base_map_loads_nothing_from_other_hosts():
    html = add_controls(base_map()).get_root().render()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert "/app/static/vendor/leaflet/leaflet.js" in sources
    assert all(s.startswith("/") for s in sources), sources
    assert "/app/static/basemap/provinces.json" in html


def test_base_map_can_embed_the_basemap_for_standalone_use():
    html = base_map(basemap=load_basemap()).get_root().render()
    assert "Badghis" in html and "/app/static/basemap/" not in html


def test_online_tiles_are_opt_in():
    assert "tile.openstreetmap.org" not in base_map().get_root().render()
    assert "tile.openstreetmap.org" in base_map(online_tiles=True).get_root().render()


def test_a_plugin_is_served_from_its_local_copy_or_refused():
    cluster = MarkerCluster()
    assets.AssetUrls("/app/static").localise(cluster)
    assert [url for _, url in cluster.default_css] == [
        "/app/static/vendor/markercluster/MarkerCluster.css",
        "/app/static/vendor/markercluster/MarkerCluster.Default.css",
    ]
    assert MarkerCluster.default_js[0][1].startswith("https://")  # folium's own class is left as it was
    with pytest.raises(LookupError, match="no local copy"):
        Fullscreen().add_to(base_map())  # its script is not vendored: it would load from a CDN


# ---------------------------------------------------------------- the detail layers


def test_detail_files_are_derived_and_small():
    sizes = {path.name: path.stat().st_size for path in assets.BASEMAP_DIR.glob("*.geojson")}
    assert set(sizes) == set(assets.BASEMAP_FILES)
    assert sum(sizes.values()) < 4_000_000, sizes


def test_districts_have_outlines_english_and_arabic_names_and_label_points_inside():
    districts = load_basemap().detail["districts"]["features"]
    assert len(districts) == 398
    named = [f for f in districts if f["properties"]["name_ar"]]
    assert len(named) >= 380
    by_name = {(f["properties"]["province"], f["properties"]["name"]): f for f in districts}
    badghis = {name: f["properties"] for (province, name), f in by_name.items() if province == "Badghis"}
    assert set(badghis) == {"Ab Kamari", "Bala Murghab", "Ghormach", "Jawand", "Muqur", "Qadis", "Qala-i-Naw"}
    assert badghis["Qala-i-Naw"]["name_ar"] == "قلعة ناو"  # its seat's Arabic name in GeoNames
    assert badghis["Jawand"]["name_ar"] == "جوند"
    arabic_letters = re.compile("^[\u0600-\u06ff ]+$")
    assert all(arabic_letters.match(f["properties"]["name_ar"]) for f in named)
    assert not any("ک" in f["properties"]["name_ar"] for f in named)  # written as Arabic writes it: ك
    for f in districts:
        p = f["properties"]
        assert shape(f["geometry"]).buffer(0.01).contains(Point(p["label_lon"], p["label_lat"])), p["name"]
    assert sum(1 for f in districts if f["properties"]["min_zoom"] is not None) >= 390
    assert min(f["properties"]["min_zoom"] or 99 for f in districts) == 8


def test_province_names_give_way_to_their_capitals_and_come_back():
    zooms = {f["properties"]["name"]: f["properties"]["zooms"] for f in load_basemap().provinces["features"]}
    assert sum(1 for z in zooms.values() if z[0] == 6) >= 20  # the country view names most provinces
    assert zooms["Kabul"][0] == 6 and 7 not in zooms["Kabul"]  # at 7 the city of Kabul takes its place
    assert all(z == sorted(z) and z[-1] == 12 for z in zooms.values())


def pixel(lon: float, lat: float, zoom: int) -> tuple[float, float]:
    scale = 256 * 2**zoom
    sin = math.sin(math.radians(lat))
    return (lon + 180) / 360 * scale, (0.5 - math.log((1 + sin) / (1 - sin)) / (4 * math.pi)) * scale


def test_towns_are_thinned_by_zoom_biggest_first():
    towns = load_basemap().detail["towns"]["features"]
    assert len(towns) > 1000
    zooms = [f["properties"]["min_zoom"] for f in towns]
    assert set(zooms) <= set(range(7, 13))
    by_name = {f["properties"]["name"]: f["properties"] for f in towns}
    assert by_name["Kabul"]["min_zoom"] == 7 and by_name["Kabul"]["name_ar"] == "كابل"
    assert by_name["Qala-i-Naw"]["min_zoom"] <= 9 and by_name["Qala-i-Naw"]["name_ar"] == "قلعة ناو"
    # Few at first, more with every zoom.
    shown = [sum(1 for z in zooms if z <= zoom) for zoom in range(7, 13)]
    assert shown == sorted(shown) and shown[0] < 300 < shown[-1]
    # No two labels shown at a zoom are near enough to touch (their boxes are 34 px tall, wider than 30).
    for zoom in range(7, 13):
        cells = {}
        for f in towns:
            if f["properties"]["min_zoom"] <= zoom:
                x, y = pixel(*f["geometry"]["coordinates"], zoom)
                for other in cells.get((int(x // 30), int(y // 30)), []):
                    assert abs(other[0] - x) >= 30 or abs(other[1] - y) >= 30, (zoom, f["properties"]["name"])
                for i in (-1, 0, 1):
                    for j in (-1, 0, 1):
                        cells.setdefault((int(x // 30) + i, int(y // 30) + j), []).append((x, y))


def test_rivers_and_lakes_are_cut_to_the_region_with_natural_earths_zooms():
    detail = load_basemap().detail
    rivers = {f["properties"]["name"]: f for f in detail["rivers"]["features"]}
    assert {"Amu Darya", "Panj", "Harirud", "Helmand"} <= set(rivers)
    assert rivers["Helmand"]["properties"]["name_ar"] == "نهر هلمند"
    assert "Nile" not in rivers and "Volga" not in rivers
    for f in detail["rivers"]["features"] + detail["lakes"]["features"]:
        assert REGION.buffer(1e-3).contains(shape(f["geometry"])), f["properties"]["name"]
        assert f["properties"]["min_zoom"] is not None
    assert rivers["Amu Darya"]["properties"]["min_zoom"] < rivers["Harirud"]["properties"]["min_zoom"]


def test_a_map_fetches_the_detail_by_url_and_never_inlines_it():
    html = explorer_base().get_root().render()
    for name in DETAIL_ZOOMS:
        assert f"/app/static/basemap/{name}.json" in html
    assert "Sang Atesh" not in html and "Qadis" not in html and "Harirud" not in html
    assert len(html.encode()) < 60_000


def test_a_standalone_map_embeds_the_detail():
    html = base_map(basemap=load_basemap()).get_root().render()
    assert "Sang Atesh" in html and "/app/static/basemap/" not in html


def test_labels_are_in_the_interface_language():
    assert 'JSON.parse("\\"en\\"")' in base_map().get_root().render()
    assert 'JSON.parse("\\"ar\\"")' in explorer_base(lang="ar").get_root().render()
    with pytest.raises(ValueError, match="lang"):
        base_map(lang="fr")
