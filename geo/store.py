"""The article store: articles, their mentions, corrections and user aliases.

One :class:`Store` interface over two backends chosen by URL:

- SQLite, the embedded default: ``data/kharita.db``, or ``sqlite:///path``
  (a bare path works too). WAL mode, foreign keys on, and a busy timeout so
  that two people saving at once both succeed.
- PostgreSQL for a newsroom: ``postgresql://user@host/db`` (psycopg 3).

``KHARITA_DB`` overrides the default URL. The schema is created and upgraded
by versioned migrations when a store is opened (``schema_migrations``).

Every query a page needs runs in SQL and returns a pandas DataFrame::

    store = Store.open("sqlite:///tmp/k.db")
    store.places(Filters(provinces=("Badghis",)))[["name", "mentions"]]

Corrections are an audit trail that is never deleted. They are applied to the
mentions they touch when made and replayed whenever an article is reparsed,
so every read shows the corrected place (or hides a "not a place").
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import sqlite3
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import pandas as pd

from geo.records import Article, Mention, ParseResult, Place

#: Where the embedded store lives unless ``KHARITA_DB`` or a URL says otherwise.
DEFAULT_DB = Path(__file__).resolve().parent.parent / "data" / "kharita.db"

#: How long a SQLite writer waits for another writer before giving up (ms).
BUSY_TIMEOUT_MS = 30_000

#: Corrections a journalist can make to a mention.
CORRECTION_ACTIONS = ("place", "point", "not_place")


# --------------------------------------------------------------------------- filters


@dataclass(frozen=True, slots=True)
class Filters:
    """What the pages filter by; every field round-trips through the URL.

    Empty tuples and ``None`` mean "no filter". ``text`` keeps the mentions
    whose sentence contains it (case-insensitive). Demonyms ("Afghan") are
    left out unless ``include_demonyms``. Frozen and hashable, so it can key
    ``st.cache_data``.

    >>> Filters.from_query_params({"province": ["Badghis"], "q": "prison"}).text
    'prison'
    """

    provinces: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    article_ids: tuple[int, ...] = ()
    sources: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    text: str = ""
    include_demonyms: bool = False

    #: Field name → URL query-parameter name.
    PARAMS = {
        "provinces": "province",
        "districts": "district",
        "countries": "country",
        "kinds": "kind",
        "article_ids": "article",
        "sources": "source",
        "languages": "language",
        "date_from": "from",
        "date_to": "to",
        "text": "q",
        "include_demonyms": "demonyms",
    }

    def to_query_params(self) -> dict[str, str | list[str]]:
        """The filters as URL parameters, leaving out the ones not set."""
        out: dict[str, str | list[str]] = {}
        for name, param in self.PARAMS.items():
            value = getattr(self, name)
            if isinstance(value, tuple):
                if value:
                    out[param] = [str(v) for v in value]
            elif isinstance(value, dt.date):
                out[param] = value.isoformat()
            elif value is True:
                out[param] = "1"
            elif isinstance(value, str) and value:
                out[param] = value
        return out

    @classmethod
    def from_query_params(cls, params: Mapping[str, Any]) -> Filters:
        """Filters from URL parameters (a dict or ``st.query_params``).

        A value may be a string or a list of strings; values that do not read
        (a date that is not ``YYYY-MM-DD``, an article id that is not a
        number) are dropped, so a hand-edited link still opens.
        """

        def values(param: str) -> list[str]:
            # st.query_params returns only the last of repeated keys unless asked.
            if hasattr(params, "get_all"):
                raw = params.get_all(param)
            else:
                raw = params.get(param, [])
            if isinstance(raw, str):
                raw = [raw]
            return [v.strip() for v in raw if v is not None and str(v).strip()]

        def date(param: str) -> dt.date | None:
            for v in values(param):
                try:
                    return dt.date.fromisoformat(v[:10])
                except ValueError:
                    pass
            return None

        kwargs: dict[str, Any] = {}
        for name, param in cls.PARAMS.items():
            if name == "article_ids":
                kwargs[name] = tuple(int(v) for v in values(param) if v.isdigit())
            elif name in ("date_from", "date_to"):
                kwargs[name] = date(param)
            elif name == "text":
                kwargs[name] = " ".join(values(param))
            elif name == "include_demonyms":
                kwargs[name] = any(v.lower() in ("1", "true", "yes", "on") for v in values(param))
            else:
                kwargs[name] = tuple(dict.fromkeys(values(param)))
        return cls(**kwargs)

    def without(self, *names: str) -> Filters:
        """A copy with the named fields reset (a facet ignores its own filter)."""
        defaults = {f.name: f.default for f in fields(self) if f.name in names}
        return Filters(**{**{f.name: getattr(self, f.name) for f in fields(self)}, **defaults})


# --------------------------------------------------------------------------- dialects


class _Dialect:
    """The few places where SQLite and PostgreSQL SQL differ."""

    name = "sqlite"
    tokens = {"pk": "INTEGER PRIMARY KEY AUTOINCREMENT", "float": "REAL"}

    def sql(self, text: str) -> str:
        """SQL written with ``?`` placeholders, in this backend's style."""
        return text

    def contains(self, haystack: str) -> str:
        """A case-insensitive "haystack contains ?" condition."""
        return f"instr(lower({haystack}), lower(?)) > 0"

    def articles_containing(self, text: str) -> tuple[str, list[Any]]:
        """A subquery of the ids of articles whose text contains ``text``.

        The trigram index finds substrings in any script, case-insensitively;
        it needs three characters, so shorter searches scan.
        """
        if len(text) >= 3:
            return "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?", ['"' + text.replace('"', '""') + '"']
        return f"SELECT id FROM articles WHERE {self.contains('text')}", [text]


class _PostgresDialect(_Dialect):
    name = "postgresql"
    tokens = {"pk": "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", "float": "DOUBLE PRECISION"}

    def sql(self, text: str) -> str:
        # psycopg reads % as its own placeholder marker, so literal ones double.
        return text.replace("%", "%%").replace("?", "%s")

    def contains(self, haystack: str) -> str:
        return f"strpos(lower({haystack}), lower(?)) > 0"

    def articles_containing(self, text: str) -> tuple[str, list[Any]]:
        """ILIKE, which the pg_trgm index of migration 2 answers for three characters or more."""
        pattern = "%" + re.sub(r"([\\%_])", r"\\\1", text) + "%"
        return "SELECT id FROM articles WHERE text ILIKE ?", [pattern]


# --------------------------------------------------------------------------- schema

#: (version, what it does, SQL for both, {backend: extra statements}).
#: Append only: a released migration never changes.
MIGRATIONS: tuple[tuple[int, str, str, dict[str, tuple[str, ...]]], ...] = (
    (
        1,
        "articles, places, mentions, corrections, user aliases",
        """
        CREATE TABLE articles (
            id {pk},
            title TEXT NOT NULL,
            source TEXT,
            url TEXT,
            language TEXT,
            published TEXT,                -- ISO date: both backends compare it alike
            content_hash TEXT NOT NULL UNIQUE,
            added_at TEXT NOT NULL,
            parser_version TEXT NOT NULL,
            gazetteer_version TEXT NOT NULL,
            mention_count INTEGER NOT NULL,  -- written in the same transaction as the mentions
            place_count INTEGER NOT NULL,
            text TEXT NOT NULL               -- last: listing articles must not read past it
        );
        CREATE INDEX articles_published ON articles (published);
        CREATE INDEX articles_source ON articles (source);
        CREATE INDEX articles_language ON articles (language);
        CREATE INDEX articles_versions ON articles (parser_version, gazetteer_version);

        CREATE TABLE places (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            name_ar TEXT,
            kind TEXT NOT NULL,
            country_code TEXT,
            admin1 TEXT,
            admin2 TEXT,
            lat {float},
            lon {float},
            population BIGINT NOT NULL DEFAULT 0,
            countries TEXT NOT NULL DEFAULT ''  -- ",AF,TJ," so LIKE finds one code
        );
        CREATE INDEX places_admin1 ON places (admin1);
        CREATE INDEX places_admin2 ON places (admin2);
        CREATE INDEX places_country ON places (country_code);
        CREATE INDEX places_kind ON places (kind);

        CREATE TABLE corrections (
            id {pk},
            article_id INTEGER NOT NULL REFERENCES articles (id),
            span_start INTEGER,
            span_end INTEGER,
            surface TEXT,
            action TEXT NOT NULL CHECK (action IN ('place', 'point', 'not_place')),
            place_id TEXT REFERENCES places (id),
            lat {float},
            lon {float},
            who TEXT NOT NULL,
            at TEXT NOT NULL,
            note TEXT,
            CHECK (span_start IS NOT NULL OR surface IS NOT NULL)
        );
        CREATE INDEX corrections_article ON corrections (article_id);

        CREATE TABLE mentions (
            id {pk},
            article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
            span_start INTEGER NOT NULL,
            span_end INTEGER NOT NULL,
            text TEXT NOT NULL,
            place_id TEXT REFERENCES places (id),         -- after corrections; NULL: not a place
            parsed_place_id TEXT REFERENCES places (id),  -- what the parser said; NULL: added by hand
            correction_id INTEGER REFERENCES corrections (id),
            role TEXT NOT NULL,
            relation TEXT,
            confidence {float} NOT NULL,
            sentence_start INTEGER NOT NULL,
            sentence_end INTEGER NOT NULL,
            paragraph INTEGER NOT NULL
        );
        -- Covers the per-place aggregates without touching the table.
        CREATE INDEX mentions_place ON mentions (place_id, role, article_id);
        CREATE INDEX mentions_article ON mentions (article_id, span_start);

        CREATE TABLE user_aliases (
            id {pk},
            name TEXT NOT NULL,
            place_id TEXT NOT NULL REFERENCES places (id),
            who TEXT NOT NULL,
            at TEXT NOT NULL,
            note TEXT
        );
        CREATE INDEX user_aliases_name ON user_aliases (name);

        -- One row per (article, place) with its mention counts by role, kept in
        -- step with mentions in the same transaction: the page queries read this,
        -- a tenth of the rows of mentions, and COUNT(*) here counts articles.
        CREATE TABLE article_places (
            article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
            place_id TEXT NOT NULL REFERENCES places (id),
            literal INTEGER NOT NULL,
            demonym INTEGER NOT NULL,
            PRIMARY KEY (article_id, place_id)
        );
        CREATE INDEX article_places_place ON article_places (place_id, article_id, literal, demonym);
        """,
        {
            "sqlite": (
                # Trigram full-text index over the article text, for the text filter.
                "CREATE VIRTUAL TABLE articles_fts USING fts5"
                "(text, content='articles', content_rowid='id', tokenize='trigram')",
                "CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN"
                " INSERT INTO articles_fts (rowid, text) VALUES (new.id, new.text); END",
                "CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN"
                " INSERT INTO articles_fts (articles_fts, rowid, text) VALUES ('delete', old.id, old.text); END",
            ),
        },
    ),
    (
        2,
        "trigram index for the text filter (PostgreSQL)",
        "",
        {
            # pg_trgm is a trusted extension (PostgreSQL 13+), so a database owner
            # may add it; where it is refused the text filter still works, by a scan.
            "postgresql": (
                """DO $$ BEGIN
                    CREATE EXTENSION IF NOT EXISTS pg_trgm;
                    CREATE INDEX IF NOT EXISTS articles_text_trgm ON articles USING gin (text gin_trgm_ops);
                EXCEPTION WHEN OTHERS THEN
                    RAISE NOTICE 'pg_trgm unavailable: the text filter scans articles';
                END $$""",
            ),
        },
    ),
)


def content_hash(text: str) -> str:
    """The hash that makes ingestion idempotent: SHA-256 of the stored text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence holding ``text[start:end]`` (for mentions
    added by a correction, which no parser has placed in a sentence).

    >>> sentence_span("Fighting. Qala-i-Naw fell. Herat", 10, 20)
    (10, 26)
    """
    left = max(text.rfind(c, 0, start) for c in ".!?؟\n") + 1
    rights = [i for i in (text.find(c, end) for c in ".!?؟\n") if i >= 0]
    right = min(rights) + 1 if rights else len(text)
    while left < start and text[left].isspace():
        left += 1
    return left, min(right, len(text))


# --------------------------------------------------------------------------- the store


class Store:
    """Articles and mentions in SQLite or PostgreSQL, behind one interface.

    Open one with :meth:`open`; it is safe to share between threads (calls
    are serialised on one connection) and between processes (each write is
    one transaction). Use it as a context manager or call :meth:`close`.
    """

    def __init__(self, conn: Any, dialect: _Dialect, url: str) -> None:
        self._conn = conn
        self._dialect = dialect
        self._lock = threading.RLock()
        self.url = url
        self._migrate()

    # ---- opening

    @classmethod
    def open(cls, url: str | os.PathLike | None = None) -> Store:
        """Open (creating and migrating if need be) the store at ``url``.

        ``None`` means ``$KHARITA_DB`` or else ``data/kharita.db``. URLs:
        ``postgresql://...`` (or ``postgres://``), ``sqlite:///abs/path``,
        ``sqlite://rel/path`` or a plain file path.
        """
        url = os.fspath(url) if url is not None else os.environ.get("KHARITA_DB") or str(DEFAULT_DB)
        if url.startswith(("postgresql://", "postgres://")):
            import psycopg  # only a newsroom set-up needs it loaded

            conn = psycopg.connect(url, autocommit=True)
            return cls(conn, _PostgresDialect(), url)
        path = url.removeprefix("sqlite://") if url.startswith("sqlite://") else url
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        # Autocommit mode: transactions are opened explicitly with BEGIN IMMEDIATE,
        # which takes the write lock up front so a busy writer waits, not fails.
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA foreign_keys = ON")
        # In WAL mode NORMAL loses no committed data on a crash of the process.
        conn.execute("PRAGMA synchronous = NORMAL")
        return cls(conn, _Dialect(), f"sqlite://{path}")

    @property
    def backend(self) -> str:
        """``"sqlite"`` or ``"postgresql"``."""
        return self._dialect.name

    def close(self) -> None:
        if self._dialect.name == "sqlite":
            # ANALYZE may write; taking the write lock first makes it wait for another
            # writer instead of failing with "database is locked".
            with self._transaction() as cur:
                cur.execute("PRAGMA optimize")
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- plumbing

    @contextmanager
    def _transaction(self) -> Iterator[Any]:
        """One atomic unit of work; yields a cursor. Rolls back on any error."""
        with self._lock:
            if self._dialect.name == "sqlite":
                cur = self._conn.cursor()
                cur.execute("BEGIN IMMEDIATE")
                try:
                    yield cur
                except BaseException:
                    cur.execute("ROLLBACK")
                    raise
                cur.execute("COMMIT")
            else:
                with self._conn.transaction(), self._conn.cursor() as cur:
                    yield cur

    def _run(self, cur: Any, sql: str, params: Sequence[Any] = ()) -> Any:
        cur.execute(self._dialect.sql(sql), tuple(params))
        return cur

    def _many(self, cur: Any, sql: str, rows: list[tuple]) -> None:
        if rows:
            cur.executemany(self._dialect.sql(sql), rows)

    def _query(self, sql: str, params: Sequence[Any] = ()) -> tuple[list[str], list[tuple]]:
        with self._lock:
            cur = self._conn.cursor()
            try:
                cur.execute(self._dialect.sql(sql), tuple(params))
                columns = [d[0] for d in cur.description]
                return columns, cur.fetchall()
            finally:
                cur.close()

    def _frame(self, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        columns, rows = self._query(sql, params)
        return pd.DataFrame.from_records(rows, columns=columns)

    def _migrate(self) -> None:
        with self._transaction() as cur:
            if self._dialect.name == "postgresql":
                # Two processes opening a fresh database must not both migrate it.
                cur.execute("SELECT pg_advisory_xact_lock(4827100)")
            self._run(
                cur,
                "CREATE TABLE IF NOT EXISTS schema_migrations "
                "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
            )
            done = {row[0] for row in self._run(cur, "SELECT version FROM schema_migrations").fetchall()}
            for version, name, sql, extra in MIGRATIONS:
                if version in done:
                    continue
                # Comments go first: they may hold a ";" (the SQL holds no "--" in a string).
                script = re.sub(r"--[^\n]*", "", sql.format(**self._dialect.tokens))
                statements = [s for s in script.split(";") if s.strip()]
                for statement in [*statements, *extra.get(self._dialect.name, ())]:
                    cur.execute(statement)
                self._run(cur, "INSERT INTO schema_migrations VALUES (?, ?, ?)", (version, name, _now()))

    def schema_version(self) -> int:
        """The newest migration applied."""
        return self._query("SELECT MAX(version) FROM schema_migrations")[1][0][0]

    # ---- writing

    def _save_places(self, cur: Any, places: Sequence[Place]) -> None:
        rows = {
            p.id: (
                p.id, p.name, p.names.get("ar"), p.kind, p.country_code, p.admin1, p.admin2,
                p.lat, p.lon, int(p.population or 0), "," + ",".join(p.countries) + "," if p.countries else "",
            )
            for p in places
        }
        self._many(
            cur,
            "INSERT INTO places (id, name, name_ar, kind, country_code, admin1, admin2, lat, lon, population,"
            " countries) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET name = excluded.name, name_ar = excluded.name_ar,"
            " kind = excluded.kind, country_code = excluded.country_code, admin1 = excluded.admin1,"
            " admin2 = excluded.admin2, lat = excluded.lat, lon = excluded.lon,"
            " population = excluded.population, countries = excluded.countries",
            sorted(rows.values()),  # a fixed order, so concurrent writers lock rows alike
        )

    def _save_mentions(self, cur: Any, article_id: int, mentions: Sequence[Mention]) -> None:
        self._save_places(cur, [m.place for m in mentions])
        self._many(
            cur,
            "INSERT INTO mentions (article_id, span_start, span_end, text, place_id, parsed_place_id, role,"
            " relation, confidence, sentence_start, sentence_end, paragraph)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (article_id, m.start, m.end, m.text, m.place.id, m.place.id, m.role, m.relation,
                 float(m.confidence), m.sentence[0], m.sentence[1], m.paragraph)
                for m in mentions
            ],
        )

    def _finish_article(self, cur: Any, article_id: int) -> None:
        """Replay the article's corrections and write its consistency marker."""
        rows = self._run(
            cur,
            "SELECT id, span_start, span_end, surface, action, place_id FROM corrections"
            " WHERE article_id = ? ORDER BY id",
            (article_id,),
        ).fetchall()
        for row in rows:
            self._apply_correction(cur, article_id, *row)
        self._summarise(cur, article_id)

    def _summarise(self, cur: Any, article_id: int) -> None:
        """Rebuild the article's ``article_places`` rows and its counts."""
        self._run(cur, "DELETE FROM article_places WHERE article_id = ?", (article_id,))
        self._run(
            cur,
            "INSERT INTO article_places (article_id, place_id, literal, demonym)"
            " SELECT article_id, place_id, SUM(CASE WHEN role = 'literal' THEN 1 ELSE 0 END),"
            " SUM(CASE WHEN role = 'literal' THEN 0 ELSE 1 END) FROM mentions"
            " WHERE article_id = ? AND place_id IS NOT NULL GROUP BY article_id, place_id",
            (article_id,),
        )
        self._run(
            cur,
            "UPDATE articles SET mention_count = (SELECT COUNT(*) FROM mentions WHERE article_id = ?),"
            " place_count = (SELECT COUNT(*) FROM article_places WHERE article_id = ?) WHERE id = ?",
            (article_id, article_id, article_id),
        )

    def add_article(
        self, article: Article, result: ParseResult, *, parser_version: str, gazetteer_version: str
    ) -> tuple[int, bool]:
        """Save an article and its mentions in one transaction.

        Returns ``(article_id, added)``; ``added`` is False when an article
        with the same text (same :func:`content_hash`) is already stored, in
        which case nothing is written.
        """
        digest = content_hash(article.text)
        with self._transaction() as cur:
            row = self._run(
                cur,
                "INSERT INTO articles (title, source, url, language, published, text, content_hash, added_at,"
                " parser_version, gazetteer_version, mention_count, place_count)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0)"
                " ON CONFLICT (content_hash) DO NOTHING RETURNING id",
                (
                    article.title, article.source, article.url, article.language or result.language,
                    article.published.isoformat() if article.published else None, article.text, digest,
                    _now(), parser_version, gazetteer_version,
                ),
            ).fetchone()
            if row is None:
                existing = self._run(cur, "SELECT id FROM articles WHERE content_hash = ?", (digest,)).fetchone()
                return existing[0], False
            article_id = row[0]
            self._save_mentions(cur, article_id, result.mentions)
            self._finish_article(cur, article_id)
        return article_id, True

    def replace_mentions(
        self, article_id: int, result: ParseResult, *, parser_version: str, gazetteer_version: str
    ) -> int:
        """Swap an article's mentions for a new parse, keeping its corrections.

        One transaction; returns the number of mentions now stored.
        """
        with self._transaction() as cur:
            self._run(cur, "DELETE FROM mentions WHERE article_id = ?", (article_id,))
            self._save_mentions(cur, article_id, result.mentions)
            self._run(
                cur,
                "UPDATE articles SET parser_version = ?, gazetteer_version = ? WHERE id = ?",
                (parser_version, gazetteer_version, article_id),
            )
            self._finish_article(cur, article_id)
            return self._run(cur, "SELECT mention_count FROM articles WHERE id = ?", (article_id,)).fetchone()[0]

    def stale_articles(self, parser_version: str, gazetteer_version: str) -> list[int]:
        """Ids of the articles parsed with another parser or gazetteer version."""
        _, rows = self._query(
            "SELECT id FROM articles WHERE parser_version <> ? OR gazetteer_version <> ? ORDER BY id",
            (parser_version, gazetteer_version),
        )
        return [r[0] for r in rows]

    def has_content(self, text: str) -> int | None:
        """The id of the article whose text is ``text``, if stored."""
        _, rows = self._query("SELECT id FROM articles WHERE content_hash = ?", (content_hash(text),))
        return rows[0][0] if rows else None

    def add_correction(
        self,
        article_id: int,
        *,
        who: str,
        span: tuple[int, int] | None = None,
        surface: str | None = None,
        place: Place | str | None = None,
        point: tuple[float, float] | None = None,
        point_name: str | None = None,
        not_a_place: bool = False,
        note: str | None = None,
    ) -> int:
        """Record a journalist's correction and apply it; returns its id.

        Say which mention: ``span=(start, end)`` for one mention, or
        ``surface="قلعة ناو"`` for every mention with that text in the
        article. Say what it is: ``place`` (a :class:`Place`, or the id of a
        place already in the store), ``point=(lat, lon)`` for a spot the
        gazetteer lacks, or ``not_a_place=True``. A span the parser missed
        becomes a new mention. The latest correction touching a mention wins;
        corrections are never deleted and survive :meth:`replace_mentions`.
        """
        if (span is None) == (surface is None):
            raise ValueError("a correction names either a span or a surface form, not both")
        if sum([place is not None, point is not None, not_a_place]) != 1:
            raise ValueError("a correction says exactly one of: place, point, not_a_place")
        if not who:
            raise ValueError("a correction needs a 'who'")
        with self._transaction() as cur:
            text = self._run(cur, "SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()
            if text is None:
                raise ValueError(f"no article {article_id}")
            if span is not None and not (0 <= span[0] < span[1] <= len(text[0])):
                raise ValueError(f"span {span} is outside article {article_id}")
            lat = lon = place_id = None
            if not_a_place:
                action = "not_place"
            elif point is not None:
                action, (lat, lon) = "point", (float(point[0]), float(point[1]))
                name = point_name or surface or text[0][span[0]:span[1]]
                place_id = f"custom:{lat:.5f},{lon:.5f}"
                self._run(
                    cur,
                    "INSERT INTO places (id, name, kind, lat, lon) VALUES (?, ?, 'custom', ?, ?)"
                    " ON CONFLICT (id) DO NOTHING",
                    (place_id, name, lat, lon),
                )
            else:
                action = "place"
                if isinstance(place, Place):
                    self._save_places(cur, [place])
                    place_id = place.id
                else:
                    place_id = place
                    if self._run(cur, "SELECT 1 FROM places WHERE id = ?", (place_id,)).fetchone() is None:
                        raise ValueError(f"unknown place {place_id!r}: pass the Place itself")
            start, end = span if span is not None else (None, None)
            correction_id = self._run(
                cur,
                "INSERT INTO corrections (article_id, span_start, span_end, surface, action, place_id, lat, lon,"
                " who, at, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (article_id, start, end, surface, action, place_id, lat, lon, who, _now(), note),
            ).fetchone()[0]
            self._apply_correction(cur, article_id, correction_id, start, end, surface, action, place_id)
            self._summarise(cur, article_id)
        return correction_id

    def _apply_correction(
        self, cur: Any, article_id: int, correction_id: int, start: int | None, end: int | None,
        surface: str | None, action: str, place_id: str | None,
    ) -> None:
        if start is None:
            self._run(
                cur,
                "UPDATE mentions SET place_id = ?, correction_id = ? WHERE article_id = ? AND text = ?",
                (place_id, correction_id, article_id, surface),
            )
            return
        updated = self._run(
            cur,
            "UPDATE mentions SET place_id = ?, correction_id = ?"
            " WHERE article_id = ? AND span_start = ? AND span_end = ?",
            (place_id, correction_id, article_id, start, end),
        ).rowcount
        if updated or action == "not_place":
            return
        text = self._run(cur, "SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()[0]
        sentence = sentence_span(text, start, end)
        self._run(
            cur,
            "INSERT INTO mentions (article_id, span_start, span_end, text, place_id, parsed_place_id, correction_id,"
            " role, relation, confidence, sentence_start, sentence_end, paragraph)"
            " VALUES (?, ?, ?, ?, ?, NULL, ?, 'literal', NULL, 1.0, ?, ?, ?)",
            (article_id, start, end, text[start:end], place_id, correction_id, *sentence, text.count("\n\n", 0, start)),
        )

    def add_alias(self, name: str, place: Place | str, *, who: str, note: str | None = None) -> int:
        """Record that ``name`` means ``place`` (a user alias); returns its id."""
        if not name.strip() or not who:
            raise ValueError("an alias needs a name and a 'who'")
        with self._transaction() as cur:
            if isinstance(place, Place):
                self._save_places(cur, [place])
                place = place.id
            elif self._run(cur, "SELECT 1 FROM places WHERE id = ?", (place,)).fetchone() is None:
                raise ValueError(f"unknown place {place!r}: pass the Place itself")
            return self._run(
                cur,
                "INSERT INTO user_aliases (name, place_id, who, at, note) VALUES (?, ?, ?, ?, ?) RETURNING id",
                (name.strip(), place, who, _now(), note),
            ).fetchone()[0]

    # ---- reading: filters to SQL

    def _filter(self, f: Filters, alias: str) -> tuple[list[str], list[Any]]:
        """Conditions on ``alias.place_id``/``alias.article_id`` for the place
        and article filters of ``f``, as IN-subqueries (not joins), so the
        unfiltered case reads one covering index alone."""
        where: list[str] = []
        params: list[Any] = []

        def isin(column: str, values: Sequence[Any]) -> str:
            params.extend(values)
            return f"{column} IN ({', '.join('?' * len(values))})"

        place_where = []
        for column, values in (("admin1", f.provinces), ("admin2", f.districts), ("kind", f.kinds)):
            if values:
                place_where.append(isin(column, values))
        if f.countries:
            either = [isin("country_code", f.countries)]
            for code in f.countries:  # a border belongs to each of its countries
                either.append("countries LIKE ?")
                params.append(f"%,{code},%")
            place_where.append("(" + " OR ".join(either) + ")")
        if place_where:
            where.append(f"{alias}.place_id IN (SELECT id FROM places WHERE " + " AND ".join(place_where) + ")")

        article_where = []
        if f.article_ids:
            article_where.append(isin("id", [int(i) for i in f.article_ids]))
        for column, values in (("source", f.sources), ("language", f.languages)):
            if values:
                article_where.append(isin(column, values))
        if f.date_from:
            article_where.append("published >= ?")
            params.append(f.date_from.isoformat())
        if f.date_to:
            article_where.append("published <= ?")
            params.append(f.date_to.isoformat())
        if article_where:
            where.append(f"{alias}.article_id IN (SELECT id FROM articles WHERE " + " AND ".join(article_where) + ")")
        if f.text:
            # The article-level index first; the mention's own sentence is checked after.
            sql, more = self._dialect.articles_containing(f.text)
            where.append(f"{alias}.article_id IN ({sql})")
            params.extend(more)
        return where, params

    def _mention_filter(self, f: Filters, article: str) -> tuple[str, list[Any]]:
        """A WHERE clause over mentions ``m`` for ``f``; the query joins the
        mention's article as ``article``, whose text the sentence comes from."""
        where, params = self._filter(f, "m")
        where.insert(0, "m.place_id IS NOT NULL")
        if not f.include_demonyms:
            where.insert(1, "m.role = 'literal'")
        if f.text:
            # A join, not a correlated subquery: PostgreSQL then narrows to the
            # matching articles first instead of testing every mention.
            where.append(self._dialect.contains(
                f"substr({article}.text, m.sentence_start + 1, m.sentence_end - m.sentence_start)"
            ))
            params.append(f.text)
        return " AND ".join(where), params

    def _pairs(self, f: Filters) -> tuple[str, list[Any]]:
        """A subquery of ``(article_id, place_id, n)``: how many times each
        article names each place under ``f``.

        It reads ``article_places``; only a text search, which is decided
        sentence by sentence, needs the mentions themselves.
        """
        if f.text:
            where, params = self._mention_filter(f, "a2")
            return (
                "SELECT m.article_id, m.place_id, COUNT(*) AS n FROM mentions m JOIN articles a2"
                f" ON a2.id = m.article_id WHERE {where} GROUP BY m.article_id, m.place_id",
                params,
            )
        where, params = self._filter(f, "ap")
        if f.include_demonyms:
            n = "ap.literal + ap.demonym"
        else:
            n = "ap.literal"
            where.insert(0, "ap.literal > 0")
        sql = f"SELECT ap.article_id, ap.place_id, {n} AS n FROM article_places ap"
        return sql + (" WHERE " + " AND ".join(where) if where else ""), params

    # ---- reading: the pages' queries

    _PLACE_COLUMNS = "p.id AS place_id, p.name, p.name_ar, p.kind, p.country_code, p.admin1, p.admin2, p.lat, p.lon"

    def places(self, filters: Filters = Filters()) -> pd.DataFrame:
        """One row per place mentioned under ``filters``, most mentioned first.

        Columns: place_id, name, name_ar, kind, country_code, admin1, admin2,
        lat, lon, mentions, articles.
        """
        pairs, params = self._pairs(filters)
        return self._frame(
            f"SELECT {self._PLACE_COLUMNS}, c.mentions, c.articles FROM"
            " (SELECT x.place_id, CAST(SUM(x.n) AS BIGINT) AS mentions, COUNT(*) AS articles"
            f"  FROM ({pairs}) x GROUP BY x.place_id) c"
            " JOIN places p ON p.id = c.place_id ORDER BY c.mentions DESC, p.name",
            params,
        )

    def excerpts(self, place_id: str, filters: Filters = Filters(), *, limit: int | None = 1000) -> pd.DataFrame:
        """One row per mention of ``place_id`` under ``filters``, newest first
        (at most ``limit``; ``None`` for all).

        Columns: article_id, title, source, published, language, paragraph,
        sentence (its text), start, end (the mention's offsets within
        ``sentence``), text (the mention as written), mention_id.
        """
        where, params = self._mention_filter(filters, "a")
        sql = (
            "SELECT a.id AS article_id, a.title, a.source, a.published, a.language, m.paragraph,"
            " substr(a.text, m.sentence_start + 1, m.sentence_end - m.sentence_start) AS sentence,"
            " m.span_start - m.sentence_start AS start, m.span_end - m.sentence_start AS \"end\","
            " m.text, m.id AS mention_id"
            f" FROM mentions m JOIN articles a ON a.id = m.article_id WHERE m.place_id = ? AND {where}"
            " ORDER BY a.published DESC, a.id DESC, m.span_start"
        )
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return self._frame(sql, [place_id, *params])

    def article(self, article_id: int) -> Article | None:
        """The stored article, or None."""
        _, rows = self._query(
            "SELECT title, text, source, url, language, published, id FROM articles WHERE id = ?", (int(article_id),)
        )
        if not rows:
            return None
        title, text, source, url, language, published, id_ = rows[0]
        return Article(
            title=title, text=text, source=source, url=url, language=language,
            published=dt.date.fromisoformat(published) if published else None, id=id_,
        )

    def article_mentions(self, article_id: int) -> pd.DataFrame:
        """Every mention of one article in text order, corrected ones included.

        Columns: mention_id, start, end, text, place_id (None when marked "not
        a place"), name, name_ar, kind, country_code, admin1, admin2, lat,
        lon, role, relation, confidence, sentence_start, sentence_end,
        paragraph, parsed_place_id, correction_id.
        """
        return self._frame(
            "SELECT m.id AS mention_id, m.span_start AS start, m.span_end AS \"end\", m.text, m.place_id,"
            " p.name, p.name_ar, p.kind, p.country_code, p.admin1, p.admin2, p.lat, p.lon,"
            " m.role, m.relation, m.confidence, m.sentence_start, m.sentence_end, m.paragraph,"
            " m.parsed_place_id, m.correction_id"
            " FROM mentions m LEFT JOIN places p ON p.id = m.place_id WHERE m.article_id = ?"
            " ORDER BY m.span_start, m.span_end",
            (int(article_id),),
        )

    def province_counts(self, filters: Filters = Filters()) -> pd.DataFrame:
        """Mentions, places and articles per province, most mentioned first.

        Columns: province, mentions, places, articles. Places outside any
        province (countries, borders) are left out.
        """
        pairs, params = self._pairs(filters)
        return self._frame(
            "SELECT p.admin1 AS province, CAST(SUM(x.n) AS BIGINT) AS mentions,"
            " COUNT(DISTINCT x.place_id) AS places, COUNT(DISTINCT x.article_id) AS articles"
            f" FROM ({pairs}) x JOIN places p ON p.id = x.place_id WHERE p.admin1 IS NOT NULL"
            " GROUP BY p.admin1 ORDER BY mentions DESC, province",
            params,
        )

    #: Facet → (what it groups: place or article, its column, its Filters field).
    FACETS = {
        "province": ("place", "admin1", "provinces"),
        "country": ("place", "country_code", "countries"),
        "kind": ("place", "kind", "kinds"),
        "source": ("article", "source", "sources"),
        "language": ("article", "language", "languages"),
        "article": ("article", "id", "article_ids"),
    }

    def facets(self, filters: Filters = Filters()) -> dict[str, pd.DataFrame]:
        """Counts for the sidebar: ``{facet: DataFrame(value, label, count)}``.

        Facets: province, country, kind, source, language, article. Each
        counts mentions under every filter but its own, so the sidebar shows
        what choosing another value would give. ``label`` is the article's
        title for the article facet and the value otherwise; ``value`` is an
        int for the article facet, a str otherwise.
        """
        # Facets whose filters come out the same share one aggregate (a CTE).
        groups: dict[tuple[str, Filters], list[str]] = {}
        for facet, (table, _, field) in self.FACETS.items():
            groups.setdefault((table, filters.without(field)), []).append(facet)
        frames = []
        for (table, f), names in groups.items():
            pairs, params = self._pairs(f)
            if table == "place":
                key, joined, columns = "place_id", "places", "t.admin1, t.country_code, t.kind"
            else:
                key, joined, columns = "article_id", "articles", "t.id, t.title, t.source, t.language"
            parts = []
            for name in names:
                column = self.FACETS[name][1]
                label = "MIN(c.title)" if name == "article" else f"c.{column}"
                parts.append(
                    f"SELECT '{name}' AS facet, CAST(c.{column} AS TEXT) AS value, {label} AS label,"
                    f" CAST(SUM(c.n) AS BIGINT) AS count FROM c WHERE c.{column} IS NOT NULL GROUP BY c.{column}"
                )
            # One join of the aggregate to its table, shared by the facets of the group.
            frames.append(self._frame(
                f"WITH c AS MATERIALIZED (SELECT {columns}, x.n FROM"
                f" (SELECT x.{key}, SUM(x.n) AS n FROM ({pairs}) x GROUP BY x.{key}) x"
                f" JOIN {joined} t ON t.id = x.{key}) " + " UNION ALL ".join(parts),
                params,
            ))
        both = pd.concat(frames, ignore_index=True)
        out = {}
        for facet in self.FACETS:
            frame = both[both["facet"] == facet].drop(columns="facet")
            if facet == "article":
                frame = frame.assign(value=frame["value"].astype("int64"))
            out[facet] = frame.sort_values(["count", "value"], ascending=[False, True]).reset_index(drop=True)
        return out

    def articles(self) -> pd.DataFrame:
        """Every stored article, newest first, without its text.

        Columns: article_id, title, source, url, language, published,
        added_at, parser_version, gazetteer_version, mentions, places.
        """
        return self._frame(
            "SELECT id AS article_id, title, source, url, language, published, added_at, parser_version,"
            " gazetteer_version, mention_count AS mentions, place_count AS places"
            " FROM articles ORDER BY published DESC, id DESC"
        )

    def count_articles(self) -> int:
        """How many articles are stored."""
        return self._query("SELECT COUNT(*) FROM articles")[1][0][0]

    def corrections(self, article_id: int | None = None) -> pd.DataFrame:
        """The corrections audit trail, oldest first (optionally of one article).

        Columns: correction_id, article_id, start, end, surface, action,
        place_id, lat, lon, who, at, note.
        """
        sql = (
            "SELECT id AS correction_id, article_id, span_start AS start, span_end AS \"end\", surface, action,"
            " place_id, lat, lon, who, at, note FROM corrections"
        )
        if article_id is None:
            return self._frame(sql + " ORDER BY id")
        return self._frame(sql + " WHERE article_id = ? ORDER BY id", (int(article_id),))

    def aliases(self) -> pd.DataFrame:
        """User aliases. Columns: alias_id, name, place_id, who, at, note."""
        return self._frame("SELECT id AS alias_id, name, place_id, who, at, note FROM user_aliases ORDER BY id")

