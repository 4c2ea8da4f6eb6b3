"""The view a map opens on: fitted to the places near Afghanistan, and the overview inset fitted to all of them."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
from branca.element import MacroElement
from jinja2 import Template
from shapely.geometry import shape

from geo.maps.basemap import AFGHANISTAN_BOUNDS
from geo.maps.features import has_point, records
from geo.maps.kinds import AREA_KINDS, LINE_KINDS

#: The region the main view keeps to when some places are much further away
#: (the overview inset still shows those): Afghanistan with its neighbours and the Gulf.
REGION_BOUNDS = ((22.0, 44.0), (45.0, 82.0))
#: The least a view spans, in degrees, so that one place does not open at street level.
MIN_SPAN = 2.0
#: The least margin around the places, in degrees of latitude and of longitude.
MIN_MARGIN = (0.75, 0.95)
#: The margin, in degrees, around every place on the overview inset.
OVERVIEW_MARGIN = 2.0
#: The least zoom a selected point is centred at: its province and neighbours in view.
POINT_ZOOM = 7

Bounds = tuple[tuple[float, float], tuple[float, float]]


def _outline_corners(geometry: dict | None) -> list[tuple[float, float]]:
    """The (lat, lon) corners of a GeoJSON geometry's bounding box (none for a missing or empty one)."""
    if not geometry:
        return []
    outline = shape(geometry)
    if outline.is_empty:
        return []
    west, south, east, north = outline.bounds
    return [(south, west), (north, east)]


def view_bounds(places: pd.DataFrame | list[dict], geometries: Mapping[str, dict] | None = None) -> Bounds:
    """The view a map of ``places`` opens on: all of them, unless some are far away.

    When places lie both inside :data:`REGION_BOUNDS` and outside it, the
    view fits those inside (the overview inset shows the rest). A place with
    a shape in ``geometries`` (place id → GeoJSON) counts with its whole
    shape. A view spans at least :data:`MIN_SPAN` degrees.

    >>> import pandas as pd
    >>> view_bounds(pd.DataFrame({"lat": [34.5, 35.0, -6.2], "lon": [69.2, 63.1, 106.8]}))
    ((33.75, 62.15), (35.75, 70.15))
    """
    geometries = geometries or {}
    rows = [r for r in records(places) if has_point(r)]
    if not rows:
        return AFGHANISTAN_BOUNDS
    (s, w), (n, e) = REGION_BOUNDS
    near = [r for r in rows if s <= r["lat"] <= n and w <= r["lon"] <= e] or rows
    points = [(r["lat"], r["lon"]) for r in near]
    for r in near:
        if r.get("kind") in AREA_KINDS + LINE_KINDS:
            points.extend(_outline_corners(geometries.get(str(r["place_id"]))))
    lats, lons = [p[0] for p in points], [p[1] for p in points]
    pad_lat = max((MIN_SPAN - (max(lats) - min(lats))) / 2, MIN_MARGIN[0])
    pad_lon = max((MIN_SPAN - (max(lons) - min(lons))) / 2, MIN_MARGIN[1])
    return (
        (round(min(lats) - pad_lat, 4), round(min(lons) - pad_lon, 4)),
        (round(max(lats) + pad_lat, 4), round(max(lons) + pad_lon, 4)),
    )


def overview_bounds(points: list[list[float]]) -> list[list[float]]:
    """The overview inset's view of ``points`` ([lat, lon] each), with :data:`OVERVIEW_MARGIN` around them."""
    lats, lons = [p[0] for p in points], [p[1] for p in points]
    return [
        [min(lats) - OVERVIEW_MARGIN, min(lons) - OVERVIEW_MARGIN],
        [max(lats) + OVERVIEW_MARGIN, max(lons) + OVERVIEW_MARGIN],
    ]


class ViewFit(MacroElement):
    """Fits the main map to ``bounds`` and puts ``points`` on the overview inset, fitted to ``wide``.

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
    // layers (right), legend (bottom). Not animated: an animation runs a frame later, and
    // would undo a selected place's SelectionView that runs after this one.
    map.fitBounds(bounds, {paddingTopLeft: [48, 16], paddingBottomRight: [64, 56], animate: false});
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


def selection_bounds(place: Mapping, geometry: dict | None = None) -> list[list[float]] | None:
    """The [[south, west], [north, east]] a selected place needs in view: its shape's box, or its
    point twice; ``None`` for a place with neither.

    >>> selection_bounds({"lat": 34.5, "lon": 69.2})
    [[34.5, 69.2], [34.5, 69.2]]
    """
    corners = _outline_corners(geometry)
    if corners:
        return [list(corner) for corner in corners]
    if has_point(place):
        return [[place["lat"], place["lon"]], [place["lat"], place["lon"]]]
    return None


class SelectionView(MacroElement):
    """Brings a selected place into view when it is off the map's view: a point is centred
    (at :data:`POINT_ZOOM` at least), a shape is fitted to its ``bounds``.

    Added inside a feature group (its parent's parent is the map). A place
    already in view (one clicked on the map) leaves the user's pan and zoom alone.
    """

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent._parent.get_name() }};
  var bounds = L.latLngBounds({{ this.bounds|tojson }});
  // In view means clear of the controls along the edges, not under them.
  if (map.getBounds().pad(-0.1).contains(bounds)) {
    return;
  }
  if (bounds.getNorthEast().equals(bounds.getSouthWest())) {
    map.setView(bounds.getCenter(), Math.max(map.getZoom(), {{ this.point_zoom }}), {animate: false});
  } else {
    map.fitBounds(bounds, {paddingTopLeft: [48, 16], paddingBottomRight: [64, 56], animate: false});
  }
})();
{% endmacro %}
"""
    )

    def __init__(self, bounds: list[list[float]], point_zoom: int = POINT_ZOOM):
        super().__init__()
        self._name = "SelectionView"
        self.bounds = bounds
        self.point_zoom = point_zoom
