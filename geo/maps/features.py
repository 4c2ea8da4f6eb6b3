"""Places as GeoJSON for the browser: points sized by mentions, areas shaded by mentions, lines, each with its tooltip.

Any text the browser shows as HTML is escaped here, with :func:`html.escape`;
the tooltips are in the interface's language (``lang``: in Arabic the Arabic
name first, the English one beside it).
The places are query results (``Store.places``, ``Store.article_mentions``),
whose missing values are ``None``, never NaN (see :mod:`geo.store.queries`).
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping
from functools import cache, lru_cache

import pandas as pd

from geo.i18n import DEFAULT_LANGUAGE, translator
from geo.maps.kinds import AREA_KINDS, KIND_STYLE, LINE_KINDS, kind_label

#: Marker sizes in pixels, for the least and the most mentioned place.
MIN_SIZE, MAX_SIZE = 12, 34


def records(places: pd.DataFrame | list[dict] | None) -> list[dict]:
    """The rows of ``places`` as dicts (none for a missing or empty frame); rows already made are kept."""
    if isinstance(places, list):
        return places
    return [] if places is None or places.empty else places.to_dict("records")


def has_point(row: Mapping) -> bool:
    """Whether ``row`` has coordinates (``lat`` and ``lon``)."""
    return row.get("lat") is not None and row.get("lon") is not None


def tooltip_html(name: str, name_ar: str | None, kind: str, mentions: int, articles: int | None = None,
                 corrected: int = 0, *, lang: str = DEFAULT_LANGUAGE) -> str:
    """The tooltip of a place: English and Arabic names, kind and count, all escaped, and how many
    of its mentions a journalist corrected, in ``lang``.

    >>> tooltip_html("<b>", None, "city", 2)
    '<div class="kh-tip"><b>&lt;b&gt;</b><br><span class="kh-count">city · 2 mentions</span></div>'
    >>> tooltip_html("Herat", "هرات", "city", 3, lang="ar")  # doctest: +ELLIPSIS
    '<div class="kh-tip" dir="rtl"><b lang="ar">هرات</b> · <bdi lang="en">Herat</bdi>...مدينة · ٣ إشارات</span></div>'
    """
    t = translator(lang)
    if lang != DEFAULT_LANGUAGE and name_ar:
        names = f'<b lang="ar">{html.escape(name_ar)}</b> · <bdi lang="en">{html.escape(name)}</bdi>'
    else:
        ar = f' · <bdi class="kh-ar" dir="rtl" lang="ar">{html.escape(name_ar)}</bdi>' if name_ar else ""
        names = f"<b>{html.escape(name)}</b>{ar}"
    count = _plural("maps.count.mentions", mentions, lang)
    if articles and articles > 1:
        count = t("place.mentions_in", mentions=count, articles=_plural("articles.count", articles, lang))
    fixed = (f'<br><span class="kh-corrected">{html.escape(_plural("maps.tip.corrected", corrected, lang))}</span>'
             if corrected else "")
    direction = ' dir="rtl"' if _direction(lang) == "rtl" else ""
    return (
        f'<div class="kh-tip"{direction}>{names}<br>'
        f'<span class="kh-count">{html.escape(kind_label(kind, lang))} · {html.escape(count)}</span>{fixed}</div>'
    )


@cache
def _direction(lang: str) -> str:
    return translator(lang).dir  # Babel parses the locale on every call


@lru_cache(maxsize=4096)
def _plural(key: str, count: int, lang: str) -> str:
    """``translator(lang).plural(key, count)``, cached: writing a number in ``lang`` (Babel) was most of a
    tooltip's cost, and a map's places share few counts (at a year's coverage, 1,670 places and 154 counts)."""
    return translator(lang).plural(key, count)


def _size(mentions: int, most: int) -> int:
    # Area, not radius, follows the count: a place named 4× as often looks 4× as big.
    return round(MIN_SIZE + (MAX_SIZE - MIN_SIZE) * math.sqrt(max(mentions, 1) / max(most, 1)))


def _properties(row: dict, lang: str) -> dict:
    name, kind = row.get("name") or "?", row.get("kind") or "custom"
    mentions, articles = int(row.get("mentions") or 0), int(row.get("articles") or 0)
    return {
        "place_id": str(row["place_id"]),
        "name": name,
        "kind": kind,
        "tip": tooltip_html(name, row.get("name_ar"), kind, mentions, articles, int(row.get("corrected") or 0),
                            lang=lang),
        "corrected": int(row.get("corrected") or 0),
    }


def place_features(
    places: pd.DataFrame | list[dict], geometries: Mapping[str, dict] | None = None, *, lang: str = DEFAULT_LANGUAGE
) -> dict[str, dict]:
    """Split ``places`` into GeoJSON FeatureCollections: ``points``, ``areas``, ``lines``, tooltips in ``lang``.

    A province or district with a polygon in ``geometries`` (place id →
    GeoJSON geometry) becomes an area shaded by its mentions; a border or a
    river with a line becomes a line; every other place with coordinates is a
    point sized by its mentions. Each feature's properties hold ``place_id``,
    so a click tells the app which place it was.
    """
    geometries = geometries or {}
    rows = records(places)
    most = max((int(r.get("mentions") or 0) for r in rows), default=1)
    out = {"points": [], "areas": [], "lines": []}
    for row in rows:
        props = _properties(row, lang)
        mentions = int(row.get("mentions") or 0)
        geometry = geometries.get(props["place_id"])
        gtype = (geometry or {}).get("type", "")
        if props["kind"] in AREA_KINDS and gtype.endswith("Polygon"):
            colour = KIND_STYLE[props["kind"]][0]
            shade = 0.12 + 0.33 * math.sqrt(mentions / max(most, 1))
            props["style"] = {"color": colour, "weight": 1.5, "fillColor": colour, "fillOpacity": round(shade, 3)}
            out["areas"].append({"type": "Feature", "geometry": geometry, "properties": props})
        elif props["kind"] in LINE_KINDS and gtype.endswith("LineString"):
            colour = KIND_STYLE[props["kind"]][0]
            props["style"] = {"color": colour, "weight": 3 + min(mentions, 6), "opacity": 0.85}
            if props["kind"] == "border":
                props["style"]["dashArray"] = "8 5"
            out["lines"].append({"type": "Feature", "geometry": geometry, "properties": props})
        elif has_point(row):
            props["size"] = _size(mentions, most)
            point = {"type": "Point", "coordinates": [round(row["lon"], 5), round(row["lat"], 5)]}
            out["points"].append({"type": "Feature", "geometry": point, "properties": props})
    # Smaller areas on top, so a district inside a mentioned province stays clickable.
    out["areas"].sort(key=lambda f: AREA_KINDS.index(f["properties"]["kind"]))
    return {key: {"type": "FeatureCollection", "features": feats} for key, feats in out.items()}
