"""The map of one gazetteer place, for the gazetteer browser: its polygon, line or marker on the offline basemap.

>>> from geo.records import Place
>>> fmap = place_map(Place("x:1", "<script>alert(1)</script>", "city", 34.98, 63.13))
>>> "<script>alert" in fmap.get_root().render()
False
"""

from __future__ import annotations

import html

import folium
import pandas as pd

from geo.i18n import DEFAULT_LANGUAGE
from geo.maps.areas import AreaLayer
from geo.maps.assets import AssetUrls
from geo.maps.base import add_controls, base_map
from geo.maps.basemap import Basemap
from geo.maps.explorer import MAX_ZOOM
from geo.maps.features import place_features
from geo.maps.fullscreen import Fullscreen
from geo.maps.markers import PlaceMarkers
from geo.maps.view import view_bounds
from geo.records import Place


def place_tip(place: Place) -> str:
    """The tooltip of a place on its own map: English and Arabic names and its kind, escaped.

    >>> tip = place_tip(Place("x:1", "<b>", "city", 1.0, 2.0, names={"ar": "قلعة ناو"}))
    >>> tip.startswith('<div class="kh-tip"><b>&lt;b&gt;</b> · <bdi class="kh-ar" dir="rtl" lang="ar">قلعة ناو')
    True
    """
    arabic = place.names.get("ar")
    ar = f' · <bdi class="kh-ar" dir="rtl" lang="ar">{html.escape(arabic)}</bdi>' if arabic else ""
    return (
        f'<div class="kh-tip"><b>{html.escape(place.name)}</b>{ar}<br>'
        f'<span class="kh-count">{html.escape(place.kind)}</span></div>'
    )


def place_map(
    place: Place,
    geometry: dict | None = None,
    *,
    assets: AssetUrls | None = None,
    basemap: Basemap | None = None,
    lang: str = DEFAULT_LANGUAGE,
) -> folium.Map:
    """A map of ``place`` alone, fitted to it: a province or district as its polygon, a border or
    a river as its line (``geometry``, from :meth:`Gazetteer.geometry`), anything else as a marker
    shaped and coloured by its kind. A place with neither shape nor coordinates gives the map of
    Afghanistan with nothing on it. The basemap's labels are in ``lang``."""
    row = {"place_id": place.id, "name": place.name, "name_ar": place.names.get("ar"), "kind": place.kind,
           "lat": place.lat, "lon": place.lon, "mentions": 1, "articles": 0}
    frame = pd.DataFrame([row])
    geometries = {place.id: geometry} if geometry else None
    features = place_features(frame, geometries)
    fmap = base_map(assets=assets, basemap=basemap, bounds=[list(c) for c in view_bounds(frame, geometries)],
                    lang=lang)
    fmap.options["max_zoom"] = MAX_ZOOM
    group = folium.FeatureGroup(name=place.name, show=True).add_to(fmap)
    for key in ("areas", "lines", "points"):
        collection = features[key]
        if not collection["features"]:
            continue
        for feature in collection["features"]:
            feature["properties"]["tip"] = place_tip(place)
        layer = PlaceMarkers if key == "points" else AreaLayer
        layer(collection, name=place.name).add_to(group)
    Fullscreen(lang).add_to(fmap)
    return add_controls(fmap)
