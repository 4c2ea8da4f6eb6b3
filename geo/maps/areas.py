"""Provinces and districts as shaded polygons, borders and rivers as lines: places drawn as their own shapes.

The tooltip HTML was escaped by :func:`geo.maps.features.tooltip_html`.
"""

from __future__ import annotations

from folium.map import Layer
from jinja2 import Template

from geo.maps.inert import InertData


class AreaLayer(Layer, InertData):
    """Provinces, districts, borders or rivers drawn as their own shapes.

    ``data`` is a FeatureCollection of (Multi)Polygons or (Multi)LineStrings
    whose properties carry ``place_id``, ``name``, ``tip`` (escaped HTML) and
    ``style`` (Leaflet path options, e.g. the fill opacity that shades an
    area by its mentions).
    """

    _template = Template(
        """
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.geoJSON({{ this.js("data") }}, {
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
