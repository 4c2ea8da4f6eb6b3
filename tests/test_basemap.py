"""The offline basemap, its assets and the base map built on them."""

import re

import pytest
from folium.plugins import Fullscreen, MarkerCluster

from geo.maps import add_controls, assets, base_map, load_basemap


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
