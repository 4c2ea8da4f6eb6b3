"""The store outlives its database: a PostgreSQL server stopped under it gives one clear error, and the same
:class:`Store` works again once the server is back, the command line alike; a busy SQLite store waits for the
other writer, and says so plainly (never "database is locked") when it waited too long."""

from __future__ import annotations

import sqlite3
import threading

import psycopg
import pytest

from geo.cli import main
from geo.exc import StoreUnavailable
from geo.ingest import Parser
from geo.store import Store, dialects
from tests import fake_parser
from tests.fixtures import SEED, STORIES, Cluster


def add(store: Store, name: str) -> int:
    """Store one of the realistic stories, parsed by the test geoparser; its id."""
    article = STORIES[name]
    return store.add_article(article, fake_parser.parse(article.text), parser_version="p", gazetteer_version="g")[0]


def drop_connection(cluster: Cluster, store: Store) -> None:
    """End the store's server process, as a restart or an administrator would, leaving the server up."""
    with psycopg.connect(cluster.url, autocommit=True) as admin:
        assert admin.execute("SELECT pg_terminate_backend(%s)", (store._db.conn.info.backend_pid,)).fetchone()[0]


# ---------------------------------------------------------------- PostgreSQL


def test_a_stopped_server_is_a_clear_error_and_the_same_store_works_once_it_is_back(pg_cluster):
    with Store.open(pg_cluster.url) as store:
        add(store, "kabul")
        pg_cluster.stop()
        for use in (store.count_articles, store.places, lambda: add(store, "wire")):
            with pytest.raises(StoreUnavailable, match="^PostgreSQL: .*connection") as caught:
                use()
            assert "the connection is closed" not in str(caught.value)
        pg_cluster.start()
        assert store.count_articles() == 1
        add(store, "wire")
        assert sorted(store.articles()["title"]) == ["Kabul airport", "Talks in Doha"]


def test_a_restart_between_two_requests_costs_neither_an_error(pg_cluster):
    with Store.open(pg_cluster.url) as store:
        pg_cluster.stop()
        pg_cluster.start()
        assert store.count_articles() == 0  # the read found its connection dropped and ran again on a new one
        pg_cluster.stop()
        pg_cluster.start()
        add(store, "kabul")  # so did the write's BEGIN: nothing had been sent
        drop_connection(pg_cluster, store)
        assert store.places()["name"].tolist()[0] == "Kabul"
        drop_connection(pg_cluster, store)
        add(store, "wire")
        assert store.count_articles() == 2


def test_a_write_cut_short_says_nothing_was_saved_and_is_not_run_twice(pg_cluster):
    with Store.open(pg_cluster.url) as store:
        before = store.revision()
        with pytest.raises(StoreUnavailable, match="before the write was committed: nothing was saved"):
            with store._db.transaction() as cur:
                store._db.run(cur, "UPDATE store_revision SET n = n + 1 WHERE id = 1")
                drop_connection(pg_cluster, store)
                store._db.run(cur, "UPDATE store_revision SET n = n + 1 WHERE id = 1")
        assert store.revision() == before  # PostgreSQL rolled it back, and it ran once
        add(store, "kabul")
        assert store.revision() > before


def test_the_cli_says_in_one_line_that_the_store_cannot_be_reached(pg_cluster, capsys):
    pg_cluster.stop()
    assert main(["articles", "--db", pg_cluster.url]) == 5
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("error: the article store can't be reached: PostgreSQL: connection is bad")
    pg_cluster.start()
    assert main(["articles", "--db", pg_cluster.url]) == 0
    assert capsys.readouterr().err == "no articles\n"


def test_a_server_stopping_during_a_command_ends_it_in_one_line(pg_cluster, monkeypatch, capsys):
    def parse_then_stop(text, *, lang="auto", aliases=None):
        pg_cluster.stop()  # while the article is being parsed: its write finds the server gone
        return fake_parser.parse(text, lang=lang)

    parser = Parser(parse_then_stop, fake_parser.PARSER_VERSION, fake_parser.GAZETTEER_VERSION)
    monkeypatch.setattr("geo.ingest.service.default_parser", lambda: parser)
    assert main(["ingest", str(SEED), "--db", pg_cluster.url]) == 5
    err = capsys.readouterr().err
    assert "Traceback" not in err and "AdminShutdown" not in err
    assert err.splitlines()[-1].startswith("error: the article store can't be reached: PostgreSQL: ")


# ---------------------------------------------------------------- SQLite


def hold_write_lock(path) -> sqlite3.Connection:
    """Another writer, in the middle of its transaction on the store at ``path``."""
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    return other


def test_a_sqlite_writer_waits_for_another_and_readers_do_not(tmp_path):
    with Store.open(tmp_path / "k.db") as store:
        other = hold_write_lock(tmp_path / "k.db")
        assert store.count_articles() == 0  # WAL: a reader never waits for a writer
        release = threading.Timer(0.3, other.execute, ("COMMIT",))
        release.start()
        add(store, "kabul")  # waits for the other writer's COMMIT, then writes
        release.join()
        other.close()
        assert store.count_articles() == 1


def test_a_sqlite_store_locked_too_long_says_so_plainly(tmp_path, monkeypatch):
    monkeypatch.setattr(dialects, "BUSY_TIMEOUT_MS", 50)
    with Store.open(tmp_path / "k.db") as store:
        other = hold_write_lock(tmp_path / "k.db")
        with pytest.raises(StoreUnavailable, match="stayed locked by another writer") as caught:
            add(store, "kabul")
        assert "database is locked" not in str(caught.value)
        other.execute("ROLLBACK")
        other.close()
        add(store, "kabul")
        assert store.count_articles() == 1
