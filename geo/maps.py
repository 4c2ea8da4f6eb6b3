"""Map building: pure functions from records to ``folium.Map``.

Nothing here touches the network or Streamlit. Every map loads Leaflet from
the app's own static folder (:mod:`geo.assets`) and draws the offline
basemap (:mod:`geo.basemap`); online tiles are an opt-in layer.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import folium
import pandas as pd
from branca.element import Element, MacroElement
from jinja2 import Template

from geo.assets import AssetUrls
from geo.basemap import AFGHANISTAN_BOUNDS, ATTRIBUTION, Basemap
from geo.map_layers import CSS as LAYER_CSS
from geo.map_layers import (
    KIND_STYLE,
    LEGEND_KINDS,
    AreaLayer,
    Fullscreen,
    Legend,
    Overview,
    PlaceMarkers,
    ViewFit,
    legend_html,
    tooltip_html,
)

#: Tile layers a user with internet may switch on; never loaded by default.
ONLINE_TILES = (
    ("OpenStreetMap", "OpenStreetMap", None),
    (
        "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png",
        "CARTO light",
        "&copy; OpenStreetMap contributors &copy; CARTO",
    ),
)

STYLE = Element(
    """<style>
.leaflet-container { background: #dfe7ee; font-family: "Noto Sans", "Noto Sans Arabic", system-ui, sans-serif; }
.kh-label { background: none; border: none; white-space: nowrap; pointer-events: none;
  color: #6b6f76; font-size: 12px; letter-spacing: .02em; text-shadow: 0 0 3px #fff, 0 0 3px #fff;
  transform: translate(-50%, -50%); width: auto !important; height: auto !important; }
.kh-label-country { font-size: 13px; font-weight: 600; text-transform: uppercase; color: #8a8d92; }
.kh-label-province { font-size: 11px; display: none; }
.kh-show-provinces .kh-label-province { display: block; }
</style>"""
)


class OfflineBasemap(MacroElement):
    """Country and province outlines drawn from the project's own GeoJSON.

    Each layer is either a URL served by the app (the browser fetches and
    caches it, keeping every map's HTML small) or the GeoJSON itself (for a
    standalone map that must work from a file).
    """

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent.get_name() }};
  map.createPane("kh-basemap").style.zIndex = 250;
  map.createPane("kh-outlines").style.zIndex = 260;  // above the land fill, whichever loads first
  var labelPane = map.createPane("kh-labels");
  labelPane.style.zIndex = 640;
  labelPane.style.pointerEvents = "none";
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution({{ this.attribution|tojson }});

  function load(source, draw) {
    if (typeof source === "string") {
      fetch(source).then(function (r) { return r.json(); }).then(draw);
    } else {
      draw(source);
    }
  }
  function label(lat, lon, text, kind, minZoom) {
    var el = document.createElement("div");
    el.textContent = text;  // text, never HTML
    var marker = L.marker([lat, lon], {
      icon: L.divIcon({className: "kh-label kh-label-" + kind, html: el, iconSize: null}),
      interactive: false, keyboard: false, pane: "kh-labels"
    });
    marker.minZoom = minZoom;
    return marker;
  }
  var countryLabels = L.layerGroup().addTo(map);
  function showLabels() {
    var zoom = map.getZoom();
    map.getContainer().classList.toggle("kh-show-provinces", zoom >= {{ this.province_label_zoom }});
    countryLabels.eachLayer(function (m) {
      var el = m.getElement();
      if (el) { el.style.display = zoom + 1.5 >= m.minZoom ? "" : "none"; }
    });
  }
  load({{ this.countries|tojson }}, function (data) {
    L.geoJSON(data, {
      pane: "kh-basemap", interactive: false,
      style: function (f) {
        var home = f.properties.iso_a2 === "AF";
        return {color: home ? "#8c8577" : "#b9b4a9", weight: home ? 1.4 : 0.8,
                fillColor: home ? "#fffdf7" : "#f4f1ea", fillOpacity: 1};
      }
    }).addTo({{ this.countries_group.get_name() }});
    data.features.forEach(function (f) {
      var p = f.properties;
      if (p.label_lat !== null) {
        countryLabels.addLayer(label(p.label_lat, p.label_lon, p.name, "country", p.min_label));
      }
    });
    showLabels();
  });
  load({{ this.provinces|tojson }}, function (data) {
    L.geoJSON(data, {
      pane: "kh-outlines", interactive: false,
      style: {color: "#b4ab9b", weight: 0.8, fill: false}
    }).addTo({{ this.provinces_group.get_name() }});
    data.features.forEach(function (f) {
      var p = f.properties;
      label(p.label_lat, p.label_lon, p.name, "province", 0).addTo({{ this.provinces_group.get_name() }});
    });
    showLabels();
  });
  map.on("zoomend", showLabels);
})();
{% endmacro %}
"""
    )

    def __init__(self, countries, provinces, countries_group, provinces_group, *, province_label_zoom=6):
        super().__init__()
        self._name = "OfflineBasemap"
        self.countries = countries
        self.provinces = provinces
        self.countries_group = countries_group
        self.provinces_group = provinces_group
        self.province_label_zoom = province_label_zoom
        self.attribution = ATTRIBUTION


def base_map(
    *,
    assets: AssetUrls | None = None,
    basemap: Basemap | None = None,
    online_tiles: bool = False,
    bounds=AFGHANISTAN_BOUNDS,
    fit_padding: tuple[int, int] | None = None,
) -> folium.Map:
    """A map of Afghanistan and its neighbours on the offline basemap.

    Pass ``basemap`` to embed the outlines in the map itself (a standalone
    file); leave it out to have the browser fetch them from ``assets``.
    ``online_tiles`` adds OpenStreetMap and CARTO layers, switched off.
    ``fit_padding`` keeps ``(right, bottom)`` pixels clear of the fitted view.

    >>> m = base_map()
    >>> "cdn.jsdelivr.net" in m.get_root().render()
    False
    """
    assets = assets or AssetUrls()
    fmap = folium.Map(tiles=None, control_scale=True, zoom_snap=0.5, prefer_canvas=False)
    fmap.default_js = assets.js
    fmap.default_css = assets.css
    fmap.fit_bounds(bounds, padding_bottom_right=fit_padding)
    fmap.get_root().header.add_child(STYLE)

    countries = folium.FeatureGroup(name="Countries", control=False).add_to(fmap)
    provinces = folium.FeatureGroup(name="Province outlines").add_to(fmap)
    if basemap is None:
        sources = (assets.basemap("countries"), assets.basemap("provinces"))
    else:
        sources = (basemap.countries, basemap.provinces)
    OfflineBasemap(*sources, countries, provinces).add_to(fmap)

    if online_tiles:
        for tiles, name, attribution in ONLINE_TILES:
            folium.TileLayer(tiles, name=name, attr=attribution, show=False, overlay=False).add_to(fmap)
    return fmap


def add_controls(fmap: folium.Map) -> folium.Map:
    """Add the layer control; call last, once every layer is on the map."""
    folium.LayerControl(collapsed=True).add_to(fmap)
    return fmap


# --------------------------------------------------------------------------- the explorer

#: Kinds drawn as their own polygon when the gazetteer has one.
AREA_KINDS = ("province", "district")
#: Kinds drawn as their own line when the gazetteer has one: borders and rivers.
LINE_KINDS = ("border", "water")
#: Above this many point places, markers cluster.
CLUSTER_THRESHOLD = 300
#: The region the main view keeps to when some places are much further away
#: (the overview inset still shows those): Afghanistan with its neighbours and the Gulf.
REGION_BOUNDS = ((22.0, 44.0), (45.0, 82.0))
#: The closest zoom: the offline basemap has nothing finer to show (and clustering needs a limit).
MAX_ZOOM = 13
#: Marker sizes in pixels, for the least and the most mentioned place.
MIN_SIZE, MAX_SIZE = 12, 34


def _records(places: pd.DataFrame) -> list[dict]:
    return [] if places is None or places.empty else places.to_dict("records")


def _text(value) -> str | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


def _has_point(row: dict) -> bool:
    return all(isinstance(row.get(k), int | float) and not math.isnan(row[k]) for k in ("lat", "lon"))


def _corners(geometry: dict | None) -> list[tuple[float, float]]:
    """The (lat, lon) corners of a GeoJSON geometry's bounding box."""
    lons, lats = [], []

    def walk(coords) -> None:
        if coords and isinstance(coords[0], int | float):
            lons.append(coords[0])
            lats.append(coords[1])
        else:
            for c in coords or ():
                walk(c)

    walk((geometry or {}).get("coordinates"))
    return [(min(lats), min(lons)), (max(lats), max(lons))] if lats else []


def view_bounds(
    places: pd.DataFrame, geometries: Mapping[str, dict] | None = None
) -> tuple[tuple[float, float], tuple[float, float]]:
    """The view a map of ``places`` opens on: all of them, unless some are far away.

    When places lie both inside :data:`REGION_BOUNDS` and outside it, the
    view fits those inside (the overview inset shows the rest). A place with
    a shape in ``geometries`` (place id → GeoJSON) counts with its whole
    shape. A view is at least ~2° across, so one place does not open at
    street level.

    >>> import pandas as pd
    >>> view_bounds(pd.DataFrame({"lat": [34.5, 35.0, -6.2], "lon": [69.2, 63.1, 106.8]}))
    ((33.75, 62.15), (35.75, 70.15))
    """
    geometries = geometries or {}
    rows = [r for r in _records(places) if _has_point(r)]
    if not rows:
        return AFGHANISTAN_BOUNDS
    (s, w), (n, e) = REGION_BOUNDS
    near = [r for r in rows if s <= r["lat"] <= n and w <= r["lon"] <= e] or rows
    points = [(r["lat"], r["lon"]) for r in near]
    for r in near:
        if r.get("kind") in AREA_KINDS + LINE_KINDS:
            points.extend(_corners(geometries.get(str(r["place_id"]))))
    lats, lons = [p[0] for p in points], [p[1] for p in points]
    pad_lat, pad_lon = max(0.0, 2 - (max(lats) - min(lats))) / 2, max(0.0, 2 - (max(lons) - min(lons))) / 2
    pad_lat, pad_lon = max(pad_lat, 0.75), max(pad_lon, 0.95)
    return (
        (round(min(lats) - pad_lat, 4), round(min(lons) - pad_lon, 4)),
        (round(max(lats) + pad_lat, 4), round(max(lons) + pad_lon, 4)),
    )


def _size(mentions: int, most: int) -> int:
    # Area, not radius, follows the count: a place named 4× as often looks 4× as big.
    return round(MIN_SIZE + (MAX_SIZE - MIN_SIZE) * math.sqrt(max(mentions, 1) / max(most, 1)))


def _properties(row: dict) -> dict:
    name, kind = _text(row.get("name")) or "?", _text(row.get("kind")) or "custom"
    mentions, articles = int(row.get("mentions") or 0), int(row.get("articles") or 0)
    return {
        "place_id": str(row["place_id"]),
        "name": name,
        "kind": kind,
        "tip": tooltip_html(name, _text(row.get("name_ar")), kind, mentions, articles),
    }


def place_features(
    places: pd.DataFrame, geometries: Mapping[str, dict] | None = None
) -> dict[str, dict]:
    """Split ``places`` into GeoJSON FeatureCollections: ``points``, ``areas``, ``lines``.

    A province or district with a polygon in ``geometries`` (place id →
    GeoJSON geometry) becomes an area shaded by its mentions; a border with a
    line becomes a line; every other place with coordinates is a point sized
    by its mentions. Each feature's properties hold ``place_id``, so a click
    tells the app which place it was.
    """
    geometries = geometries or {}
    rows = _records(places)
    most = max((int(r.get("mentions") or 0) for r in rows), default=1)
    out = {"points": [], "areas": [], "lines": []}
    for row in rows:
        props = _properties(row)
        mentions = int(row.get("mentions") or 0)
        geometry = geometries.get(props["place_id"])
        gtype = (geometry or {}).get("type", "")
        if props["kind"] in AREA_KINDS and gtype.endswith("Polygon"):
            colour = KIND_STYLE[props["kind"]][0]
            shade = 0.12 + 0.33 * math.sqrt(mentions / max(most, 1))
            props["style"] = {"color": colour, "weight": 1.5, "fillColor": colour, "fillOpacity": round(shade, 3)}
            out["areas"].append({"type": "Feature", "geometry": geometry, "properties": props})
        elif props["kind"] in LINE_KINDS and gtype.endswith("LineString"):
            colour = KIND_STYLE[props["kind"]][0]
            props["style"] = {"color": colour, "weight": 3 + min(mentions, 6), "opacity": 0.85}
            if props["kind"] == "border":
                props["style"]["dashArray"] = "8 5"
            out["lines"].append({"type": "Feature", "geometry": geometry, "properties": props})
        elif _has_point(row):
            props["size"] = _size(mentions, most)
            point = {"type": "Point", "coordinates": [round(row["lon"], 5), round(row["lat"], 5)]}
            out["points"].append({"type": "Feature", "geometry": point, "properties": props})
    # Smaller areas on top, so a district inside a mentioned province stays clickable.
    out["areas"].sort(key=lambda f: AREA_KINDS.index(f["properties"]["kind"]))
    return {key: {"type": "FeatureCollection", "features": feats} for key, feats in out.items()}


def explorer_base(
    *,
    assets: AssetUrls | None = None,
    basemap: Basemap | None = None,
    online_tiles: bool = False,
    overview: bool = True,
    legend: bool = True,
) -> folium.Map:
    """The explorer's map without its places: basemap, legend, fullscreen, scale, overview.

    It is the same whatever the filters, so st_folium keeps it mounted and
    only swaps the layers of :func:`explorer_layers` (``feature_group_to_add``)
    when the filters change. Marker clustering's assets are always declared:
    they are loaded once, when the map first mounts.
    """
    assets = assets or AssetUrls()
    # The legend is a band along the bottom: keep the fitted places above it.
    fmap = base_map(assets=assets, basemap=basemap, online_tiles=online_tiles, fit_padding=(0, 48))
    fmap.default_js = assets.js + assets.markercluster_js
    fmap.default_css = assets.css + assets.markercluster_css
    fmap.get_root().header.add_child(Element(LAYER_CSS), name="kh_explorer_css")
    # With no tile layer the map has no zoom limit, and marker clustering refuses such a map.
    fmap.options["max_zoom"] = MAX_ZOOM
    if legend:
        Legend(legend_html(list(LEGEND_KINDS), areas=True, lines=True)).add_to(fmap)
    Fullscreen().add_to(fmap)
    if overview:
        Overview(assets.basemap("countries") if basemap is None else basemap.countries).add_to(fmap)
    return fmap


def explorer_layers(
    places: pd.DataFrame,
    geometries: Mapping[str, dict] | None = None,
    *,
    cluster_threshold: int = CLUSTER_THRESHOLD,
) -> list[folium.FeatureGroup]:
    """The places of ``places`` (rows of ``Store.places``) as the layer-control groups
    "Provinces & districts", "Borders & rivers" and "Places".

    Points are markers shaped and coloured by kind and sized by mentions;
    provinces and districts with a polygon in ``geometries`` are shaded
    areas, and borders and rivers are lines (see :func:`place_features`). Above
    ``cluster_threshold`` points, markers cluster. The "Places" group also
    fits the view to the places (:func:`view_bounds`, only when they change,
    so a click does not reset the user's zoom) and puts every place on the
    overview inset, however far.
    """
    features = place_features(places, geometries)
    groups = []
    for key, name in (("areas", "Provinces & districts"), ("lines", "Borders & rivers")):
        group = folium.FeatureGroup(name=name, show=True)
        if features[key]["features"]:
            AreaLayer(features[key], name=name).add_to(group)
        groups.append(group)
    points = features["points"]
    group = folium.FeatureGroup(name="Places", show=True)
    PlaceMarkers(points, name="Places", cluster=len(points["features"]) > cluster_threshold).add_to(group)
    bounds = [list(corner) for corner in view_bounds(places, geometries)]
    everything = [[r["lat"], r["lon"]] for r in _records(places) if _has_point(r)]
    ViewFit(bounds, everything, _bounds_of(everything) if everything else bounds).add_to(group)
    groups.append(group)
    return groups


def explorer_map(
    places: pd.DataFrame,
    geometries: Mapping[str, dict] | None = None,
    *,
    assets: AssetUrls | None = None,
    basemap: Basemap | None = None,
    online_tiles: bool = False,
    overview: bool = True,
    legend: bool = True,
    cluster_threshold: int = CLUSTER_THRESHOLD,
) -> folium.Map:
    """The explorer's map of ``places`` in one piece (:func:`explorer_base` with
    :func:`explorer_layers` and the layer control), e.g. for a standalone file.

    Every text the browser shows as HTML is escaped:

    >>> import pandas as pd
    >>> row = dict(place_id="x:1", name="<script>alert(1)", name_ar=None, kind="city", lat=34.5, lon=69.2,
    ...            mentions=1, articles=1)
    >>> "<script>alert" in explorer_map(pd.DataFrame([row])).get_root().render()
    False
    """
    fmap = explorer_base(assets=assets, basemap=basemap, online_tiles=online_tiles, overview=overview, legend=legend)
    for group in explorer_layers(places, geometries, cluster_threshold=cluster_threshold):
        group.add_to(fmap)
    return add_controls(fmap)


def _bounds_of(points: list[list[float]]) -> list[list[float]]:
    lats, lons = [p[0] for p in points], [p[1] for p in points]
    pad = 2.0
    return [[min(lats) - pad, min(lons) - pad], [max(lats) + pad, max(lons) + pad]]


def article_places(mentions: pd.DataFrame) -> pd.DataFrame:
    """``Store.article_mentions`` rows aggregated to one row per place, as ``Store.places`` has them."""
    columns = ["place_id", "name", "name_ar", "kind", "country_code", "admin1", "admin2", "lat", "lon"]
    if mentions is None or mentions.empty:
        return pd.DataFrame(columns=[*columns, "mentions", "articles"])
    known = mentions[mentions["place_id"].notna()]
    counts = known.groupby("place_id").size().rename("mentions")
    out = known.drop_duplicates("place_id")[columns].set_index("place_id").join(counts).reset_index()
    out["articles"] = 1
    return out.sort_values(["mentions", "name"], ascending=[False, True], ignore_index=True)


def article_map(
    mentions: pd.DataFrame,
    geometries: Mapping[str, dict] | None = None,
    *,
    assets: AssetUrls | None = None,
    basemap: Basemap | None = None,
) -> folium.Map:
    """A small map of one article's places (rows of ``Store.article_mentions``).

    No legend (the page keys the colours above the text) and no overview inset.
    """
    return explorer_map(
        article_places(mentions), geometries, assets=assets, basemap=basemap, overview=False, legend=False
    )


def selection_layer(place: Mapping, geometry: dict | None = None) -> folium.FeatureGroup:
    """A highlight of the selected place, for ``st_folium(feature_group_to_add=...)``.

    Drawn apart from the map itself so that selecting a place does not
    rebuild (and re-zoom) the whole map. Not interactive: clicks go through.
    """
    group = folium.FeatureGroup(name="Selected place", control=False)
    gtype = (geometry or {}).get("type", "")
    if gtype.endswith("Polygon") or gtype.endswith("LineString"):
        folium.GeoJson(
            {"type": "Feature", "geometry": geometry, "properties": {}},
            style_function=lambda _: {"color": "#f1c40f", "weight": 4, "fill": False},
            interactive=False,
        ).add_to(group)
    elif _has_point(dict(place)):
        folium.CircleMarker(
            [place["lat"], place["lon"]], radius=22, color="#f1c40f", weight=4, fill=False, interactive=False,
        ).add_to(group)
    return group
