"""The offline gazetteer: names in Arabic and Latin script → ranked :class:`Place` s.

The committed files in ``data/gazetteer/`` (see ``scripts/build_gazetteer_data.py``)
are compiled on first use into one SQLite index under the cache folder
(``.cache/`` at the repository root, or ``$KHARITA_CACHE``). Its file name holds
a hash of those files, the schema version and :mod:`geo.normalize`, so an edited
alias, a rebuilt data file or a new normalisation rule gives a new index and a
stale one is never read.

>>> gaz = Gazetteer.open()
>>> gaz.lookup("قلعة ناو")[0].place.name
'Qala-i-Naw'
>>> [p.name for p in gaz.containing(34.987, 63.129)]
['Qala-i-Naw', 'Badghis', 'Afghanistan']

Every name is indexed under :func:`geo.normalize.normalize` and looked up the
same way. Ranking, best first: an exact normalised match, scored by a prior
(country > province > capital city > city by population > district; a
province's seat outranks the province when both share the name, since "Herat"
or "كابل" in the news means the city), then curated/preferred names over
alternates. Only when nothing matches exactly does a Latin "skeleton" fuzzy
match (:func:`geo.normalize.latin_skeleton`) catch transliteration variants.
"""

from __future__ import annotations

import csv
import hashlib
import inspect
import json
import math
import os
import sqlite3
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

from geo.config import cache_dir
from geo.records import KINDS, Place
from geo.text.normalize import latin_skeleton, normalize

REPO = Path(__file__).resolve().parents[1]
DATA_DIR = REPO / "data" / "gazetteer"
#: Bump when the index layout or the ranking baked into it changes.
SCHEMA_VERSION = 3
#: Longest query accepted; longer text is an article, not a place name.
MAX_QUERY = 1000

_PLACE_COLUMNS = "pk, id, kind, name, lat, lon, cc, admin1, admin2, population, countries, names, fcode"
# Score bonus for a place's own name, a preferred per-language name or a
# hand-curated alias, over a GeoNames alternate.
_PREFERRED_BONUS = 0.3


@dataclass(frozen=True, slots=True)
class Candidate:
    """One reading of a name. ``score`` is relative, higher is better: exact
    matches score ≥ 1, fuzzy (skeleton) matches < 1."""

    place: Place
    score: float


def data_version(data_dir: Path = DATA_DIR) -> str:
    """A short hash of every data file, the schema version and the normalisation code."""
    digest = hashlib.sha256(f"schema {SCHEMA_VERSION}\n".encode())
    digest.update(Path(inspect.getfile(normalize)).read_bytes())  # names are indexed normalised
    for path in sorted(p for p in data_dir.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(data_dir)).encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def default_index_path(data_dir: Path = DATA_DIR) -> Path:
    return cache_dir() / f"gazetteer-v{SCHEMA_VERSION}-{data_version(data_dir)}.sqlite"


class Gazetteer:
    """Read-only access to a built index; safe to share between threads."""

    def __init__(self, path: Path, version: str) -> None:
        self.path = Path(path)
        self.version = version
        self._db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        self._places: dict[int, Place] = {}
        self._pk_by_id: dict[str, int] = {}
        self._shapes = None
        self._countries: dict[str, Place | None] = {}
        self._exact = lru_cache(maxsize=200_000)(self._exact_uncached)
        # Whole answers, keyed by the raw query and filters: news repeats names.
        self._ranked = lru_cache(maxsize=50_000)(self._ranked_uncached)

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(cls, path: str | os.PathLike | None = None, *, data_dir: Path = DATA_DIR) -> Gazetteer:
        """Open the index at ``path`` (default: the cache folder), building it
        first when it is missing or its data files changed."""
        version = data_version(data_dir)
        target = Path(path) if path else cache_dir() / f"gazetteer-v{SCHEMA_VERSION}-{version}.sqlite"
        if not _is_current(target, version):
            build_index(target, data_dir=data_dir, version=version)
            if not path:
                for stale in target.parent.glob("gazetteer-v*.sqlite"):
                    if stale != target:
                        stale.unlink(missing_ok=True)  # a process reading it keeps its open file
        return cls(target, version)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Gazetteer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ lookup

    def lookup(
        self,
        name: str,
        *,
        kinds: Iterable[str] | None = None,
        country: str | None = None,
        limit: int = 10,
    ) -> list[Candidate]:
        """Places that ``name`` may denote, best first.

        ``kinds`` keeps only those kinds (see :data:`geo.records.KINDS`),
        ``country`` only places in that ISO code (or borders touching it).
        A query ``"Fayzabad, Badakhshan"`` prefers readings whose province or
        country matches the part after the comma. An empty or unreadable
        query gives ``[]``; a query that is no name (too long, not text)
        raises :class:`ValueError`.
        """
        if not isinstance(name, str):
            raise ValueError(f"a place name must be text, not {type(name).__name__}")
        kind_set = _check_kinds(kinds)
        cc = country.upper() if country else None
        return list(self._ranked(name, kind_set, cc, limit))

    def _ranked_uncached(self, name: str, kind_set, cc, limit) -> tuple[Candidate, ...]:
        key, qualifier = _query_key(name)
        if not key or limit <= 0:
            return ()
        rows = self._exact(key)
        fuzzy = False
        if not rows and key.isascii():
            rows = self._fuzzy(key)
            fuzzy = True
        out = []
        for pk, score in rows:
            place = self._place(pk)
            if kind_set and place.kind not in kind_set:
                continue
            if cc and place.country_code != cc and cc not in place.countries:
                continue
            if qualifier and qualifier in (
                normalize(place.admin1 or ""), normalize(place.admin2 or ""), normalize(place.country_code or "")
            ):
                score += 2.0 if not fuzzy else 0.05
            out.append(Candidate(place, round(score, 4)))
        if qualifier:
            out.sort(key=lambda c: -c.score)
        return tuple(out[:limit])

    def _exact_uncached(self, key: str) -> tuple[tuple[int, float], ...]:
        with self._lock:
            rows = self._db.execute(
                "SELECT pk, score FROM names WHERE norm = ? ORDER BY score DESC, pk", (key,)
            ).fetchall()
        return tuple(rows)

    def _fuzzy(self, key: str) -> tuple[tuple[int, float], ...]:
        skeleton = latin_skeleton(key)
        if len(skeleton.replace(" ", "")) < 2:
            return ()
        with self._lock:
            rows = self._db.execute(
                "SELECT s.pk, s.norm, p.prior FROM skeletons s JOIN places p ON p.pk = s.pk WHERE s.skel = ?",
                (skeleton,),
            ).fetchall()
        best: dict[int, float] = {}
        for pk, norm, prior in rows:
            similarity = SequenceMatcher(None, key, norm).ratio()
            # Similarity decides; the prior only breaks near-ties.
            score = 0.9 * similarity + 0.01 * prior
            best[pk] = max(best.get(pk, 0.0), score)
        return tuple(sorted(best.items(), key=lambda t: (-t[1], t[0])))

    # ------------------------------------------------------------------ records

    def get(self, place_id: str) -> Place | None:
        """The place with this id, or ``None``."""
        return self.places_by_ids([place_id]).get(place_id)

    def places_by_ids(self, ids: Iterable[str]) -> dict[str, Place]:
        """``{id: Place}`` for the ids that exist, fetched in batches."""
        wanted = [i for i in dict.fromkeys(ids) if isinstance(i, str)]
        missing = [i for i in wanted if i not in self._pk_by_id]
        for start in range(0, len(missing), 500):
            chunk = missing[start : start + 500]
            marks = ",".join("?" * len(chunk))
            with self._lock:
                rows = self._db.execute(
                    f"SELECT {_PLACE_COLUMNS} FROM places WHERE id IN ({marks})", chunk
                ).fetchall()
            for row in rows:
                self._remember(row)
        return {i: self._places[self._pk_by_id[i]] for i in wanted if i in self._pk_by_id}

    def country(self, code: str) -> Place | None:
        """The country with this ISO 3166-1 alpha-2 code, or ``None``."""
        code = (code or "").upper()
        if code not in self._countries:
            with self._lock:
                row = self._db.execute(
                    f"SELECT {_PLACE_COLUMNS} FROM places WHERE kind = 'country' AND cc = ?", (code,)
                ).fetchone()
            self._countries[code] = self._remember(row) if row else None
        return self._countries[code]

    def _place(self, pk: int) -> Place:
        place = self._places.get(pk)
        if place is None:
            with self._lock:
                row = self._db.execute(f"SELECT {_PLACE_COLUMNS} FROM places WHERE pk = ?", (pk,)).fetchone()
            place = self._remember(row)
        return place

    def _remember(self, row) -> Place:
        pk, pid, kind, name, lat, lon, cc, admin1, admin2, pop, countries, names, fcode = row
        place = Place(
            id=pid, name=name, kind=kind, lat=lat, lon=lon, country_code=cc or None,
            admin1=admin1 or None, admin2=admin2 or None, population=pop or 0,
            names=json.loads(names), countries=tuple(countries.split(",")) if countries else (),
            fcode=fcode or "",
        )
        self._places[pk] = place
        self._pk_by_id[pid] = pk
        return place

    def geometry(self, place_id: str) -> dict | None:
        """The place's GeoJSON geometry (polygon or line where the data has
        one, else its point); ``None`` for an unknown id."""
        with self._lock:
            row = self._db.execute(
                "SELECT g.geojson, p.lat, p.lon FROM places p LEFT JOIN geometry g ON g.pk = p.pk WHERE p.id = ?",
                (place_id,),
            ).fetchone()
        if row is None:
            return None
        if row[0]:
            return json.loads(row[0])
        if row[1] is None:
            return None
        return {"type": "Point", "coordinates": [row[2], row[1]]}

    def containing(self, lat: float, lon: float) -> list[Place]:
        """The district, province and country at a point, most specific first
        (district and province only inside Afghanistan). Raises ValueError for
        coordinates off the globe."""
        try:
            lat, lon = float(lat), float(lon)
        except (TypeError, ValueError):
            raise ValueError(f"not a coordinate: {lat!r}, {lon!r}") from None
        if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
            raise ValueError(f"coordinate out of range: {lat}, {lon}")
        from shapely import points

        tree, items = self._shape_index()
        point = points(lon, lat)
        hits = [items[i] for i in tree.query(point, predicate="intersects")]
        order = {"district": 0, "province": 1, "country": 2}
        best: dict[str, tuple[float, int]] = {}
        for kind, pk, area in hits:
            # Overlapping outlines (e.g. NE's coarse coastlines) resolve to the smallest.
            if kind not in best or area < best[kind][0]:
                best[kind] = (area, pk)
        return [self._place(best[k][1]) for k in sorted(best, key=order.get)]

    def _shape_index(self):
        if self._shapes is None:
            from shapely.geometry import shape
            from shapely.strtree import STRtree

            with self._lock:
                rows = self._db.execute(
                    "SELECT p.pk, p.kind, g.geojson FROM geometry g JOIN places p ON p.pk = g.pk "
                    "WHERE p.kind IN ('country', 'province', 'district')"
                ).fetchall()
            geoms, items = [], []
            for pk, kind, text in rows:
                geom = shape(json.loads(text))
                geoms.append(geom)
                items.append((kind, pk, geom.area))
            self._shapes = (STRtree(geoms), items)
        return self._shapes

    # ------------------------------------------------------------------ for the geoparser

    def names(self) -> Iterator[tuple[str, str]]:
        """Every ``(normalised name, place id)`` in the index (all languages,
        all aliases; demonyms are in :meth:`demonyms`)."""
        cur = self._db.cursor()  # its own cursor: a long scan must not hold the lock
        yield from cur.execute("SELECT n.norm, p.id FROM names n JOIN places p ON p.pk = n.pk ORDER BY n.norm, p.id")

    def demonyms(self) -> Iterator[tuple[str, str]]:
        """Every ``(normalised demonym or nisba adjective, country place id)``."""
        cur = self._db.cursor()
        yield from cur.execute("SELECT d.norm, p.id FROM demonyms d JOIN places p ON p.pk = d.pk ORDER BY d.norm")

    def stats(self) -> dict[str, int]:
        """Counts by kind, plus names: for the CLI and the benchmark."""
        with self._lock:
            counts = dict(self._db.execute("SELECT kind, COUNT(*) FROM places GROUP BY kind").fetchall())
            counts["names"] = self._db.execute("SELECT COUNT(*) FROM names").fetchone()[0]
        return counts


def _query_key(name) -> tuple[str, str | None]:
    if not isinstance(name, str):
        raise ValueError(f"a place name must be text, not {type(name).__name__}")
    if len(name) > MAX_QUERY:
        raise ValueError(f"query too long for a place name ({len(name)} characters, at most {MAX_QUERY})")
    qualifier = None
    if "," in name or "،" in name:
        head, _, tail = name.replace("،", ",").partition(",")
        qualifier = normalize(tail) or None
        name = head
    return normalize(name), qualifier


def _check_kinds(kinds) -> frozenset[str] | None:
    if kinds is None:
        return None
    kind_set = frozenset([kinds] if isinstance(kinds, str) else kinds)
    unknown = kind_set - set(KINDS)
    if unknown:
        raise ValueError(f"unknown kind(s) {sorted(unknown)}; use {', '.join(KINDS)}")
    return kind_set


def _is_current(path: Path, version: str) -> bool:
    if not path.exists():
        return False
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
        return bool(row) and row[0] == version
    except sqlite3.Error:
        return False


# ---------------------------------------------------------------------------- building


def build_index(path: Path, *, data_dir: Path = DATA_DIR, version: str | None = None) -> Path:
    """Compile ``data_dir`` into a SQLite index at ``path``, atomically: the
    index is written to a temporary file beside ``path`` and renamed, so a
    concurrent reader sees the old index or the whole new one, never half."""
    version = version or data_version(data_dir)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    print(f"Building the gazetteer index from {data_dir} (one-off, under a minute)…", file=sys.stderr, flush=True)
    started = time.perf_counter()
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        db = sqlite3.connect(tmp)
        _Builder(db, data_dir).build(version)
        db.close()
        os.chmod(tmp, 0o644)  # mkstemp's 0600 would hide the index from other users
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    print(f"Gazetteer index ready: {path} ({time.perf_counter() - started:.1f} s)", file=sys.stderr, flush=True)
    return path


def _prior(kind: str, fcode: str, population: int) -> float:
    """How likely a bare mention of the name means this place, before context."""
    pop = min(math.log10(population + 1), 7.0) / 7.0  # 0..1
    if kind == "country":
        return 6.0
    if kind == "province":
        return 5.0
    if kind == "city":
        if fcode == "PPLC":
            return 4.5 + 0.5 * pop
        if fcode == "PPLA":
            return 4.0 + 0.5 * pop
        return 1.0 + 2.0 * pop
    if kind == "district":
        return 0.8
    return 4.0  # facilities, borders, regions, water: few, and named uniquely


class _Builder:
    def __init__(self, db: sqlite3.Connection, data_dir: Path) -> None:
        self.db = db
        self.data_dir = data_dir
        self.pk_by_id: dict[str, int] = {}
        self.names: dict[tuple[str, int], float] = {}
        self.prior: dict[int, float] = {}

    def build(self, version: str) -> None:
        db = self.db
        db.executescript(
            """
            PRAGMA journal_mode = OFF;
            PRAGMA synchronous = OFF;
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
            CREATE TABLE places (pk INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, kind TEXT, name TEXT,
                lat REAL, lon REAL, cc TEXT, admin1 TEXT, admin2 TEXT, population INTEGER,
                fcode TEXT, countries TEXT, names TEXT, prior REAL);
            CREATE TABLE names (norm TEXT, pk INTEGER, score REAL, PRIMARY KEY (norm, pk)) WITHOUT ROWID;
            CREATE TABLE skeletons (skel TEXT, pk INTEGER, norm TEXT, PRIMARY KEY (skel, pk, norm)) WITHOUT ROWID;
            CREATE TABLE demonyms (norm TEXT, pk INTEGER, PRIMARY KEY (norm, pk)) WITHOUT ROWID;
            CREATE TABLE geometry (pk INTEGER PRIMARY KEY, geojson TEXT);
            """
        )
        overrides = self._read_aliases()
        rows = []
        for tsv in ("places.tsv", "cities.tsv"):
            rows.extend(self._read_places(self.data_dir / tsv, overrides))
        db.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
        self._seat_rule(rows)
        db.executemany("INSERT INTO names VALUES (?,?,?)", ((n, pk, s) for (n, pk), s in self.names.items()))
        skeletons = {(latin_skeleton(n), pk, n) for (n, pk) in self.names if n.isascii()}
        db.executemany("INSERT OR IGNORE INTO skeletons VALUES (?,?,?)", skeletons)
        self._demonyms()
        self._geometry()
        db.execute("INSERT INTO meta VALUES ('version', ?), ('schema', ?)", (version, str(SCHEMA_VERSION)))
        db.commit()
        db.execute("ANALYZE")

    def _read_aliases(self) -> dict[str, list[tuple[str, str, bool]]]:
        """Curated names by place id: ``(lang, name, preferred)``."""
        out: dict[str, list[tuple[str, str, bool]]] = {}
        for lang in ("en", "ar"):
            with (self.data_dir / f"aliases_{lang}.csv").open(encoding="utf-8", newline="") as fh:
                for row in csv.DictReader(fh):
                    out.setdefault(row["place_id"], []).append((lang, row["name"], row["preferred"] == "1"))
        return out

    def _read_places(self, path: Path, overrides):
        with path.open(encoding="utf-8") as fh:
            header = fh.readline().rstrip("\n").split("\t")
            for line in fh:
                r = dict(zip(header, line.rstrip("\n").split("\t"), strict=True))
                pk = len(self.pk_by_id) + 1
                pid = r["id"]
                self.pk_by_id[pid] = pk
                names = dict(kv.split("=", 1) for kv in r["names"].split("|") if "=" in kv)
                curated = overrides.get(pid, ())
                for lang, text, preferred in curated:
                    if preferred:
                        names[lang] = text
                population = int(r["population"] or 0)
                prior = _prior(r["kind"], r["fcode"], population)
                self.prior[pk] = prior
                self._add_name(r["name"], pk, prior + _PREFERRED_BONUS)
                for text in names.values():
                    self._add_name(text, pk, prior + _PREFERRED_BONUS)
                for _, text, _ in curated:
                    self._add_name(text, pk, prior + _PREFERRED_BONUS)
                for text in r["alt"].split("|") if r["alt"] else ():
                    self._add_name(text, pk, prior)
                yield (
                    pk, pid, r["kind"], names.get("en", r["name"]), _float(r["lat"]), _float(r["lon"]),
                    r["country_code"], r["admin1"], r["admin2"], population, r["fcode"], r["countries"],
                    json.dumps(names, ensure_ascii=False, sort_keys=True), prior,
                )

    def _add_name(self, text: str, pk: int, score: float) -> None:
        key = normalize(text)
        if key and self.names.get((key, pk), -1.0) < score:
            self.names[(key, pk)] = score

    def _seat_rule(self, rows) -> None:
        """A province's seat city outranks the province under their shared name."""
        provinces = {(r[6], r[3]): r[0] for r in rows if r[2] == "province"}
        seats = {}
        for r in rows:
            if r[2] == "city" and r[10] in ("PPLA", "PPLC") and (r[6], r[7]) in provinces:
                seats[r[0]] = provinces[(r[6], r[7])]
        keys: dict[int, set[str]] = {}
        wanted = set(seats) | set(seats.values())
        for key, pk in self.names:
            if pk in wanted:
                keys.setdefault(pk, set()).add(key)
        for city, province in seats.items():
            for key in keys.get(city, set()) & keys.get(province, set()):
                self.names[(key, city)] = max(self.names[(key, city)], self.names[(key, province)] + 0.1)

    def _demonyms(self) -> None:
        country_pk = {}
        for (cc, pk) in self.db.execute("SELECT cc, pk FROM places WHERE kind = 'country'"):
            country_pk[cc] = pk
        with (self.data_dir / "demonyms.csv").open(encoding="utf-8", newline="") as fh:
            rows = {(normalize(r["demonym"]), country_pk[r["country"]]) for r in csv.DictReader(fh)}
        self.db.executemany("INSERT OR IGNORE INTO demonyms VALUES (?,?)", rows)

    def _geometry(self) -> None:
        for path in sorted((self.data_dir / "geometry").glob("*.geojson")):
            features = json.loads(path.read_text(encoding="utf-8"))["features"]
            self.db.executemany(
                "INSERT OR REPLACE INTO geometry VALUES (?, ?)",
                ((self.pk_by_id[f["id"]], json.dumps(f["geometry"], separators=(",", ":"))) for f in features),
            )


def _float(text: str) -> float | None:
    return float(text) if text else None
