"""US counties for the gazetteer: the Census Bureau's cartographic boundaries (public domain), as the npm
package ``us-atlas`` ships them in TopoJSON, read to one point inside each county.

Used by ``build_gazetteer_data.py``; the package is fetched with ``npm pack`` unless a folder holding
``counties-10m.json`` is given.
"""

from __future__ import annotations

import json
import subprocess
import tarfile
import tempfile
from pathlib import Path

from shapely.geometry import MultiPolygon, Point, Polygon

US_ATLAS = "us-atlas@3.0.1"


def fetch(folder: Path | None) -> dict:
    """The counties TopoJSON: from ``folder`` if given, else from the npm registry."""
    if folder is not None:
        return json.loads((folder / "counties-10m.json").read_text("utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", US_ATLAS, "--silent"], cwd=tmp, check=True, capture_output=True)
        [tarball] = Path(tmp).glob("us-atlas-*.tgz")
        with tarfile.open(tarball) as tar:
            return json.load(tar.extractfile("package/counties-10m.json"))


def _arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """The topology's arcs as (lon, lat) points: delta-decoded, then unquantised."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def _ring(arcs: list, indexes: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]  # a negative index runs the arc backwards
        points.extend(arc[1:] if points else arc)
    return points


def _rings(geometry: dict) -> list[list[int]]:
    polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    return [rings[0] for rings in polygons]


def _shape(geometry: dict, arcs: list):
    polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    parts = []
    for rings in polygons:
        shell, *holes = (_ring(arcs, indexes) for indexes in rings)
        if len(shell) >= 4:  # a sliver of an island quantised to nothing is left out
            parts.append(Polygon(shell, [hole for hole in holes if len(hole) >= 4]))
    return parts[0] if len(parts) == 1 else MultiPolygon(parts)


def county_points(topology: dict) -> dict[str, tuple[str, float, float]]:
    """FIPS code (state's two digits and county's three) → (name, lat, lon) of a point inside it."""
    arcs = _arcs(topology)
    points = {}
    for geometry in topology["objects"]["counties"]["geometries"]:
        if geometry.get("type") not in ("Polygon", "MultiPolygon"):
            continue
        shape = _shape(geometry, arcs)
        point = (shape if shape.is_valid else shape.buffer(0)).representative_point()
        if point.is_empty:  # a county quantised to a sliver (Falls Church): the mean of its outline's points
            outline = [xy for indexes in _rings(geometry) for xy in _ring(arcs, indexes)]
            point = Point(sum(x for x, _ in outline) / len(outline), sum(y for _, y in outline) / len(outline))
        points[geometry["id"]] = (geometry["properties"]["name"], round(point.y, 5), round(point.x, 5))
    return points


def state_names(topology: dict) -> dict[str, str]:
    """State FIPS code → state name."""
    return {g["id"]: g["properties"]["name"] for g in topology["objects"]["states"]["geometries"]}
