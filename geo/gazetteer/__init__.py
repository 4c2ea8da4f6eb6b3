"""The offline gazetteer: names in Arabic and Latin script → ranked places, points → the units around them.

| module | its job |
|---|---|
| :mod:`~geo.gazetteer.build` | compiles ``data/gazetteer/`` into a SQLite index in the cache folder |
| :mod:`~geo.gazetteer.index` | :class:`Gazetteer`: lookups, containment and records over that index |
| :mod:`~geo.gazetteer.ranking` | the one place prior and the scores of the readings of a name |
| :mod:`~geo.gazetteer.geocoder` | :class:`KharitaGeocoder`: geopy's interface, with an opt-in online fallback |

``KharitaGeocoder`` is imported on first use, so that importing the gazetteer
does not import geopy's geocoders.
"""

from __future__ import annotations

from geo.gazetteer.build import DATA_DIR, SCHEMA_VERSION, build_index, data_version, index_path
from geo.gazetteer.index import MAX_QUERY, Gazetteer, place_dict
from geo.gazetteer.ranking import Candidate, prior, prior_of

__all__ = [
    "DATA_DIR", "MAX_QUERY", "SCHEMA_VERSION", "Candidate", "Gazetteer", "KharitaGeocoder", "build_index",
    "data_version", "index_path", "place_dict", "prior", "prior_of",
]


def __getattr__(name: str):
    if name == "KharitaGeocoder":
        from geo.gazetteer.geocoder import KharitaGeocoder

        return KharitaGeocoder
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
