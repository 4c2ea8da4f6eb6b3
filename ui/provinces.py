"""The Provinces page's parts: the table with a map link a row, its CSV, the districts' shapes, the drill-down.

The counts are ``Store.provinces`` rows (:mod:`geo.store.provinces`): each
equals the map's summary with that province (or district) chosen, and each
row links to the map so filtered (:func:`ui.urls.map_link`). The province
drilled into is ``?drill=`` in the address bar: it chooses the districts shown,
and filters nothing, so the table's counts stay those of the sidebar's filters.
The table's columns keep their English names (and so does the CSV); the page
shows them in the interface's language (:func:`column_config`).
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

import pandas as pd
import streamlit as st

from geo.export.tables import defuse
from geo.gazetteer.build import DATA_DIR
from geo.i18n import DEFAULT_LANGUAGE, Translator, translator
from geo.store import Filters, Summary
from ui import urls
from ui.excerpts import page_summary
from ui.filters import clicked_place

#: The province whose districts the page shows.
DRILL = "drill"
#: The gazetteer's district outlines, each feature's ``id`` a place id.
DISTRICTS_FILE = DATA_DIR / "geometry" / "af_districts.geojson"
#: The selectbox that chooses the province drilled into.
DRILL_KEY = "drill-province"

#: The table's columns: the store's column → the heading shown (and written to the CSV).
HEADINGS = {
    "name": "Name", "country": "Country", "mentions": "Mentions", "articles": "Articles", "places": "Places",
    "latest": "Latest article", "excerpt": "Most recent excerpt",
}
#: The column of map links (shown, not written to the CSV).
MAP_COLUMN = "Map"
#: The column of Arabic names, shown in Arabic (and written to its CSV).
ARABIC_COLUMN = "Arabic name"
#: Each heading's message, as the page shows it.
HEADING_KEYS = {heading: f"provinces.column.{column}" for column, heading in
                [*HEADINGS.items(), ("map", MAP_COLUMN), ("name_ar", ARABIC_COLUMN)]}


def column_config(t: Translator) -> dict:
    """The table's columns as the page shows them: headings in ``t``'s language, the map column as links."""
    config = {heading: st.column_config.Column(t(key)) for heading, key in HEADING_KEYS.items()}
    config[MAP_COLUMN] = st.column_config.LinkColumn(t(HEADING_KEYS[MAP_COLUMN]),
                                                     display_text=t("provinces.open_on_map"))
    return config


def division_filters(filters: Filters, province: str, district: str | None = None) -> Filters:
    """``filters`` with the province (and district) chosen: what a row counts under, and its map link's filters.

    >>> division_filters(Filters(provinces=("Herat",), kinds=("city",)), "Badghis").provinces
    ('Badghis',)
    """
    if district is None:
        return replace(filters, provinces=(province,))
    return replace(filters, provinces=(province,), districts=(district,))


def table(counts: pd.DataFrame, filters: Filters, country_names: Mapping[str, str], *,
          province: str | None = None, lang: str = DEFAULT_LANGUAGE,
          names: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The rows of ``Store.provinces`` as the page shows them: headings, country names, and a map link a row
    in ``lang`` (for a district of ``province``, the link chooses both); in Arabic, ``names`` gives each
    division's Arabic name, in a column after its name."""
    out = counts.assign(country=[country_names.get(c, c) for c in counts["country_code"]])
    out = out[list(HEADINGS)].rename(columns=HEADINGS)
    if lang != DEFAULT_LANGUAGE and names:
        out.insert(1, ARABIC_COLUMN, [names.get(name) for name in counts["name"]])
    chosen = [(name, None) if province is None else (province, name) for name in counts["name"]]
    out[MAP_COLUMN] = [urls.map_link(division_filters(filters, *pair), lang=lang) for pair in chosen]
    return out


def summary_html(counts: pd.DataFrame, province: str, filters: Filters, *, lang: str = DEFAULT_LANGUAGE,
                 name: str | None = None) -> str:
    """The province's line, as the map's summary line reads for it, with the link to the map so filtered;
    in ``lang``, the province called ``name`` (its Arabic name, in Arabic) when given."""
    t = translator(lang)
    row = counts[counts["name"] == province].iloc[0]
    summary = Summary(places=int(row["places"]), mentions=int(row["mentions"]), articles=int(row["articles"]))
    link = urls.map_link(division_filters(filters, province), lang=lang)
    shown = html.escape(name or province)
    title = f' title="{html.escape(province, quote=True)}"' if shown != html.escape(province) else ""
    return (
        f'<p class="kh-province-summary"><b{title}>{shown}</b>: '
        f'{page_summary(summary, lang=lang)} · <a href="{html.escape(link, quote=True)}" target="_self">'
        f'{html.escape(t("provinces.open_named", province=name or province))}</a></p>'
    )


def csv_bytes(shown: pd.DataFrame) -> bytes:
    """The table as CSV in UTF-8 with a BOM (Excel then reads the Arabic), formulas defused, without the links."""
    return shown.drop(columns=[MAP_COLUMN]).map(defuse).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def district_shapes(gazetteer, path: Path = DISTRICTS_FILE) -> dict[str, list[dict]]:
    """Afghanistan's districts by province: GeoJSON features with ``name`` (the store's ``admin2``) and
    ``name_ar`` when the gazetteer has one, from the gazetteer's outlines and its places."""
    features = json.loads(path.read_text("utf-8"))["features"]
    places = gazetteer.places_by_ids(f["id"] for f in features)
    out: dict[str, list[dict]] = {}
    for feature in features:
        place = places.get(feature["id"])
        if place is None or not place.admin1:
            continue
        properties = {"name": place.admin2 or place.name, "name_ar": place.names.get("ar")}
        out.setdefault(place.admin1, []).append(
            {"type": "Feature", "geometry": feature["geometry"], "properties": properties}
        )
    for shapes in out.values():
        shapes.sort(key=lambda f: f["properties"]["name"])
    return out


def drilled(provinces: Sequence[str]) -> str | None:
    """The province ``?drill=`` names, if it is one of ``provinces``."""
    value = st.query_params.get(DRILL)
    return value if value in provinces else None


def keep_drill(province: str | None) -> None:
    """Make ``?drill=`` say ``province`` (a filter changed in the sidebar rewrites the URL without it)."""
    if st.query_params.get(DRILL) != province:
        if province is None:
            del st.query_params[DRILL]
        else:
            st.query_params[DRILL] = province


def on_choropleth_click(key: str, provinces: Sequence[str]):
    """A callback for the provinces' ``st_folium(on_change=...)``: a click on a province drills into it."""

    def callback() -> None:
        name = clicked_place(st.session_state.get(key))
        if name in provinces:
            st.session_state[DRILL_KEY] = name
            keep_drill(name)

    return callback
