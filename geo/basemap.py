"""The offline basemap: country and province outlines from ``data/basemap/``.

The files are derived by ``scripts/build_basemap.py``; this module only reads
them, once per process.

>>> basemap = load_basemap()
>>> len(basemap.provinces["features"])
34
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from geo.assets import BASEMAP_DIR

#: The view a map opens on when nothing is selected: Afghanistan and its neighbours.
AFGHANISTAN_BOUNDS = ((29.3, 60.4), (38.5, 74.9))

ATTRIBUTION = (
    "Boundaries: <a href='https://www.naturalearthdata.com'>Natural Earth</a>, "
    "<a href='https://www.geoboundaries.org'>geoBoundaries</a> · "
    "Places: <a href='https://www.geonames.org'>GeoNames</a> (CC BY 4.0)"
)


@dataclass(frozen=True)
class Basemap:
    """GeoJSON FeatureCollections of the basemap's layers."""

    countries: dict
    provinces: dict

    def province_names(self) -> list[str]:
        """The 34 province names, sorted."""
        return sorted(f["properties"]["name"] for f in self.provinces["features"])


def _read(path: Path) -> dict:
    try:
        collection = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise FileNotFoundError(f"{path} is missing: run `python scripts/build_basemap.py`") from None
    if collection.get("type") != "FeatureCollection" or not collection.get("features"):
        raise ValueError(f"{path} is not a non-empty GeoJSON FeatureCollection")
    return collection


@lru_cache(maxsize=4)
def load_basemap(folder: Path = BASEMAP_DIR) -> Basemap:
    """Read the basemap layers from ``folder`` (cached: the files never change at run time)."""
    return Basemap(
        countries=_read(folder / "countries.geojson"),
        provinces=_read(folder / "provinces.geojson"),
    )
