"""SIGKILL in the middle of a batch leaves a consistent store, and the batch resumes."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests import fake_parser as fp

ROOT = Path(__file__).resolve().parent.parent
BATCH = 1000
NAMES = ["Qala-i-Naw", "Badghis", "Herat", "Kabul", "Doha", "Tajikistan", "قلعة ناو", "بادغيس", "كابل"]


def write_batch(folder: Path) -> None:
    for i in range(BATCH):
        # Many mentions an article, so a kill can land between an article and its mentions.
        sentences = [f"Report {i}: fighting near {NAMES[(i + k) % len(NAMES)]} on day {k}." for k in range(40)]
        (folder / f"{i:04d}.txt").write_text(f"Article {i}\n\n" + " ".join(sentences) + "\n", encoding="utf-8")


def ingest(folder: Path, db: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "tests.fake_cli", "ingest", str(folder), "--db", str(db)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def stored(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:  # not created or not migrated yet
        return 0


def assert_consistent(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        rows = conn.execute(
            "SELECT a.id, a.text, a.mention_count, (SELECT COUNT(*) FROM mentions m WHERE m.article_id = a.id)"
            " FROM articles a"
        ).fetchall()
    for article_id, text, marker, mentions in rows:
        # The marker is written in the article's transaction; a re-parse says what it must be.
        assert marker == mentions == len(fp.parse(text).mentions) > 0, article_id
    return len(rows)


def test_sigkill_mid_batch_then_resume(tmp_path: Path) -> None:
    folder, db = tmp_path / "batch", tmp_path / "kharita.db"
    folder.mkdir()
    write_batch(folder)

    proc = ingest(folder, db)
    deadline = time.monotonic() + 120
    while stored(db) < 50 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    proc.kill()  # SIGKILL: no cleanup, no rollback by Python
    proc.wait()
    assert proc.returncode == -9, proc.stderr.read()

    before = assert_consistent(db)
    assert 50 <= before < BATCH, f"the kill should land mid-batch, {before} were stored"

    again = ingest(folder, db)
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    lines = out.splitlines()
    assert sum(line.startswith("unchanged") for line in lines) == before
    assert sum(line.startswith("added") for line in lines) == BATCH - before
    assert assert_consistent(db) == BATCH
