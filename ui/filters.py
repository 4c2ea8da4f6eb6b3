"""The sidebar's filters, kept in the URL so that a link reproduces the view.

``st.query_params`` is the one source of truth: every run reads the filters
from it (:func:`current`) and the widgets start from those values. A widget's
change is written to the URL by its callback (:func:`apply`), before the run
that follows, so one run draws the new view. Each widget's key carries the
URL's value, so when the URL changes under it (a link, "Clear filters") it
starts again from the URL.
The selected place is ``?place=<id>``; :mod:`ui.urls` builds every address.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

import pandas as pd
import streamlit as st

from geo.records import KINDS
from geo.store import Filters
from ui import urls

#: How many articles the article filter offers (those with the most mentions under the other filters).
ARTICLE_OPTIONS = 200

LANGUAGE_NAMES = {"ar": "Arabic", "en": "English", "fa": "Persian", "ps": "Pashto"}


def current() -> Filters:
    """The filters the URL holds now."""
    return Filters.from_query_params(st.query_params)


def selected_place() -> str | None:
    """The id of the selected place (``?place=``), if any."""
    value = st.query_params.get(urls.PLACE)
    if not isinstance(value, str):
        return None
    return value.strip() or None


def apply(filters: Filters, place: str | None = None) -> None:
    """Make the URL hold exactly ``filters`` and ``place``."""
    st.query_params.from_dict(urls.view(filters, {urls.PLACE: place or None}))


def select_place(place_id: str | None) -> None:
    """Select a place (or none), keeping the filters."""
    apply(current(), place_id)


def clear() -> None:
    """Drop every filter, keeping the selected place; a button callback."""
    apply(Filters(), selected_place())


def counted(facet: pd.DataFrame | None) -> dict[str, int]:
    """``{value: count}`` from a facet frame (value, label, count)."""
    if facet is None or facet.empty:
        return {}
    return {str(v): int(c) for v, c in zip(facet["value"], facet["count"], strict=True)}


def district_counts(places: pd.DataFrame) -> dict[str, int]:
    """Mentions per district (``admin2``) from ``Store.places`` rows, most first.

    The store's facets have no district facet; the places query already
    aggregates per place, so summing those few rows is cheap.
    """
    if places is None or places.empty:
        return {}
    sums = places.dropna(subset=["admin2"]).groupby("admin2")["mentions"].sum().sort_values(ascending=False)
    return {str(k): int(v) for k, v in sums.items()}


def province_options(counts: Mapping[str, int], afghan: Sequence[str], chosen: Iterable[str]) -> list[str]:
    """Afghanistan's provinces first (mentioned ones by count, then the rest
    by name), then other first-level divisions that are mentioned.

    >>> province_options({"Tehran": 5, "Herat": 1}, ["Badghis", "Herat"], [])
    ['Herat', 'Badghis', 'Tehran']
    """
    home = sorted(afghan, key=lambda p: (-counts.get(p, 0), p))
    abroad = sorted((p for p in counts if p not in set(afghan)), key=lambda p: (-counts[p], p))
    extra = [p for p in chosen if p not in set(home) | set(abroad)]
    return home + abroad + extra


def _options(counts: Mapping[str, int], chosen: Iterable[str], order: Sequence[str] | None = None) -> list[str]:
    # A chosen value stays an option even when other filters leave it no mentions.
    base = list(order) if order is not None else list(counts)
    return base + [v for v in chosen if v not in set(base)]


def _label(counts: Mapping[str, int], names: Mapping[str, str] | None = None):
    names = names or {}
    return lambda value: f"{names.get(value, value)} ({counts.get(value, 0):,})"


def _key(field: str, value) -> str:
    # The key carries the URL's value: when the URL changes under the widget (a link,
    # "Clear filters"), the key changes and the widget starts again from the URL.
    return f"filter-{field}-{hashlib.sha1(repr(value).encode()).hexdigest()[:10]}"


def _on_change(field: str, key: str, read):
    """A callback writing one widget's new value to the URL, before the script reruns,
    so that the run that follows already draws everything from the new filters."""

    def callback() -> None:
        apply(replace(current(), **{field: read(st.session_state[key])}), selected_place())

    return callback


def _multiselect(label: str, field: str, filters: Filters, options: list[str], format_func, placeholder: str,
                 convert=str) -> list[str]:
    chosen = [str(v) for v in getattr(filters, field)]
    key = _key(field, chosen)
    return st.multiselect(
        label, options, default=chosen, format_func=format_func, placeholder=placeholder, key=key,
        on_change=_on_change(field, key, lambda values: tuple(convert(v) for v in values)),
    )


def sidebar(
    filters: Filters,
    facets: Mapping[str, pd.DataFrame],
    *,
    districts: Mapping[str, int],
    afghan_provinces: Sequence[str],
    country_names: Mapping[str, str],
    date_range: tuple[dt.date, dt.date] | None,
) -> None:
    """Draw the filter widgets, starting from ``filters`` (the URL's); a change goes to the URL.

    Each option shows how many mentions choosing it would give (the facet
    counts every filter but its own).
    """
    provinces = counted(facets.get("province"))
    _multiselect("Province", "provinces", filters, province_options(provinces, afghan_provinces, filters.provinces),
                 _label(provinces), "All provinces")
    _multiselect("District", "districts", filters, _options(districts, filters.districts), _label(districts),
                 "All districts")
    countries = counted(facets.get("country"))
    _multiselect("Country", "countries", filters, _options(countries, filters.countries),
                 _label(countries, country_names), "All countries")
    kinds = counted(facets.get("kind"))
    kind_order = [k for k in KINDS if k in kinds] + [k for k in kinds if k not in KINDS]
    _multiselect("Kind of place", "kinds", filters, _options(kinds, filters.kinds, kind_order), _label(kinds),
                 "All kinds")
    # The most-mentioning articles only: ten thousand options would stall the browser.
    article_facet = facets.get("article")
    article_facet = None if article_facet is None else article_facet.head(ARTICLE_OPTIONS)
    articles = counted(article_facet)
    titles = {} if article_facet is None else {
        str(v): str(t) for v, t in zip(article_facet["value"], article_facet["label"], strict=True)
    }
    _multiselect("Article", "article_ids", filters, _options(articles, [str(a) for a in filters.article_ids]),
                 _label(articles, titles), "All articles", convert=int)
    sources = counted(facets.get("source"))
    _multiselect("Source", "sources", filters, _options(sources, filters.sources), _label(sources), "All sources")
    languages = counted(facets.get("language"))
    _multiselect("Language", "languages", filters, _options(languages, filters.languages),
                 _label(languages, LANGUAGE_NAMES), "All languages")
    _date_range(filters, date_range)
    key = _key("text", filters.text)
    st.text_input(
        "Search the excerpts", value=filters.text, placeholder="e.g. prison, سجن", key=key,
        help="Keeps the mentions whose sentence contains this text.",
        on_change=_on_change("text", key, lambda text: text.strip()),
    )
    key = _key("include_demonyms", filters.include_demonyms)
    st.toggle(
        "Show demonyms", value=filters.include_demonyms, key=key,
        help='Count words like "Afghan" or "الأفغانية" as mentions of their country.',
        on_change=_on_change("include_demonyms", key, bool),
    )


def _date_range(filters: Filters, bounds: tuple[dt.date, dt.date] | None) -> None:
    """The date-range widget; the full range reads as "no date filter"."""
    if bounds is None:
        return
    low = min(bounds[0], filters.date_from or bounds[0])
    high = max(bounds[1], filters.date_to or bounds[1])
    key = _key("dates", (filters.date_from, filters.date_to))

    def callback() -> None:
        picked = st.session_state[key]
        picked = tuple(picked) if isinstance(picked, tuple | list) else (picked,)
        if len(picked) < 2:  # the first click of a range: wait for the second
            return
        start, end = picked
        apply(replace(current(), date_from=None if start == bounds[0] else start,
                      date_to=None if end == bounds[1] else end), selected_place())

    st.date_input(
        "Published", value=(filters.date_from or low, filters.date_to or high), min_value=low, max_value=high,
        format="YYYY-MM-DD", key=key, on_change=callback,
    )


def date_bounds(articles: pd.DataFrame) -> tuple[dt.date, dt.date] | None:
    """The first and last publication dates among ``articles``, if any are dated."""
    if articles is None or articles.empty:
        return None
    dates = sorted(dt.date.fromisoformat(str(d)[:10]) for d in articles["published"].dropna())
    return (dates[0], dates[-1]) if dates else None


def clicked_place(value: Mapping | None) -> str | None:
    """The place id in st_folium's returned ``last_active_drawing``, if a place was clicked.

    >>> clicked_place({"last_active_drawing": {"properties": {"place_id": "geonames:1"}}})
    'geonames:1'
    """
    feature = (value or {}).get("last_active_drawing") or {}
    place_id = (feature.get("properties") or {}).get("place_id")
    return str(place_id) if place_id else None


def on_map_click(key: str):
    """A callback for ``st_folium(on_change=...)`` that selects the clicked place.

    st_folium reruns the script only when its value changes, that is on a
    new click, so a place closed with "Close" is not selected again.
    """

    def callback() -> None:
        place_id = clicked_place(st.session_state.get(key))
        if place_id:
            select_place(place_id)

    return callback
