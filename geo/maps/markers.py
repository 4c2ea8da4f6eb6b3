"""Point places on the map: one GeoJSON layer of marker icons, shaped and coloured by kind and sized by mentions.

Data reaches the browser as inert JSON inside a ``<script>``
(:mod:`geo.maps.inert`: no name can close the tag or be read as a template);
the tooltip HTML was escaped by :func:`geo.maps.features.tooltip_html`.
"""

from __future__ import annotations

from folium.map import Layer
from jinja2 import Template

from geo.maps.inert import InertData
from geo.maps.kinds import KIND_STYLE, SHAPES


class PlaceMarkers(Layer, InertData):
    """Point places as one GeoJSON layer of marker icons.

    ``data`` is a FeatureCollection whose features carry ``place_id``,
    ``name``, ``kind``, ``size`` (pixels) and ``tip`` (escaped HTML). A click
    reaches st_folium as ``last_active_drawing``: the feature, properties and
    all. To cluster the markers, add the layer to a
    ``folium.plugins.MarkerCluster``.

    Markers that would overlap at the current zoom (a city and its airport)
    are spread on a small ring around their first member, recomputed at every
    zoom, so each stays visible and clickable; and every marker is in the tab
    order, Enter opening it as a click does.
    """

    _template = Template(
        """
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = (function () {
  var shapes = {{ this.js("shapes") }};
  var styles = {{ this.js("styles") }};
  // Markers closer than this share of their sizes overlap: spread them on a ring.
  var OVERLAP = 0.8, GAP = 3;
  function spread(layer, map) {
    var groups = [];
    layer.eachLayer(function (m) {
      if (!m.getElement()) { return; }  // inside a cluster
      var point = map.latLngToLayerPoint(m.getLatLng()), size = m.feature.properties.size;
      var group = groups.find(function (g) { return g.point.distanceTo(point) < (g.size + size) / 2 * OVERLAP; });
      if (group) { group.members.push(m); group.size = Math.max(group.size, size); }
      else { groups.push({point: point, size: size, members: [m]}); }
    });
    groups.forEach(function (g) {
      var n = g.members.length, radius = n > 1 ? (g.size + GAP) / (2 * Math.sin(Math.PI / n)) : 0;
      g.members.forEach(function (m, i) {
        var angle = Math.PI + 2 * Math.PI * i / n, half = m.feature.properties.size / 2;
        var dx = Math.round(radius * Math.cos(angle)), dy = Math.round(radius * Math.sin(angle));
        var el = m.getElement();
        el.style.marginLeft = (dx - half) + "px";
        el.style.marginTop = (dy - half) + "px";
        el.classList.toggle("kh-spread", n > 1);
        if (m.getTooltip()) { m.getTooltip().options.offset = L.point(dx, dy - half); }
      });
    });
  }
  var layer = L.geoJSON({{ this.js("data") }}, {
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
        el.addEventListener("keydown", function (e) {
          if (e.key === "Enter" || e.key === " ") {
            e.preventDefault();
            marker.fire("click", {latlng: marker.getLatLng(), originalEvent: e}, true);  // up to the layer
          }
        });
      });
      return marker;
    },
    onEachFeature: function (feature, layer) {
      layer.bindTooltip(feature.properties.tip, {direction: "top", offset: [0, -feature.properties.size / 2]});
    }
  });
  var onMap = null;
  function respread() { if (onMap) { spread(layer, onMap); } }
  layer.on("add", function () {
    onMap = layer._map;
    onMap.on("zoomend", respread);
    setTimeout(respread, 0);  // once every marker has its element
  });
  layer.on("remove", function () { onMap.off("zoomend", respread); onMap = null; });
  return layer;
})();
{% endmacro %}
"""
    )

    def __init__(self, data: dict, *, name: str = "Places"):
        super().__init__(name=name, overlay=True, control=True, show=True)
        self._name = "PlaceMarkers"
        self.data = data
        self.shapes = SHAPES
        self.styles = KIND_STYLE
