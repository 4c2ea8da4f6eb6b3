"""The view as one standalone HTML map that works offline, opened from a folder with no network.

It is the explorer's own map (:func:`geo.maps.explorer_map`: the offline
basemap embedded, the places' markers, areas and lines, legend, overview),
with a popup of excerpts on each place (:mod:`geo.export.popups`) and
Leaflet and its plugins written into the page (:mod:`geo.export.inline`).
"""

from __future__ import annotations

import html

from geo.export.inline import INLINE_BASE, inline_assets
from geo.export.popups import popups
from geo.export.view import ExportView
from geo.maps import AssetUrls, explorer_map, load_basemap


def title(view: ExportView) -> str:
    """The page's title: what it maps, and under which filters.

    >>> from geo.store import Filters
    >>> import pandas as pd
    >>> title(ExportView(Filters(provinces=("Badghis",)), pd.DataFrame(), pd.DataFrame()))
    'Kharita · province=Badghis'
    """
    params = view.filters.to_query_params()
    shown = [f"{key}={','.join(value) if isinstance(value, list) else value}" for key, value in params.items()]
    return "Kharita · " + (" · ".join(shown) if shown else "every place")


def write(view: ExportView) -> bytes:
    """The map as one UTF-8 HTML file that loads nothing from anywhere."""
    assets = AssetUrls(INLINE_BASE)
    fmap = explorer_map(view.places, view.geometries, assets=assets, basemap=load_basemap())
    popups(view).add_to(fmap)
    root = fmap.get_root()
    root.title = html.escape(title(view))  # branca writes the title as it is
    return inline_assets(root.render(), assets).encode("utf-8")
