"""The view's filters and selected place, kept in the URL so that a link reproduces the view.

``st.query_params`` is the one source of truth: every run reads the filters
from it (:func:`current`), and the sidebar's widgets (:mod:`ui.sidebar`) and
the map's clicks write to it (:func:`apply`). The selected place is
``?place=<id>``; :mod:`ui.urls` builds every address.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from geo.store import Filters
from ui import lang, urls


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
    """Make the URL hold exactly ``filters`` and ``place``, in the interface's language."""
    st.query_params.from_dict(urls.view(filters, {urls.PLACE: place or None}, lang=lang.current()))


def select_place(place_id: str | None) -> None:
    """Select a place (or none), keeping the filters."""
    apply(current(), place_id)


def clear() -> None:
    """Drop every filter, keeping the selected place; a button callback."""
    apply(Filters(), selected_place())


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
