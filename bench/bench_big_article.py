"""One big article (issue 14): how long the server works before the Articles page and the map's panel first draw.

Stores the big article of ``tests/test_big_article.py`` (numbered copies of one paragraph naming Kabul and Herat,
twelve mentions each) in a fresh SQLite store, then runs the pages as a first visit would, with Streamlit's
``AppTest`` (the server's own work: queries, HTML, the map; no browser), and prints the seconds each took, on
the clock and in CPU:

- the Articles page at the article (``?read=``), and at its last page;
- the map with Kabul selected, whose excerpt panel lists Kabul's mentions;
- the store's queries for one page of the article and for the whole of it.

    .venv/bin/python bench/bench_big_article.py [--paragraphs 3000 13430]

13,430 paragraphs is the size of the article in the issue (161,160 mentions, 4.2 MB).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from anywhere

import streamlit as st  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from geo.store import Store  # noqa: E402
from tests import fake_parser  # noqa: E402
from tests.test_big_article import add_big_article  # noqa: E402


def timed(label: str, run):
    """``run()``, printing its wall-clock seconds and this process's CPU seconds (the figure to trust on a busy
    machine: the page runs in a thread of this process)."""
    start, cpu = time.perf_counter(), time.process_time()
    result = run()
    print(f"  {label:<48} {time.perf_counter() - start:7.2f} s  ({time.process_time() - cpu:6.2f} s CPU)", flush=True)
    return result


def first_visit(script: str, timeout: float, **params: str):
    """One run of ``script`` with ``params`` in the address bar, as a new session (nothing cached)."""
    st.cache_data.clear()  # a first visit: no query result cached yet (nor another store's)
    at = AppTest.from_file(str(ROOT / script), default_timeout=timeout)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def bench(paragraphs: int, timeout: float) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "kharita.db"
        with Store.open(path) as store:
            article_id = add_big_article(store, fake_parser.PARSER, paragraphs)
            article = store.article(article_id)
            total = int(store.articles()["mentions"].iloc[0])
            print(f"{paragraphs:,} paragraphs, {len(article.text) / 2**20:.1f} MB, {total:,} mentions", flush=True)
            timed("store: the whole article's mentions", lambda: store.article_mentions(article_id))
            timed("store: one page's mentions (20,000 characters)",
                  lambda: store.article_mentions(article_id, 0, 20_000, limit=20_000))
            timed("store: Kabul's newest 100 excerpts", lambda: store.excerpts("test:kabul", limit=100))
        os.environ["KHARITA_DB"] = str(path)
        fake_parser.install()
        timed("Articles page, first render", lambda: first_visit("pages/Articles.py", timeout, read=str(article_id)))
        timed("Articles page, last paragraph's page", lambda: first_visit(
            "pages/Articles.py", timeout, read=str(article_id), paragraph=str(paragraphs - 1)))
        timed("Map, Kabul selected (excerpt panel)", lambda: first_visit("app.py", timeout, place="test:kabul"))


def main() -> None:
    logging.getLogger("streamlit").setLevel(logging.ERROR)  # AppTest's "missing ScriptRunContext" on every run
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, nargs="+", default=[3000, 13_430])
    parser.add_argument("--timeout", type=float, default=600, help="give up on a page after this many seconds")
    args = parser.parse_args()
    for paragraphs in args.paragraphs:
        bench(paragraphs, args.timeout)


if __name__ == "__main__":
    main()
