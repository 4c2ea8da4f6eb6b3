"""Kharita's entry point (`streamlit run app.py`): names the pages; the map is home.

Each page is a script under pages/ that only wires widgets to geo/.

`streamlit run app.py` first reads this file as a module, outside any session: there it
finds ``app``, an ``st.App``, and serves it. The app's start-up (:func:`ui.startup.lifespan`) runs the
home page once in a session of its own, so that the first visitor after a start finds the
modules imported, the store open (and current), the assets installed and the map's places
cached and written. Every visitor's session then runs this file as its script: the navigation below.
"""

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

if get_script_run_ctx() is None:  # read by `streamlit run` (or uvicorn), not run by a session
    from ui.startup import lifespan

    app = st.App(__file__, lifespan=lifespan)
else:
    from ui import lang

    # The pages' titles in the interface's language, read from the address bar (or the session) before navigation.
    t = lang.t()

    # No page icons: Material ones make the browser fetch a favicon from Google,
    # and this app must make no request beyond its own server.
    # The scripts are named like the pages' URLs: on a server nobody has opened yet,
    # Streamlit's older discovery of pages/ answers a link like /Add_article itself,
    # and finds the script, which hands over to this navigation (ui.page.setup)
    # instead of showing "Page not found".

    st.navigation([
        st.Page("pages/map_page.py", title=t("nav.map"), default=True),
        st.Page("pages/Articles.py", title=t("nav.articles"), url_path="Articles"),
        st.Page("pages/Provinces.py", title=t("nav.provinces"), url_path="Provinces"),
        st.Page("pages/Add_article.py", title=t("nav.add_article"), url_path="Add_article"),
        st.Page("pages/Corrections.py", title=t("nav.corrections"), url_path="Corrections"),
        st.Page("pages/Gazetteer.py", title=t("nav.gazetteer"), url_path="Gazetteer"),
        st.Page("pages/Present.py", title=t("nav.present"), url_path="Present"),
    ]).run()
