"""Eight processes write at once, ingesting and correcting, on SQLite and on PostgreSQL (issue 14,
"Concurrent writers"): every write a command acknowledged is in the store afterwards, and no writer
is ever told "database is locked" (SQLite's writers wait, then retry with backoff: geo.store.connection).

Each writer is ``tests/writer_worker.py``, a process running the command line's ``ingest`` or
``correct`` over and over for ``KHARITA_WRITER_SECONDS`` seconds (10 by default; the issue's figure
is 30: ``KHARITA_WRITER_SECONDS=30 pytest tests/test_writers.py``).
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from geo.ingest import Ingestor
from geo.store import Store, dialects
from tests import fake_parser as fp

ROOT = Path(__file__).resolve().parent.parent
SECONDS = float(os.environ.get("KHARITA_WRITER_SECONDS", "10"))
ROLES = ("ingest", "correct") * 4
#: What the ingest command says on stderr when all went well: its summary line.
_SUMMARY = " added, "


def start(url: str, name: str, role: str, folder: Path) -> subprocess.Popen:
    """The writer, its stdout and stderr going to files in ``folder`` (a pipe read by no one would block it)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with (folder / f"{name}.out").open("w") as out, (folder / f"{name}.err").open("w") as err:
        return subprocess.Popen(
            [sys.executable, "-m", "tests.writer_worker", url, name, role, str(SECONDS), str(folder)],
            cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=out, stderr=err, text=True,
        )


def wait_ready(proc: subprocess.Popen, folder: Path, name: str) -> None:
    """Wait until the writer has said it is ready (or has ended, or taken five minutes to import)."""
    deadline = time.monotonic() + 300
    while (folder / f"{name}.out").read_text() != "ready\n":
        assert proc.poll() is None and time.monotonic() < deadline, (folder / f"{name}.err").read_text()
        time.sleep(0.05)


def test_eight_writers_at_once_lose_nothing_and_never_see_a_lock(store_url: str, tmp_path: Path) -> None:
    with Store.open(store_url) as store:  # a few articles for the correctors to start on
        ingestor = Ingestor(store, fp.PARSER)
        seeded = [ingestor.ingest_text(f"Seed {i}\n\nFighting near Kabul, Herat and Badghis on day {i}.").article_id
                  for i in range(8)]
    names = [f"writer{n}" for n in range(len(ROLES))]
    launched = time.monotonic()
    procs = [start(store_url, name, role, tmp_path) for name, role in zip(names, ROLES, strict=True)]
    for proc, name in zip(procs, names, strict=True):  # all imported and connected: then all start at once
        wait_ready(proc, tmp_path, name)
    for proc in procs:
        proc.stdin.write("go\n")
        proc.stdin.close()
    started = time.monotonic()
    for proc in procs:
        proc.wait(timeout=SECONDS + 300)
    took = time.monotonic() - started

    acks: list[dict] = []
    for proc, name in zip(procs, names, strict=True):
        err = (tmp_path / f"{name}.err").read_text()
        complaints = [line for line in err.splitlines() if _SUMMARY not in line]
        assert "locked" not in err.lower(), err
        assert proc.returncode == 0 and complaints == [], err
        own = [json.loads(line) for line in (tmp_path / f"{name}.out").read_text().splitlines()[1:]]
        assert own, f"{name} had no write acknowledged in {SECONDS} s"
        acks += own
    articles = [a for a in acks if a["kind"] == "article"]
    corrections = [c for c in acks if c["kind"] == "correction"]
    print(f"{len(procs)} writers, ready in {started - launched:.0f} s, writing for {SECONDS:.0f} s ({took:.0f} s to the"
          f" last one's end): {len(articles)} articles and {len(corrections)} corrections acknowledged")

    with Store.open(store_url) as store:
        stored = store.articles().set_index("article_id")["title"].to_dict()
        assert {a["id"]: a["title"] for a in articles} | {i: f"Seed {n}" for n, i in enumerate(seeded)} == stored
        assert set(stored.values()) == {*(a["title"] for a in articles), *(f"Seed {n}" for n in range(8))}
        trail = store.corrections().set_index("correction_id")
        assert sorted(trail.index) == sorted(c["id"] for c in corrections)
        latest: dict[tuple[int, str], dict] = {}
        for c in corrections:
            row = trail.loc[c["id"]]
            assert (row["article_id"], f"{row['start']}:{row['end']}", row["action"]) == (
                c["article"], c["span"], c["action"])
            key = (c["article"], c["span"])
            if key not in latest or latest[key]["id"] < c["id"]:
                latest[key] = c
        # The latest correction of a mention is the one it shows.
        for (article_id, span), c in latest.items():
            mentions = store.article_mentions(article_id)
            [mention] = mentions[(mentions["start"].astype(str) + ":" + mentions["end"].astype(str)) == span].to_dict(
                "records")
            assert mention["correction_id"] == c["id"], (article_id, span)
            assert (mention["place_id"] is None) == (c["action"] == "not_place"), (article_id, span)


def test_a_sqlite_writer_held_up_past_its_busy_timeout_retries_and_writes(tmp_path: Path, monkeypatch) -> None:
    """The busy timeout runs out (50 ms here, 30 s in use) while another writer still holds the store; the
    BEGIN is tried again after a pause, and the write goes in once the other is done, with no error."""
    monkeypatch.setattr(dialects, "BUSY_TIMEOUT_MS", 50)
    with Store.open(tmp_path / "k.db") as store:
        other = sqlite3.connect(tmp_path / "k.db", isolation_level=None, check_same_thread=False)
        other.execute("BEGIN IMMEDIATE")
        release = threading.Timer(0.3, other.execute, ("COMMIT",))
        release.start()
        result = Ingestor(store, fp.PARSER).ingest_text("Held up\n\nFighting near Kabul went on.")
        release.join()
        other.close()
        assert result.status == "added" and store.article(result.article_id).title == "Held up"
