"""Maps: query results in, ``folium.Map`` and its layers out, with nothing loaded from another host.

One folium element a file (markers, areas, legend, overview, fullscreen, view
fit, the basemap), the explorer that puts them together, the app's own
assets and the map's stylesheet (``style.css``). Nothing here touches the
network, Streamlit or the store.
"""

from geo.maps.assets import AssetUrls, install
from geo.maps.base import OfflineMap, add_controls, base_map
from geo.maps.basemap import AFGHANISTAN_BOUNDS, Basemap, load_basemap
from geo.maps.explorer import (
    CLUSTER_THRESHOLD,
    PlaceLayers,
    article_map,
    explorer_base,
    explorer_layers,
    explorer_map,
    place_layers,
    selection_layer,
)
from geo.maps.features import place_features, tooltip_html
from geo.maps.kinds import AREA_KINDS, KIND_STYLE, LEGEND_KINDS, LINE_KINDS
from geo.maps.legend import legend_html
from geo.maps.view import view_bounds

__all__ = [
    "AFGHANISTAN_BOUNDS",
    "AREA_KINDS",
    "CLUSTER_THRESHOLD",
    "KIND_STYLE",
    "LEGEND_KINDS",
    "LINE_KINDS",
    "AssetUrls",
    "Basemap",
    "OfflineMap",
    "PlaceLayers",
    "add_controls",
    "article_map",
    "base_map",
    "explorer_base",
    "explorer_layers",
    "explorer_map",
    "install",
    "legend_html",
    "load_basemap",
    "place_features",
    "place_layers",
    "selection_layer",
    "tooltip_html",
    "view_bounds",
]
