"""The store's tables, and the migrations that create and upgrade them when a store is opened.

Each :class:`Migration` is a list of statements, run in order in one
transaction with the version recorded in ``schema_migrations``; no SQL text is
ever split. Append only: a released migration never changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from geo.store import aggregates, periods
from geo.store.connection import Database, utc_now


@dataclass(frozen=True)
class Migration:
    """One step of the schema: statements for both backends, then each backend's own."""

    version: int
    name: str
    #: For both backends; ``{pk}`` and ``{float}`` become the backend's types.
    statements: tuple[str, ...] = ()
    #: Backend name → statements for it alone, run as written.
    only: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def statements_for(self, tokens: dict[str, str], backend: str) -> list[str]:
        """What to run on ``backend``, in order."""
        return [s.format(**tokens) for s in self.statements] + list(self.only.get(backend, ()))


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "articles, places, mentions, corrections, user aliases",
        (
            """CREATE TABLE articles (
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
            )""",
            "CREATE INDEX articles_published ON articles (published)",
            "CREATE INDEX articles_source ON articles (source)",
            "CREATE INDEX articles_language ON articles (language)",
            "CREATE INDEX articles_versions ON articles (parser_version, gazetteer_version)",
            """CREATE TABLE places (
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
            )""",
            "CREATE INDEX places_admin1 ON places (admin1)",
            "CREATE INDEX places_admin2 ON places (admin2)",
            "CREATE INDEX places_country ON places (country_code)",
            "CREATE INDEX places_kind ON places (kind)",
            """CREATE TABLE corrections (
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
            )""",
            "CREATE INDEX corrections_article ON corrections (article_id)",
            """CREATE TABLE mentions (
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
            )""",
            # Covers the per-place aggregates without touching the table.
            "CREATE INDEX mentions_place ON mentions (place_id, role, article_id)",
            "CREATE INDEX mentions_article ON mentions (article_id, span_start)",
            """CREATE TABLE user_aliases (
                id {pk},
                name TEXT NOT NULL,
                place_id TEXT NOT NULL REFERENCES places (id),
                who TEXT NOT NULL,
                at TEXT NOT NULL,
                note TEXT
            )""",
            "CREATE INDEX user_aliases_name ON user_aliases (name)",
            # One row per (article, place) with its mention counts by role, kept in
            # step with mentions in the same transaction: the page queries read this,
            # a tenth of the rows of mentions, and COUNT(*) here counts articles.
            """CREATE TABLE article_places (
                article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
                place_id TEXT NOT NULL REFERENCES places (id),
                literal INTEGER NOT NULL,
                demonym INTEGER NOT NULL,
                PRIMARY KEY (article_id, place_id)
            )""",
            "CREATE INDEX article_places_place ON article_places (place_id, article_id, literal, demonym)",
        ),
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
    Migration(
        2,
        "trigram index for the text filter (PostgreSQL)",
        only={
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
    Migration(
        3,
        "correction scopes and undo, stored alternatives, corrected counts, a store revision",
        (
            # 'mention' (a span), 'article' (a surface form in one article) or
            # 'everywhere' (a surface form in every article, future ones too).
            "ALTER TABLE corrections ADD COLUMN scope TEXT NOT NULL DEFAULT 'mention'",
            "UPDATE corrections SET scope = 'article' WHERE span_start IS NULL",
            "ALTER TABLE corrections ADD COLUMN undone_at TEXT",
            "ALTER TABLE corrections ADD COLUMN undone_by TEXT",
            "CREATE INDEX corrections_scope ON corrections (scope, undone_at)",
            # The parser's next-best readings, as JSON [[place_id, share], ...].
            "ALTER TABLE mentions ADD COLUMN alternatives TEXT",
            "ALTER TABLE article_places ADD COLUMN corrected INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE user_aliases ADD COLUMN removed_at TEXT",
            "ALTER TABLE user_aliases ADD COLUMN removed_by TEXT",
            # One number that moves with every write, so caches know when to refresh.
            "CREATE TABLE store_revision (id INTEGER PRIMARY KEY CHECK (id = 1), n BIGINT NOT NULL)",
            "INSERT INTO store_revision (id, n) VALUES (1, 0)",
        ),
    ),
    Migration(
        4,
        "stories: an article's places as named, ordered steps for the Present page",
        (
            """CREATE TABLE stories (
                id {pk},
                name TEXT NOT NULL UNIQUE,
                article_id INTEGER REFERENCES articles (id) ON DELETE SET NULL,
                saved_at TEXT NOT NULL
            )""",
            # A step's place is copied, not referenced: a place added from the gazetteer
            # need not be in ``places``, and a reparse must not change a saved story.
            """CREATE TABLE story_steps (
                story_id INTEGER NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                place_id TEXT NOT NULL,
                name TEXT NOT NULL,
                name_ar TEXT,
                kind TEXT NOT NULL,
                caption TEXT NOT NULL,
                zoom INTEGER,                   -- NULL: fit the place's shape
                lat {float},
                lon {float},
                paragraph INTEGER,
                PRIMARY KEY (story_id, position)
            )""",
        ),
    ),
    Migration(
        5,
        "the distance a mention's relation is written with",
        # "30 km west of Kabul": 30.0, in kilometres; NULL where no distance was written.
        ("ALTER TABLE mentions ADD COLUMN distance_km {float}",),
    ),
    Migration(
        6,
        "totals kept in step on write: per place, per article and group (province, district, source, language)",
        # The tables, filled from article_places for a store that has articles (geo.store.aggregates).
        (*aggregates.CREATE, *aggregates.FILL),
    ),
    Migration(
        7,
        "the article list read from one index, never the articles' rows and their text",
        # Covers Queries.articles (newest first) and the article facet's titles.
        ("CREATE INDEX articles_listing ON articles (published, id, title, source, url, language, added_at,"
         " parser_version, gazetteer_version, mention_count, place_count)",),
    ),
    Migration(
        8,
        "the most mentioned articles read from one index (the article facet)",
        ("CREATE INDEX article_groups_most ON article_groups (grp, parent, name, literal, article_id)",),
    ),
    Migration(
        9,
        "totals by source, language and period (year, month), so that views filtered by them read totals too",
        # The tables, filled from article_places and article_groups (geo.store.aggregates).
        (*periods.CREATE_PERIODS, *periods.FILL_PERIODS),
    ),
)

#: Two processes opening a fresh PostgreSQL database must not both migrate it.
_MIGRATION_LOCK = 4827100


def migrate(db: Database) -> None:
    """Apply, in one transaction, every migration the database has not had yet."""
    with db.transaction() as cur:
        if db.dialect.name == "postgresql":
            cur.execute(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})")
        db.run(
            cur,
            "CREATE TABLE IF NOT EXISTS schema_migrations "
            "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
        )
        done = {row[0] for row in db.run(cur, "SELECT version FROM schema_migrations").fetchall()}
        for migration in MIGRATIONS:
            if migration.version in done:
                continue
            for statement in migration.statements_for(db.dialect.tokens, db.dialect.name):
                cur.execute(statement)
            db.run(cur, "INSERT INTO schema_migrations VALUES (?, ?, ?)",
                   (migration.version, migration.name, utc_now()))
