"""Explorer benchmark: the home page over 10,000 generated articles (~200k mentions).

Prints, for a real ``streamlit run`` driven by headless Chromium:

- the time from navigation to the map's markers being drawn (cold, then warm cache; target ≤ 3 s warm);
- the time from a filter change (choosing a province in the sidebar) to the redrawn map (target ≤ 1 s);
- the size of the map's HTML: the base st_folium mounts once (basemap, legend, overview: no places;
  the basemap's detail layers are fetched by URL as the user zooms, never inlined), and with the
  places, unfiltered and filtered.

    .venv/bin/python bench/bench_explorer.py [--articles 10000]

The store is generated once with bench/bench_store.py's corpus and kept in
``.cache/`` (git-ignored), so later runs start at once. Its articles carry the
current parser's version stamps, so the app does not reparse the generated
corpus with the real geoparser when it starts; a store stamped by another
parser, or no longer holding the corpus, is generated again.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from anywhere
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from bench_store import make_articles  # noqa: E402
from conftest import CHROMIUM, CHROMIUM_ARGS, free_port, wait_healthy  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from geo.ingest import Ingestor, Parser, default_parser  # noqa: E402
from geo.maps import explorer_base, explorer_map  # noqa: E402
from geo.store import Filters, Store  # noqa: E402

PROVINCE = "Province07"
MARKERS = ".kh-place, .marker-cluster"


def holds_corpus(store: Store, articles: int, current: Parser) -> bool:
    """Whether ``store`` holds the generated corpus, stamped as ``current`` would stamp it."""
    return (
        store.count_articles() >= articles
        and not store.stale_articles(current.version, current.gazetteer_version)
        and not store.places(Filters(provinces=(PROVINCE,))).empty
    )


def build_store(path: Path, articles: int) -> None:
    """Generate the corpus into ``path`` unless it is already there."""
    current = default_parser()
    if path.exists():
        with Store.open(path) as store:
            if holds_corpus(store, articles, current):
                return
        for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            leftover.unlink(missing_ok=True)
    corpus = make_articles(articles)
    parsed = {article.text: result for article, result in corpus}
    t0 = time.perf_counter()
    with Store.open(path) as store:
        generated = Parser(lambda text, lang="auto", aliases=None: parsed[text], current.version,
                           current.gazetteer_version)
        ingestor = Ingestor(store, generated)
        for article, _ in corpus:
            ingestor.ingest_article(article)
    mentions = sum(len(r.mentions) for _, r in corpus)
    print(f"store: {articles} articles, {mentions} mentions generated in {time.perf_counter() - t0:.0f} s")


def map_html_size(path: Path, filters: Filters) -> tuple[int, int]:
    """(places, bytes) of the explorer map's HTML for ``filters``."""
    with Store.open(path) as store:
        places = store.places(filters)
    return len(places), len(explorer_map(places).get_root().render().encode())


def map_frames(page):
    return [f for f in page.frames if "streamlit_folium" in f.url]


def wait_for_markers(page, timeout: float = 120, stale: bool = False) -> None:
    """Until a map frame shows markers; with ``stale``, none of those marked by :func:`mark_stale`."""
    deadline = time.monotonic() + timeout
    check = (
        f"() => {{ const els = [...document.querySelectorAll('{MARKERS}')];"
        f" return els.length > 0 && {'!els.some(e => e.khStale)' if stale else 'true'}; }}"
    )
    while time.monotonic() < deadline:
        for frame in map_frames(page):
            try:
                if frame.evaluate(check):
                    return
            except Exception:  # a frame going away mid-check
                pass
        page.wait_for_timeout(20)
    raise TimeoutError("the map did not draw its markers")


def mark_stale(page) -> None:
    """Mark the markers drawn now, so that :func:`wait_for_markers` can tell the redrawn ones."""
    for frame in map_frames(page):
        frame.evaluate(f"() => document.querySelectorAll('{MARKERS}').forEach(e => {{ e.khStale = true; }})")


def time_navigation(page, url: str) -> float:
    t0 = time.perf_counter()
    page.goto(url)
    wait_for_markers(page)
    return time.perf_counter() - t0


def time_filter_change(page, url: str) -> float:
    """Choose a province in the sidebar's multiselect; seconds until the new map has drawn."""
    page.goto(url)
    wait_for_markers(page)
    page.wait_for_timeout(500)
    mark_stale(page)
    box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first
    box.locator("input").click()
    box.locator("input").fill(PROVINCE)
    option = page.locator('[role="option"]', has_text=f"{PROVINCE} (").first
    option.wait_for()
    t0 = time.perf_counter()
    option.click()  # Enter would pick every option the search matches
    wait_for_markers(page, stale=True)
    seconds = time.perf_counter() - t0
    assert f"province={PROVINCE}" in page.url, page.url
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    path = ROOT / ".cache" / f"bench-explorer-{args.articles}.db"
    path.parent.mkdir(exist_ok=True)
    build_store(path, args.articles)
    print(f"map HTML, the mounted base (no places): {len(explorer_base().get_root().render().encode()) / 1024:.0f} KiB")
    for label, filters in (("all places", Filters()), (PROVINCE, Filters(provinces=(PROVINCE,)))):
        places, size = map_html_size(path, filters)
        print(f"map HTML, {label}: {places} places, {size / 1024:.0f} KiB")

    port = free_port()
    log = (ROOT / ".cache" / "bench-explorer-streamlit.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.headless", "true",
         "--server.address", "127.0.0.1"],
        cwd=ROOT, env={**os.environ, "KHARITA_DB": str(path)}, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_healthy(url.rstrip("/"), server)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            print(f"navigation → markers, cold cache: {time_navigation(page, url):.2f} s")
            warm = [time_navigation(page, url) for _ in range(args.repeat)]
            print(f"navigation → markers, warm cache: median {statistics.median(warm):.2f} s "
                  f"(min {min(warm):.2f}, max {max(warm):.2f}; target ≤ 3 s)")
            changes = [time_filter_change(page, url) for _ in range(args.repeat)]
            print(f"filter change → redraw:           median {statistics.median(changes):.2f} s "
                  f"(min {min(changes):.2f}, max {max(changes):.2f}; target ≤ 1 s)")
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
