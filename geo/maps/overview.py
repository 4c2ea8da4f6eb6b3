"""The overview inset: a small map of every place, however far, with the main view drawn on it as a box.

Hand-written rather than folium's ``plugins.MiniMap``, for two reasons. The
plugin does another job: its inset follows the main map's centre at a fixed
zoom offset and draws a tile layer, where this one stays fitted to every
place (Doha and Jakarta stay on it while the main view keeps to Afghanistan)
and draws the offline basemap's countries. And its script (Leaflet-MiniMap)
has no package of its own on PyPI (only django-leaflet bundles a copy, and
needs Django), so the app could not serve it offline without copying another
project's code into the repository.
"""

from __future__ import annotations

from branca.element import MacroElement
from jinja2 import Template

from geo.i18n import DEFAULT_LANGUAGE, translator
from geo.maps.basemap import FETCH_JSON_ONCE


class Overview(MacroElement):
    """An inset overview map that shows the main view as a box.

    :class:`~geo.maps.view.ViewFit` puts every place on it as a dot, so
    places far from the main view stay visible; clicking the inset pans the
    main map there. ``countries`` is the basemap's URL or its GeoJSON.
    """

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
  var main = {{ this._parent.get_name() }};
  var control = L.control({position: "topright"});
  control.onAdd = function () {
    var div = L.DomUtil.create("div", "kh-overview");
    div.setAttribute("aria-label", {{ this.label|tojson }});
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
    {{ this.fetch_json_once }}
    window.khFetchJson(countries).then(draw);  // the basemap's download of the same file
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

    def __init__(self, countries: str | dict, *, lang: str = DEFAULT_LANGUAGE):
        super().__init__()
        self._name = "Overview"
        self.countries = countries
        self.label = translator(lang)("map.overview")
        self.fetch_json_once = FETCH_JSON_ONCE
