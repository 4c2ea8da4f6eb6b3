"""The map's sidebar: a multiselect for each facet of :data:`geo.store.FACETS`, then dates, text search and demonyms.

The sidebar is a loop over the facets: each facet class names its filter
field, its URL parameter, its label and placeholder, and the store counts its
values (:meth:`geo.store.Store.facets`). What differs between facets on the
screen is a small hook keyed by the facet's parameter: the order of its values
(:data:`ORDERS`), their names (:data:`NAMES`) and how many are offered
(:data:`LIMITS`). A new facet needs no code here.

Labels, placeholders and value names come from the message catalogue in the
interface's language (:mod:`ui.lang`): a facet's label is ``filters.<param>``
and its placeholder ``filters.<param>.placeholder``; kinds and languages are
``kind.<kind>`` and ``language.<code>``, provinces and countries take their
Arabic names in Arabic.

The widgets start from the URL's filters; a change goes to the URL in the
widget's callback (:func:`ui.filters.apply`), before the run that follows, so
one run draws the new view. Each widget's key carries the URL's value, so
when the URL changes under it (a link, "Clear filters") it starts again from
the URL.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from functools import lru_cache

import pandas as pd
import streamlit as st

from geo.i18n import DEFAULT_LANGUAGE, translator
from geo.records import KINDS
from geo.store import FACETS, Facet, Filters
from ui import data, lang
from ui.filters import apply, current, selected_place

#: The languages an article may be in, each named by ``language.<code>``.
ARTICLE_LANGUAGES = ("ar", "en", "fa", "ps")


def afghan_first(values: Sequence[str], afghan: Sequence[str]) -> list[str]:
    """Afghanistan's provinces first (mentioned ones as ``values`` order them, then the rest by name),
    then the other mentioned ones.

    >>> afghan_first(["Tehran", "Herat"], ["Badghis", "Herat"])
    ['Herat', 'Badghis', 'Tehran']
    """
    home = set(afghan)
    mentioned = [v for v in values if v in home]
    return mentioned + sorted(home - set(mentioned)) + [v for v in values if v not in home]


def by_kind(values: Sequence[str]) -> list[str]:
    """Kinds of place in :data:`geo.records.KINDS` order, any other after them.

    >>> by_kind(["city", "river", "country"])
    ['country', 'city', 'river']
    """
    return [k for k in KINDS if k in values] + [v for v in values if v not in KINDS]


#: A facet's values in sidebar order, from the most mentioned first (the store's order) when no hook says otherwise.
ORDERS: dict[str, Callable[[Sequence[str]], list[str]]] = {
    "province": lambda values: afghan_first(values, data.afghan_provinces()),
    "kind": by_kind,
}
#: Names for values the store labels with a code, or names in the interface's language (``lang``).
NAMES: dict[str, Callable[[str], Mapping[str, str]]] = {
    "country": data.country_names,
    "province": data.province_names,
    # In English a district's name is the store's own (its admin2): no need to read every district's outline.
    "district": lambda lang: {} if lang == DEFAULT_LANGUAGE else data.district_names(lang),
    "kind": lambda lang: {k: translator(lang)(f"kind.{k}") for k in KINDS},
    "language": lambda lang: {code: translator(lang)(f"language.{code}") for code in ARTICLE_LANGUAGES},
}
#: At most this many values offered (the most mentioned): ten thousand articles would stall the browser.
LIMITS: dict[str, int] = {"article": 200}
#: How every facet's multiselect searches and selects, so that it selects what the user chose and nothing more:
#: typing keeps the options whose name holds the text as typed (a fuzzy search kept "facility" for "city",
#: its letters in order), and there is no "Select all matches" row, which Enter would take when it is first.
SELECTION = {"filter_mode": "contains", "select_all": False}


def options(
    facet: Facet, counted: pd.DataFrame, chosen: Sequence[str], *, lang: str = DEFAULT_LANGUAGE
) -> tuple[list[str], Callable[[str], str]]:
    """The values a facet's multiselect offers, in order, and how each reads in ``lang``: its name and count.

    A chosen value stays an option even when the other filters leave it no mentions.
    """
    counted = counted.head(LIMITS.get(facet.param, len(counted)))
    values = [str(v) for v in counted["value"]]
    counts = dict(zip(values, counted["count"], strict=True))
    names = dict(zip(values, counted["label"].astype(str), strict=True))
    if facet.param in NAMES:
        names.update(NAMES[facet.param](lang))
    ordered = ORDERS.get(facet.param, list)(values)
    ordered += [v for v in chosen if v not in set(ordered)]
    t = translator(lang)
    return ordered, lambda value: t("filters.option", name=names.get(value, value),
                                    count=_number(int(counts.get(value, 0)), lang))


@lru_cache(maxsize=4096)
def _number(count: int, lang: str) -> str:
    """``count`` written in ``lang``, cached: the sidebar writes some 700 counts a run, Babel 50 µs each."""
    return translator(lang).number(count)


def _key(field: str, value) -> str:
    # The key carries the URL's value: when the URL changes under the widget (a link,
    # "Clear filters"), the key changes and the widget starts again from the URL.
    return f"filter-{field}-{hashlib.sha1(repr(value).encode()).hexdigest()[:10]}"


def _on_change(field: str, key: str, read: Callable) -> Callable[[], None]:
    """A callback writing one widget's new value to the URL, before the script reruns."""

    def callback() -> None:
        apply(replace(current(), **{field: read(st.session_state[key])}), selected_place())

    return callback


def _facet_widget(facet: Facet, filters: Filters, counted: pd.DataFrame) -> None:
    chosen = [str(v) for v in getattr(filters, facet.field)]
    t = lang.t()
    values, format_func = options(facet, counted, chosen, lang=t.lang)
    key = _key(facet.field, chosen)
    st.multiselect(
        t(f"filters.{facet.param}"), values, default=chosen, format_func=format_func,
        placeholder=t(f"filters.{facet.param}.placeholder"), key=key,
        on_change=_on_change(facet.field, key, facet.read), **SELECTION,
    )


def draw(filters: Filters, facets: Mapping[str, pd.DataFrame], date_range: tuple[dt.date, dt.date] | None) -> None:
    """Draw the filter widgets, starting from ``filters`` (the URL's); a change goes to the URL.

    Each option shows how many mentions choosing it would give (a facet counts
    under every filter but its own).
    """
    for facet in FACETS:
        _facet_widget(facet, filters, facets[facet.param])
    _date_range(filters, date_range)
    t = lang.t()
    key = _key("text", filters.text)
    st.text_input(
        t("filters.search"), value=filters.text, placeholder=t("filters.search.placeholder"), key=key,
        help=t("filters.search.help"), on_change=_on_change("text", key, lambda text: text.strip()),
    )
    key = _key("include_demonyms", filters.include_demonyms)
    st.toggle(
        t("filters.demonyms"), value=filters.include_demonyms, key=key, help=t("filters.demonyms.help"),
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

    t = lang.t()
    st.date_input(
        t("filters.published"), value=(filters.date_from or low, filters.date_to or high), min_value=low,
        max_value=high, format="YYYY-MM-DD", key=key, on_change=callback,
    )
    if filters.dated:
        _undated_switch(filters)


def _undated_switch(filters: Filters) -> None:
    """Under a date range: how many articles with no date it hides (or lets in), and a switch to include them."""
    count = data.summary(filters, data.stamp()).undated
    if not count:
        return
    t = lang.t()
    st.caption(t.plural("filters.undated.shown" if filters.include_undated else "filters.undated.hidden", count))
    key = _key("include_undated", filters.include_undated)
    st.toggle(
        t("filters.include_undated"), value=filters.include_undated, key=key, help=t("filters.include_undated.help"),
        on_change=_on_change("include_undated", key, bool),
    )
