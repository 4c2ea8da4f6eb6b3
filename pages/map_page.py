"""Map: the map explorer, the home page — filters → query → map + excerpt panel."""

import folium
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo import config
from geo.maps import explorer_base, explorer_layers, selection_layer
from geo.store import Filters
from ui import correct, data, downloads, page, sidebar
from ui import filters as url
from ui.excerpts import PANEL_CSS, by_sentence, excerpt_html, more_html, page_summary, place_header_html

#: How many excerpts the panel shows at once.
EXCERPT_LIMIT = 100
#: How many places the map draws at most, the most mentioned first (it says how many it leaves out).
MARKER_LIMIT = 2000
#: The map's least height, in pixels: the page's CSS (FILL_WINDOW) makes it the window's.
MAP_HEIGHT = 384
#: The map takes the window's height below the title and summary, and the excerpt panel
#: beside it scrolls on its own under its Close button.
FILL_WINDOW = """<style>
[data-testid=stMainBlockContainer] { padding: 1.5rem 2rem 0; max-width: none; }
[data-testid=stMainBlockContainer] h1 { font-size: 2rem; padding: 0 0 .25rem; }
.st-key-kh-map iframe { height: max(384px, calc(100vh - 9.5rem)) !important; }
.st-key-kh-panel { max-height: calc(100vh - 13rem); overflow-y: auto; padding-right: .5rem; }
</style>"""

t = page.setup("nav.map")
st.html(FILL_WINDOW)
st.title(t("map.title"))

places, online_tiles, place_id = pd.DataFrame(columns=["place_id", "kind", "lat", "lon"]), False, None
with page.friendly_errors("errors.opening_store"):
    version = data.stamp()
    filters, place_id = url.current(), url.selected_place()

    with st.sidebar:
        st.header(t("filters.header"))
        sidebar.draw(filters, data.facets(filters, version), data.date_bounds(version))
        st.button(t("filters.clear"), on_click=url.clear, disabled=filters == Filters(), use_container_width=True)
        downloads.draw(filters)
        st.divider()
        online_tiles = st.toggle(
            t("map.online_tiles"),
            value=config.online_tiles(),
            help=t("map.online_tiles_help"),
        )

    places = data.places(filters, version)
    if places.empty:
        st.warning(t("map.no_place"), icon=":material/search_off:")
        st.button(t("map.clear_all"), on_click=url.clear, type="primary")
    else:
        st.caption(page_summary(data.summary(filters, version), lang=t.lang))
        places = page.most_mentioned(places, MARKER_LIMIT, t)

map_column, panel_column = st.columns([5, 3], gap="medium")
with map_column, page.friendly_errors("errors.drawing_map"):
    selected = places[places["place_id"] == place_id].head(1).to_dict("records")
    # No places (or no store): nothing to draw, and nothing to cache.
    drawn = places if places.empty else data.place_layers(filters, version, t.lang, MARKER_LIMIT)
    layers = explorer_layers(drawn, lang=t.lang)
    # The selected place is brought into view even when the filters leave it off the map (a reader's link).
    everywhere = data.places(Filters(), version) if place_id and not selected else places
    target = selected or everywhere[everywhere["place_id"] == place_id].head(1).to_dict("records")
    if target:
        layers.append(selection_layer(target[0], data.geometries((place_id,)).get(place_id)))
    # The base map stays mounted; a filter change or a click only swaps these layers.
    with st.container(key="kh-map"):
        st_folium(
            explorer_base(assets=page.asset_urls(), online_tiles=online_tiles, lang=t.lang), height=MAP_HEIGHT,
            use_container_width=True, key="map", returned_objects=["last_active_drawing"],
            on_change=url.on_map_click("map"), feature_group_to_add=layers,
            layer_control=folium.LayerControl(collapsed=True),
        )

with panel_column, page.friendly_errors("errors.showing_excerpts"):
    if place_id is None:
        st.info(t("map.hint"), icon=":material/touch_app:")
    else:
        known = data.places(Filters(), version)
        rows = selected or known[known["place_id"] == place_id].head(1).to_dict("records")
        if not rows:
            st.warning(t("map.not_mentioned"))
        else:
            total = int(rows[0]["mentions"]) if selected else 0
            excerpts = data.excerpts(place_id, filters, version, EXCERPT_LIMIT)
            st.button(t("map.close"), on_click=url.select_place, args=(None,), key="close-panel")
            with st.container(key="kh-panel"):  # the page's .st-key-kh-panel: one box for the whole panel
                header = place_header_html(rows[0], data.country_names(t.lang), lang=t.lang,
                                           admin_names=data.admin_names(t.lang))
                st.html(f'{PANEL_CSS}<div class="kh-part">{header}</div>')
                for excerpt in by_sentence(excerpts):
                    st.html(f'<div class="kh-part">{excerpt_html(excerpt, filters, lang=t.lang)}</div>')
                    for n, mention_id in enumerate(excerpt["mention_ids"], 1):
                        correct.fix_button(mention_id, t("correct.title") if len(excerpt["mention_ids"]) == 1
                                           else t("correct.fix_name", n=t.number(n)))
                st.html(more_html(len(excerpts), total, lang=t.lang) or "<span></span>")
        if not rows:
            st.button(t("map.close"), on_click=url.select_place, args=(None,), key="close-panel")

correct.open_if_asked()
