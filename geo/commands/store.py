"""``python -m geo ingest | reparse | articles``: the article store from the shell.

``--db URL`` picks the store (default :func:`geo.config.store_url`:
``$KHARITA_DB``, else ``data/kharita.db``).
"""

from __future__ import annotations

import argparse
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
        "keeping journalists' corrections.",
    )
    _db_option(reparse)
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


def run_reparse(args: argparse.Namespace) -> int:
    from geo.commands.corrections import one_line
    from geo.ingest import Ingestor

    failed = done = 0
    with _open_store(args) as store:
        ingestor = Ingestor(store)
        bar = _progress(ingestor.reparse(), len(ingestor.stale_articles()), "article")
        for result in bar:
            bar.write(one_line(result), file=sys.stdout)
            failed += result.status == "error"
            done += result.status == "reparsed"
    print(f"{done} reparsed, {failed} failed", file=sys.stderr)
    return 1 if failed else 0


def run_articles(args: argparse.Namespace) -> int:
    with _open_store(args) as store:
        frame = store.articles()
    if frame.empty:
        print("no articles", file=sys.stderr)
        return 0
    columns = ["article_id", "published", "language", "source", "mentions", "places", "title"]
    print(frame[columns].to_string(index=False, na_rep="-", max_colwidth=70))
    return 0
