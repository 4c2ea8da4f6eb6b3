"""One open database: its connection, its dialect and the lock that serialises calls on it.

The writes and the queries run their SQL through a :class:`Database`, written
once with ``?`` placeholders; the dialect turns it into the backend's style.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from geo import config
from geo.store.dialects import Dialect, SQLite, dialect_for


class Database:
    """A connection shared between threads: every call holds one lock, every write is one transaction."""

    def __init__(self, url: str | os.PathLike | None = None) -> None:
        """Connect to ``url``: ``postgresql://...`` (or ``postgres://``), ``sqlite:///abs/path``,
        ``sqlite://rel/path`` or a plain file path; ``None`` is :func:`geo.config.store_url`.

        Raises :class:`~geo.exc.StoreUnavailable` when it cannot be opened or reached.
        """
        dialect, target = dialect_for(os.fspath(url) if url is not None else config.store_url())
        self.dialect: Dialect = dialect
        self.conn = self.dialect.connect(target)
        self.url = f"sqlite://{target}" if isinstance(self.dialect, SQLite) else target
        self._lock = threading.RLock()

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        """One atomic unit of work; yields a cursor. Rolls back on any error."""
        with self._lock, self.dialect.transaction(self.conn) as cur:
            yield cur

    def run(self, cur: Any, sql: str, params: Sequence[Any] = ()) -> Any:
        """Execute one statement on ``cur`` (inside :meth:`transaction`); returns the cursor."""
        cur.execute(self.dialect.sql(sql), tuple(params))
        return cur

    def run_many(self, cur: Any, sql: str, rows: Sequence[tuple]) -> None:
        """Execute one statement for each of ``rows`` (none: nothing)."""
        if rows:
            cur.executemany(self.dialect.sql(sql), rows)

    def query(self, sql: str, params: Sequence[Any] = ()) -> tuple[list[str], list[tuple]]:
        """Read outside a transaction: the column names and every row."""
        with self._lock:
            cur = self.conn.cursor()
            try:
                cur.execute(self.dialect.sql(sql), tuple(params))
                return [d[0] for d in cur.description], cur.fetchall()
            finally:
                cur.close()

    def close(self) -> None:
        with self._lock:
            self.dialect.close(self.conn)


def utc_now() -> str:
    """The time a row is written, as stored: ISO 8601 in UTC, to the second."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
