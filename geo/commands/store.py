"""``python -m geo ingest | reparse | articles``: the article store from the shell.

``--db URL`` picks the store (default :func:`geo.config.store_url`:
``$KHARITA_DB``, else ``data/kharita.db``).
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from geo.store import Store

#: Batches longer than this get a progress bar (on a terminal, on stderr).
PROGRESS_FROM = 20


def register(subparsers: argparse._SubParsersAction) -> None:
    ingest = subparsers.add_parser(
        "ingest", help="add articles from files, folders or globs",
        description="Add articles (.txt .md .html .htm .json .jsonl) to the store. Prints one line per article: "
        "added, unchanged or error. Exits 1 if any input failed.",
    )
    ingest.add_argument("paths", nargs="+", metavar="PATH", help="a file, a folder (read recursively) or a glob")
    _db_option(ingest)
    ingest.set_defaults(handler=run_ingest)

    reparse = subparsers.add_parser(
        "reparse", help="re-geoparse articles parsed with an older parser or gazetteer",
        description="Re-geoparse every article whose parser or gazetteer version differs from the current one, "
        "keeping journalists' corrections; with --all, every article. In parallel: each worker process opens "
        "its own geoparser and store connection and writes its articles, one transaction each.",
    )
    _db_option(reparse)
    reparse.add_argument("--workers", type=_positive, default=os.cpu_count() or 1, metavar="N",
                         help="worker processes (default: every core, %(default)s here)")
    reparse.add_argument("--all", action="store_true", help="reparse every article, not only the stale ones")
    reparse.set_defaults(handler=run_reparse)

    articles = subparsers.add_parser("articles", help="list the stored articles")
    _db_option(articles)
    articles.set_defaults(handler=run_articles)


def _db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="URL", help="sqlite path/URL or postgresql://... (default: $KHARITA_DB)")


def _open_store(args: argparse.Namespace) -> Store:
    from geo import config
    from geo.store import Store

    return Store.open(args.db or config.store_url())


def _progress(items, total: int, unit: str):
    from tqdm import tqdm

    # disable=None: tqdm also hides itself when stderr is not a terminal.
    return tqdm(items, total=total, unit=unit, file=sys.stderr, disable=total < PROGRESS_FROM or None)


def run_ingest(args: argparse.Namespace) -> int:
    """One line an article; a file name or message with a line break in it is escaped, so it cannot forge lines."""
    from geo.commands.corrections import one_line
    from geo.ingest import Ingestor, expand_paths

    failed = added = unchanged = 0
    with _open_store(args) as store:
        ingestor = Ingestor(store)
        paths = expand_paths(args.paths)
        bar = _progress(paths, len(paths), "file")
        for path in bar:
            for result in ingestor.ingest_file(path):
                bar.write(one_line(result), file=sys.stdout)
                failed += result.status == "error"
                added += result.status == "added"
                unchanged += result.status == "unchanged"
    print(f"{added} added, {unchanged} unchanged, {failed} failed", file=sys.stderr)
    return 1 if failed else 0


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("at least 1")
    return number


def run_reparse(args: argparse.Namespace) -> int:
    """One line an article, as each is written; a worker writes a chunk of :data:`CHUNK` articles at a time."""
    from geo import config
    from geo.commands.corrections import one_line
    from geo.ingest import Ingestor

    url = args.db or config.store_url()
    with _open_store(args) as store:
        ingestor = Ingestor(store)
        ids = store.articles()["article_id"].sort_values().tolist() if args.all else ingestor.stale_articles()
        parallel = args.workers > 1 and len(ids) > CHUNK
        if not parallel:
            results = _report(ingestor.reparse(ids), len(ids), one_line)
    if parallel:
        # The parent's connection is closed before the workers start: none of them inherits it.
        chunks = [ids[i:i + CHUNK] for i in range(0, len(ids), CHUNK)]
        pool = _pool(min(args.workers, len(chunks)), url)
        try:
            results = _report((r for chunk in pool.imap_unordered(_reparse_chunk, chunks) for r in chunk),
                              len(ids), one_line)
        except BaseException:  # Ctrl-C, a worker's crash: stop the others
            pool.terminate()
            raise
        pool.close()  # the workers close their stores as they exit
        pool.join()
    done, failed = results
    print(f"{done} reparsed, {failed} failed", file=sys.stderr)
    return 1 if failed else 0


#: Articles a worker reparses between reports to the parent.
CHUNK = 25


def _report(results, total: int, one_line) -> tuple[int, int]:
    """Print a line a result (a progress bar on a terminal); ``(reparsed, failed)``."""
    failed = done = 0
    bar = _progress(results, total, "article")
    for result in bar:
        bar.write(one_line(result), file=sys.stdout)
        failed += result.status == "error"
        done += result.status == "reparsed"
    return done, failed


def _pool(workers: int, url: str):
    """Worker processes, each with its own store connection and geoparser (:func:`_start_worker`). Forked
    where the platform can (a test's stand-in parser is inherited), else spawned."""
    import multiprocessing

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    return multiprocessing.get_context(method).Pool(workers, initializer=_start_worker, initargs=(url,))


#: A worker process's ingestor, opened by :func:`_start_worker`.
_worker: dict = {}


def _start_worker(url: str) -> None:
    from multiprocessing.util import Finalize

    from geo.ingest import Ingestor
    from geo.store import Store

    store = Store.open(url)
    Finalize(store, store.close, exitpriority=10)  # run as the worker exits, as atexit is not in a pool
    _worker["ingestor"] = Ingestor(store)  # its own geoparser, loaded on the first parse


def _reparse_chunk(ids: list[int]) -> list:
    return list(_worker["ingestor"].reparse(ids))


def run_articles(args: argparse.Namespace) -> int:
    with _open_store(args) as store:
        frame = store.articles()
    if frame.empty:
        print("no articles", file=sys.stderr)
        return 0
    columns = ["article_id", "published", "language", "source", "mentions", "places", "title"]
    print(frame[columns].to_string(index=False, na_rep="-", max_colwidth=70))
    return 0
