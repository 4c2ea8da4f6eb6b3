"""What every export reads: the places under a set of filters, each with its counts, corrections, shape and excerpts.

One :func:`collect` call asks the store twice (the places, as the map counts
them, and every mention under the filters) so every format writes the same
view. Missing values are ``None``, as the store's queries give them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Protocol

import pandas as pd

from geo.maps.kinds import AREA_KINDS, LINE_KINDS
from geo.store import Filters, Store

#: The most excerpts a place carries in an export; the total is given beside them.
EXCERPT_CAP = 20

#: The place columns every export writes, in order.
PLACE_COLUMNS = ("place_id", "name", "name_ar", "kind", "country_code", "admin1", "admin2", "lat", "lon")


class Shapes(Protocol):
    """Where the outlines of provinces, districts and borders come from (a :class:`geo.gazetteer.Gazetteer`)."""

    def geometry(self, place_id: str) -> dict | None: ...


@dataclass(frozen=True)
class ExportView:
    """The places of one view and the mentions behind them.

    ``places`` has the rows of :meth:`Store.places` (``corrected`` is how
    many of the place's mentions a journalist corrected); ``mentions`` the rows of
    :meth:`Store.mentions`; ``geometries`` the outlines of the areas and lines among the places, by place id.
    """

    filters: Filters
    places: pd.DataFrame
    mentions: pd.DataFrame
    geometries: dict[str, dict] = field(default_factory=dict)
    cap: int = EXCERPT_CAP

    def rows(self) -> Iterator[dict]:
        """The places as dicts, most mentioned first, each with ``excerpts`` (at most
        :attr:`cap`, newest first) and ``excerpt_total``."""
        by_place = {key: group for key, group in self.mentions.groupby("place_id", sort=False)}
        for row in self.places.to_dict("records"):
            mentions = by_place.get(row["place_id"])
            excerpts = [] if mentions is None else mentions.head(self.cap).to_dict("records")
            yield {**row, "excerpts": [excerpt(m) for m in excerpts],
                   "excerpt_total": 0 if mentions is None else len(mentions)}

    def geometry(self, row: dict) -> dict | None:
        """The place's GeoJSON geometry: its outline where it has one, else its point, else ``None``."""
        if row["place_id"] in self.geometries:
            return self.geometries[row["place_id"]]
        if row.get("lat") is None or row.get("lon") is None:
            return None
        return {"type": "Point", "coordinates": [round(float(row["lon"]), 6), round(float(row["lat"]), 6)]}


def excerpt(mention: dict) -> dict:
    """A mention as an excerpt: its article, its sentence, the name as written, where it sits in the sentence,
    and its relation to the place with the distance written with it ("west", 30.0; or None)."""
    offset = int(mention["sentence_start"])
    return {
        "article_id": int(mention["article_id"]),
        "title": mention["title"],
        "published": mention["published"],
        "source": mention["source"],
        "language": mention["language"],
        "sentence": mention["sentence"],
        "text": mention["text"],
        "start": int(mention["start"]) - offset,
        "end": int(mention["end"]) - offset,
        "relation": mention["relation"],
        "distance_km": mention["distance_km"],
        "corrected": mention["correction_id"] is not None,
        "correction_note": mention["correction_note"],
    }


def collect(store: Store, filters: Filters, shapes: Shapes | None = None, *, cap: int = EXCERPT_CAP) -> ExportView:
    """The view under ``filters``; with ``shapes``, provinces, districts, borders and rivers
    keep their outlines (the others, and every place without one, are points)."""
    places = store.places(filters)
    mentions = store.mentions(filters)
    geometries = {}
    if shapes is not None:
        for row in places[places["kind"].isin(AREA_KINDS + LINE_KINDS)].to_dict("records"):
            outline = shapes.geometry(row["place_id"])
            if outline is not None and outline.get("type") != "Point":
                geometries[row["place_id"]] = outline
    return ExportView(filters, places, mentions, geometries, cap)
