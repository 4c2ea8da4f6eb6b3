"""Page set-up shared by every Streamlit page."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from geo import assets

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


def online_tiles_default() -> bool:
    """Online tiles are off unless the deployment turns them on (KHARITA_ONLINE_TILES=1)."""
    return os.environ.get("KHARITA_ONLINE_TILES", "").lower() in ("1", "true", "yes")


@contextmanager
def friendly_errors(what: str) -> Iterator[None]:
    """Show a plain message instead of a traceback if ``what`` fails; log the details."""
    try:
        yield
    except Exception as exc:  # the page must stay usable whatever broke
        log.exception("%s failed", what)
        st.error(f"Sorry — {what} failed: {exc}. The details are in the server log.", icon=":material/error:")
