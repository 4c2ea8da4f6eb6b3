"""Browsing the gazetteer: a search by a name, its start or a near spelling, in any script; every name a place has.

Functions over a :class:`~geo.gazetteer.index.Gazetteer` (which stays a small
class): they read its index file through their own read-only connection.

>>> from geo.gazetteer import Gazetteer
>>> gaz = Gazetteer.open()
>>> [(hit.place.name, hit.how) for hit in search(gaz, "بادغ")][:1]
[('Badghis', 'start')]
>>> "قلعة ناو" in [name.text for name in names_of(gaz, "geonames:1129867")]
True
"""

from __future__ import annotations

import csv
import mmap
import sqlite3
import unicodedata
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from geo.gazetteer.build import DATA_DIR
from geo.gazetteer.index import Gazetteer
from geo.records import Place
from geo.text.normalize import normalize

#: The shortest normalised query searched by its start: one letter would match most of the world.
MIN_PREFIX = 2
#: How the search found a place, best first: its whole name, the start of a name, a near (transliterated) spelling.
HOW = ("name", "start", "similar")
#: Where a name comes from, in the order :func:`names_of` lists them.
SOURCES = ("main", "preferred", "curated", "alternate", "indexed")
#: What each source means, for a reader.
SOURCE_LABELS = {
    "main": "main name",
    "preferred": "preferred name in its language",
    "curated": "Kharita's curated spelling",
    "alternate": "alternate name (GeoNames)",
    "indexed": "as the index holds it (normalised)",
}
_PLACE_FILES = ("places.tsv", "cities.tsv")
_ALIAS_FILES = {"en": "aliases_en.csv", "ar": "aliases_ar.csv"}


@dataclass(frozen=True, slots=True)
class Hit:
    """One place a search found: ``how`` (see :data:`HOW`), and the normalised name that matched."""

    place: Place
    score: float
    how: str
    matched: str


@dataclass(frozen=True, slots=True)
class PlaceName:
    """One name of a place: its text, language (``None`` when the data does not say), source
    (see :data:`SOURCES`) and the curator's note, if any."""

    text: str
    lang: str | None
    source: str
    note: str | None = None

    @property
    def script(self) -> str:
        """The script of the name's first letter: ``Arabic``, ``Latin``, ``Cyrillic``…

        >>> PlaceName("بادغيس", "ar", "main").script, PlaceName("Badghis", "en", "main").script
        ('Arabic', 'Latin')
        """
        for char in self.text:
            if char.isalpha():
                return unicodedata.name(char, "OTHER ?").split()[0].title()
        return "Other"


def _connect(gaz: Gazetteer) -> closing[sqlite3.Connection]:
    return closing(sqlite3.connect(f"file:{gaz.path}?mode=ro", uri=True))


def search(gaz: Gazetteer, query: str, *, limit: int = 20) -> list[Hit]:
    """Places named ``query``, then places a name of which starts with it, then near spellings, up to ``limit``.

    Exact names come first, ranked as :meth:`Gazetteer.lookup` ranks them;
    then names that start with the query, the likelier places first
    (queries shorter than :data:`MIN_PREFIX` letters are not searched by
    their start); then the lookup's near-spelling matches, which it makes
    for Latin queries that name nothing exactly.
    Raises :class:`~geo.exc.BadInput` for a query that is no name.
    """
    readings = gaz.lookup(query, limit=limit)  # raises BadInput for a query that is no name
    # The name before a comma, as the lookup reads "Fayzabad, Badakhshan".
    key = normalize(query.replace("،", ",").partition(",")[0])
    if not key or limit <= 0:
        return []
    with _connect(gaz) as db:
        exact = {row[0] for row in db.execute("SELECT p.id FROM names n JOIN places p ON p.pk = n.pk WHERE n.norm = ?",
                                              (key,))}
        starts = []
        if len(key.replace(" ", "")) >= MIN_PREFIX:
            starts = db.execute(
                "SELECT p.id, n.norm, n.score FROM names n JOIN places p ON p.pk = n.pk"
                " WHERE n.norm > ? AND n.norm < ? ORDER BY n.score DESC, length(n.norm), p.id LIMIT ?",
                (key, key + "\U0010ffff", limit * 5),
            ).fetchall()
    found = gaz.places_by_ids(place_id for place_id, _, _ in starts)
    hits = [Hit(c.place, c.score, "name", key) for c in readings if c.place.id in exact]
    hits += [Hit(found[place_id], round(score, 4), "start", norm) for place_id, norm, score in starts
             if place_id in found]
    hits += [Hit(c.place, c.score, "similar", key) for c in readings if c.place.id not in exact]
    unique = {}
    for hit in hits:
        unique.setdefault(hit.place.id, hit)
    return list(unique.values())[:limit]


def names_of(gaz: Gazetteer, place_id: str, *, data_dir: Path = DATA_DIR) -> list[PlaceName]:
    """Every name the gazetteer has for ``place_id``, once each, in the order of :data:`SOURCES`.

    The spellings as written come from the data files the index was built
    from (``data_dir``): the main name, the preferred name in each language,
    Kharita's curated spellings with their notes and GeoNames' alternate
    names. The index's own (normalised) names that none of those gives are
    listed last, so nothing the geoparser matches is left out. ``[]`` for an unknown id.
    """
    place = gaz.get(place_id)
    if place is None:
        return []
    row = _data_row(Path(data_dir), place_id)
    names = [PlaceName(row.get("name") or place.name, None, "main")]
    by_lang = dict(place.names)
    by_lang.update(kv.split("=", 1) for kv in (row.get("names") or "").split("|") if "=" in kv)
    names += [PlaceName(text, lang, "preferred") for lang, text in sorted(by_lang.items())]
    names += _curated(Path(data_dir), place_id)
    names += [PlaceName(text, None, "alternate") for text in (row.get("alt") or "").split("|") if text]
    unique, seen = [], set()
    for name in names:
        if name.text not in seen:
            seen.add(name.text)
            unique.append(name)
    covered = {normalize(name.text) for name in unique}
    with _connect(gaz) as db:
        indexed = db.execute(
            "SELECT n.norm FROM names n JOIN places p ON p.pk = n.pk WHERE p.id = ? ORDER BY n.score DESC, n.norm",
            (place_id,),
        ).fetchall()
    unique += [PlaceName(norm, None, "indexed") for (norm,) in indexed if norm not in covered]
    return unique


def _data_row(data_dir: Path, place_id: str) -> dict[str, str]:
    """The place's row of ``places.tsv`` or ``cities.tsv`` as a dict (``{}`` when neither holds it)."""
    needle = b"\n" + place_id.encode() + b"\t"
    for name in _PLACE_FILES:
        path = data_dir / name
        if not path.is_file() or path.stat().st_size == 0:
            continue
        with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
            start = data.find(needle)
            if start < 0:
                continue
            header = data[: data.find(b"\n")].decode("utf-8").split("\t")
            end = data.find(b"\n", start + 1)
            cells = data[start + 1 : end if end >= 0 else len(data)].decode("utf-8").rstrip("\r").split("\t")
            return dict(zip(header, cells, strict=False))
    return {}


def _curated(data_dir: Path, place_id: str) -> list[PlaceName]:
    """Kharita's curated spellings of the place (``aliases_en.csv``, ``aliases_ar.csv``), the preferred first."""
    out = []
    for lang, name in _ALIAS_FILES.items():
        path = data_dir / name
        if not path.is_file():
            continue
        with path.open(encoding="utf-8", newline="") as fh:
            rows = [r for r in csv.DictReader(fh) if r["place_id"] == place_id]
        rows.sort(key=lambda r: r["preferred"] != "1")
        out += [PlaceName(r["name"], lang, "curated", r.get("note") or None) for r in rows]
    return out
