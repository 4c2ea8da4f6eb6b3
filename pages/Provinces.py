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

t = page.setup("nav.provinces", icon="🧭")
st.title(t("provinces.title"))
st.caption(t("provinces.caption"))

with page.friendly_errors(t("errors.counting_provinces")):
    version = data.stamp()
    filters = url.current()
    with st.sidebar:
        st.header(t("filters.header"))
        sidebar.draw(filters, data.facets(filters, version), data.date_bounds(version))
        st.button(t("filters.clear"), on_click=url.clear, disabled=filters == Filters(), width="stretch")
        downloads.draw(filters)

    afghan = data.afghan_provinces()
    counts = data.provinces(filters, version)
    names = data.province_names(t.lang)
    shown = view.table(counts, filters, data.country_names(t.lang), lang=t.lang, names=names)
    if view.DRILL_KEY not in st.session_state:
        st.session_state[view.DRILL_KEY] = view.drilled(afghan)

    map_column, drill_column = st.columns(2, gap="medium")
    with map_column:
        st.subheader(t("provinces.map_heading"))
        st_folium(
            choropleth_map(counts, load_basemap().provinces["features"], assets=page.asset_urls(), lang=t.lang),
            height=MAP_HEIGHT, use_container_width=True, key="provinces-map",
            returned_objects=["last_active_drawing"], on_change=view.on_choropleth_click("provinces-map", afghan),
        )
        st.caption(t("provinces.map_caption"))

    with drill_column:
        province = st.selectbox(t("provinces.districts_of"), afghan, key=view.DRILL_KEY,
                                placeholder=t("provinces.choose"), format_func=lambda p: names.get(p) or p)
        view.keep_drill(province)
        if province is None:
            st.info(t("provinces.choose_info"), icon=":material/touch_app:")
        else:
            shown_name = names.get(province) or province
            st.html(view.summary_html(counts, province, filters, lang=t.lang, name=shown_name))
            districts = data.provinces(filters, version, province)
            st_folium(
                choropleth_map(districts, data.district_shapes().get(province, []),
                               title=t("provinces.mentions_in", province=shown_name), assets=page.asset_urls(),
                               fit=True, lang=t.lang),
                height=MAP_HEIGHT, use_container_width=True, key=f"districts-map-{province}",
                returned_objects=[],
            )

    st.subheader(t("provinces.every"))
    columns = view.column_config(t)
    st.dataframe(shown, hide_index=True, width="stretch", column_config=columns, key="provinces-table")
    st.download_button(t("provinces.download"), view.csv_bytes(shown), file_name="kharita-provinces.csv",
                       mime="text/csv", on_click="ignore")

    if province is not None:
        st.subheader(t("provinces.districts_heading", province=shown_name))
        district_table = view.table(districts, filters, data.country_names(t.lang), province=province, lang=t.lang,
                                    names=data.district_names(t.lang))
        st.dataframe(district_table, hide_index=True, width="stretch", column_config=columns,
                     key="districts-table")
        st.download_button(t("provinces.download_districts", province=shown_name), view.csv_bytes(district_table),
                           file_name=f"kharita-districts-{province}.csv", mime="text/csv", on_click="ignore")
