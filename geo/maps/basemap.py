"""The offline basemap: country and province outlines read from ``data/basemap/``, and the element that draws them.

The files are derived by ``scripts/build_basemap.py``; :func:`load_basemap`
only reads them, once per process.

>>> basemap = load_basemap()
>>> len(basemap.provinces["features"])
34
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import folium
from branca.element import MacroElement
from jinja2 import Template

from geo.exc import MissingData
from geo.maps.assets import BASEMAP_DIR

#: The view a map opens on when nothing is selected: Afghanistan and its neighbours.
AFGHANISTAN_BOUNDS = ((29.3, 60.4), (38.5, 74.9))

ATTRIBUTION = (
    "Boundaries: <a href='https://www.naturalearthdata.com'>Natural Earth</a>, "
    "<a href='https://www.geoboundaries.org'>geoBoundaries</a> · "
    "Places: <a href='https://www.geonames.org'>GeoNames</a> (CC BY 4.0)"
)


@dataclass(frozen=True)
class Basemap:
    """GeoJSON FeatureCollections of the basemap's layers."""

    countries: dict
    provinces: dict

    def province_names(self) -> list[str]:
        """The 34 province names, sorted."""
        return sorted(f["properties"]["name"] for f in self.provinces["features"])


def _read(path: Path) -> dict:
    try:
        collection = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise MissingData(f"{path} is missing: run `python scripts/build_basemap.py`") from None
    if collection.get("type") != "FeatureCollection" or not collection.get("features"):
        raise MissingData(f"{path} is not a non-empty GeoJSON FeatureCollection")
    return collection


@lru_cache(maxsize=4)
def load_basemap(folder: Path = BASEMAP_DIR) -> Basemap:
    """Read the basemap layers from ``folder`` (cached: the files never change at run time)."""
    return Basemap(
        countries=_read(folder / "countries.geojson"),
        provinces=_read(folder / "provinces.geojson"),
    )


class OfflineBasemap(MacroElement):
    """Country and province outlines and their labels, drawn from the project's own GeoJSON.

    Each layer is either a URL served by the app (the browser fetches and
    caches it, keeping every map's HTML small) or the GeoJSON itself (for a
    standalone map that must work from a file). The outlines go into
    ``countries_group`` and ``provinces_group`` (the layer control can hide the
    provinces); the labels into a pane above every layer.
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

    def __init__(
        self,
        countries: str | dict,
        provinces: str | dict,
        countries_group: folium.FeatureGroup,
        provinces_group: folium.FeatureGroup,
        *,
        province_label_zoom: int = 6,
    ):
        super().__init__()
        self._name = "OfflineBasemap"
        self.countries = countries
        self.provinces = provinces
        self.countries_group = countries_group
        self.provinces_group = provinces_group
        self.province_label_zoom = province_label_zoom
        self.attribution = ATTRIBUTION
