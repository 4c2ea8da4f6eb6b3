"""Scale benchmark (issue 14, "Load and scale"): every page's store queries at a year of coverage and at an archive.

1. A year of coverage: ``--articles`` (10,000; ~200k mentions) generated articles, ingested one
   transaction an article through :class:`geo.ingest.Ingestor` into SQLite and into PostgreSQL, with
   corrections, aliases and stories; the median of every store query the explorer, Articles,
   Provinces, Corrections, Gazetteer and Present pages make, unfiltered and filtered, against 200 ms.
2. A newsroom's archive: ``--archive`` (1,000,000) articles on PostgreSQL, with ``--archive-mentions``
   (3) mentions each, loaded with COPY (indexes dropped first and built after, the totals of
   :mod:`geo.store.aggregates` filled in one pass); the same queries against 500 ms.
3. Batch reparsing: ``python -m geo reparse --workers N`` with the real geoparser over ``--reparse``
   (2,000) articles of real news text (:func:`news_corpus`), for N=1 and N=2: articles/s by the clock and
   per core, and articles a CPU-second (which other work on a shared machine does not skew).

The generated archive is 1,000,000 articles with 3 mentions each (3M mentions, 2.5M article-place
pairs; 3 GB, about 8 minutes here): ``--archive-mentions 20`` would be the 20M mentions of real
coverage, more than this machine builds in the time.

    .venv/bin/python bench/bench_scale.py [--articles 10000] [--archive 1000000] [--archive-mentions 3]
        [--reparse 2000] [--pg URL] [--archive-url URL] [--keep DIR] [--skip small,archive,reparse]

``--pg`` (or ``$KHARITA_BENCH_PG``) is a server whose role may create databases; without it a
throwaway cluster is started as the tests start theirs (fsync off), and PostgreSQL is skipped if
the server binaries are missing.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import hashlib
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from anywhere
sys.path.insert(0, str(ROOT / "bench"))

from bench_store import ingest_corpus, make_articles, make_places, median_ms  # noqa: E402

from geo.records import Article, ParseResult  # noqa: E402
from geo.store import Filters, Store, aggregates  # noqa: E402
from geo.story import story_from_article  # noqa: E402

PROVINCE, DISTRICT = "Province07", "District07x03"
PROVINCES = [f"Province{p:02d}" for p in range(34)]
#: The newest articles a page's article list offers (ui.data.ARTICLE_LIST_LIMIT; the benchmark imports no ui).
ARTICLE_LIST_LIMIT = 1000
Queries = dict[str, Callable[[], object]]


# ---------------------------------------------------------------- the pages' queries


def page_queries(store: Store) -> dict[str, Queries]:
    """Page → {query: call}: what each page asks the store for (pages/, ui/data.py), unfiltered and filtered."""
    top = store.places().iloc[0]["place_id"]
    district = store.places(Filters(provinces=(PROVINCE,), kinds=("district",))).iloc[0]["place_id"]
    some = int(store.articles(limit=1).iloc[0]["article_id"])
    mention = int(store.article_mentions(some).iloc[0]["mention_id"])
    story = store.stories()
    story_name = story.iloc[0]["name"] if not story.empty else "none"
    year = Filters(date_from=dt.date(2021, 1, 1), date_to=dt.date(2021, 12, 31))
    # Whole months, and days at either end: the totals' months and the articles of those days.
    part = Filters(date_from=dt.date(2021, 3, 15), date_to=dt.date(2022, 7, 10))
    province = Filters(provinces=(PROVINCE,))
    return {
        "explorer": {
            "facets()": lambda: store.facets(),
            "facets(province)": lambda: store.facets(province),
            "facets(source)": lambda: store.facets(Filters(sources=("BBC",))),
            "facets(year+language)": lambda: store.facets(dataclasses.replace(year, languages=("ar",))),
            "facets(months+days)": lambda: store.facets(part),
            "date_bounds()": lambda: store.date_bounds(),
            "places()": lambda: store.places(),
            "places(province)": lambda: store.places(province),
            "places(kind)": lambda: store.places(Filters(kinds=("district", "city"))),
            "places(demonyms)": lambda: store.places(Filters(include_demonyms=True)),
            "places(year+language)": lambda: store.places(dataclasses.replace(year, languages=("ar",))),
            "places(source+kind)": lambda: store.places(Filters(sources=("BBC",), kinds=("district", "city"))),
            "places(months+days)": lambda: store.places(part),
            "places(text)": lambda: store.places(Filters(text="Province07 talks")),
            "summary()": lambda: store.summary(),
            "summary(province)": lambda: store.summary(province),
            "summary(year) [+undated]": lambda: store.summary(year),
            "summary(source)": lambda: store.summary(Filters(sources=("BBC",))),
            "summary(province+source+year)": lambda: store.summary(dataclasses.replace(year, provinces=(PROVINCE,),
                                                                                     sources=("BBC",))),
            "summary(months+days) [+undated]": lambda: store.summary(part),
            "excerpts(top, 100)": lambda: store.excerpts(top, limit=100),
            "excerpts(district, province, 100)": lambda: store.excerpts(district, province, limit=100),
            "excerpts(top, year, 100)": lambda: store.excerpts(top, year, limit=100),
        },
        "articles": {
            "articles(newest 1,000)": lambda: store.articles(limit=ARTICLE_LIST_LIMIT),
            "count_articles()": lambda: store.count_articles(),
            "article(id)": lambda: store.article(some),
            "article_mentions(id)": lambda: store.article_mentions(some),
        },
        "provinces": {
            "provinces()": lambda: store.provinces(listed=PROVINCES),
            "provinces(drill)": lambda: store.provinces(province=PROVINCE),
            "provinces(year)": lambda: store.provinces(year, listed=PROVINCES),
            "provinces(source)": lambda: store.provinces(Filters(sources=("BBC",)), listed=PROVINCES),
            "provinces(months+days)": lambda: store.provinces(part, listed=PROVINCES),
            "provinces(drill, language)": lambda: store.provinces(Filters(languages=("ar",)), province=PROVINCE),
        },
        "corrections": {
            "corrections()": lambda: store.corrections(),
            "mention(id) [dialog]": lambda: store.mention(mention),
        },
        "gazetteer": {"aliases()": lambda: store.aliases()},
        "present": {"stories()": lambda: store.stories(), "story(name)": lambda: store.story(story_name)},
    }


def time_queries(store: Store, target_ms: float, repeat: int = 5) -> dict[str, float]:
    """Print and return the median ms of every page query, marking those over ``target_ms``; for each one
    over it, the tables its statements scan whole (PostgreSQL's plan, or SQLite's)."""
    timings = {}
    for page, queries in page_queries(store).items():
        print(f"  {page}:")
        for name, call in queries.items():
            ms = median_ms(call, repeat)
            statements = []
            rows = recording(store, statements, call)
            size = len(rows) if hasattr(rows, "__len__") and not isinstance(rows, Article) else 1
            timings[f"{page}: {name}"] = ms
            flag = "" if ms <= target_ms else f"  OVER {target_ms:.0f} ms; scans: {scans(store, statements)}"
            print(f"    {name:<36} {ms:9.1f} ms  ({size} rows){flag}")
    over = [k for k, v in timings.items() if v > target_ms]
    print(f"  slowest: {max(timings.values()):.1f} ms; over {target_ms:.0f} ms: {', '.join(over) or 'none'}")
    return timings


def recording(store: Store, statements: list, call: Callable[[], object]) -> object:
    """``call()``, noting in ``statements`` every ``(sql, params)`` it reads with."""
    db = store._db
    read = db.query
    db.query = lambda sql, params=(): statements.append((sql, params)) or read(sql, params)
    try:
        return call()
    finally:
        del db.query


def scans(store: Store, statements: list) -> str:
    """The tables the plans of ``statements`` read whole (a sequential scan; SQLite's SCAN without an index)."""
    found = []
    for sql, params in statements:
        if store.backend == "postgresql":
            plan = [row[0] for row in store._db.query("EXPLAIN " + sql, params)[1]]
            found += [line.split(" on ")[1].split()[0] for line in plan if "Seq Scan on" in line]
        else:
            plan = [row[3] for row in store._db.query("EXPLAIN QUERY PLAN " + sql, params)[1]]
            found += [line.split()[1] for line in plan if line.startswith("SCAN ") and " INDEX " not in line]
    return ", ".join(dict.fromkeys(found)) or "none"


# ---------------------------------------------------------------- a year of coverage


def ingest(store: Store, corpus: list[tuple[Article, ParseResult]]) -> None:
    """The corpus through the ingestor, then what :func:`journalists` add."""
    ingest_corpus(store, corpus)
    journalists(store)


def journalists(store: Store) -> None:
    """20 corrections, an alias and 3 stories, as journalists would add them; prints what a correction takes."""
    ids = store.articles()["article_id"].tolist()
    rng = random.Random(7)
    t0 = time.perf_counter()
    for article_id in rng.sample(ids, 20):
        row = store.article_mentions(article_id).iloc[0]
        store.add_correction(article_id, span=(int(row["start"]), int(row["end"])), who="bench",
                             **({"not_a_place": True} if rng.random() < 0.5 else {"place": "bench:p3"}))
    print(f"  a correction (one mention) takes {(time.perf_counter() - t0) / 20 * 1000:.0f} ms")
    store.add_alias("Prov Seven", "bench:p7", who="bench")
    for n, article_id in enumerate(ids[:3]):
        text = store.article(article_id).text
        store.save_story(story_from_article(text, store.article_mentions(article_id), name=f"story {n}",
                                            article_id=article_id))
    if store.backend == "sqlite":
        store._db.conn.execute("ANALYZE")  # what PRAGMA optimize does on close, done now for the queries


def year_of_coverage(url: str, corpus) -> dict[str, float]:
    with Store.open(url) as store:
        if store.count_articles() == len(corpus):
            print("  (the store kept from a run before)")
        else:
            ingest(store, corpus)
        return time_queries(store, 200)


# ---------------------------------------------------------------- a newsroom's archive


def archive_rows(n: int, per_article: int, pool_size: int = 2000, seed: int = 1):
    """``n`` articles cut from a pool of :func:`bench_store.make_articles`' articles: the text up to the
    end of its ``per_article``-th mention's sentence, its number appended so each is new, dated over 20 years.

    Yields ``(article_row, mention_rows, pair_rows)`` for COPY, ids from 1.
    """
    rng = random.Random(seed)
    pool = []
    for article, result in make_articles(pool_size):
        kept = result.mentions[:per_article]
        pool.append((article, kept, article.text[:kept[-1].sentence[1]]))
    start = dt.date(2006, 1, 1)
    added = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    for i in range(1, n + 1):
        article, kept, text = pool[i % pool_size]
        text = f"{text} [{i}]"
        published = None if rng.random() < 0.01 else (start + dt.timedelta(days=rng.randrange(20 * 365))).isoformat()
        pairs = Counter((m.place.id, m.role) for m in kept)
        places = {place for place, _ in pairs}
        article_row = (i, f"Archive article {i}", article.source, None, article.language, published,
                       hashlib.sha256(text.encode()).hexdigest(), added, "bench-1", "bench-1", len(kept), len(places),
                       text)
        mention_rows = [(i, m.start, m.end, m.text, m.place.id, m.place.id, m.role, 1.0, m.sentence[0],
                         m.sentence[1], m.paragraph) for m in kept]
        pair_rows = [(i, place, pairs[(place, "literal")], pairs[(place, "demonym")], 0) for place in sorted(places)]
        yield article_row, mention_rows, pair_rows


def build_archive(url: str, n: int, per_article: int) -> None:
    """The archive through COPY into a fresh store at ``url``; prints each stage's time."""
    import psycopg

    with Store.open(url):  # migrated, empty
        pass
    tables = ("articles", "mentions", "article_places", "article_groups", "place_totals", "group_totals",
              "place_periods", "group_periods")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SET maintenance_work_mem = '1GB'")
        unchecked = replica(conn)
        indexes = conn.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = ANY(%s)"
            " AND indexname NOT IN (SELECT conname FROM pg_constraint)", (list(tables),)).fetchall()
        for name, _ in indexes:
            conn.execute(f'DROP INDEX "{name}"')
        t0 = time.perf_counter()
        with conn.cursor() as cur, cur.copy("COPY places (id, name, name_ar, kind, country_code, admin1, admin2,"
                                            " lat, lon, population, countries) FROM STDIN") as copy:
            for p in make_places(random.Random(20210707)):
                copy.write_row((p.id, p.name, p.names.get("ar"), p.kind, p.country_code, p.admin1, p.admin2,
                                p.lat, p.lon, p.population, ""))
        rows = list(archive_rows(n, per_article))
        print(f"  generated {n} articles in {time.perf_counter() - t0:.0f} s")
        for table, columns, pick in (
            ("articles", "id, title, source, url, language, published, content_hash, added_at, parser_version,"
             " gazetteer_version, mention_count, place_count, text", lambda r: [r[0]]),
            ("mentions", "article_id, span_start, span_end, text, place_id, parsed_place_id, role, confidence,"
             " sentence_start, sentence_end, paragraph", lambda r: r[1]),
            ("article_places", "article_id, place_id, literal, demonym, corrected", lambda r: r[2]),
        ):
            t1 = time.perf_counter()
            count = 0
            with conn.cursor() as cur, cur.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for r in rows:
                    for row in pick(r):
                        copy.write_row(row)
                        count += 1
            print(f"  COPY {table}: {count} rows in {time.perf_counter() - t1:.0f} s")
        del rows
        conn.execute("SELECT setval(pg_get_serial_sequence('articles', 'id'), (SELECT MAX(id) FROM articles))")
        t1 = time.perf_counter()
    with Store.open(url) as store, store._db.transaction() as cur:
        if unchecked:
            store._db.run(cur, "SET LOCAL session_replication_role = replica")
        aggregates.rebuild(store._db, cur)
    print(f"  totals (geo.store.aggregates.rebuild) in {time.perf_counter() - t1:.0f} s")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SET maintenance_work_mem = '1GB'")
        for name, definition in indexes:
            t1 = time.perf_counter()
            conn.execute(definition)
            print(f"  index {name} in {time.perf_counter() - t1:.0f} s")
        conn.execute("VACUUM ANALYZE")
        size = conn.execute("SELECT pg_size_pretty(pg_database_size(current_database()))").fetchone()[0]
    print(f"  built in {time.perf_counter() - t0:.0f} s; database {size}")


def replica(conn) -> bool:
    """Turn off the foreign keys' checks (a trigger a row) for this session, where the role may: the generated
    rows refer to each other rightly by construction. Whether they are off."""
    import psycopg

    try:
        conn.execute("SET session_replication_role = replica")
    except psycopg.Error as exc:
        print(f"  (foreign keys checked row by row: {exc})")
        return False
    return True


def archive(url: str, n: int, per_article: int) -> dict[str, float]:
    build_archive(url, n, per_article)
    with Store.open(url) as store:
        journalists(store)
        return time_queries(store, 500)


# ---------------------------------------------------------------- reparse --workers


def _children_cpu() -> float:
    """CPU seconds (user and system) of this process's finished children and theirs: a rate per core that a
    machine shared with other work does not slow down, as it does the wall clock's."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def news_corpus(n: int, seed: int = 5) -> list[tuple[Article, ParseResult]]:
    """``n`` articles of real news text for the real geoparser (the generated corpus names places no gazetteer
    has): half to all of the seed article's paragraphs (data/articles; 11 KB, 93 places named) in a random
    order, each numbered so it is new;
    with no mentions, as a parser that found none would leave them."""
    from geo.ingest import SEED_DIR

    paragraphs = [p for path in sorted(SEED_DIR.glob("*.txt")) for p in path.read_text("utf-8").split("\n\n")
                  if p.strip()]
    rng = random.Random(seed)
    out = []
    for i in range(n):
        text = "\n\n".join(rng.sample(paragraphs, rng.randrange(len(paragraphs) // 2, len(paragraphs) + 1)))
        text += f" [{i}]"
        out.append((Article(title=f"Reparse {i}", text=text, source="Al Jazeera", language="ar"),
                    ParseResult("ar", ())))
    return out


def reparse_rate(corpus, tmp: Path, workers: tuple[int, ...]) -> dict[int, float]:
    """Articles/s of ``python -m geo reparse --workers N`` with the real geoparser over ``corpus``, its start
    (each worker opening the geoparser) included."""
    path = tmp / "reparse.db"
    with Store.open(path) as store:
        ingest_corpus(store, corpus, "old")  # stamped by no parser: all stale
    # Untimed: a first run builds the gazetteer's index and the name automaton if the data changed.
    warm = tmp / "reparse-warm.db"
    with Store.open(warm) as store:
        ingest_corpus(store, corpus[:1], "old")
    subprocess.run([sys.executable, "-m", "geo", "reparse", "--workers", "1", "--db", str(warm)], cwd=ROOT,
                   capture_output=True)
    rates = {}
    for n in workers:
        copy = tmp / f"reparse-{n}.db"
        shutil.copy(path, copy)
        t0, cpu0 = time.perf_counter(), _children_cpu()
        done = subprocess.run([sys.executable, "-m", "geo", "reparse", "--workers", str(n), "--db", str(copy)],
                              cwd=ROOT, capture_output=True, text=True)
        seconds, cpu = time.perf_counter() - t0, _children_cpu() - cpu0
        if done.returncode:
            print(f"  --workers {n}: failed: {done.stderr.strip()[-500:]}")
            continue
        rates[n] = len(corpus) / seconds
        print(f"  --workers {n}: {len(corpus)} articles in {seconds:.1f} s = {rates[n]:.1f} articles/s, "
              f"{rates[n] / n:.1f} per core; {cpu:.1f} CPU-s = {len(corpus) / cpu:.1f} articles a CPU-second, "
              f"start-up included ({done.stderr.strip().splitlines()[-1]})")
    return rates


# ---------------------------------------------------------------- main


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--archive", type=int, default=1_000_000)
    parser.add_argument("--archive-mentions", type=int, default=3)
    parser.add_argument("--reparse", type=int, default=2000)
    parser.add_argument("--pg", default=os.environ.get("KHARITA_BENCH_PG"))
    parser.add_argument("--archive-url", help="time the queries of an archive built before (its database's URL)")
    parser.add_argument("--keep", type=Path, help="keep the SQLite store of a year's coverage in this folder, "
                        "and reuse it if it is there")
    parser.add_argument("--skip", default="", help="comma-separated: small, small-sqlite, small-pg, archive, reparse")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))

    with tempfile.TemporaryDirectory(prefix="kharita-scale-") as tmp:
        tmp = Path(tmp)
        os.chmod(tmp, 0o755)
        wanted = not {"small", "small-pg"} & skip or ("archive" not in skip and not args.archive_url)
        admin, stop = pg_server(tmp, args.pg) if wanted else (None, None)
        try:
            if "small" not in skip:
                corpus = make_articles(args.articles)
                print(f"A year of coverage: {args.articles} articles, {sum(len(r.mentions) for _, r in corpus)}"
                      " mentions; target 200 ms a query")
                if "small-sqlite" not in skip:
                    print(" SQLite (WAL, synchronous=NORMAL):")
                    year_of_coverage(f"sqlite://{args.keep or tmp}/year-{args.articles}.db", corpus)
                if admin and "small-pg" not in skip:
                    print(" PostgreSQL:")
                    year_of_coverage(new_database(admin), corpus)
            if args.archive_url and "archive" not in skip:
                print("A newsroom's archive, as built before; target 500 ms a query")
                with Store.open(args.archive_url) as store:
                    time_queries(store, 500)
            elif admin and "archive" not in skip:
                print(f"A newsroom's archive: {args.archive} articles, {args.archive_mentions} mentions each,"
                      " on PostgreSQL; target 500 ms a query")
                archive(new_database(admin), args.archive, args.archive_mentions)
            if "reparse" not in skip:
                print(f"Reparse with the real geoparser, {args.reparse} news articles (SQLite):")
                reparse_rate(news_corpus(args.reparse), tmp, (1, 2))
        finally:
            if stop:
                subprocess.run(stop, capture_output=True)
    return 0


def pg_server(tmp: Path, url: str | None) -> tuple[str | None, list[str] | None]:
    """An admin URL on a PostgreSQL server, and the command that stops it if we started it."""
    if url:
        return url, None
    from tests.fixtures import start_cluster

    base = tmp / "pg"
    base.mkdir()
    os.chmod(base, 0o755)
    try:
        return start_cluster(base)
    except (FileNotFoundError, subprocess.CalledProcessError) as exc:
        print(f"PostgreSQL: skipped ({getattr(exc, 'stderr', '') or exc})")
        return None, None


def new_database(admin: str) -> str:
    from tests.fixtures import new_pg_database

    return new_pg_database(admin)[0]


if __name__ == "__main__":
    raise SystemExit(main())
