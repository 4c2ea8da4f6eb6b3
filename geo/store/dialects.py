"""How SQLite and PostgreSQL differ, in one place: connecting, transactions and the few SQL forms not alike.

Every other module of the store writes SQL once, with ``?`` placeholders and
the forms both backends share; a :class:`Dialect` turns it into its backend's
style and supplies the rest. :func:`dialect_for` picks one from a store's URL.
"""

from __future__ import annotations

import re
import sqlite3
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from geo.exc import StoreUnavailable

#: How long a SQLite writer waits for another writer before giving up (ms).
BUSY_TIMEOUT_MS = 30_000
#: How long opening a PostgreSQL connection may take (s), unless the URL says: a page must not hang on a dead host.
CONNECT_TIMEOUT_S = 10


class Dialect(ABC):
    """The interface both backends implement."""

    #: ``"sqlite"`` or ``"postgresql"``.
    name: str
    #: What the schema's ``{pk}`` and ``{float}`` stand for.
    tokens: dict[str, str]

    @abstractmethod
    def connect(self, target: str) -> Any:
        """An open connection in autocommit mode; :class:`StoreUnavailable` if there can be none."""

    @abstractmethod
    def transaction(self, conn: Any) -> Any:
        """A context manager for one atomic unit of work, yielding a cursor; it rolls back on any error."""

    def close(self, conn: Any) -> None:
        """Close the connection."""
        conn.close()

    def broken(self, conn: Any) -> bool:
        """Whether ``conn`` can run no more statements (its server dropped it); then it must be reopened."""
        return False

    def busy(self, error: Exception) -> bool:
        """Whether ``error`` says the database stayed locked by another writer for longer than it waits."""
        return False

    def sql(self, text: str) -> str:
        """SQL written with ``?`` placeholders, in this backend's style."""
        return text

    @abstractmethod
    def contains(self, haystack: str) -> str:
        """A case-insensitive "haystack contains ?" condition."""

    @abstractmethod
    def articles_containing(self, text: str) -> tuple[str, list[Any]]:
        """A subquery of the ids of articles whose text contains ``text``, and its parameters."""


class SQLite(Dialect):
    """The embedded backend: WAL mode, foreign keys on, and a busy timeout, so two writers both succeed."""

    name = "sqlite"
    tokens = {"pk": "INTEGER PRIMARY KEY AUTOINCREMENT", "float": "REAL"}

    def connect(self, target: str) -> sqlite3.Connection:
        try:
            Path(target).parent.mkdir(parents=True, exist_ok=True)
            # Autocommit mode: transactions are opened explicitly with BEGIN IMMEDIATE,
            # which takes the write lock up front so a busy writer waits, not fails.
            conn = sqlite3.connect(target, isolation_level=None, check_same_thread=False,
                                   timeout=BUSY_TIMEOUT_MS / 1000)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA foreign_keys = ON")
            # In WAL mode NORMAL loses no committed data on a crash of the process.
            conn.execute("PRAGMA synchronous = NORMAL")
        except (sqlite3.Error, OSError) as exc:
            raise StoreUnavailable(f"cannot open the SQLite store {target}: {exc}") from exc
        return conn

    @contextmanager
    def transaction(self, conn: sqlite3.Connection) -> Iterator[sqlite3.Cursor]:
        cur = conn.cursor()
        cur.execute("BEGIN IMMEDIATE")
        try:
            yield cur
        except BaseException:
            cur.execute("ROLLBACK")
            raise
        cur.execute("COMMIT")

    def close(self, conn: sqlite3.Connection) -> None:
        # ANALYZE may write; taking the write lock first makes it wait for another
        # writer instead of failing with "database is locked".
        with self.transaction(conn) as cur:
            cur.execute("PRAGMA optimize")
        conn.close()

    def busy(self, error: Exception) -> bool:
        # The primary result code, whatever the extended one (SQLITE_BUSY_SNAPSHOT, SQLITE_LOCKED_SHAREDCACHE).
        return isinstance(error, sqlite3.OperationalError) and getattr(error, "sqlite_errorcode", 0) & 0xFF in (
            sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)

    def contains(self, haystack: str) -> str:
        return f"instr(lower({haystack}), lower(?)) > 0"

    def articles_containing(self, text: str) -> tuple[str, list[Any]]:
        """The trigram index finds substrings in any script, case-insensitively;
        it needs three characters, so shorter searches scan."""
        if len(text) >= 3:
            return "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?", ['"' + text.replace('"', '""') + '"']
        return f"SELECT id FROM articles WHERE {self.contains('text')}", [text]


class PostgreSQL(Dialect):
    """A newsroom's server, through psycopg 3."""

    name = "postgresql"
    tokens = {"pk": "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", "float": "DOUBLE PRECISION"}

    def connect(self, target: str) -> Any:
        import psycopg  # only a newsroom set-up needs it loaded
        from psycopg.conninfo import conninfo_to_dict

        try:
            timeout = {} if "connect_timeout" in conninfo_to_dict(target) else {"connect_timeout": CONNECT_TIMEOUT_S}
            return psycopg.connect(target, autocommit=True, **timeout)
        except psycopg.Error as exc:
            raise StoreUnavailable(f"PostgreSQL: {exc}".strip()) from exc

    def broken(self, conn: Any) -> bool:
        # psycopg marks a connection broken when the server hung up on it (a restart, a shutdown, a
        # killed backend); every later call would fail with "the connection is closed".
        return bool(conn.closed or conn.broken)

    @contextmanager
    def transaction(self, conn: Any) -> Iterator[Any]:
        with conn.transaction(), conn.cursor() as cur:
            yield cur

    def sql(self, text: str) -> str:
        # psycopg reads % as its own placeholder marker, so literal ones double.
        return text.replace("%", "%%").replace("?", "%s")

    def contains(self, haystack: str) -> str:
        return f"strpos(lower({haystack}), lower(?)) > 0"

    def articles_containing(self, text: str) -> tuple[str, list[Any]]:
        """ILIKE, which the pg_trgm index of migration 2 answers for three characters or more."""
        pattern = "%" + re.sub(r"([\\%_])", r"\\\1", text) + "%"
        return "SELECT id FROM articles WHERE text ILIKE ?", [pattern]


def dialect_for(url: str) -> tuple[Dialect, str]:
    """The dialect a store URL names, and what its driver connects to.

    >>> dialect_for("sqlite:///tmp/k.db")[0].name, dialect_for("/tmp/k.db")[1]
    ('sqlite', '/tmp/k.db')
    >>> dialect_for("postgres://db.example/kharita")[0].name
    'postgresql'
    """
    if url.startswith(("postgresql://", "postgres://")):
        return PostgreSQL(), url
    return SQLite(), url.removeprefix("sqlite://")
