"""The sidebar's filters, kept in the URL so that a link reproduces the view.

``st.query_params`` is the one source of truth: every run reads the filters
from it (:func:`current`), the widgets start from those values, and a change
is written back (:func:`apply`). Widgets carry no key, so when the URL changes
under them (a link, "Clear filters") they start again from the URL's values.
The selected place is ``?place=<id>``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd
import streamlit as st

from geo.records import KINDS
from geo.store import Filters

#: The query parameter that names the selected place.
PLACE_PARAM = "place"

#: How many articles the article filter offers (those with the most mentions under the other filters).
ARTICLE_OPTIONS = 200

LANGUAGE_NAMES = {"ar": "Arabic", "en": "English", "fa": "Persian", "ps": "Pashto"}


def current() -> Filters:
    """The filters the URL holds now."""
    return Filters.from_query_params(st.query_params)


def selected_place() -> str | None:
    """The id of the selected place (``?place=``), if any."""
    value = st.query_params.get(PLACE_PARAM)
    if not isinstance(value, str):
        return None
    return value.strip() or None


def params(filters: Filters, place: str | None = None) -> dict[str, str | list[str]]:
    """The query parameters of a view: the filters and the selected place.

    >>> params(Filters(provinces=("Badghis",)), "geonames:1129867")
    {'province': ['Badghis'], 'place': 'geonames:1129867'}
    """
    out = filters.to_query_params()
    if place:
        out[PLACE_PARAM] = place
    return out


def apply(filters: Filters, place: str | None = None) -> None:
    """Make the URL hold exactly ``filters`` and ``place``."""
    st.query_params.from_dict(params(filters, place))


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


def sidebar(
    filters: Filters,
    facets: Mapping[str, pd.DataFrame],
    *,
    districts: Mapping[str, int],
    afghan_provinces: Sequence[str],
    country_names: Mapping[str, str],
    date_range: tuple[dt.date, dt.date] | None,
) -> Filters:
    """Draw the filter widgets, starting from ``filters``; return what they now say.

    Each option shows how many mentions choosing it would give (the facet
    counts every filter but its own).
    """
    provinces = counted(facets.get("province"))
    chosen_provinces = st.multiselect(
        "Province", province_options(provinces, afghan_provinces, filters.provinces),
        default=list(filters.provinces), format_func=_label(provinces), placeholder="All provinces",
    )
    chosen_districts = st.multiselect(
        "District", _options(districts, filters.districts), default=list(filters.districts),
        format_func=_label(districts), placeholder="All districts",
    )
    countries = counted(facets.get("country"))
    chosen_countries = st.multiselect(
        "Country", _options(countries, filters.countries), default=list(filters.countries),
        format_func=_label(countries, country_names), placeholder="All countries",
    )
    kinds = counted(facets.get("kind"))
    kind_order = [k for k in KINDS if k in kinds] + [k for k in kinds if k not in KINDS]
    chosen_kinds = st.multiselect(
        "Kind of place", _options(kinds, filters.kinds, kind_order), default=list(filters.kinds),
        format_func=_label(kinds), placeholder="All kinds",
    )
    # The most-mentioning articles only: ten thousand options would stall the browser.
    article_facet = facets.get("article")
    article_facet = None if article_facet is None else article_facet.head(ARTICLE_OPTIONS)
    articles = counted(article_facet)
    titles = {} if article_facet is None else {str(v): str(t) for v, t in zip(article_facet["value"],
                                                                                article_facet["label"], strict=True)}
    chosen_articles = st.multiselect(
        "Article", _options(articles, [str(a) for a in filters.article_ids]),
        default=[str(a) for a in filters.article_ids], format_func=_label(articles, titles),
        placeholder="All articles",
    )
    sources = counted(facets.get("source"))
    chosen_sources = st.multiselect(
        "Source", _options(sources, filters.sources), default=list(filters.sources),
        format_func=_label(sources), placeholder="All sources",
    )
    languages = counted(facets.get("language"))
    chosen_languages = st.multiselect(
        "Language", _options(languages, filters.languages), default=list(filters.languages),
        format_func=_label(languages, LANGUAGE_NAMES), placeholder="All languages",
    )
    date_from, date_to = _date_range(filters, date_range)
    text = st.text_input(
        "Search the excerpts", value=filters.text, placeholder="e.g. prison, سجن",
        help="Keeps the mentions whose sentence contains this text.",
    )
    demonyms = st.toggle(
        "Show demonyms", value=filters.include_demonyms,
        help='Count words like "Afghan" or "الأفغانية" as mentions of their country.',
    )
    return Filters(
        provinces=tuple(chosen_provinces), districts=tuple(chosen_districts), countries=tuple(chosen_countries),
        kinds=tuple(chosen_kinds), article_ids=tuple(int(a) for a in chosen_articles), sources=tuple(chosen_sources),
        languages=tuple(chosen_languages), date_from=date_from, date_to=date_to, text=text.strip(),
        include_demonyms=demonyms,
    )


def _date_range(filters: Filters, bounds: tuple[dt.date, dt.date] | None) -> tuple[dt.date | None, dt.date | None]:
    """The date-range widget; the full range reads as "no date filter"."""
    if bounds is None:
        return filters.date_from, filters.date_to
    low = min(bounds[0], filters.date_from or bounds[0])
    high = max(bounds[1], filters.date_to or bounds[1])
    picked = st.date_input(
        "Published", value=(filters.date_from or low, filters.date_to or high), min_value=low, max_value=high,
        format="YYYY-MM-DD",
    )
    picked = tuple(picked) if isinstance(picked, tuple | list) else (picked,)
    start = picked[0] if picked else None
    end = picked[1] if len(picked) > 1 else None
    return (None if start == bounds[0] else start), (None if end in (bounds[1], None) else end)


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
