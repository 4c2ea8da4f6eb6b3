"""Store benchmark: 10,000 generated articles (~200k mentions) into each backend.

Prints articles/s for ingestion (one transaction an article, through
:class:`geo.ingest.Ingestor`) and the median time of every page query at that
size. Target: each page query ≤ 200 ms on SQLite.

    .venv/bin/python bench/bench_store.py [--articles 10000] [--no-pg]

PostgreSQL runs against ``$KHARITA_BENCH_PG`` if set, else a throwaway cluster
started from Debian's binaries (fsync off, as in the tests); it is skipped if
there are neither.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from anywhere

from geo.ingest import Ingestor, Parser  # noqa: E402
from geo.records import Article, Mention, ParseResult, Place  # noqa: E402
from geo.store import Filters, Store  # noqa: E402

SOURCES = ["Al Jazeera", "Reuters", "BBC", "AFP", "TOLOnews", "Pajhwok", "Ariana", "AP"]
WORDS = "the forces said on in fighting near district officials reported while after talks village road".split()


def make_places(rng: random.Random) -> list[Place]:
    """34 provinces with 12 districts and 3 villages each, and a few countries."""
    places = [
        Place(f"bench:country:{cc}", name, "country", rng.uniform(25, 40), rng.uniform(60, 75), cc,
              names={"en": name, "ar": f"{name}-ar"})
        for cc, name in [("AF", "Afghanistan"), ("TJ", "Tajikistan"), ("IR", "Iran"), ("PK", "Pakistan")]
    ]
    for p in range(34):
        province = f"Province{p:02d}"
        lat, lon = rng.uniform(30, 38), rng.uniform(61, 71)
        places.append(Place(f"bench:p{p}", province, "province", lat, lon, "AF", province,
                            names={"en": province, "ar": f"ولاية{p}"}))
        for d in range(12):
            district = f"District{p:02d}x{d:02d}"
            places.append(Place(f"bench:p{p}d{d}", district, "district", lat + rng.uniform(-1, 1),
                                lon + rng.uniform(-1, 1), "AF", province, district,
                                names={"en": district, "ar": f"مديرية{p}-{d}"}))
            for v in range(3):
                places.append(Place(f"bench:p{p}d{d}v{v}", f"Village{p}x{d}x{v}", "city",
                                    lat + rng.uniform(-1, 1), lon + rng.uniform(-1, 1), "AF", province, district,
                                    population=rng.randrange(100, 50_000), names={"en": f"Village{p}x{d}x{v}"}))
    return places


def make_articles(n: int, seed: int = 20210707) -> list[tuple[Article, ParseResult]]:
    """``n`` articles with ~20 mentions each, the same every run.

    Like real stories, each article is about a few places (3 to 8, countries
    and provinces more often than villages) that it names again and again.
    """
    rng = random.Random(seed)
    places = make_places(rng)
    weights = [50 if p.kind == "country" else 8 if p.kind == "province" else 1 for p in places]
    cumulative = list(itertools.accumulate(weights))
    out = []
    for i in range(n):
        cast = rng.choices(places, cum_weights=cumulative, k=rng.randrange(3, 9))
        text, mentions, paragraph = "", [], 0
        for _ in range(rng.randrange(14, 27)):
            place = rng.choice(cast)
            before = " ".join(rng.choices(WORDS, k=rng.randrange(4, 12))).capitalize() + " "
            sentence_start = len(text)
            start = sentence_start + len(before)
            text += before + place.name + " " + " ".join(rng.choices(WORDS, k=rng.randrange(2, 8))) + "."
            role = "demonym" if rng.random() < 0.05 else "literal"
            mentions.append(Mention(start, start + len(place.name), place.name, place, role,
                                    sentence=(sentence_start, len(text)), paragraph=paragraph))
            if rng.random() < 0.25:
                text += "\n\n"
                paragraph += 1
            else:
                text += " "
        text = text.rstrip()
        article = Article(
            title=f"Bench article {i}", text=text, source=rng.choice(SOURCES), language=rng.choice(["ar", "en"]),
            published=dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(5 * 365)),
        )
        out.append((article, ParseResult(article.language, tuple(mentions))))
    return out


def median_ms(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def ingest_corpus(store: Store, corpus: list[tuple[Article, ParseResult]], version: str = "bench-1") -> None:
    """The corpus through an :class:`Ingestor` whose parser answers with the generated mentions, stamped
    ``version``, one transaction an article; prints the rate."""
    parsed = {article.text: result for article, result in corpus}
    ingestor = Ingestor(store, Parser(lambda text, lang="auto", aliases=None: parsed[text], version, version))
    t0 = time.perf_counter()
    for article, _ in corpus:
        ingestor.ingest_article(article)
    seconds = time.perf_counter() - t0
    mentions = sum(len(r.mentions) for _, r in corpus)
    print(f"  ingest: {len(corpus)} articles, {mentions} mentions in {seconds:.1f} s "
          f"= {len(corpus) / seconds:.0f} articles/s")


def bench(url: str, corpus: list[tuple[Article, ParseResult]]) -> dict[str, float]:
    with Store.open(url) as store:
        ingest_corpus(store, corpus)
        if store.backend == "sqlite":
            store._db.conn.execute("ANALYZE")  # what PRAGMA optimize does on close, done now for the queries
        top = store.places().iloc[0]["place_id"]
        mid = store.places(Filters(kinds=("district",))).iloc[0]["place_id"]
        some = int(store.articles().iloc[len(corpus) // 2]["article_id"])
        year = Filters(date_from=dt.date(2021, 1, 1), date_to=dt.date(2021, 12, 31), languages=("ar",))
        queries = {
            "places()": lambda: store.places(),
            "places(province)": lambda: store.places(Filters(provinces=("Province07",))),
            "places(year+language)": lambda: store.places(year),
            "places(source+kind)": lambda: store.places(Filters(sources=("BBC",), kinds=("district", "city"))),
            "places(text)": lambda: store.places(Filters(text="Province07 talks")),
            "places(text, rare)": lambda: store.places(Filters(text="Village3x4x1")),
            "places(demonyms)": lambda: store.places(Filters(include_demonyms=True)),
            f"excerpts({top})": lambda: store.excerpts(top),
            f"excerpts({top}, limit=None)": lambda: store.excerpts(top, limit=None),
            f"excerpts({mid})": lambda: store.excerpts(mid),
            "excerpts(province filter)": lambda: store.excerpts(mid, Filters(provinces=("Province00",))),
            "article(id)": lambda: store.article(some),
            "article_mentions(id)": lambda: store.article_mentions(some),
            "summary()": lambda: store.summary(),
            "summary(year)": lambda: store.summary(year),
            "facets()": lambda: store.facets(),
            "facets(province)": lambda: store.facets(Filters(provinces=("Province07",))),
            "articles()": lambda: store.articles(),
        }
        timings = {}
        for name, fn in queries.items():
            timings[name] = median_ms(fn)
            rows = fn()
            size = len(rows) if hasattr(rows, "__len__") and not isinstance(rows, Article) else 1
            print(f"  {name:<40} {timings[name]:8.1f} ms  ({size} rows)")
        return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--no-pg", action="store_true")
    args = parser.parse_args()

    t0 = time.perf_counter()
    corpus = make_articles(args.articles)
    print(f"generated {len(corpus)} articles in {time.perf_counter() - t0:.1f} s")
    worst = {}
    with tempfile.TemporaryDirectory(prefix="kharita-bench-") as tmp:
        print("SQLite (WAL, synchronous=NORMAL):")
        worst["sqlite"] = max(bench(f"sqlite://{tmp}/bench.db", corpus).values())
        if not args.no_pg:
            pg = postgres(Path(tmp))
            if pg:
                url, stop = pg
                print("PostgreSQL:" + (" (throwaway cluster, fsync off)" if stop else ""))
                try:
                    worst["postgresql"] = max(bench(url, corpus).values())
                finally:
                    if stop:
                        subprocess.run(stop, capture_output=True)
    for backend, ms in worst.items():
        print(f"slowest page query on {backend}: {ms:.1f} ms")
    if worst["sqlite"] > 200:
        print("over the 200 ms target on SQLite", file=sys.stderr)
        return 1
    return 0


def postgres(tmp: Path) -> tuple[str, list[str] | None] | None:
    """A PostgreSQL URL for an empty database, and the command that stops its server."""
    if os.environ.get("KHARITA_BENCH_PG"):
        return os.environ["KHARITA_BENCH_PG"], None
    from tests.fixtures import new_pg_database, start_cluster

    base = tmp / "pg"
    base.mkdir()
    os.chmod(tmp, 0o755)
    os.chmod(base, 0o755)
    try:
        admin, stop = start_cluster(base)
    except (FileNotFoundError, subprocess.CalledProcessError) as exc:
        print(f"PostgreSQL: skipped ({getattr(exc, 'stderr', '') or exc})")
        return None
    return new_pg_database(admin)[0], stop


if __name__ == "__main__":
    raise SystemExit(main())
