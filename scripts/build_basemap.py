"""Derive the offline basemap in data/basemap/ from the raw boundary sources.

Rerun it whenever the sources change:

    python scripts/build_basemap.py [--sources ../shared/sources]

It writes two small GeoJSON files:
- ``countries.geojson``: Natural Earth 50m country polygons, simplified, with
  English and Arabic names and Natural Earth's label points;
- ``provinces.geojson``: geoBoundaries ADM1 outlines of Afghanistan's 34
  provinces, with English and Arabic names and a label point inside each.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

from shapely.geometry import mapping, shape

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCES = ROOT.parent / "shared" / "sources"
OUT = ROOT / "data" / "basemap"

COUNTRY_TOLERANCE = 0.02  # degrees, about 2 km: plenty for a regional map
PROVINCE_TOLERANCE = 0.004
DIGITS = 3

# geoBoundaries spells Ghazni "Ghanzi" (see its PROVENANCE.md).
PROVINCE_NAME_FIXES = {"Ghanzi": "Ghazni"}
# Natural Earth's rows for these two provinces carry Parwan's and Uruzgan's
# names (PROVENANCE.md), so their Arabic names are given here, keyed by
# GeoNames id.
ARABIC_NAME_FIXES = {"6957555": "بنجشير", "6957553": "دايكندي"}


def rounded(geometry: dict) -> dict:
    """Round every coordinate, so the committed file is small and diffs are stable."""

    def walk(value):
        if isinstance(value, (list, tuple)):
            if value and isinstance(value[0], (int, float)):
                return [round(v, DIGITS) for v in value]
            return [walk(v) for v in value]
        return value

    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


def simplified(geometry: dict, tolerance: float) -> dict:
    return rounded(mapping(shape(geometry).simplify(tolerance, preserve_topology=True)))


def build_countries(sources: Path) -> dict:
    attrs_path = sources / "natural-earth-v5.1-admin0-50m" / "derived_ne_50m_admin_0_countries_attributes.csv"
    with attrs_path.open(encoding="utf-8") as fh:
        attrs = {row["ADM0_A3"]: row for row in csv.DictReader(fh)}
    polygons = json.loads((sources / "natural-earth-v4" / "ne_50m_admin_0_countries.json").read_text("utf-8"))
    features = []
    for feature in polygons["features"]:
        props = feature["properties"]
        row = attrs.get(props["ADM0_A3"], {})
        iso = row.get("ISO_A2_EH") or props["ISO_A2"]
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "iso_a2": None if iso in ("-99", "") else iso,
                    "name": row.get("NAME") or props["NAME"],
                    "name_ar": row.get("NAME_AR") or None,
                    "label_lon": round(float(row["LABEL_X"]), DIGITS) if row.get("LABEL_X") else None,
                    "label_lat": round(float(row["LABEL_Y"]), DIGITS) if row.get("LABEL_Y") else None,
                    "min_label": float(row.get("MIN_LABEL") or props.get("MIN_LABEL") or 5),
                },
                "geometry": simplified(feature["geometry"], COUNTRY_TOLERANCE),
            }
        )
    features.sort(key=lambda f: (f["properties"]["iso_a2"] or "", f["properties"]["name"]))
    return {"type": "FeatureCollection", "features": features}


def arabic_province_names(sources: Path) -> list[tuple[object, str]]:
    """(label point, Arabic name) for each Afghan row of Natural Earth's ADM1 table."""
    path = sources / "natural-earth-v5-admin1" / "ne_10m_admin_1_states_provinces.csv"
    points = []
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["iso_a2"] != "AF":
                continue
            name_ar = ARABIC_NAME_FIXES.get(row["gn_id"], row["name_ar"].removeprefix("ولاية").strip())
            point = shape({"type": "Point", "coordinates": [float(row["longitude"]), float(row["latitude"])]})
            points.append((point, name_ar))
    return points


def build_provinces(sources: Path) -> dict:
    outlines = json.loads(
        (sources / "geoboundaries-afg" / "geoBoundaries-AFG-ADM1_simplified.geojson").read_text("utf-8")
    )
    arabic = arabic_province_names(sources)
    features = []
    for feature in outlines["features"]:
        props = feature["properties"]
        polygon = shape(feature["geometry"])
        name_ar = next((name for point, name in arabic if polygon.contains(point)), None)
        label = polygon.representative_point()
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "name": PROVINCE_NAME_FIXES.get(props["shapeName"], props["shapeName"]),
                    "name_ar": name_ar,
                    "iso": props["shapeISO"].replace("_", "-"),
                    "label_lon": round(label.x, DIGITS),
                    "label_lat": round(label.y, DIGITS),
                },
                "geometry": simplified(feature["geometry"], PROVINCE_TOLERANCE),
            }
        )
    features.sort(key=lambda f: f["properties"]["name"])
    return {"type": "FeatureCollection", "features": features}


def write(path: Path, collection: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # One feature per line: small diffs when a source changes.
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in collection["features"]]
    path.write_text('{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n", "utf-8")
    print(f"wrote {path.relative_to(ROOT)} ({len(lines)} features, {path.stat().st_size:,} bytes)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=Path, default=DEFAULT_SOURCES, help="the raw sources folder")
    args = parser.parse_args(argv)
    if not args.sources.is_dir():
        print(f"error: sources folder not found: {args.sources}", file=sys.stderr)
        return 1
    write(OUT / "countries.geojson", build_countries(args.sources))
    write(OUT / "provinces.geojson", build_provinces(args.sources))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
