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


class PlaceMarkers(InertData, Layer):
    """Point places as one GeoJSON layer of marker icons.

    ``data`` is a FeatureCollection whose features carry ``place_id``,
    ``name``, ``kind``, ``size`` (pixels) and ``tip`` (escaped HTML). A click
    reaches st_folium as ``last_active_drawing``: the feature, properties and
    all. To cluster the markers, add the layer to a
    ``folium.plugins.MarkerCluster``.
    """

    _template = Template(
        """
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = (function () {
  var shapes = {{ this.js("shapes") }};
  var styles = {{ this.js("styles") }};
  return L.geoJSON({{ this.js("data") }}, {
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
