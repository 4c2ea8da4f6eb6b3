"""The Provinces page's choropleth: provinces (or a province's districts) coloured by mentions in classes, a legend.

The counts are rows of ``Store.provinces`` (name, mentions, articles, places,
latest); the shapes are GeoJSON features whose properties hold ``name`` (the
store's ``admin1`` or ``admin2``) and, where known, ``name_ar``: the
basemap's provinces, the gazetteer's districts. The colours are classed, not
continuous: zero is a light grey class of its own and the divisions named at
least once fall into up to five quantile classes of a ColorBrewer sequential
palette (OrRd), which the legend lists. Every text the browser shows as HTML
is escaped here, in the interface's language (``lang``: Arabic names first
in Arabic, the English name beside them). Each feature's ``place_id`` is the division's name, so a
click (st_folium's ``last_active_drawing``) says which one it was.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
from branca.element import Element
from shapely.geometry import shape

from geo.i18n import DEFAULT_LANGUAGE, translator
from geo.maps.areas import AreaLayer
from geo.maps.assets import AssetUrls
from geo.maps.base import OfflineMap, base_map
from geo.maps.basemap import AFGHANISTAN_BOUNDS, Basemap
from geo.maps.features import records
from geo.maps.legend import Legend

#: ColorBrewer's OrRd (Cynthia Brewer, colorbrewer2.org), lightest first, by the number of classes.
ORRD = {
    1: ("#e34a33",),
    2: ("#fdbb84", "#e34a33"),
    3: ("#fee8c8", "#fdbb84", "#e34a33"),
    4: ("#fef0d9", "#fdcc8a", "#fc8d59", "#d7301f"),
    5: ("#fef0d9", "#fdcc8a", "#fc8d59", "#e34a33", "#b30000"),
}
#: The class of the divisions nothing names.
ZERO_COLOUR = "#d9d9d9"
#: The most classes of divisions named at least once.
MAX_CLASSES = 5

#: The legend's width in pixels, about: a fitted view keeps that much clear at the bottom right.
LEGEND_WIDTH = 150

#: The legend's own type, larger than the explorer's band: it is the key to the whole map.
CHOROPLETH_CSS = """<style>
.kh-legend .kh-classes { font-size: 15px; line-height: 22px; padding: 2px 0; }
.kh-legend .kh-classes h4 { display: block; font-size: 15px; margin: 0 0 2px; }
.kh-legend .kh-classes > span { display: block; margin: 0; }
.kh-legend .kh-swatch { display: inline-block; width: 18px; height: 14px; margin-right: 6px; vertical-align: -2px;
  border: 1px solid #8c8577; }
.kh-legend .kh-classes[dir="rtl"] .kh-swatch { margin: 0 0 0 6px; }
</style>"""


@dataclass(frozen=True)
class ColourClass:
    """The divisions named ``low`` to ``high`` times (both included), and their colour."""

    low: int
    high: int
    colour: str

    @property
    def label(self) -> str:
        """``"0"``, ``"3"`` or ``"2–7"``: the range as the legend reads it."""
        return self.label_in(DEFAULT_LANGUAGE)

    def label_in(self, lang: str) -> str:
        """:attr:`label` written with ``lang``'s digits.

        >>> ColourClass(2, 7, "#fff").label_in("ar")
        '٢–٧'
        """
        t = translator(lang)
        return t.number(self.low) if self.low == self.high else f"{t.number(self.low)}–{t.number(self.high)}"

    def holds(self, value: int) -> bool:
        return self.low <= value <= self.high


def colour_classes(values: Sequence[int], most: int = MAX_CLASSES) -> list[ColourClass]:
    """The zero class, then up to ``most`` quantile classes of the values above zero, lightest first.

    A class ends at a value of ``values`` and the next starts one above it,
    so together they cover every count from 1 to the largest; two quantiles
    that fall on the same value make one class.

    >>> [c.label for c in colour_classes([0, 0, 1, 2, 8, 13])]
    ['0', '1', '2', '3–8', '9–13']
    >>> [c.label for c in colour_classes([0, 0])]
    ['0']
    """
    named = sorted(int(v) for v in values if int(v) > 0)
    uppers = sorted({named[math.ceil(len(named) * i / most) - 1] for i in range(1, most + 1)}) if named else []
    out = [ColourClass(0, 0, ZERO_COLOUR)]
    low = 1
    for high, colour in zip(uppers, ORRD.get(len(uppers), ()), strict=True):
        out.append(ColourClass(low, high, colour))
        low = high + 1
    return out


def class_of(value: int, classes: Sequence[ColourClass]) -> ColourClass:
    """The class that holds ``value`` (the darkest for a value above them all)."""
    return next((c for c in classes if c.holds(int(value))), classes[-1])


def choropleth_legend_html(title: str, classes: Sequence[ColourClass], *, lang: str = DEFAULT_LANGUAGE) -> str:
    """The legend: ``title``, then a swatch and range for each class, escaped, in ``lang``.

    >>> "<b>" in choropleth_legend_html("<b>", [ColourClass(0, 0, ZERO_COLOUR)])
    False
    """
    t = translator(lang)
    rows = [
        f'<span><i class="kh-swatch" style="background:{c.colour}"></i>'
        f"{html.escape(t('maps.choropleth.not_named', range=c.label_in(lang)) if c.high == 0 else c.label_in(lang))}"
        "</span>"
        for c in classes
    ]
    return f'<div class="kh-classes" dir="{t.dir}"><h4>{html.escape(title)}</h4>{"".join(rows)}</div>'


#: Each count a tooltip gives, and its message.
COUNTS = (("mentions", "maps.count.mentions"), ("articles", "articles.count"), ("places", "maps.count.places"))


def division_tooltip(row: Mapping, name_ar: str | None, *, lang: str = DEFAULT_LANGUAGE) -> str:
    """A division's tooltip: its name in ``lang`` (Arabic first in Arabic) beside the other one, its counts and
    latest date, escaped.

    >>> division_tooltip({"name": "<i>", "mentions": 1, "articles": 1, "places": 1}, None)
    '<div class="kh-tip"><b>&lt;i&gt;</b><br><span class="kh-count">1 mention · 1 article · 1 place</span></div>'
    >>> division_tooltip({"name": "Badghis", "mentions": 2}, "بادغيس", lang="ar")[:60]
    '<div class="kh-tip" dir="rtl"><b lang="ar">بادغيس</b> · <bdi'
    """
    t = translator(lang)
    name = html.escape(str(row.get("name") or "?"))
    if lang == "ar" and name_ar:
        names = f'<b lang="ar">{html.escape(name_ar)}</b> · <bdi lang="en">{name}</bdi>'
    else:
        names = f"<b>{name}</b>" + (f' · <bdi class="kh-ar" dir="rtl" lang="ar">{html.escape(name_ar)}</bdi>'
                                    if name_ar else "")
    counts = " · ".join(t.plural(key, int(row.get(column) or 0)) for column, key in COUNTS)
    latest = f"<br>{html.escape(t('maps.choropleth.latest', date=row['latest']))}" if row.get("latest") else ""
    direction = ' dir="rtl"' if t.dir == "rtl" else ""
    return f'<div class="kh-tip"{direction}>{names}<br><span class="kh-count">{counts}</span>{latest}</div>'


def division_features(
    counts: pd.DataFrame, shapes: Sequence[Mapping], classes: Sequence[ColourClass], *, lang: str = DEFAULT_LANGUAGE
) -> dict:
    """The shapes as a FeatureCollection for :class:`~geo.maps.areas.AreaLayer`, each coloured by its class,
    their tooltips in ``lang``.

    A shape whose name ``counts`` lacks counts as zero.
    """
    by_name = {str(r["name"]): r for r in records(counts)}
    features = []
    for feature in shapes:
        name = str(feature["properties"]["name"])
        row = by_name.get(name, {"name": name})
        colour = class_of(int(row.get("mentions") or 0), classes).colour
        features.append({
            "type": "Feature",
            "geometry": feature["geometry"],
            "properties": {
                "place_id": name,
                "name": name,
                "tip": division_tooltip(row, feature["properties"].get("name_ar"), lang=lang),
                "style": {"color": "#6b6457", "weight": 1, "fillColor": colour, "fillOpacity": 0.85},
            },
        })
    return {"type": "FeatureCollection", "features": features}


def shapes_bounds(shapes: Sequence[Mapping]) -> tuple[tuple[float, float], tuple[float, float]]:
    """The ((south, west), (north, east)) corners around every shape (Afghanistan for none)."""
    boxes = [shape(f["geometry"]).bounds for f in shapes if f.get("geometry")]
    if not boxes:
        return AFGHANISTAN_BOUNDS
    return (min(b[1] for b in boxes), min(b[0] for b in boxes)), (max(b[3] for b in boxes), max(b[2] for b in boxes))


def choropleth_map(
    counts: pd.DataFrame,
    shapes: Sequence[Mapping],
    *,
    title: str | None = None,
    assets: AssetUrls | None = None,
    basemap: Basemap | None = None,
    fit: bool = False,
    lang: str = DEFAULT_LANGUAGE,
) -> OfflineMap:
    """The shapes coloured by their mentions in ``counts`` (rows of ``Store.provinces``), on the offline basemap.

    The classes are those of the shapes' counts (a row with no shape, a
    division abroad, does not move them). The view opens on Afghanistan, or,
    with ``fit``, on the shapes (a province's districts) kept clear of the
    legend, which lists the classes at the bottom right. ``title`` (the
    legend's and the layer's; "Mentions" unless told) and every text are in ``lang``.

    >>> import pandas as pd
    >>> square = {"type": "Polygon", "coordinates": [[[63, 35], [64, 35], [64, 36], [63, 35]]]}
    >>> m = choropleth_map(pd.DataFrame([{"name": "<script>alert(1)", "mentions": 2}]),
    ...                    [{"properties": {"name": "<script>alert(1)"}, "geometry": square}])
    >>> page = m.get_root().render()
    >>> "<script>alert" in page, "cdn.jsdelivr.net" in page, "#e34a33" in page
    (False, False, True)
    """
    title = translator(lang)("maps.choropleth.title") if title is None else title
    drawn = {str(f["properties"]["name"]) for f in shapes}
    classes = colour_classes([int(r["mentions"]) for r in records(counts) if str(r["name"]) in drawn])
    if fit:
        fmap = base_map(assets=assets, basemap=basemap, bounds=shapes_bounds(shapes), fit_padding=(LEGEND_WIDTH, 0),
                        lang=lang)
    else:  # Afghanistan's bounds leave Pakistan, under the legend, empty
        fmap = base_map(assets=assets, basemap=basemap, lang=lang)
    fmap.get_root().header.add_child(Element(CHOROPLETH_CSS), name="kh_choropleth_style")
    AreaLayer(division_features(counts, shapes, classes, lang=lang), name=title).add_to(fmap)
    Legend(choropleth_legend_html(title, classes, lang=lang), position="bottomright").add_to(fmap)
    return fmap
