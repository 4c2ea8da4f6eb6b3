"""How each kind of place is drawn: its colour, its marker shape, and whether it is a point, an area or a line.

Pages use the colours too (the excerpt panel and the article page key places
by kind), so this is the one table of them. A kind's name for a reader is the
message ``kind.<kind>`` (:func:`kind_label`).
"""

from __future__ import annotations

from geo.i18n import DEFAULT_LANGUAGE, translator

#: Colour and marker shape of each kind of place, in legend order.
KIND_STYLE: dict[str, tuple[str, str]] = {
    "city": ("#c0392b", "circle"),
    "district": ("#2e7d5b", "diamond"),
    "province": ("#2f6f8f", "square"),
    "country": ("#6d4c9f", "hexagon"),
    "facility": ("#d35400", "triangle"),
    "border": ("#8e2c48", "bar"),
    "region": ("#7a7f87", "ring"),
    "water": ("#2d88c9", "circle"),
    "custom": ("#444444", "circle"),
}

#: The kinds the legend lists (the map's legend stays the same whatever the filters).
LEGEND_KINDS = ("city", "district", "province", "country", "facility", "region", "water")

#: Kinds drawn as their own polygon when the gazetteer has one.
AREA_KINDS = ("province", "district")
#: Kinds drawn as their own line when the gazetteer has one: borders and rivers.
LINE_KINDS = ("border", "water")

#: SVG bodies (viewBox 0 0 100 100) of each marker shape; constants, never data.
SHAPES: dict[str, str] = {
    "circle": '<circle cx="50" cy="50" r="44"/>',
    "square": '<rect x="10" y="10" width="80" height="80" rx="6"/>',
    "diamond": '<polygon points="50,4 96,50 50,96 4,50"/>',
    "hexagon": '<polygon points="50,4 90,27 90,73 50,96 10,73 10,27"/>',
    "triangle": '<polygon points="50,6 96,90 4,90"/>',
    "bar": '<rect x="4" y="36" width="92" height="28" rx="8"/>',
    "ring": '<circle class="kh-keep" cx="50" cy="50" r="36" fill="none" stroke-width="18"/>',
}


def kind_label(kind: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """What ``kind`` is called in ``lang`` (a kind with no message reads as itself).

    >>> kind_label("city"), kind_label("city", "ar"), kind_label("volcano")
    ('city', 'مدينة', 'volcano')
    """
    label = translator(lang)(f"kind.{kind}")
    return kind if label == f"kind.{kind}" else label


def shape_svg(kind: str) -> str:
    """An inline SVG of the marker for ``kind``, as the legend shows it.

    >>> shape_svg("city").endswith('fill="#c0392b" stroke="#c0392b"><circle cx="50" cy="50" r="44"/></svg>')
    True
    """
    colour, shape = KIND_STYLE.get(kind, KIND_STYLE["custom"])
    return f'<svg viewBox="0 0 100 100" aria-hidden="true" fill="{colour}" stroke="{colour}">{SHAPES[shape]}</svg>'
