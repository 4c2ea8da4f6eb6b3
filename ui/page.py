"""Page set-up shared by every Streamlit page: configuration, the map's assets and plain error messages."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import pandas as pd
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from geo.exc import KharitaError, MissingData, StoreUnavailable
from geo.i18n import DEFAULT_LANGUAGE, Translator, translator
from geo.maps import assets
from ui import lang

log = logging.getLogger("kharita")


def setup(title: str, *, icon: str = "🗺️") -> Translator:
    """Configure the page in the interface's language (:mod:`ui.lang`: its switch, direction and font);
    call first on every page. ``title`` is the page's message key (``"nav.map"``); its translator is returned."""
    if PagesManager.uses_pages_directory:
        # The first visit of a new server, by a link to this page: Streamlit's legacy
        # discovery of pages/ ran this script without app.py's navigation. Switch the
        # legacy discovery off, as st.navigation itself does, and rerun through app.py.
        PagesManager.uses_pages_directory = False
        st.rerun()
    t = lang.t()
    st.set_page_config(page_title=f"{t(title)} · {t('app.name')}", page_icon=icon, layout="wide")
    return lang.apply(asset_urls())


@st.cache_resource(show_spinner=False)
def asset_urls() -> assets.AssetUrls:
    """Install Leaflet and the basemap into ``static/`` once per server; return their URLs."""
    assets.install()
    base = st.get_option("server.baseUrlPath").strip("/")
    return assets.AssetUrls(f"/{base}/app/static" if base else "/app/static")


#: What a page says when one of Kharita's own errors stops it (a message key), the most specific first;
#: a bad input's message already says what is wrong with it.
PLAIN_MESSAGES: dict[type[KharitaError], str] = {
    StoreUnavailable: "errors.store_unavailable",
    MissingData: "errors.missing_data",
    KharitaError: "{error}",
}


def plain_message(what: str, error: Exception, *, lang: str = DEFAULT_LANGUAGE) -> str:
    """What to tell the reader, in ``lang``, when ``what`` (a message key, or words) failed with ``error``.

    >>> plain_message("opening the article", MissingData("no gazetteer"))
    "Some of Kharita's data is missing (no gazetteer): run make data on the server, then reload."
    >>> plain_message("errors.drawing_map", KeyError("lat"))
    "Sorry — drawing the map failed: 'lat'. The details are in the server log."
    """
    t = translator(lang)
    for kind, message in PLAIN_MESSAGES.items():
        if isinstance(error, kind):
            return t(message).format(error=error)
    return t("errors.sorry", what=t(what), error=error)


@contextmanager
def friendly_errors(what: str) -> Iterator[None]:
    """Show a plain message instead of a traceback if ``what`` (a message key) fails; log the details."""
    try:
        yield
    except Exception as exc:  # the page must stay usable whatever broke
        log.exception("%s failed", what)
        st.error(plain_message(what, exc, lang=lang.current()), icon=":material/error:")


def most_mentioned(places: pd.DataFrame, limit: int, t: Translator) -> pd.DataFrame:
    """The first ``limit`` of ``places`` (``Store.places`` rows, the most mentioned first) for a map to draw,
    with a caption saying how many of all when it leaves some out."""
    if len(places) > limit:
        st.caption(t("maps.places_shown", shown=t.number(limit), total=t.number(len(places))))
    return places.head(limit)
