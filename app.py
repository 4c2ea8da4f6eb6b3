"""Kharita — the map explorer (home page)."""

import streamlit as st
from streamlit_folium import st_folium

from geo.maps import add_controls, base_map
from ui import page

page.setup("Map")
st.title("Kharita · خريطة")
st.caption("Every place the news names, on an offline map of Afghanistan and its neighbours.")

with st.sidebar:
    st.header("Filters")
    online_tiles = st.toggle(
        "Online tile layers",
        value=page.online_tiles_default(),
        help="Adds OpenStreetMap and CARTO layers to the layer control. Needs internet; off by default.",
    )

with page.friendly_errors("drawing the map"):
    fmap = add_controls(base_map(assets=page.asset_urls(), online_tiles=online_tiles))
    st_folium(fmap, height=640, use_container_width=True, returned_objects=[], key="map")
