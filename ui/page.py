"""Page set-up shared by every Streamlit page: configuration, the map's assets and plain error messages."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from geo.exc import KharitaError, MissingData, StoreUnavailable
from geo.maps import assets

log = logging.getLogger("kharita")


def setup(title: str, *, icon: str = "🗺️") -> None:
    """Configure the page; call first on every page."""
    if PagesManager.uses_pages_directory:
        # The first visit of a new server, by a link to this page: Streamlit's legacy
        # discovery of pages/ ran this script without app.py's navigation. Switch the
        # legacy discovery off, as st.navigation itself does, and rerun through app.py.
        PagesManager.uses_pages_directory = False
        st.rerun()
    st.set_page_config(page_title=f"{title} · Kharita", page_icon=icon, layout="wide")


@st.cache_resource(show_spinner=False)
def asset_urls() -> assets.AssetUrls:
    """Install Leaflet and the basemap into ``static/`` once per server; return their URLs."""
    assets.install()
    base = st.get_option("server.baseUrlPath").strip("/")
    return assets.AssetUrls(f"/{base}/app/static" if base else "/app/static")


#: What a page says when one of Kharita's own errors stops it, the most specific first;
#: a bad input's message already says what is wrong with it.
PLAIN_MESSAGES: dict[type[KharitaError], str] = {
    StoreUnavailable: "The article store can't be reached ({error}). Check KHARITA_DB and the database, then reload.",
    MissingData: "Some of Kharita's data is missing ({error}): run make data on the server, then reload.",
    KharitaError: "{error}",
}


def plain_message(what: str, error: Exception) -> str:
    """What to tell the reader when ``what`` failed with ``error``.

    >>> plain_message("opening the article", MissingData("no gazetteer"))
    "Some of Kharita's data is missing (no gazetteer): run make data on the server, then reload."
    >>> plain_message("drawing the map", KeyError("lat"))
    "Sorry — drawing the map failed: 'lat'. The details are in the server log."
    """
    for kind, message in PLAIN_MESSAGES.items():
        if isinstance(error, kind):
            return message.format(error=error)
    return f"Sorry — {what} failed: {error}. The details are in the server log."


@contextmanager
def friendly_errors(what: str) -> Iterator[None]:
    """Show a plain message instead of a traceback if ``what`` fails; log the details."""
    try:
        yield
    except Exception as exc:  # the page must stay usable whatever broke
        log.exception("%s failed", what)
        st.error(plain_message(what, exc), icon=":material/error:")
