"""Kharita's entry point (`streamlit run app.py`): names the pages; the map is home.

Each page is a script under pages/ that only wires widgets to geo/.
"""

import streamlit as st

# No page icons: Material ones make the browser fetch a favicon from Google,
# and this app must make no request beyond its own server.
# The scripts' file names differ from the pages' URLs on purpose: Streamlit's
# older discovery of pages/ would otherwise answer a link like /Add_article,
# on a server nobody has opened yet, without running this navigation.

st.navigation([
    st.Page("pages/map_page.py", title="Map", default=True),
    st.Page("pages/articles_page.py", title="Articles", url_path="Articles"),
    st.Page("pages/add_article_page.py", title="Add article", url_path="Add_article"),
]).run()
