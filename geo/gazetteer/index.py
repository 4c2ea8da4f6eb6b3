"""Looking names and points up in a built gazetteer index: names in Arabic and Latin script → ranked places.

>>> gaz = Gazetteer.open()
>>> gaz.lookup("قلعة ناو")[0].place.name
'Qala-i-Naw'
>>> [p.name for p in gaz.containing(34.987, 63.129)]
['Qala-i-Naw', 'Badghis', 'Afghanistan']

Every name is indexed under :func:`geo.text.normalize.normalize` and looked up
the same way. Ranking, best first: an exact normalised match, scored by
:func:`geo.gazetteer.ranking.prior` (a province's seat outranks the province
when both share the name, since "Herat" or "كابل" in the news means the city),
then curated/preferred names over alternates. Only when nothing matches exactly
does a Latin "skeleton" fuzzy match (:func:`geo.text.normalize.latin_skeleton`)
catch transliteration variants.
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from geo.exc import BadInput, MissingData
from geo.gazetteer import ranking
from geo.gazetteer.build import DATA_DIR, build_index, data_version, index_path, is_current, remove_stale_indexes
from geo.gazetteer.ranking import Candidate
from geo.records import KINDS, Place
from geo.text.normalize import latin_skeleton, normalize

#: Longest query accepted; longer text is an article, not a place name.
MAX_QUERY = 1000

_PLACE_COLUMNS = "pk, id, kind, name, lat, lon, cc, admin1, admin2, population, countries, names, fcode"


class Gazetteer:
    """Read-only access to a built index; safe to share between threads."""

    def __init__(self, path: Path, version: str) -> None:
        self.path = Path(path)
        self.version = version
        try:
            self._db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        except sqlite3.Error as error:
            raise MissingData(f"cannot open the gazetteer index {self.path}: {error}") from error
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
        first when it is missing or its data files changed. Raises
        :class:`~geo.exc.MissingData` when the data folder is absent or unreadable."""
        version = data_version(data_dir)
        target = Path(path) if path else index_path(version)
        if not is_current(target, version):
            build_index(target, data_dir=data_dir, version=version)
            if not path:
                remove_stale_indexes(target)
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
        or an unknown kind raises :class:`~geo.exc.BadInput`.
        """
        if not isinstance(name, str):
            raise BadInput(f"a place name must be text, not {type(name).__name__}")
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
            if qualifier:
                score += ranking.qualifier_bonus(place, qualifier, fuzzy=fuzzy)
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
            best[pk] = max(best.get(pk, 0.0), ranking.fuzzy_score(key, norm, prior))
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
        (district and province only inside Afghanistan). Raises
        :class:`~geo.exc.BadInput` for coordinates off the globe."""
        try:
            lat, lon = float(lat), float(lon)
        except (TypeError, ValueError):
            raise BadInput(f"not a coordinate: {lat!r}, {lon!r}") from None
        if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
            raise BadInput(f"coordinate out of range: {lat}, {lon}")
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
        """Every ``(normalised demonym or nisba adjective, place id)``: a country's, or a region's (European)."""
        cur = self._db.cursor()
        yield from cur.execute("SELECT d.norm, p.id FROM demonyms d JOIN places p ON p.pk = d.pk ORDER BY d.norm")

    def stats(self) -> dict[str, int]:
        """Counts by kind, plus names: for the benchmark."""
        with self._lock:
            counts = dict(self._db.execute("SELECT kind, COUNT(*) FROM places GROUP BY kind").fetchall())
            counts["names"] = self._db.execute("SELECT COUNT(*) FROM names").fetchone()[0]
        return counts


def _query_key(name: str) -> tuple[str, str | None]:
    """The normalised name, and the normalised part after a comma (or ``None``)."""
    if len(name) > MAX_QUERY:
        raise BadInput(f"query too long for a place name ({len(name)} characters, at most {MAX_QUERY})")
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
        raise BadInput(f"unknown kind(s) {sorted(unknown)}; use {', '.join(KINDS)}")
    return kind_set


def place_dict(place: Place) -> dict:
    """A Place as plain JSON-ready data (``countries`` as a list)."""
    data = dataclasses.asdict(place)
    data["countries"] = list(place.countries)
    return data
