"""Compiling the committed files in ``data/gazetteer/`` into one read-only SQLite index.

The index's file name holds :func:`data_version`, a hash of those files, the
schema version, :mod:`geo.text.normalize` and the ranking baked into it, so an
edited alias, a rebuilt data file, a new normalisation rule or a new prior gives
a new index and a stale one is never read.
"""

from __future__ import annotations

import csv
import hashlib
import inspect
import json
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from geo.config import REPO, cache_dir
from geo.exc import MissingData
from geo.gazetteer import ranking
from geo.text.normalize import latin_skeleton, normalize

DATA_DIR = REPO / "data" / "gazetteer"
#: Bump when the index layout changes.
SCHEMA_VERSION = 4
#: The files every data folder must hold (``geometry/`` may be empty).
DATA_FILES = ("places.tsv", "cities.tsv", "aliases_en.csv", "aliases_ar.csv", "demonyms.csv")
_PLACE_FILES = ("places.tsv", "cities.tsv")
#: SQLite's file header: its magic string, page size (bytes 16-17) and page count (bytes 28-31).
_SQLITE_HEADER_SIZE = 100


def data_version(data_dir: Path = DATA_DIR) -> str:
    """A short hash of every data file, the schema version, the normalisation and the ranking code."""
    _check_data_dir(data_dir)
    digest = hashlib.sha256(f"schema {SCHEMA_VERSION}\n".encode())
    for code in (normalize, ranking):  # names are indexed normalised, and scored by the prior
        digest.update(Path(inspect.getfile(code)).read_bytes())
    for path in sorted(p for p in data_dir.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(data_dir)).encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def index_path(version: str) -> Path:
    """Where the index of data ``version`` lives in the cache folder."""
    return cache_dir() / f"gazetteer-v{SCHEMA_VERSION}-{version}.sqlite"


def remove_stale_indexes(current: Path) -> None:
    """Delete the cache folder's other gazetteer indexes (a process reading one keeps its open file)."""
    for stale in current.parent.glob("gazetteer-v*.sqlite"):
        if stale != current:
            stale.unlink(missing_ok=True)


def is_current(path: Path, version: str) -> bool:
    """Whether ``path`` is a whole, readable index of data ``version``; when a file is there but is not
    (truncated, garbled, another version), say so on stderr, as the caller then rebuilds it."""
    problem = index_problem(path, version)
    if problem and problem != "missing":
        print(f"Rebuilding the gazetteer index {path}: {problem}", file=sys.stderr, flush=True)
    return problem is None


def index_problem(path: Path, version: str) -> str | None:
    """What is wrong with the index at ``path`` (``"missing"`` when there is none), or ``None``.

    Checks are cheap ones, as every start makes them: SQLite's header, a file exactly as long as the
    header says (a truncated copy is not), and the version row. A full ``PRAGMA quick_check`` costs
    most of a second on the real index; SQLite reports damage it meets later as an error, never
    as wrong data or code run."""
    try:
        with Path(path).open("rb") as fh:
            header = fh.read(_SQLITE_HEADER_SIZE)
            size = os.fstat(fh.fileno()).st_size
    except FileNotFoundError:
        return "missing"
    except OSError as error:
        return f"unreadable ({error})"
    if len(header) < _SQLITE_HEADER_SIZE or not header.startswith(b"SQLite format 3\0"):
        return "not a SQLite database"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    if header[92:96] == header[24:28] and size != page_size * pages:  # the page count is valid (SQLite >= 3.7)
        return f"its size ({size} bytes) is not the {pages} pages of {page_size} bytes it declares"
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
        finally:
            db.close()
    except sqlite3.Error as error:
        return f"unreadable ({error})"
    if not row or row[0] != version:
        return f"it holds data version {row[0] if row else 'none'}, not {version}"
    return None


def build_index(path: Path, *, data_dir: Path = DATA_DIR, version: str | None = None) -> Path:
    """Compile ``data_dir`` into a SQLite index at ``path``, atomically: the
    index is written to a temporary file beside ``path`` and renamed, so a
    concurrent reader sees the old index or the whole new one, never half.
    Raises :class:`~geo.exc.MissingData` when a data file is absent or unreadable."""
    version = version or data_version(data_dir)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    print(f"Building the gazetteer index from {data_dir} (one-off, under a minute)…", file=sys.stderr, flush=True)
    started = time.perf_counter()
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        db = sqlite3.connect(tmp)
        try:
            _Builder(db, data_dir).build(version)
        finally:
            db.close()
        os.chmod(tmp, 0o644)  # mkstemp's 0600 would hide the index from other users
        os.replace(tmp, path)
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        Path(tmp).unlink(missing_ok=True)
        raise MissingData(f"the gazetteer data in {data_dir} is unreadable: {error}") from error
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    print(f"Gazetteer index ready: {path} ({time.perf_counter() - started:.1f} s)", file=sys.stderr, flush=True)
    return path


def _check_data_dir(data_dir: Path) -> None:
    missing = [name for name in DATA_FILES if not (Path(data_dir) / name).is_file()]
    if missing:
        raise MissingData(f"the gazetteer data in {data_dir} lacks {', '.join(missing)} (run `make data`)")


def _read_tsv(path: Path):
    """The rows of a tab-separated file with a header line, as dicts (no quoting: cells hold no tabs)."""
    with path.open(encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE, strict=True)


class _Builder:
    """One build: reads the data folder and fills the tables of an empty database."""

    def __init__(self, db: sqlite3.Connection, data_dir: Path) -> None:
        self.db = db
        self.data_dir = data_dir
        self.pk_by_id: dict[str, int] = {}
        self.names: dict[tuple[str, int], float] = {}

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
        aliases = self._read_aliases()
        rows = []
        for name in _PLACE_FILES:
            rows.extend(self._read_places(self.data_dir / name, aliases))
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

    def _read_places(self, path: Path, aliases):
        for r in _read_tsv(path):
            pk = len(self.pk_by_id) + 1
            pid = r["id"]
            self.pk_by_id[pid] = pk
            names = dict(kv.split("=", 1) for kv in r["names"].split("|") if "=" in kv)
            curated = aliases.get(pid, ())
            for lang, text, preferred in curated:
                if preferred:
                    names[lang] = text
            population = int(r["population"] or 0)
            prior = ranking.prior_of(r["kind"], r["fcode"], population)
            preferred_score = prior + ranking.PREFERRED_BONUS
            for text in (r["name"], *names.values(), *(text for _, text, _ in curated)):
                self._add_name(text, pk, preferred_score)
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
            if r[2] == "city" and r[10] in ranking.SEAT_PRIOR and (r[6], r[7]) in provinces:
                seats[r[0]] = provinces[(r[6], r[7])]
        keys: dict[int, set[str]] = {}
        wanted = set(seats) | set(seats.values())
        for key, pk in self.names:
            if pk in wanted:
                keys.setdefault(pk, set()).add(key)
        for city, province in seats.items():
            for key in keys.get(city, set()) & keys.get(province, set()):
                margin = self.names[(key, province)] + ranking.SEAT_MARGIN
                self.names[(key, city)] = max(self.names[(key, city)], margin)

    def _demonyms(self) -> None:
        """Each demonym's place: a country by its code (AF), or a region by its id (kharita:region:europe)."""
        country_pk = dict(self.db.execute("SELECT cc, pk FROM places WHERE kind = 'country'"))
        with (self.data_dir / "demonyms.csv").open(encoding="utf-8", newline="") as fh:
            rows = {(normalize(r["demonym"]), country_pk.get(r["place"]) or self.pk_by_id[r["place"]])
                    for r in csv.DictReader(fh)}
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
