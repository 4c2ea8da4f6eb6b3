"""The offline basemap: country and province outlines read from ``data/basemap/``, and the element that draws them.

The files are derived by ``scripts/build_basemap.py``; :func:`load_basemap`
only reads them, each once per process and when first used. Countries and provinces draw at once; the
detail (districts, towns, rivers, lakes) is fetched when the zoom first
reaches it (:data:`DETAIL_ZOOMS`), and its labels show by their own
``min_zoom``, which the build script chose so that labels never overlap.

>>> basemap = load_basemap()
>>> len(basemap.provinces["features"])
34
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from functools import cached_property, lru_cache
from pathlib import Path

import folium
from jinja2 import Template

from geo.exc import MissingData
from geo.i18n import DEFAULT_LANGUAGE, translator
from geo.maps.assets import BASEMAP_DIR
from geo.maps.inert import InertData

#: The view a map opens on when nothing is selected: Afghanistan and its neighbours.
AFGHANISTAN_BOUNDS = ((29.3, 60.4), (38.5, 74.9))

def attribution(lang: str = DEFAULT_LANGUAGE) -> str:
    """The sources' credit line in ``lang`` (the sources' names stay as they are)."""
    t = translator(lang)
    return (f"{html.escape(t('map.credit_boundaries'))} <a href='https://www.naturalearthdata.com'>Natural Earth</a>, "
            "<a href='https://www.geoboundaries.org'>geoBoundaries</a> · "
            f"{html.escape(t('map.credit_places'))} <a href='https://www.geonames.org'>GeoNames</a> (CC BY 4.0)")


#: The detail layers, each with the zoom at which the map first fetches it: none is needed for
#: the first view (Afghanistan whole, about zoom 6), so none slows it or weighs on the map's HTML.
DETAIL_ZOOMS = {"rivers": 7, "lakes": 7, "towns": 7, "districts": 8}
#: District names show from this zoom (each from its own ``min_zoom``, see ``scripts/build_basemap.py``).
DISTRICT_LABEL_ZOOM = 8
LANGUAGES = ("en", "ar")
#: ``khFetchJson(url)``: a URL's JSON, fetched and parsed once in a page however many of the map's scripts ask
#: (the basemap and the overview inset both draw the countries: one download of 0.9 MB and one parse, not two).
FETCH_JSON_ONCE = """window.khFetchJson = window.khFetchJson || (function () {
  var fetched = {};
  return function (url) {
    return fetched[url] || (fetched[url] = fetch(url).then(function (r) { return r.json(); }));
  };
})();"""


class Basemap:
    """GeoJSON FeatureCollections of the basemap's layers in ``folder``; ``detail`` holds those of
    :data:`DETAIL_ZOOMS`. Each file is read when first asked for: the province names a page's sidebar
    shows need the 56 KB of provinces, not the 2.4 MB of every layer."""

    def __init__(self, folder: Path = BASEMAP_DIR):
        self.folder = folder

    @cached_property
    def countries(self) -> dict:
        return _read(self.folder / "countries.geojson")

    @cached_property
    def provinces(self) -> dict:
        return _read(self.folder / "provinces.geojson")

    @cached_property
    def detail(self) -> dict[str, dict]:
        return {name: _read(self.folder / f"{name}.geojson") for name in DETAIL_ZOOMS}

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
    """The basemap layers in ``folder``, each read once, when first used (the files never change at run time)."""
    return Basemap(folder)


class OfflineBasemap(InertData):
    """Country and province outlines, Afghanistan's districts, the region's towns, rivers and lakes, and
    their labels, drawn from the project's own GeoJSON in a quiet style.

    Each layer is either a URL served by the app (the browser fetches and
    caches it, keeping every map's HTML small) or the GeoJSON itself (for a
    standalone map that must work from a file). The outlines go into
    ``countries_group`` and ``provinces_group`` (the layer control can hide
    provinces and districts); water and towns into ``countries_group``; the
    labels into a pane above every layer. ``detail`` maps the names of
    :data:`DETAIL_ZOOMS` to their sources; a layer left out is not drawn.

    Labels are text (``textContent``), in ``lang``: ``name_ar`` for ``"ar"``
    where a feature has one, else ``name``. Only the labels near the view and
    within their zoom are in the page at any time.
    """

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent.get_name() }};
  var lang = {{ this.js("lang") }};
  var countriesGroup = {{ this.countries_group.get_name() }};
  var provincesGroup = {{ this.provinces_group.get_name() }};
  map.createPane("kh-basemap").style.zIndex = 250;
  map.createPane("kh-water").style.zIndex = 254;
  map.createPane("kh-districts").style.zIndex = 257;
  map.createPane("kh-outlines").style.zIndex = 260;  // above the land fill, whichever loads first
  var labelPane = map.createPane("kh-labels");
  labelPane.style.zIndex = 640;
  labelPane.style.pointerEvents = "none";
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution({{ this.js("attribution") }});

  {{ this.fetch_json_once }}
  function load(source, draw) {
    if (typeof source === "string") {
      window.khFetchJson(source).then(draw);
    } else {
      draw(source);
    }
  }
  function text(p) { return (lang === "ar" && p.name_ar) || p.name; }

  // Every label, drawn only while the zoom reaches its minZoom and it lies near the view:
  // thousands of towns would otherwise all be in the page.
  var labels = [];
  function addLabel(p, kind, minZoom, group, lat, lon) {
    var name = text(p);
    if (!name || minZoom === null || minZoom === undefined) { return; }
    labels.push({latlng: L.latLng(lat === undefined ? p.label_lat : lat, lon === undefined ? p.label_lon : lon),
                 text: name, kind: kind, minZoom: minZoom, zooms: p.zooms, group: group || countriesGroup,
                 marker: null});
  }
  function marker(l) {
    var el = document.createElement("span");
    el.textContent = l.text;  // text, never HTML
    el.dir = "auto";
    return L.marker(l.latlng, {
      icon: L.divIcon({className: "kh-label kh-label-" + l.kind, html: el, iconSize: null}),
      interactive: false, keyboard: false, pane: "kh-labels"
    });
  }
  function showLabels() {
    var zoom = map.getZoom(), near = map.getBounds().pad(0.3);
    labels.forEach(function (l) {
      // A province's name shows at the zooms where the build found room for it (its capital's name may take it).
      var show = zoom >= l.minZoom && (!l.zooms || l.zooms.indexOf(Math.min(Math.floor(zoom), 12)) >= 0)
        && near.contains(l.latlng);
      if (show && !l.marker) {
        l.marker = marker(l).addTo(l.group);
      } else if (!show && l.marker) {
        l.group.removeLayer(l.marker);
        l.marker = null;
      }
    });
  }
  function drawn(data, draw) { draw(data); showLabels(); }

  load({{ this.js("countries") }}, function (data) {
    drawn(data, function () {
      L.geoJSON(data, {
        pane: "kh-basemap", interactive: false,
        style: function (f) {
          var home = f.properties.iso_a2 === "AF";
          return {color: home ? "#8c8577" : "#b9b4a9", weight: home ? 1.4 : 0.8,
                  fillColor: home ? "#fbfaf6" : "#f1efe9", fillOpacity: 1};
        }
      }).addTo(countriesGroup);
      data.features.forEach(function (f) {
        var p = f.properties;
        if (p.label_lat !== null) { addLabel(p, "country", p.min_label - 1.5); }
      });
    });
  });
  load({{ this.js("provinces") }}, function (data) {
    drawn(data, function () {
      L.geoJSON(data, {
        pane: "kh-outlines", interactive: false, style: {color: "#b4ab9b", weight: 0.9, fill: false}
      }).addTo(provincesGroup);
      data.features.forEach(function (f) {
        addLabel(f.properties, "province", {{ this.province_label_zoom }}, provincesGroup);
      });
    });
  });

  var detail = {
    districts: function (data) {
      L.geoJSON(data, {
        pane: "kh-districts", interactive: false,
        style: {color: "#cdc6b8", weight: 0.6, dashArray: "3 2", fill: false}
      }).addTo(provincesGroup);
      data.features.forEach(function (f) {
        var p = f.properties;
        addLabel(p, "district", p.min_zoom === null ? null : Math.max(p.min_zoom, {{ this.district_label_zoom }}),
                 provincesGroup);
      });
    },
    towns: function (data) {
      data.features.forEach(function (f) {
        var c = f.geometry.coordinates;
        addLabel(f.properties, f.properties.seat ? "town kh-label-seat" : "town", f.properties.min_zoom,
                 countriesGroup, c[1], c[0]);
      });
    },
    rivers: function (data) {
      var layer = L.geoJSON(data, {pane: "kh-water", interactive: false,
                                   style: {color: "#9db4c6", weight: 1.1, opacity: 0.9}});
      layer.eachLayer(function (line) { line.minZoom = line.feature.properties.min_zoom; });
      waterLayers.push(layer.addTo(countriesGroup));
      data.features.forEach(function (f) {
        addLabel(f.properties, "river", Math.max(f.properties.min_label, 8));
      });
    },
    lakes: function (data) {
      var layer = L.geoJSON(data, {pane: "kh-water", interactive: false,
                                   style: {color: "#b9cbd8", weight: 0.6, fillColor: "#dbe6ee", fillOpacity: 1}});
      layer.eachLayer(function (lake) { lake.minZoom = lake.feature.properties.min_zoom; });
      waterLayers.push(layer.addTo(countriesGroup));
      data.features.forEach(function (f) {
        addLabel(f.properties, "lake", Math.max(f.properties.min_label, 9));
      });
    }
  };
  var sources = {{ this.js("detail") }}, zooms = {{ this.js("detail_zooms") }}, loaded = {};
  var waterLayers = [];
  function showWater() {
    var zoom = map.getZoom();
    waterLayers.forEach(function (layer) {
      layer.eachLayer(function (part) {
        var el = part.getElement && part.getElement();
        if (el) { el.style.display = zoom >= part.minZoom ? "" : "none"; }
      });
    });
  }
  // Each detail layer is fetched once, when the zoom first reaches it.
  function loadDetail() {
    var zoom = map.getZoom();
    Object.keys(sources).forEach(function (name) {
      if (!loaded[name] && zoom >= zooms[name]) {
        loaded[name] = true;
        load(sources[name], function (data) { drawn(data, detail[name]); showWater(); });
      }
    });
  }
  var districtPane = map.getPane("kh-districts");
  map.on("zoomend", function () {
    loadDetail();
    showWater();
    districtPane.style.display = map.getZoom() >= zooms.districts ? "" : "none";
  });
  map.on("moveend", showLabels);
  map.whenReady(loadDetail);
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
        detail: Mapping[str, str | dict] | None = None,
        province_label_zoom: int = 6,
        lang: str = "en",
    ):
        super().__init__()
        if lang not in LANGUAGES:
            raise ValueError(f"lang must be one of {LANGUAGES}, not {lang!r}")
        self._name = "OfflineBasemap"
        self.countries = countries
        self.provinces = provinces
        self.countries_group = countries_group
        self.provinces_group = provinces_group
        self.detail = {name: source for name, source in (detail or {}).items() if name in DETAIL_ZOOMS}
        self.detail_zooms = DETAIL_ZOOMS
        self.province_label_zoom = province_label_zoom
        self.district_label_zoom = DISTRICT_LABEL_ZOOM
        self.lang = lang
        self.attribution = attribution(lang)
        self.fetch_json_once = FETCH_JSON_ONCE
