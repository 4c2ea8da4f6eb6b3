"""Kharita's entry point (`streamlit run app.py`): names the pages; the map is home.

Each page is a script under pages/ that only wires widgets to geo/.

`streamlit run app.py` first reads this file as a module, outside any session: there it
finds ``app``, an ``st.App``, and serves it. The app's start-up (:func:`lifespan`) runs the
home page once in a session of its own, so that the first visitor after a start finds the
modules imported, the store open (and current), the assets installed and the map's places
cached and written. Every visitor's session then runs this file as its script: the navigation below.
"""

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

#: How long the server holds its first requests for the start-up run, at most (seconds): past it (a first
#: run that geoparses the seed articles, a store slow to answer), it serves, and the pages wait as they must.
HOLD_SECONDS = 10


@asynccontextmanager
async def lifespan(_app: st.App) -> AsyncIterator[None]:
    """Start the server with one run of the home page, as Streamlit's script health check runs it (a
    session with no browser), before it serves anyone (:data:`HOLD_SECONDS` at most).

    Its socket already listens: a visitor arriving meanwhile is not refused, the request waits in the
    socket's queue. Serving the page's files while the start-up ran had only slowed both (one interpreter's
    lock): at 10,000 articles, on two busy cores, a visitor arriving as the server answered waited 5.5-5.7 s
    for the markers, and waits 3.4-3.6 s now that the server answers once it is ready. From the server's
    start the wait is about what it was (5.5-6.5 s), and the server's work to those first markers is less.
    """
    from streamlit.runtime import get_instance
    from streamlit.runtime.pages_manager import PagesManager

    # As st.navigation does when it first runs: every session runs this file, whose navigation knows the
    # pages; Streamlit's older discovery of pages/ must not answer a first visitor's link while the
    # start-up run is still on its way to the navigation.
    PagesManager.uses_pages_directory = False

    async def warm_up() -> None:
        t0 = time.perf_counter()
        _, outcome = await get_instance().does_script_run_without_error()
        logging.getLogger("kharita").info("start-up run of the home page: %s in %.1f s", outcome,
                                          time.perf_counter() - t0)

    task = asyncio.ensure_future(warm_up())
    await asyncio.wait({task}, timeout=HOLD_SECONDS)
    yield
    task.cancel()


if get_script_run_ctx() is None:  # read by `streamlit run` (or uvicorn), not run by a session
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
