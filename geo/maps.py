"""Map building: pure functions from records to ``folium.Map``.

Nothing here touches the network or Streamlit. Every map loads Leaflet from
the app's own static folder (:mod:`geo.assets`) and draws the offline
basemap (:mod:`geo.basemap`); online tiles are an opt-in layer.
"""

from __future__ import annotations

import folium
from branca.element import Element, MacroElement
from jinja2 import Template

from geo.assets import AssetUrls
from geo.basemap import AFGHANISTAN_BOUNDS, ATTRIBUTION, Basemap

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
) -> folium.Map:
    """A map of Afghanistan and its neighbours on the offline basemap.

    Pass ``basemap`` to embed the outlines in the map itself (a standalone
    file); leave it out to have the browser fetch them from ``assets``.
    ``online_tiles`` adds OpenStreetMap and CARTO layers, switched off.

    >>> m = base_map()
    >>> "cdn.jsdelivr.net" in m.get_root().render()
    False
    """
    assets = assets or AssetUrls()
    fmap = folium.Map(tiles=None, control_scale=True, zoom_snap=0.5, prefer_canvas=False)
    fmap.default_js = assets.js
    fmap.default_css = assets.css
    fmap.fit_bounds(bounds)
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
