"""The map every Kharita map starts from: folium's Map on the app's own assets, with the offline basemap.

Nothing here touches the network: Leaflet and its plugins come from the app's
static folder (:mod:`geo.maps.assets`) and the outlines from the offline
basemap (:mod:`geo.maps.basemap`); online tiles are an opt-in layer.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import folium
from branca.element import Element
from folium.plugins import MarkerCluster

from geo.i18n import translator
from geo.maps.assets import AssetUrls
from geo.maps.basemap import AFGHANISTAN_BOUNDS, DETAIL_ZOOMS, Basemap, OfflineBasemap

#: The map's stylesheet: the basemap's labels and the explorer's markers and controls.
STYLESHEET = Path(__file__).with_name("style.css")

#: Tile layers a user with internet may switch on; never loaded by default.
ONLINE_TILES = (
    ("OpenStreetMap", "OpenStreetMap", None),
    (
        "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png",
        "CARTO light",
        "&copy; OpenStreetMap contributors &copy; CARTO",
    ),
)


@lru_cache(maxsize=1)
def _style_element_html() -> str:
    return f"<style>\n{STYLESHEET.read_text('utf-8')}</style>"


class OfflineMap(folium.Map):
    """A folium map that loads nothing from another host, styled by ``style.css``.

    The assets its elements declare are pointed at the app's copies
    (:meth:`AssetUrls.localise`) when the map renders, and when a layer is
    added to it: st_folium adds the page's layers after rendering the map,
    and reads their assets off the elements themselves.

    The map declares the marker-cluster plugin whether or not a layer
    clusters yet: st_folium loads a map's scripts once, when it mounts, and
    the layers it swaps in later may cluster. It declares the shipped Arabic
    font's stylesheet too (:mod:`geo.maps.fonts`), which ``style.css`` names.
    """

    default_js = [*folium.Map.default_js, *MarkerCluster.default_js]
    default_css = [*folium.Map.default_css, *MarkerCluster.default_css, ("kh_fonts_css", "noto-sans-arabic.css")]

    def __init__(self, assets: AssetUrls | None = None):
        self.assets = assets or AssetUrls()
        super().__init__(tiles=None, control_scale=True, zoom_snap=0.5, prefer_canvas=False)
        self.get_root().header.add_child(Element(_style_element_html()), name="kh_style")

    def add_child(self, child, name=None, index=None):
        self.assets.localise(child)
        return super().add_child(child, name=name, index=index)

    def render(self, **kwargs):
        self.assets.localise(self)
        return super().render(**kwargs)


def base_map(
    *,
    assets: AssetUrls | None = None,
    basemap: Basemap | None = None,
    online_tiles: bool = False,
    bounds=AFGHANISTAN_BOUNDS,
    fit_padding: tuple[int, int] | None = None,
    lang: str = "en",
) -> OfflineMap:
    """A map of Afghanistan and its neighbours on the offline basemap.

    Pass ``basemap`` to embed the outlines in the map itself (a standalone
    file); leave it out to have the browser fetch them from ``assets``.
    ``online_tiles`` adds OpenStreetMap and CARTO layers, switched off.
    ``fit_padding`` keeps ``(right, bottom)`` pixels clear of the fitted view.
    ``lang`` ("en" or "ar") is the language of the basemap's labels.

    >>> m = base_map()
    >>> "cdn.jsdelivr.net" in m.get_root().render()
    False
    """
    fmap = OfflineMap(assets)
    fmap.fit_bounds(bounds, padding_bottom_right=fit_padding)
    countries = folium.FeatureGroup(name="Countries", control=False).add_to(fmap)
    provinces = folium.FeatureGroup(name=translator(lang)("maps.layer.province_outlines")).add_to(fmap)
    if basemap is None:
        sources = (fmap.assets.basemap("countries"), fmap.assets.basemap("provinces"))
        detail = {name: fmap.assets.basemap(name) for name in DETAIL_ZOOMS}
    else:
        sources, detail = (basemap.countries, basemap.provinces), basemap.detail
    OfflineBasemap(*sources, countries, provinces, detail=detail, lang=lang).add_to(fmap)
    if online_tiles:
        for tiles, name, attribution in ONLINE_TILES:
            folium.TileLayer(tiles, name=name, attr=attribution, show=False, overlay=False).add_to(fmap)
    return fmap


def add_controls(fmap: folium.Map) -> folium.Map:
    """Add the layer control; call last, once every layer is on the map."""
    folium.LayerControl(collapsed=True).add_to(fmap)
    return fmap
