"""Kharita's entry point (`streamlit run app.py`): names the pages; the map is home.

Each page is a script under pages/ that only wires widgets to geo/.
"""

import streamlit as st

# No page icons: Material ones make the browser fetch a favicon from Google,
# and this app must make no request beyond its own server.

st.navigation([
    st.Page("pages/0_Map.py", title="Map", default=True),
    st.Page("pages/1_Articles.py", title="Articles", url_path="Articles"),
    st.Page("pages/2_Add_article.py", title="Add article", url_path="Add_article"),
]).run()
