"""Gazetteer benchmark: prints lookup throughput, open and build times, index size, peak RSS.

    python bench/bench_gazetteer.py            # uses (and if needed builds) the cached index
    python bench/bench_gazetteer.py --no-build # skip the forced rebuild into a temp dir
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo.gazetteer import Gazetteer, build_index  # noqa: E402

QUERIES = [
    "قلعة ناو", "Qala-i-Naw", "Qala e Naw", "Qal'eh-ye Now", "Kala-i-Nau", "بادغيس", "Badghis", "بدخشان",
    "Badakhshan", "هيرات", "Herat", "كابل", "Kabul", "مطار حامد كرزاي الدولي", "Hamid Karzai International Airport",
    "الدوحة", "طهران", "جاكرتا", "Dushanbe", "Fayzabad", "Mazar-i-Sharif", "مزار شريف", "Kandahar", "قندهار",
    "Afghanistan–Tajikistan border", "Amu Darya", "London", "Paris", "Islamabad", "Tashkent", "Nowhere at all",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-build", action="store_true", help="skip the forced rebuild")
    parser.add_argument("--seconds", type=float, default=3.0, help="how long each throughput run lasts")
    args = parser.parse_args()

    gaz = Gazetteer.open()  # builds on first use
    gaz.close()
    started = time.perf_counter()
    gaz = Gazetteer.open()
    open_s = time.perf_counter() - started

    for q in QUERIES:  # warm: first sight of each query reads SQLite once
        gaz.lookup(q)
    warm = _throughput(lambda q: gaz.lookup(q), QUERIES, args.seconds)

    # Cold: distinct names, each read from SQLite (no LRU hit), the geoparser's worst case.
    cold_names = [name for name, _ in _take(gaz.names(), 400_000)][::20]
    cold = _throughput(gaz.lookup, cold_names, args.seconds, once=True)

    print(f"index:            {gaz.path}")
    print(f"index size:       {gaz.path.stat().st_size / 1e6:.1f} MB ({gaz.stats()['names']:,} names)")
    print(f"open (built):     {open_s * 1000:.0f} ms   (target ≤ 1000 ms)")
    print(f"warm lookups:     {warm:,.0f} /s  (target ≥ 50,000/s; {len(QUERIES)} queries repeated)")
    print(f"uncached lookups: {cold:,.0f} /s  ({len(cold_names):,} distinct names, each read from SQLite)")
    if not args.no_build:
        with tempfile.TemporaryDirectory() as tmp:
            started = time.perf_counter()
            build_index(Path(tmp) / "bench.sqlite")
            print(f"build:            {time.perf_counter() - started:.1f} s   (target ≤ 90 s on 2 cores)")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS:         {rss:.0f} MB")
    print("for comparison:   geopy Nominatim, 1 request/s (OSM usage policy; geopy RateLimiter min_delay_seconds=1)")
    return 0


def _take(iterator, n):
    for i, item in enumerate(iterator):
        if i >= n:
            break
        yield item


def _throughput(fn, queries, seconds, once=False) -> float:
    count = 0
    started = time.perf_counter()
    deadline = started + seconds
    while time.perf_counter() < deadline:
        for q in queries:
            fn(q)
        count += len(queries)
        if once:
            break
    return count / (time.perf_counter() - started)


if __name__ == "__main__":
    raise SystemExit(main())
