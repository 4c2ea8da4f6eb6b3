"""The explorer's Leaflet pieces: place markers, areas, legend, overview, fullscreen.

Each is a folium element with its own small script. Data reaches the browser
as JSON inside a ``<script>`` (Jinja's ``tojson`` escapes ``<``, ``>`` and
``&``, so a name cannot close the tag), and any text the browser shows as HTML
was escaped here with :func:`html.escape` first. No element loads anything
from another host: the marker-cluster plugin comes from :class:`AssetUrls`.
"""

from __future__ import annotations

import html

from branca.element import MacroElement
from folium.map import Layer
from jinja2 import Template

#: Colour and marker shape of each kind of place, in legend order.
KIND_STYLE: dict[str, tuple[str, str]] = {
    "city": ("#c0392b", "circle"),
    "district": ("#2e7d5b", "diamond"),
    "province": ("#2f6f8f", "square"),
    "country": ("#6d4c9f", "hexagon"),
    "facility": ("#d35400", "triangle"),
    "border": ("#8e2c48", "bar"),
    "region": ("#7a7f87", "ring"),
    "water": ("#2d88c9", "circle"),
    "custom": ("#444444", "circle"),
}

#: The kinds the legend lists (the map's legend stays the same whatever the filters).
LEGEND_KINDS = ("city", "district", "province", "country", "facility", "region", "water")

#: SVG bodies (viewBox 0 0 100 100) of each marker shape; constants, never data.
SHAPES: dict[str, str] = {
    "circle": '<circle cx="50" cy="50" r="44"/>',
    "square": '<rect x="10" y="10" width="80" height="80" rx="6"/>',
    "diamond": '<polygon points="50,4 96,50 50,96 4,50"/>',
    "hexagon": '<polygon points="50,4 90,27 90,73 50,96 10,73 10,27"/>',
    "triangle": '<polygon points="50,6 96,90 4,90"/>',
    "bar": '<rect x="4" y="36" width="92" height="28" rx="8"/>',
    "ring": '<circle class="kh-keep" cx="50" cy="50" r="36" fill="none" stroke-width="18"/>',
}

CSS = """<style>
.kh-place { background: none; border: none; cursor: pointer; }
.kh-place svg { width: 100%; height: 100%; overflow: visible; display: block;
  filter: drop-shadow(0 1px 1px rgba(0,0,0,.35)); }
.kh-place svg > :not(.kh-keep) { stroke: #fff; stroke-width: 7; fill-opacity: .88; }
.kh-place:hover svg > *, .kh-place:focus svg > * { fill-opacity: 1; stroke: #222; }
.kh-tip b { font-weight: 600; }
.kh-tip .kh-ar { font-family: "Noto Sans Arabic", "Noto Naskh Arabic", sans-serif; }
.leaflet-container .leaflet-control-attribution, .leaflet-container .leaflet-control-scale { font-size: 11px; }
.leaflet-container .leaflet-control-attribution { background: rgba(255,255,255,.8); }
.kh-tip .kh-count { color: #555; }
.kh-legend { background: rgba(255,255,255,.92); padding: 3px 8px; border-radius: 4px; font-size: 11px;
  line-height: 16px; box-shadow: 0 1px 4px rgba(0,0,0,.25); color: #333; max-width: 330px; }
.kh-legend h4 { display: inline; margin: 0 6px 0 0; font-size: 11px; font-weight: 600; }
.kh-legend > span { display: inline-block; margin-right: 8px; white-space: nowrap; }
.kh-legend svg { width: 11px; height: 11px; vertical-align: -1px; margin-right: 3px; }
.kh-legend svg > :not(.kh-keep) { stroke: #fff; stroke-width: 6; }
.kh-legend .kh-note { color: #666; }
.kh-overview { width: 150px; height: 96px; border: 1px solid #999; box-shadow: 0 1px 4px rgba(0,0,0,.3);
  background: #dfe7ee; }
.kh-overview .leaflet-control-container { display: none; }
.kh-inset { overflow: hidden; }
.kh-inset svg, .kh-inset img { max-width: none !important; max-height: none !important; }
.kh-fullscreen a { font-size: 16px; line-height: 30px; text-align: center; cursor: pointer; }
.kh-fullscreen-on { position: fixed !important; inset: 0; width: 100vw !important; height: 100vh !important;
  z-index: 9999; }
</style>"""


def shape_svg(kind: str) -> str:
    """An inline SVG of the marker for ``kind``, as the legend shows it."""
    colour, shape = KIND_STYLE.get(kind, KIND_STYLE["custom"])
    return f'<svg viewBox="0 0 100 100" aria-hidden="true" fill="{colour}" stroke="{colour}">{SHAPES[shape]}</svg>'


def tooltip_html(name: str, name_ar: str | None, kind: str, mentions: int, articles: int | None = None) -> str:
    """The tooltip of a place: English and Arabic names, kind and count, all escaped.

    >>> tooltip_html("<b>", None, "city", 2)
    '<div class="kh-tip"><b>&lt;b&gt;</b><br><span class="kh-count">city · 2 mentions</span></div>'
    """
    ar = f' · <bdi class="kh-ar" dir="rtl" lang="ar">{html.escape(name_ar)}</bdi>' if name_ar else ""
    count = f"{mentions} mention{'s' if mentions != 1 else ''}"
    if articles and articles > 1:
        count += f" in {articles} articles"
    return (
        f'<div class="kh-tip"><b>{html.escape(name)}</b>{ar}<br>'
        f'<span class="kh-count">{html.escape(kind)} · {count}</span></div>'
    )


class PlaceMarkers(Layer):
    """Point places as one GeoJSON layer of marker icons, optionally clustered.

    ``data`` is a FeatureCollection whose features carry ``place_id``,
    ``name``, ``kind``, ``size`` (pixels) and ``tip`` (escaped HTML). A click
    reaches st_folium as ``last_active_drawing``: the feature, properties and
    all. Clustering needs the marker-cluster plugin on the page (the
    explorer's base map declares it, from the app's own assets).
    """

    _template = Template(
        """
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = (function () {
  var shapes = {{ this.shapes|tojson }};
  var styles = {{ this.styles|tojson }};
  var points = L.geoJSON({{ this.data|tojson }}, {
    pointToLayer: function (feature, latlng) {
      var p = feature.properties, style = styles[p.kind] || styles.custom;
      // The shape is one of our constants; the name only ever goes into attributes.
      var svg = '<svg viewBox="0 0 100 100" fill="' + style[0] + '">' + shapes[style[1]] + "</svg>";
      var marker = L.marker(latlng, {
        icon: L.divIcon({className: "kh-place kh-kind-" + p.kind, html: svg, iconSize: [p.size, p.size]}),
        // Smaller markers draw on top, so a country's big marker never hides a town.
        riseOnHover: true, keyboard: true, zIndexOffset: -Math.round(p.size * 100)
      });
      marker.on("add", function () {
        var el = marker.getElement();
        el.setAttribute("data-place-id", p.place_id);
        el.setAttribute("aria-label", p.name);
        el.setAttribute("role", "button");
      });
      return marker;
    },
    onEachFeature: function (feature, layer) {
      layer.bindTooltip(feature.properties.tip, {direction: "top", offset: [0, -feature.properties.size / 2]});
    }
  });
  {% if this.cluster %}
  var layer = L.markerClusterGroup({showCoverageOnHover: false, maxClusterRadius: 40});
  layer.addLayer(points);
  {% else %}
  var layer = points;
  {% endif %}
  return layer;
})();
{% endmacro %}
"""
    )

    def __init__(self, data: dict, *, name: str = "Places", cluster: bool = False):
        super().__init__(name=name, overlay=True, control=True, show=True)
        self._name = "PlaceMarkers"
        self.data = data
        self.cluster = cluster
        self.shapes = SHAPES
        self.styles = KIND_STYLE


class AreaLayer(Layer):
    """Provinces, districts, borders or rivers drawn as their own shapes.

    ``data`` is a FeatureCollection of (Multi)Polygons or (Multi)LineStrings
    whose properties carry ``place_id``, ``name``, ``tip`` (escaped HTML) and
    ``style`` (Leaflet path options, e.g. the fill opacity that shades an
    area by its mentions).
    """

    _template = Template(
        """
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.geoJSON({{ this.data|tojson }}, {
  style: function (feature) { return feature.properties.style; },
  onEachFeature: function (feature, layer) {
    layer.bindTooltip(feature.properties.tip, {sticky: true});
    layer.on("add", function () {
      var el = layer.getElement && layer.getElement();
      if (el) {
        el.setAttribute("data-place-id", feature.properties.place_id);
        el.setAttribute("aria-label", feature.properties.name);
      }
    });
  }
});
{% endmacro %}
"""
    )

    def __init__(self, data: dict, *, name: str):
        super().__init__(name=name, overlay=True, control=True, show=True)
        self._name = "AreaLayer"
        self.data = data


class Legend(MacroElement):
    """A legend control; ``html`` must already be escaped (see :func:`legend_html`)."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
  var legend = L.control({position: "bottomleft"});
  legend.onAdd = function () {
    var div = L.DomUtil.create("div", "kh-legend");
    div.innerHTML = {{ this.html|tojson }};
    L.DomEvent.disableClickPropagation(div);
    return div;
  };
  legend.addTo({{ this._parent.get_name() }});
})();
{% endmacro %}
"""
    )

    def __init__(self, html_text: str):
        super().__init__()
        self._name = "Legend"
        self.html = html_text


def legend_html(kinds: list[str], *, areas: bool, lines: bool) -> str:
    """The legend's HTML for the kinds on the map, escaped; ``lines``: borders and rivers.

    >>> "<script>" in legend_html(["<script>"], areas=False, lines=False)
    False
    """
    rows = [f"<span>{shape_svg(kind)}{html.escape(kind)}</span>" for kind in kinds]
    if areas:
        rows.append(
            '<span><svg viewBox="0 0 100 100" aria-hidden="true"><rect class="kh-keep" x="5" y="5" width="90" '
            'height="90" fill="#2f6f8f" fill-opacity=".45" stroke="#2f6f8f" stroke-width="8"/></svg>'
            "province / district (shade: mentions)</span>"
        )
    if lines:
        rows.append(
            '<span><svg viewBox="0 0 100 100" aria-hidden="true"><line class="kh-keep" x1="0" y1="50" x2="100" '
            'y2="50" stroke="#8e2c48" stroke-width="24" stroke-dasharray="30 12"/></svg>border</span>'
        )
        rows.append(
            '<span><svg viewBox="0 0 100 100" aria-hidden="true"><line class="kh-keep" x1="0" y1="50" x2="100" '
            f'y2="50" stroke="{KIND_STYLE["water"][0]}" stroke-width="24"/></svg>river</span>'
        )
    return "<h4>Places named</h4>" + "".join(rows) + '<span class="kh-note">size: mentions</span>'


class Overview(MacroElement):
    """An inset overview map that shows the main view as a box.

    :class:`ViewFit` puts every place on it as a dot, so places far from the
    main view (Doha, Jakarta) stay visible; clicking the inset pans the main
    map there. ``countries`` is the basemap's URL or its GeoJSON.
    """

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
  var main = {{ this._parent.get_name() }};
  var control = L.control({position: "topright"});
  control.onAdd = function () {
    var div = L.DomUtil.create("div", "kh-overview");
    div.setAttribute("aria-label", "Overview of every place");
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    return div;
  };
  control.addTo(main);
  var inset = L.map(control.getContainer(), {
    zoomControl: false, attributionControl: false, dragging: false, scrollWheelZoom: false,
    doubleClickZoom: false, boxZoom: false, keyboard: false, touchZoom: false, zoomSnap: 0.25
  });
  // One .leaflet-container per page: code (and tests) that look for "the map" find the main one.
  var insetBox = inset.getContainer();
  insetBox.classList.remove("leaflet-container");
  insetBox.classList.add("kh-inset");
  inset.fitBounds([[0, 40], [50, 110]]);
  var countries = {{ this.countries|tojson }};
  function draw(data) {
    L.geoJSON(data, {interactive: false, style: {color: "#b9b4a9", weight: 0.5, fillColor: "#f4f1ea", fillOpacity: 1}})
      .addTo(inset).bringToBack();
  }
  if (typeof countries === "string") {
    fetch(countries).then(function (r) { return r.json(); }).then(draw);
  } else {
    draw(countries);
  }
  var box = L.rectangle(main.getBounds(), {weight: 1.5, color: "#2f6f8f", fillOpacity: 0.08, interactive: false})
    .addTo(inset);
  main.on("moveend zoomend resize", function () { box.setBounds(main.getBounds()); });
  inset.on("click", function (e) { main.panTo(e.latlng); });
  main.khOverview = {map: inset, dots: L.layerGroup().addTo(inset)};
})();
{% endmacro %}
"""
    )

    def __init__(self, countries: str | dict):
        super().__init__()
        self._name = "Overview"
        self.countries = countries


class ViewFit(MacroElement):
    """Fits the main map to ``bounds`` and puts ``points`` on the overview inset.

    Added inside a feature group (its parent's parent is the map). The fit
    happens only when ``bounds`` differ from the last fit, so redrawing the
    same places (after a click) keeps the user's pan and zoom.
    """

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent._parent.get_name() }};
  var bounds = {{ this.bounds|tojson }};
  var key = JSON.stringify(bounds);
  if (map.khView !== key) {
    map.khView = key;
    // Keep the fitted places clear of the controls: zoom (left), overview and
    // layers (right), legend (bottom).
    map.fitBounds(bounds, {paddingTopLeft: [48, 16], paddingBottomRight: [64, 56]});
  }
  var overview = map.khOverview;
  if (overview) {
    overview.dots.clearLayers();
    {{ this.points|tojson }}.forEach(function (p) {
      L.circleMarker(p, {radius: 2.5, weight: 0, fillColor: "#c0392b", fillOpacity: 0.9, interactive: false,
                         className: "kh-overview-dot"}).addTo(overview.dots);
    });
    overview.map.fitBounds({{ this.wide|tojson }}, {padding: [6, 6]});
  }
})();
{% endmacro %}
"""
    )

    def __init__(self, bounds: list[list[float]], points: list[list[float]], wide: list[list[float]]):
        super().__init__()
        self._name = "ViewFit"
        self.bounds = bounds
        self.points = points
        self.wide = wide


class Fullscreen(MacroElement):
    """A fullscreen button of our own (folium's plugin loads from a CDN).

    Uses the Fullscreen API where the page allows it; inside a frame that
    does not, it fills the frame's window instead.
    """

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent.get_name() }};
  var control = L.control({position: "topleft"});
  control.onAdd = function () {
    var div = L.DomUtil.create("div", "leaflet-bar kh-fullscreen");
    var a = L.DomUtil.create("a", "", div);
    a.href = "#";
    a.title = "Full screen";
    a.setAttribute("role", "button");
    a.textContent = "\\u26F6";
    L.DomEvent.on(a, "click", function (e) {
      L.DomEvent.preventDefault(e);
      var box = map.getContainer();
      if (document.fullscreenElement) {
        document.exitFullscreen();
      } else if (document.fullscreenEnabled && box.requestFullscreen) {
        box.requestFullscreen();
      } else {
        box.classList.toggle("kh-fullscreen-on");
      }
      setTimeout(function () { map.invalidateSize(); }, 200);
    });
    L.DomEvent.disableClickPropagation(div);
    return div;
  };
  control.addTo(map);
})();
{% endmacro %}
"""
    )

    def __init__(self):
        super().__init__()
        self._name = "Fullscreen"
