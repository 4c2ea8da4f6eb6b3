"""SIGKILL in the middle of a folder ingest, at random moments, on SQLite and on PostgreSQL, leaves a
consistent store, and re-running completes the batch with no duplicates (issue 14, "Killed mid-ingest").

Each article is one transaction (:meth:`geo.store.Store.add_article`): its row, its mentions, its
``article_places`` rows and its counts commit together or not at all. After every kill the store is
checked: SQLite's ``PRAGMA integrity_check`` and ``foreign_key_check``; on both backends every article
holds exactly the mentions the (test) geoparser finds in its text, and more than none (each text names
places), its ``mention_count`` and ``place_count`` agree with its mention rows, its ``article_places``
rows are its mentions grouped by place, no mention or ``article_places`` row lacks its article, and no
text or title is stored twice.
"""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from geo.ingest import Ingestor
from geo.store import Store
from geo.store.connection import Database
from tests import fake_parser as fp

ROOT = Path(__file__).resolve().parent.parent
BATCH = 600
NAMES = ["Qala-i-Naw", "Badghis", "Herat", "Kabul", "Doha", "Tajikistan", "قلعة ناو", "بادغيس", "كابل"]
#: How many times a run is killed before the last one is let finish, and the seed of the moments.
KILLS = 3
SEED = 1414


def write_batch(folder: Path) -> None:
    for i in range(BATCH):
        # Many mentions an article, so a kill can land between an article and its mentions.
        sentences = [f"Report {i}: fighting near {NAMES[(i + k) % len(NAMES)]} on day {k}." for k in range(40)]
        (folder / f"{i:04d}.txt").write_text(f"Article {i}\n\n" + " ".join(sentences) + "\n", encoding="utf-8")


def ingest(folder: Path, url: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "tests.fake_cli", "ingest", str(folder), "--db", url],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


class ArticleCount:
    """How many articles the store at ``url`` holds, asked over and over while a run goes on."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._db: Database | None = None

    def __call__(self) -> int:
        try:
            if self.url.startswith("sqlite://"):  # read-only: the watcher must not create or lock the file
                path = self.url.removeprefix("sqlite://")
                with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as conn:
                    return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
            self._db = self._db or Database(self.url)
            return self._db.query("SELECT COUNT(*) FROM articles")[1][0][0]
        except Exception as exc:  # not created or not migrated yet
            if "articles" in str(exc) or isinstance(exc, sqlite3.OperationalError):
                return 0
            raise

    def close(self) -> None:
        if self._db is not None:
            self._db.conn.close()


def assert_consistent(url: str) -> int:
    """Check the store (see the module's docstring); the number of articles it holds."""
    if url.startswith("sqlite://"):
        with sqlite3.connect(url.removeprefix("sqlite://")) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    db = Database(url)
    try:
        _, articles = db.query(
            "SELECT a.id, a.title, a.content_hash, a.text, a.mention_count, a.place_count,"
            " (SELECT COUNT(*) FROM mentions m WHERE m.article_id = a.id),"
            " (SELECT COUNT(*) FROM article_places p WHERE p.article_id = a.id)"
            " FROM articles a ORDER BY a.id"
        )
        _, mentions = db.query("SELECT article_id, place_id, role, span_start, span_end FROM mentions")
        _, places = db.query("SELECT article_id, place_id, literal, demonym FROM article_places")
        _, orphans = db.query(
            "SELECT (SELECT COUNT(*) FROM mentions WHERE article_id NOT IN (SELECT id FROM articles)),"
            " (SELECT COUNT(*) FROM article_places WHERE article_id NOT IN (SELECT id FROM articles))"
        )
    finally:
        db.conn.close()
    assert orphans == [(0, 0)]
    spans: dict[int, list[tuple]] = {}
    grouped: Counter = Counter()
    for article_id, place_id, role, start, end in mentions:
        spans.setdefault(article_id, []).append((start, end, place_id))
        grouped[article_id, place_id, role == "literal"] += 1
    for article_id, _title, _digest, text, mention_count, place_count, mention_rows, place_rows in articles:
        expected = sorted((m.start, m.end, m.place.id) for m in fp.parse(text).mentions)
        assert len(expected) > 0, article_id  # every text of the batch names places
        assert sorted(spans.get(article_id, [])) == expected, article_id
        assert mention_count == mention_rows == len(expected), article_id
        assert place_count == place_rows == len({place for _, _, place in expected}), article_id
    for article_id, place_id, literal, demonym in places:
        assert (literal, demonym) == (grouped[article_id, place_id, True], grouped[article_id, place_id, False])
    assert len({row[1] for row in articles}) == len({row[2] for row in articles}) == len(articles), "duplicates"
    return len(articles)


def test_sigkill_at_random_moments_then_resume(store_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    write_batch(folder)
    moments = random.Random(SEED)
    count = ArticleCount(store_url)
    stored = 0
    try:
        for kill in range(KILLS):
            # Kill once the run has stored a random few more, then a random few milliseconds on:
            # within an article's transaction as often as between two.
            target, delay = stored + moments.randint(20, 120), moments.uniform(0, 0.03)
            proc = ingest(folder, store_url)
            deadline = time.monotonic() + 120
            while count() < target and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.005)
            time.sleep(delay)
            proc.kill()  # SIGKILL: no cleanup, no rollback by Python
            _, err = proc.communicate()
            assert proc.returncode == -9, f"kill {kill}: the run ended by itself: {err}"
            now = assert_consistent(store_url)
            assert stored < now < BATCH, f"kill {kill} should land mid-batch: {stored} stored before, {now} after"
            stored = now
    finally:
        count.close()

    again = ingest(folder, store_url)
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    lines = out.splitlines()
    assert sum(line.startswith("unchanged") for line in lines) == stored
    assert sum(line.startswith("added") for line in lines) == BATCH - stored
    assert assert_consistent(store_url) == BATCH


def test_the_check_finds_an_article_without_its_mentions_or_with_wrong_counts(store_url: str) -> None:
    with Store.open(store_url) as store:
        ingestor = Ingestor(store, fp.PARSER)
        _, second, third = (ingestor.ingest_text(f"Article {i}\n\nFighting near Kabul and Herat, day {i}.")
                                for i in range(3))
    assert assert_consistent(store_url) == 3
    db = Database(store_url)
    with db.transaction() as cur:
        db.run(cur, "UPDATE articles SET mention_count = 5 WHERE id = ?", (second.article_id,))
    with pytest.raises(AssertionError):
        assert_consistent(store_url)
    with db.transaction() as cur:
        db.run(cur, "UPDATE articles SET mention_count = 2 WHERE id = ?", (second.article_id,))
        db.run(cur, "DELETE FROM mentions WHERE article_id = ?", (third.article_id,))
    with pytest.raises(AssertionError):
        assert_consistent(store_url)
    db.close()
