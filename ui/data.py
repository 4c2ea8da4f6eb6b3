"""The store, the gazetteer and the pages' queries, cached for Streamlit.

One store and one gazetteer per server process (``st.cache_resource``); query
results per filter set (``st.cache_data``). Every cached query takes
``version=stamp()`` so that a new article shows at once, not after the TTL.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

import pandas as pd
import streamlit as st

from geo import config, maps
from geo.i18n import DEFAULT_LANGUAGE, LANGUAGES, translator
from geo.maps import AREA_KINDS, LINE_KINDS, PlaceLayers
from geo.records import Article
from geo.store import Filters, Store, Summary

#: How long a query result may be reused: a bound on memory, not on freshness (the stamp sees to that).
TTL_SECONDS = 60


def both_languages(key: str) -> str:
    """A message in every language, for a spinner a cached resource shows (its text is fixed when the
    function is decorated, before any page knows its language)."""
    return " · ".join(dict.fromkeys(translator(lang)(key) for lang in LANGUAGES))


def store() -> Store:
    """The store :func:`geo.config.store_url` names: the seed article on first run, stale articles reparsed."""
    return _open_store(config.store_url())


@st.cache_resource(show_spinner=both_languages("data.opening_store"))
def _open_store(url: str) -> Store:
    # Keyed by URL: tests (and a changed setting) get their own store, not the first one opened.
    from geo.ingest import ensure_current  # loads the geoparser only when there is something to parse

    opened = Store.open(url)
    ensure_current(opened)
    return opened


@st.cache_resource(show_spinner=both_languages("data.loading_gazetteer"))
def gazetteer():
    """The offline gazetteer, for the shapes of provinces, districts and borders."""
    from geo.gazetteer import Gazetteer

    return Gazetteer.open()


class Version(NamedTuple):
    """Part of every cache key below: which store, and its revision, which moves with every write (an
    article, a correction, an alias), so a change shows at once and two stores never share a result."""

    store: str
    revision: int


def stamp() -> Version:
    """The store's :class:`Version` now."""
    return Version(config.store_url(), store().revision())


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False, max_entries=256)
def places(filters: Filters, version: Version) -> pd.DataFrame:
    return store().places(filters)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False, max_entries=256)
def summary(filters: Filters, version: Version) -> Summary:
    return store().summary(filters)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False, max_entries=256)
def facets(filters: Filters, version: Version) -> dict[str, pd.DataFrame]:
    return store().facets(filters)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False, max_entries=256)
def excerpts(place_id: str, filters: Filters, version: Version, limit: int | None = None) -> pd.DataFrame:
    return store().excerpts(place_id, filters, limit=limit)


#: The newest articles a page's article list offers (the one a link asks for is added to them).
ARTICLE_LIST_LIMIT = 1000


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False, max_entries=64)
def articles(version: Version) -> pd.DataFrame:
    """The newest :data:`ARTICLE_LIST_LIMIT` articles, for a page's article list."""
    return store().articles(limit=ARTICLE_LIST_LIMIT)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False, max_entries=64)
def article_count(version: Version) -> int:
    return store().count_articles()


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False, max_entries=64)
def date_bounds(version: Version) -> tuple[dt.date, dt.date] | None:
    return store().date_bounds()


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False, max_entries=64)
def article(article_id: int, version: Version) -> Article | None:
    return store().article(article_id)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False, max_entries=16)
def corrections(version: Version) -> pd.DataFrame:
    return store().corrections()


@st.cache_data(show_spinner=False, max_entries=64)
def geometries(place_ids: tuple[str, ...]) -> dict[str, dict]:
    """The shapes of the given provinces, districts and borders (place id → GeoJSON geometry)."""
    gaz = gazetteer()
    shapes = {}
    for place_id in place_ids:
        geometry = gaz.geometry(place_id)
        if geometry is not None:
            shapes[place_id] = geometry
    return shapes


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False, max_entries=64)
def place_layers(filters: Filters, version: Version, lang: str, limit: int) -> PlaceLayers:
    """What the home map draws of the first ``limit`` of :func:`places` (:func:`geo.maps.place_layers`: their
    GeoJSON, tooltips in ``lang``, and views), so that a view of places already drawn writes none of it again."""
    shown = places(filters, version).head(limit)
    return maps.place_layers(shown, geometries(shaped_ids(shown)), lang=lang)


def shaped_ids(frame: pd.DataFrame) -> tuple[str, ...]:
    """The ids of the places in ``frame`` drawn as their own shape, sorted (a stable cache key)."""
    if frame is None or frame.empty:
        return ()
    wanted = frame[frame["kind"].isin(AREA_KINDS + LINE_KINDS)]["place_id"].dropna()
    return tuple(sorted(set(wanted)))


@st.cache_resource(show_spinner=False)
def country_names(lang: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """ISO 3166 alpha-2 code → country name in ``lang`` (English or Arabic), from the basemap."""
    from geo.maps import load_basemap

    out = {}
    for feature in load_basemap().countries["features"]:
        code, name = feature["properties"].get("iso_a2"), _name(feature["properties"], lang)
        if code and name:
            out[code] = name
    return out


def _name(properties: dict, lang: str) -> str | None:
    """A basemap or outline feature's name in ``lang``: its ``name_<lang>`` when it has one, else ``name``."""
    return properties.get(f"name_{lang}") or properties.get("name")


@st.cache_resource(show_spinner=False)
def province_names(lang: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """Afghanistan's provinces, as the store names them (``admin1``) → their names in ``lang``."""
    from geo.maps import load_basemap

    return {f["properties"]["name"]: _name(f["properties"], lang) for f in load_basemap().provinces["features"]}


@st.cache_resource(show_spinner=False)
def district_names(lang: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """Afghanistan's districts, as the store names them (``admin2``) → their names in ``lang``."""
    return {f["properties"]["name"]: _name(f["properties"], lang)
            for shapes in district_shapes().values() for f in shapes}


def admin_names(lang: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """Afghanistan's districts and provinces (``admin2``, ``admin1``) → their names in ``lang``, for a place's
    hierarchy (:func:`ui.excerpts.hierarchy`)."""
    return {**district_names(lang), **province_names(lang)}


@st.cache_resource(show_spinner=False)
def afghan_provinces() -> list[str]:
    """Afghanistan's 34 provinces, as the basemap (and the gazetteer's ``admin1``) names them."""
    from geo.maps import load_basemap

    return load_basemap().province_names()


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False, max_entries=256)
def provinces(filters: Filters, version: Version, province: str | None = None) -> pd.DataFrame:
    """Counts by province (Afghanistan's 34 always, zeros included), or by district of ``province`` (all of
    its districts); see :meth:`geo.store.Store.provinces`."""
    if province is None:
        listed = afghan_provinces()
    else:
        listed = [f["properties"]["name"] for f in district_shapes().get(province, [])]
    return store().provinces(filters, province=province, listed=listed)


@st.cache_resource(show_spinner=False)
def district_shapes() -> dict[str, list[dict]]:
    """Afghanistan's district outlines by province (:func:`ui.provinces.district_shapes`)."""
    from ui.provinces import district_shapes as by_province

    return by_province(gazetteer())
