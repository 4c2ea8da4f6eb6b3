"""One open database: its connection, its dialect and the lock that serialises calls on it.

The writes and the queries run their SQL through a :class:`Database`, written
once with ``?`` placeholders; the dialect turns it into the backend's style.
It outlives its server: a connection PostgreSQL dropped (a restart) is reopened
on the next call, and a store that cannot be reached raises
:class:`~geo.exc.StoreUnavailable`, never the driver's own error.

A SQLite store another writer holds waits for it (the busy timeout), and what
still finds it busy and has changed nothing (opening the file, a BEGIN, a read)
is tried again after a growing, jittered pause (:data:`BUSY_RETRY_DELAYS`)
before "locked" is ever said: many writers at once never see "database is locked".
"""

from __future__ import annotations

import datetime as dt
import os
import random
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from typing import Any, TypeVar

from geo import config
from geo.exc import StoreUnavailable
from geo.store.dialects import Dialect, SQLite, dialect_for

T = TypeVar("T")

#: The pauses (s) before each retry of a step that found SQLite busy past its busy timeout; each pause is
#: jittered by ±50 % so that writers who collided do not collide again in step.
BUSY_RETRY_DELAYS = (0.05, 0.1, 0.2, 0.4, 0.8)


class Database:
    """A connection shared between threads: every call holds one lock, every write is one transaction."""

    def __init__(self, url: str | os.PathLike | None = None) -> None:
        """Connect to ``url``: ``postgresql://...`` (or ``postgres://``), ``sqlite:///abs/path``,
        ``sqlite://rel/path`` or a plain file path; ``None`` is :func:`geo.config.store_url`.

        Raises :class:`~geo.exc.StoreUnavailable` when it cannot be opened or reached.
        """
        dialect, target = dialect_for(os.fspath(url) if url is not None else config.store_url())
        self.dialect: Dialect = dialect
        self._target = target
        self.conn = _retry_busy(dialect, lambda: dialect.connect(target))
        self.url = f"sqlite://{target}" if isinstance(self.dialect, SQLite) else target
        self._lock = threading.RLock()
        self._in_transaction = False

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        """One atomic unit of work; yields a cursor. Rolls back on any error.

        Only the BEGIN is ever tried twice (see :meth:`_on_live_connection`): once the work has
        started, a lost connection raises :class:`StoreUnavailable` and the next call reconnects.
        Running the work again here could write twice: PostgreSQL rolls back a transaction whose
        COMMIT it never received, but one lost during COMMIT may have committed.
        """
        with self._lock:
            stack, cur = _retry_busy(
                self.dialect, lambda: self._on_live_connection(self._begin, "while starting a write"))
            committing = False
            try:
                with stack:
                    yield cur
                    committing = True
            except StoreUnavailable:
                raise
            except Exception as exc:
                self._raise_if_unavailable(
                    exc, "while committing: the write may or may not have been saved" if committing
                    else "before the write was committed: nothing was saved")
                raise
            finally:
                self._in_transaction = False

    def _begin(self) -> tuple[ExitStack, Any]:
        """Open a transaction on the live connection: the stack that ends it, and its cursor."""
        stack = ExitStack()
        cur = stack.enter_context(self.dialect.transaction(self._live()))
        self._in_transaction = True
        return stack, cur

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
            return _retry_busy(self.dialect, lambda: self._on_live_connection(lambda: self._read(sql, params),
                                                                              "while reading"))

    def _read(self, sql: str, params: Sequence[Any]) -> tuple[list[str], list[tuple]]:
        cur = self._live().cursor()
        try:
            cur.execute(self.dialect.sql(sql), tuple(params))
            return [d[0] for d in cur.description], cur.fetchall()
        finally:
            cur.close()

    def close(self) -> None:
        with self._lock, self._unavailable_errors("while closing"):
            if self.dialect.broken(self.conn):
                self.conn.close()  # nothing to tidy on a connection the server dropped
            else:  # SQLite's close writes (PRAGMA optimize), so it may find the store busy too
                _retry_busy(self.dialect, lambda: self.dialect.close(self.conn))

    def _live(self) -> Any:
        """The connection, reopened first if its server dropped it; :class:`StoreUnavailable` if it cannot be."""
        if self.dialect.broken(self.conn):
            self.conn.close()
            self.conn = self.dialect.connect(self._target)
        return self.conn

    def _on_live_connection(self, action: Callable[[], T], doing: str) -> T:
        """``action()``, which must change nothing if it fails (a read, a BEGIN); if the server had dropped
        the connection, once more on a fresh one. A restarted server thus costs no request an error,
        though the connection's loss shows only when it is next used. Never inside a transaction: the
        fresh connection would run ``action`` outside it."""
        with self._unavailable_errors(doing):
            try:
                return action()
            except StoreUnavailable:
                raise
            except Exception:
                if self._in_transaction or not self.dialect.broken(self.conn):
                    raise
            return action()

    @contextmanager
    def _unavailable_errors(self, doing: str) -> Iterator[None]:
        """Turn the driver's errors that mean the store cannot be reached into :class:`StoreUnavailable`."""
        try:
            yield
        except StoreUnavailable:
            raise
        except Exception as exc:
            self._raise_if_unavailable(exc, doing)
            raise

    def _raise_if_unavailable(self, error: Exception, doing: str) -> None:
        """Raise :class:`StoreUnavailable` if ``error`` means the store cannot be reached (``doing`` says
        when it happened); otherwise return, and the caller re-raises ``error``."""
        if self.dialect.broken(self.conn):
            detail = " ".join(str(error).split())
            raise StoreUnavailable(f"lost the connection to the store {doing} ({detail}); "
                                   "it reconnects on the next request") from error
        if self.dialect.busy(error):
            raise StoreUnavailable(f"the store {self.url} stayed locked by another writer, longer than it waits, "
                                   f"{doing}; try again") from error


def _retry_busy(dialect: Dialect, action: Callable[[], T]) -> T:
    """``action()``, which must change nothing if it fails; tried again after each of :data:`BUSY_RETRY_DELAYS`
    while it fails because the store is busy (another writer held it past the busy timeout), then its error.

    The error may be the driver's or the :class:`StoreUnavailable` it became (the driver's is its cause).
    """
    for delay in BUSY_RETRY_DELAYS:
        try:
            return action()
        except Exception as exc:
            if not (dialect.busy(exc) or dialect.busy(exc.__cause__ or exc)):
                raise
        time.sleep(delay * random.uniform(0.5, 1.5))
    return action()


def utc_now() -> str:
    """The time a row is written, as stored: ISO 8601 in UTC, to the second."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
