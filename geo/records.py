"""Typed records that flow through Kharita: text → mentions → store → maps.

Every part of :mod:`geo` speaks in these dataclasses, so the CLI, the tests, a
notebook and the Streamlit pages all see the same shapes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

#: The kinds of place the gazetteer holds, in the order the map legend lists them.
KINDS = ("country", "province", "district", "city", "facility", "border", "region", "water")


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry.

    ``id`` is namespaced by source, e.g. ``geonames:1129867`` for Qala-i-Naw.
    ``admin1``/``admin2`` are the English names of the province and district
    that hold the place (``"Badghis"``, ``"Qala-i-Naw"``); a province's own
    ``admin1`` is its name. ``names`` maps a language code (``en``, ``ar``,
    ``fa``, ``ps``) to that language's preferred name. Geometry is not carried
    here: ask ``Gazetteer.geometry(place.id)`` for it when you draw it.
    """

    id: str
    name: str
    kind: str
    lat: float | None
    lon: float | None
    country_code: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    population: int = 0
    names: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    countries: tuple[str, ...] = ()
    fcode: str = ""  # GeoNames feature code: PPLC a capital, PPLA a province's seat

    def name_in(self, lang: str) -> str:
        """The place's name in ``lang``, falling back to its English name."""
        return self.names.get(lang) or self.name


@dataclass(frozen=True, slots=True)
class Mention:
    """A place named in a text.

    ``start``/``end`` are code-point offsets into the original text, so
    ``text[m.start:m.end] == m.text`` always holds. ``sentence`` is the
    ``(start, end)`` span of the sentence that holds the mention and
    ``paragraph`` its paragraph's index (0-based, blank-line separated).
    ``alternatives`` are the next-best ``(place_id, score)`` readings.
    ``distance_km`` is the distance written with the relation ("30 km west of Kabul"), in kilometres.
    """

    start: int
    end: int
    text: str
    place: Place
    role: str = "literal"  # or "demonym"
    relation: str | None = None  # e.g. "west" in "west of Kabul"
    confidence: float = 1.0
    alternatives: tuple[tuple[str, float], ...] = ()
    sentence: tuple[int, int] = (0, 0)
    paragraph: int = 0
    distance_km: float | None = None


@dataclass(frozen=True, slots=True)
class ParseResult:
    """What :func:`geo.geoparse.parse` returns for one text."""

    language: str
    mentions: tuple[Mention, ...]


@dataclass(slots=True)
class Article:
    """A news article as ingested; ``id`` is set once the store has saved it."""

    title: str
    text: str
    source: str | None = None
    url: str | None = None
    language: str | None = None
    published: dt.date | None = None
    id: int | None = None
