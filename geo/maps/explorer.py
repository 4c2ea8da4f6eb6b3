"""The explorer's map (base, place layers and view fit) and the article page's small map, built from query results.

The page keeps :func:`explorer_base` mounted and swaps only the layers of
:func:`explorer_layers` when the filters change; :func:`explorer_map` puts the
two together in one piece, e.g. for a standalone file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import folium
import pandas as pd
from folium.plugins import MarkerCluster

from geo.i18n import DEFAULT_LANGUAGE, translator
from geo.maps.areas import AreaLayer
from geo.maps.assets import AssetUrls
from geo.maps.base import add_controls, base_map
from geo.maps.basemap import Basemap
from geo.maps.features import has_point, place_features, records
from geo.maps.fullscreen import Fullscreen
from geo.maps.kinds import LEGEND_KINDS
from geo.maps.legend import Legend, legend_html
from geo.maps.markers import PlaceMarkers
from geo.maps.overview import Overview
from geo.maps.view import SelectionView, ViewFit, overview_bounds, selection_bounds, view_bounds

#: Above this many point places, markers cluster.
CLUSTER_THRESHOLD = 300
#: The closest zoom: the offline basemap has nothing finer to show (and clustering needs a limit).
MAX_ZOOM = 13
#: The legend is a band along the bottom: the base map's fitted view keeps this many pixels above it.
LEGEND_HEIGHT = 48
#: How a cluster of markers gathers: no outline of its extent on hover, markers within 40 pixels.
CLUSTER_OPTIONS = {"show_coverage_on_hover": False, "max_cluster_radius": 40}


def explorer_base(
    *,
    assets: AssetUrls | None = None,
    basemap: Basemap | None = None,
    online_tiles: bool = False,
    overview: bool = True,
    legend: bool = True,
    lang: str = "en",
) -> folium.Map:
    """The explorer's map without its places: basemap (its labels in ``lang``), legend, fullscreen, scale, overview.

    It is the same whatever the filters, so st_folium keeps it mounted and
    only swaps the layers of :func:`explorer_layers` (``feature_group_to_add``)
    when the filters change.
    """
    fmap = base_map(
        assets=assets, basemap=basemap, online_tiles=online_tiles, fit_padding=(0, LEGEND_HEIGHT), lang=lang
    )
    # With no tile layer the map has no zoom limit, and marker clustering refuses such a map.
    fmap.options["max_zoom"] = MAX_ZOOM
    if legend:
        Legend(legend_html(list(LEGEND_KINDS), areas=True, lines=True, lang=lang)).add_to(fmap)
    Fullscreen(lang).add_to(fmap)
    if overview:
        Overview(fmap.assets.basemap("countries") if basemap is None else basemap.countries, lang=lang).add_to(fmap)
    return fmap


@dataclass(frozen=True)
class PlaceLayers:
    """What :func:`explorer_layers` draws, as plain data (a page may cache it, see :func:`place_layers`):
    ``features``, the GeoJSON of :func:`~geo.maps.features.place_features`; ``bounds``, the view that
    fits the places; ``points``, every place with coordinates, for the overview inset; ``wide``, its view."""

    features: dict[str, dict]
    bounds: list[list[float]]
    points: list[list[float]]
    wide: list[list[float]]


def place_layers(
    places: pd.DataFrame, geometries: Mapping[str, dict] | None = None, *, lang: str = DEFAULT_LANGUAGE
) -> PlaceLayers:
    """The data of :func:`explorer_layers` for ``places`` (rows of ``Store.places``), tooltips in ``lang``."""
    rows = records(places)  # once, for all three: a frame's rows are a good part of the work
    features = place_features(rows, geometries, lang=lang)
    bounds = [list(corner) for corner in view_bounds(rows, geometries)]
    points = [[r["lat"], r["lon"]] for r in rows if has_point(r)]
    return PlaceLayers(features, bounds, points, overview_bounds(points) if points else bounds)


def explorer_layers(
    places: pd.DataFrame | PlaceLayers,
    geometries: Mapping[str, dict] | None = None,
    *,
    cluster_threshold: int = CLUSTER_THRESHOLD,
    lang: str = DEFAULT_LANGUAGE,
) -> list[folium.FeatureGroup]:
    """The places of ``places`` (rows of ``Store.places``, or their :func:`place_layers`) as the layer-control
    groups "Provinces & districts", "Borders & rivers" and "Places" (named, and tooltips written, in ``lang``).

    Points are markers shaped and coloured by kind and sized by mentions;
    provinces and districts with a polygon in ``geometries`` are shaded
    areas, and borders and rivers are lines (see
    :func:`~geo.maps.features.place_features`). Above ``cluster_threshold``
    points, markers cluster (folium's ``MarkerCluster``). The "Places" group
    also fits the view to the places (:func:`~geo.maps.view.view_bounds`,
    only when they change, so a click does not reset the user's zoom) and
    puts every place on the overview inset, however far.
    """
    t = translator(lang)
    data = places if isinstance(places, PlaceLayers) else place_layers(places, geometries, lang=lang)
    features = data.features
    groups = []
    for key in ("areas", "lines"):
        name = t(f"maps.layer.{key}")
        group = folium.FeatureGroup(name=name, show=True)
        if features[key]["features"]:
            AreaLayer(features[key], name=name).add_to(group)
        groups.append(group)
    points = features["points"]
    group = folium.FeatureGroup(name=t("maps.layer.places"), show=True)
    markers = PlaceMarkers(points, name=t("maps.layer.places"))
    if len(points["features"]) > cluster_threshold:
        cluster = MarkerCluster(control=False, **CLUSTER_OPTIONS).add_to(group)
        markers.add_to(cluster)
    else:
        markers.add_to(group)
    ViewFit(data.bounds, data.points, data.wide).add_to(group)
    groups.append(group)
    return groups


def explorer_map(
    places: pd.DataFrame,
    geometries: Mapping[str, dict] | None = None,
    *,
    assets: AssetUrls | None = None,
    basemap: Basemap | None = None,
    online_tiles: bool = False,
    overview: bool = True,
    legend: bool = True,
    cluster_threshold: int = CLUSTER_THRESHOLD,
    lang: str = DEFAULT_LANGUAGE,
) -> folium.Map:
    """The explorer's map of ``places`` in one piece (:func:`explorer_base` with
    :func:`explorer_layers` and the layer control), e.g. for a standalone file, in ``lang``.

    Every text the browser shows as HTML is escaped:

    >>> import pandas as pd
    >>> row = dict(place_id="x:1", name="<script>alert(1)", name_ar=None, kind="city", lat=34.5, lon=69.2,
    ...            mentions=1, articles=1)
    >>> "<script>alert" in explorer_map(pd.DataFrame([row])).get_root().render()
    False
    """
    fmap = explorer_base(assets=assets, basemap=basemap, online_tiles=online_tiles, overview=overview, legend=legend,
                         lang=lang)
    for group in explorer_layers(places, geometries, cluster_threshold=cluster_threshold, lang=lang):
        group.add_to(fmap)
    return add_controls(fmap)


def article_map(
    places: pd.DataFrame,
    geometries: Mapping[str, dict] | None = None,
    *,
    assets: AssetUrls | None = None,
    basemap: Basemap | None = None,
    lang: str = DEFAULT_LANGUAGE,
) -> folium.Map:
    """A small map of one article's places (rows of ``Store.places`` under the article's filter), in ``lang``.

    No legend (the page keys the colours above the text) and no overview inset.
    """
    return explorer_map(places, geometries, assets=assets, basemap=basemap, overview=False, legend=False, lang=lang)


def selection_layer(place: Mapping, geometry: dict | None = None) -> folium.FeatureGroup:
    """A highlight of the selected place, for ``st_folium(feature_group_to_add=...)``, that brings
    it into view when it is off the map's view (:class:`~geo.maps.view.SelectionView`).

    Drawn apart from the map itself so that selecting a place does not
    rebuild (and re-zoom) the whole map. Not interactive: clicks go through.
    """
    group = folium.FeatureGroup(name="Selected place", control=False)
    bounds = selection_bounds(place, geometry)
    if bounds:
        SelectionView(bounds).add_to(group)
    gtype = (geometry or {}).get("type", "")
    if gtype.endswith("Polygon") or gtype.endswith("LineString"):
        folium.GeoJson(
            {"type": "Feature", "geometry": geometry, "properties": {}},
            style_function=lambda _: {"color": "#f1c40f", "weight": 4, "fill": False},
            interactive=False,
        ).add_to(group)
    elif has_point(place):
        folium.CircleMarker(
            [place["lat"], place["lon"]], radius=22, color="#f1c40f", weight=4, fill=False, interactive=False,
        ).add_to(group)
    return group
