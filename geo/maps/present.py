"""The presentation map of a story: every step's place dimmed, the current one emphasised, the view flown to it.

The page keeps :func:`present_base` mounted (the basemap and the dimmed
places, the same at every step) and swaps :func:`step_layer` at each step: the
emphasised place and a :class:`FlyTo` that moves the map to it. A point is
centred at its step's zoom, a province fitted to its polygon, a border to its
line. :func:`present_map` puts the two together in one piece. Names reach the
browser only as inert JSON and as text (``setAttribute``), never as HTML.
"""

from __future__ import annotations

from collections.abc import Mapping

import folium
from branca.element import Element, MacroElement
from folium.map import Layer
from jinja2 import Template
from shapely.geometry import shape

from geo.maps.assets import AssetUrls
from geo.maps.base import base_map
from geo.maps.basemap import AFGHANISTAN_BOUNDS, Basemap
from geo.maps.explorer import MAX_ZOOM
from geo.maps.inert import InertData
from geo.story import FALLBACK_ZOOM, Step, Story

#: How the other steps' places look: quiet grey, thin, nearly no fill.
DIM = {"color": "#5b6470", "weight": 1.5, "opacity": 0.6, "fillColor": "#5b6470", "fillOpacity": 0.06}
#: How the current step's place looks: a saturated red (7:1 on the basemap's land) on a white casing.
EMPHASIS = {"color": "#c8102e", "weight": 4, "opacity": 1, "fillColor": "#c8102e", "fillOpacity": 0.22}
#: The current place's name beside it: white on black, large enough to read from the back of a room.
LABEL_STYLE = """<style>
.leaflet-tooltip.kh-step-label { background: #000; color: #fff; border: 0; border-radius: 4px; padding: 4px 10px;
  font-size: 20px; font-weight: 700; box-shadow: 0 1px 6px rgba(0,0,0,.4); }
.leaflet-tooltip.kh-step-label::before { display: none; }
</style>"""
#: The closest a fitted shape is shown: a small district must not open at street level.
FIT_MAX_ZOOM = 11

Bounds = list[list[float]]


def _shape(step: Step, geometries: Mapping[str, dict]) -> dict | None:
    """The step's polygon or line from ``geometries``, or None for a point (or no shape)."""
    geometry = geometries.get(step.place_id)
    gtype = (geometry or {}).get("type", "")
    return geometry if gtype.endswith("Polygon") or gtype.endswith("LineString") else None


def _point(step: Step, geometries: Mapping[str, dict]) -> tuple[float, float] | None:
    """The step's (lat, lon): its own, else its geometry's point, else its shape's centre."""
    if step.lat is not None and step.lon is not None:
        return float(step.lat), float(step.lon)
    geometry = geometries.get(step.place_id)
    if not geometry:
        return None
    centre = shape(geometry).representative_point()
    return centre.y, centre.x


def fit_bounds(geometry: dict) -> Bounds:
    """The [[south, west], [north, east]] a shape is fitted to: a multipolygon's largest part, so that
    Russia or the United States, whose islands cross the antimeridian, show their mainland, not the world.

    >>> fit_bounds({"type": "MultiPolygon", "coordinates": [[[[0, 0], [4, 0], [4, 2], [0, 0]]],
    ...                                                     [[[170, 50], [171, 50], [171, 51], [170, 50]]]]})
    [[0.0, 0.0], [2.0, 4.0]]
    """
    outline = shape(geometry)
    if outline.geom_type == "MultiPolygon":
        outline = max(outline.geoms, key=lambda part: part.area)
    west, south, east, north = outline.bounds
    return [[south, west], [north, east]]


def step_view(step: Step, geometries: Mapping[str, dict]) -> dict | None:
    """Where the map goes for ``step``: ``{"center": [lat, lon], "zoom": z}`` for a point (or a step
    with its own zoom), ``{"bounds": [[s, w], [n, e]]}`` for a shape fitted; None for a place with neither.

    >>> step_view(Step("x:1", "Doha", "city", "", zoom=10, lat=25.3, lon=51.5), {})
    {'center': [25.3, 51.5], 'zoom': 10}
    """
    geometry = _shape(step, geometries)
    if geometry is not None and step.zoom is None:
        return {"bounds": fit_bounds(geometry)}
    point = _point(step, geometries)
    if point is None:
        return None
    return {"center": [round(point[0], 5), round(point[1], 5)], "zoom": step.zoom or FALLBACK_ZOOM}


def step_feature(step: Step, geometries: Mapping[str, dict], number: int, lang: str = "en") -> dict | None:
    """The step's place as a GeoJSON feature (its shape, else its point), numbered from 1 and named in
    ``lang``; None without either."""
    geometry = _shape(step, geometries)
    if geometry is None:
        point = _point(step, geometries)
        if point is None:
            return None
        geometry = {"type": "Point", "coordinates": [round(point[1], 5), round(point[0], 5)]}
    return {"type": "Feature", "geometry": geometry,
            "properties": {"place_id": step.place_id, "name": step.label(lang), "kind": step.kind, "step": number}}


def story_bounds(story: Story, geometries: Mapping[str, dict]) -> Bounds:
    """The view that holds every step's place (the base map's first view before it flies to a step)."""
    corners = []
    for step in story.steps:
        view = step_view(step, geometries)
        if view is not None:
            corners += view.get("bounds") or [view["center"]]
    if not corners:
        return [list(corner) for corner in AFGHANISTAN_BOUNDS]
    lats, lons = [c[0] for c in corners], [c[1] for c in corners]
    return [[min(lats) - 0.5, min(lons) - 0.5], [max(lats) + 0.5, max(lons) + 0.5]]


class StoryPlaces(Layer, InertData):
    """Places of a story as one GeoJSON layer in one ``style``: shapes as themselves, points as dots
    (``radius`` pixels), each named beside it when ``label``, in Leaflet's ``pane``. Not interactive:
    a presenter's click or key never lands on a place."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = (function () {
  var style = {{ this.js("style") }};
  var casing = {{ this.js("casing") }};
  var group = L.featureGroup(), pane = {{ this.js("pane") }};
  var data = {{ this.js("data") }};
  if (casing) {
    L.geoJSON(data, {
      interactive: false, pane: pane, style: function () { return casing; },
      pointToLayer: function (f, latlng) {
        return L.circleMarker(latlng, Object.assign({radius: {{ this.radius }} + 3, pane: pane}, casing));
      }
    }).addTo(group);
  }
  L.geoJSON(data, {
    interactive: false, pane: pane,
    // A point is a solid dot; a shape keeps its light fill, so the map under it still reads.
    style: function (f) { return f.geometry.type === "Point" ? Object.assign({}, style, {fillOpacity: 0.95}) : style; },
    pointToLayer: function (f, latlng) {
      return L.circleMarker(latlng, Object.assign({radius: {{ this.radius }}, pane: pane}, style));
    },
    onEachFeature: function (f, layer) {
      if ({{ this.js("label") }}) {
        var name = document.createElement("span");
        name.textContent = f.properties.name;  // text, never HTML
        layer.bindTooltip(name, {permanent: true, direction: "right", offset: [14, 0], className: "kh-step-label",
                                 interactive: false});
      }
      layer.on("add", function () {
        var el = layer.getElement && layer.getElement();
        if (el) {
          el.setAttribute("data-place-id", f.properties.place_id);
          el.setAttribute("data-step", f.properties.step);
          el.setAttribute("aria-label", f.properties.name);  // an attribute: text, never HTML
          el.classList.add({{ this.js("css_class") }});
        }
      });
    }
  }).addTo(group);
  return group;
})();
{% endmacro %}
"""
    )

    def __init__(self, data: dict, *, style: dict, radius: int, css_class: str, casing: dict | None = None,
                 label: bool = False, pane: str = "overlayPane", name: str = "Story"):
        super().__init__(name=name, overlay=True, control=False, show=True)
        self._name = "StoryPlaces"
        self.data = data
        self.style = style
        self.radius = int(radius)
        self.css_class = css_class
        self.casing = casing
        self.label = label
        self.pane = pane


class CurrentPane(MacroElement):
    """The pane the current step is drawn in: above the basemap's labels and town dots, under the tooltips."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
  var pane = {{ this._parent.get_name() }}.createPane({{ this.pane|tojson }});
  pane.style.zIndex = 645;
  pane.style.pointerEvents = "none";
})();
{% endmacro %}
"""
    )

    def __init__(self, pane: str = "kh-current"):
        super().__init__()
        self._name = "CurrentPane"
        self.pane = pane


class ForwardKeys(MacroElement):
    """Hands the presenter's keys (← → Esc) pressed on the map on to the page, whose buttons they
    trigger: a click on the map puts the focus inside its frame, and keys there never reach the page."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
document.addEventListener("keydown", function (e) {
  if (["ArrowLeft", "ArrowRight", "Escape"].indexOf(e.key) < 0 || window.parent === window) { return; }
  try {
    window.parent.document.dispatchEvent(new KeyboardEvent("keydown", {
      key: e.key, code: e.code, keyCode: e.keyCode, which: e.which, bubbles: true, cancelable: true}));
  } catch (err) { /* a page of another origin: the keys stay in the map */ }
});
{% endmacro %}
"""
    )

    def __init__(self):
        super().__init__()
        self._name = "ForwardKeys"


class FlyTo(InertData):
    """Flies the map to a step's ``view`` (see :func:`step_view`), keeping it clear of the caption along
    the bottom (a third of the map's height) and the counter at the top. Added inside a feature group
    (its parent's parent is the map). Jumps without flying for a reader who asks for reduced motion."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent._parent.get_name() }};
  var view = {{ this.js("view") }};
  var size = map.getSize();
  var top = 96, bottom = Math.round(size.y * 0.36), side = Math.round(size.x * 0.05);
  var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var motion = {animate: !still, duration: 1.4};
  // Redraw every vector renderer once the map is still: one that missed the flight's end keeps clipping
  // its shapes to the view the flight started from.
  if (!map.khSettle) {
    map.khSettle = function () {
      map.eachLayer(function (layer) { if (layer instanceof L.Renderer) { layer._update(); } });
    };
    map.on("moveend zoomend resize", map.khSettle);
  }
  [still ? 50 : 1600, 3000].forEach(function (ms) { setTimeout(map.khSettle, ms); });
  if (view.bounds) {
    map.flyToBounds(view.bounds, Object.assign({paddingTopLeft: [side, top], paddingBottomRight: [side, bottom],
                                                maxZoom: {{ this.max_zoom }}}, motion));
  } else {
    // Centre the point in the part of the map the caption leaves clear.
    var zoom = view.zoom, shift = (bottom - top) / 2;
    var centre = map.unproject(map.project(view.center, zoom).add([0, shift]), zoom);
    map.flyTo(centre, zoom, motion);
  }
})();
{% endmacro %}
"""
    )

    def __init__(self, view: dict, max_zoom: int = FIT_MAX_ZOOM):
        super().__init__()
        self._name = "FlyTo"
        self.view = view
        self.max_zoom = int(max_zoom)


def _collection(features: list[dict | None]) -> dict:
    return {"type": "FeatureCollection", "features": [f for f in features if f is not None]}


def present_base(
    story: Story,
    geometries: Mapping[str, dict] | None = None,
    *,
    assets: AssetUrls | None = None,
    basemap: Basemap | None = None,
    lang: str = "en",
) -> folium.Map:
    """The presentation's base map: the offline basemap (its labels in ``lang``) opened on the whole story,
    every step's place dimmed. No controls but zoom: the presenter's keys and buttons move it."""
    geometries = geometries or {}
    fmap = base_map(assets=assets, basemap=basemap, bounds=story_bounds(story, geometries), lang=lang)
    fmap.options["max_zoom"] = MAX_ZOOM
    fmap.options["keyboard"] = False  # the arrow keys step through the story, they do not pan
    fmap.get_root().header.add_child(Element(LABEL_STYLE), name="kh_present_style")
    CurrentPane().add_to(fmap)
    ForwardKeys().add_to(fmap)
    features = [step_feature(step, geometries, n, lang) for n, step in enumerate(story.steps, 1)]
    StoryPlaces(_collection(features), style=DIM, radius=6, css_class="kh-step-dim", name="Story").add_to(fmap)
    return fmap


def step_layer(
    story: Story, number: int, geometries: Mapping[str, dict] | None = None, *, lang: str = "en"
) -> folium.FeatureGroup:
    """Step ``number`` (from 1) emphasised and named in ``lang``, and the map flown to it, for
    ``st_folium(feature_group_to_add=...)``."""
    geometries = geometries or {}
    group = folium.FeatureGroup(name="Current step", control=False)
    if not story.steps:
        return group
    step = story.step(number)
    feature = step_feature(step, geometries, number, lang)
    if feature is not None:
        StoryPlaces(_collection([feature]), style=EMPHASIS, radius=11, css_class="kh-step-current",
                    casing={"color": "#ffffff", "weight": 9, "opacity": 0.95, "fill": False}, label=True,
                    pane="kh-current", name="Current step").add_to(group)
    view = step_view(step, geometries)
    if view is not None:
        FlyTo(view).add_to(group)
    return group


def present_map(
    story: Story,
    number: int,
    geometries: Mapping[str, dict] | None = None,
    *,
    assets: AssetUrls | None = None,
    basemap: Basemap | None = None,
) -> folium.Map:
    """The presentation map in one piece at step ``number`` (from 1): :func:`present_base` with :func:`step_layer`.

    >>> story = Story("s", None, (Step("x:1", "<script>alert(1)</script>", "city", "", 10, lat=34.9, lon=63.1),))
    >>> html = present_map(story, 1).get_root().render()
    >>> "<script>alert" in html, "flyTo" in html
    (False, True)
    """
    fmap = present_base(story, geometries, assets=assets, basemap=basemap)
    step_layer(story, number, geometries).add_to(fmap)
    return fmap
