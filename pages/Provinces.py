"""Provinces: mentions by province as a table and a choropleth, and a drill-down to a province's districts."""

import streamlit as st
from streamlit_folium import st_folium

from geo.maps import load_basemap
from geo.maps.choropleth import choropleth_map
from geo.store import Filters
from ui import data, downloads, page, sidebar
from ui import filters as url
from ui import provinces as view

#: The maps' height in pixels.
MAP_HEIGHT = 440

page.setup("Provinces", icon="🧭")
st.title("Provinces")
st.caption(
    "Each row counts what the map shows with that province chosen, under the filters in the sidebar; "
    "its link opens the map so filtered."
)

with page.friendly_errors("counting the provinces"):
    version = data.stamp()
    filters = url.current()
    with st.sidebar:
        st.header("Filters")
        sidebar.draw(filters, data.facets(filters, version), sidebar.date_bounds(data.articles(version)))
        st.button("Clear filters", on_click=url.clear, disabled=filters == Filters(), width="stretch")
        downloads.draw(filters)

    afghan = data.afghan_provinces()
    counts = data.provinces(filters, version)
    shown = view.table(counts, filters, data.country_names())
    if view.DRILL_KEY not in st.session_state:
        st.session_state[view.DRILL_KEY] = view.drilled(afghan)

    map_column, drill_column = st.columns(2, gap="medium")
    with map_column:
        st.subheader("Mentions by province")
        st_folium(
            choropleth_map(counts, load_basemap().provinces["features"], assets=page.asset_urls()),
            height=MAP_HEIGHT, use_container_width=True, key="provinces-map",
            returned_objects=["last_active_drawing"], on_change=view.on_choropleth_click("provinces-map", afghan),
        )
        st.caption("Click a province to see its districts.")

    with drill_column:
        province = st.selectbox("Districts of", afghan, key=view.DRILL_KEY, placeholder="Choose a province")
        view.keep_drill(province)
        if province is None:
            st.info("Choose a province, here or on the map, to see its districts.", icon=":material/touch_app:")
        else:
            st.html(view.summary_html(counts, province, filters))
            districts = data.provinces(filters, version, province)
            st_folium(
                choropleth_map(districts, data.district_shapes().get(province, []), title=f"Mentions in {province}",
                               assets=page.asset_urls(), fit=True),
                height=MAP_HEIGHT, use_container_width=True, key=f"districts-map-{province}",
                returned_objects=[],
            )

    st.subheader("Every province")
    columns = {view.MAP_COLUMN: st.column_config.LinkColumn(view.MAP_COLUMN, display_text="open on the map")}
    st.dataframe(shown, hide_index=True, width="stretch", column_config=columns, key="provinces-table")
    st.download_button("Download the table (CSV)", view.csv_bytes(shown), file_name="kharita-provinces.csv",
                       mime="text/csv", on_click="ignore")

    if province is not None:
        st.subheader(f"Districts of {province}")
        district_table = view.table(districts, filters, data.country_names(), province=province)
        st.dataframe(district_table, hide_index=True, width="stretch", column_config=columns,
                     key="districts-table")
        st.download_button(f"Download {province}'s districts (CSV)", view.csv_bytes(district_table),
                           file_name=f"kharita-districts-{province}.csv", mime="text/csv", on_click="ignore")
