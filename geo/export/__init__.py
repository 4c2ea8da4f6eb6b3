"""Exports: the view under a set of filters as a file, in every format registered once in :data:`FORMATS`.

Each :class:`Format` names its file extension, MIME type and the function
writing it; the pages' download buttons (``ui/downloads.py``) and
``python -m geo export`` (:mod:`geo.commands.export`) both read the table, so
a new format is one line here. Every format writes the same view
(:func:`geo.export.view.collect`):

- ``geojson``: RFC 7946, one Feature a place (:mod:`geo.export.geojson`);
- ``csv`` and ``places-csv``: one row a mention, or a place, UTF-8 with a BOM (:mod:`geo.export.tables`);
- ``kml``: for Google Earth (:mod:`geo.export.kml`);
- ``html``: a standalone offline map (:mod:`geo.export.standalone`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from geo.export import geojson, kml, standalone, tables
from geo.export.view import ExportView, Shapes, collect
from geo.store import Filters, Store


@dataclass(frozen=True)
class Format:
    """One export format: its name (``--format``), a label for a button, its file extension and MIME type."""

    name: str
    label: str
    extension: str
    mime: str
    writer: Callable[[ExportView], bytes]

    def write(self, store: Store, filters: Filters, shapes: Shapes | None = None) -> bytes:
        """The file's bytes for the view under ``filters``; ``shapes`` (the gazetteer) outlines
        provinces, districts and borders, which are points without it."""
        return self.writer(collect(store, filters, shapes))

    def filename(self, filters: Filters) -> str:
        """A file name saying what the file holds.

        >>> FORMATS["csv"].filename(Filters(provinces=("Badghis",), kinds=("city",)))
        'kharita-province-Badghis-kind-city-mentions.csv'
        >>> FORMATS["geojson"].filename(Filters())
        'kharita.geojson'
        """
        parts = ["kharita"]
        for param, value in filters.to_query_params().items():
            parts += [param, *(value if isinstance(value, list) else [value])]
        stem = re.sub(r"[^\w.-]+", "_", "-".join(parts))[:120].strip("_")
        suffix = "-mentions" if self.name == "csv" else ""
        return f"{stem}{suffix}.{self.extension}"


#: Every format, by name, in the order the pages offer them.
FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("geojson", "GeoJSON", "geojson", "application/geo+json", geojson.write),
        Format("csv", "CSV, a row a mention", "csv", "text/csv", tables.mentions),
        Format("places-csv", "CSV, a row a place", "csv", "text/csv", tables.places),
        Format("kml", "KML (Google Earth)", "kml", "application/vnd.google-earth.kml+xml", kml.write),
        Format("html", "Offline map (HTML)", "html", "text/html", standalone.write),
    )
}

__all__ = ["FORMATS", "ExportView", "Format", "Shapes", "collect"]
