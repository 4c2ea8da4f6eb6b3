"""Viewers benchmark: twenty concurrent viewers of the map explorer, the server's share of a page view,
and the first visit after a start.

Three parts (``--mode``, all by default):

- ``browser``: ``--viewers`` Playwright contexts (one headless Chromium) open the map explorer with a
  province filter in the link (``?province=…``, a different province each) and click a marker, all at
  once, against one ``streamlit run`` on a store of ``--articles`` generated articles. Prints p50 and
  p95 of page-ready (navigation → markers drawn in the folium iframe) and of click → excerpts shown,
  and the server's peak RSS (its process tree, read from ``/proc``). On a small machine the browsers
  take most of the CPU, so these times say more about the machine than about the server; hence:
- ``server``: the server's own work. Its CPU time (``/proc/PID/stat`` utime + stime) across the
  viewers' visits, divided by the visits, and the CPU time of full script runs of the explorer
  (``streamlit.testing.v1.AppTest``, in this process, in threads, the filter set as in the link, then
  the place clicked), so "one server holds about X page views a second".
- ``first-visit``: a cold server (a fresh ``streamlit run``) on ``--first-articles`` articles (10,000 by
  default), then the first navigation to the home page → its markers, as soon as the server answers
  (or ``--settle`` seconds later), and the time from the server's start to those markers (the server
  holds its first requests while its start-up run of the home page opens what the page needs); then a
  second visit (a new browser context, so only the server is warm), with the server's CPU seconds for
  each (a figure the other users of a shared machine move less than wall time). Each repeated ``--repeat``
  times with a new server.

    .venv/bin/python bench/bench_viewers.py [--mode all|browser|server|first-visit] [--viewers 20]
        [--articles 2000] [--first-articles 10000] [--repeat 3] [--settle 0]

The stores are bench/bench_explorer.py's (generated once into ``.cache/``). The benchmark prints
numbers; it asserts nothing about time.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from anywhere
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from bench_explorer import MARKERS, build_store  # noqa: E402
from conftest import CHROMIUM, CHROMIUM_ARGS, start_server, stop_server  # noqa: E402
from playwright.async_api import async_playwright  # noqa: E402

FRAME = 'iframe[title="streamlit_folium.st_folium"]'
VIEWPORT = {"width": 1280, "height": 800}
TICKS = os.sysconf("SC_CLK_TCK")
#: The panel shows the clicked place (its name in the header) and its excerpts.
PANEL_SHOWS = """label => {
  const panel = document.querySelector('.st-key-kh-panel');
  return !!panel && !!panel.querySelector('.kh-excerpt')
    && (panel.querySelector('h3')?.textContent || '').includes(label);
}"""
TIMEOUT_MS = 300_000


def store_path(articles: int) -> Path:
    path = ROOT / ".cache" / f"bench-explorer-{articles}.db"
    path.parent.mkdir(exist_ok=True)
    build_store(path, articles)
    return path


def serve(path: Path):
    """A fresh ``streamlit run`` on the store at ``path``: (process, URL, seconds to healthy)."""
    logs = ROOT / ".cache" / "bench-viewers"
    logs.mkdir(exist_ok=True)
    t0 = time.perf_counter()
    process, url = start_server(logs, {"KHARITA_DB": str(path)})
    return process, url, time.perf_counter() - t0


# -- the server's process tree, from /proc ---------------------------------------------------------------


def process_tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                todo.extend(int(child) for child in task.read_text().split())
            except OSError:
                pass
    return pids


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of ``pid`` and its children (``/proc/PID/stat`` utime + stime)."""
    total = 0
    for each in process_tree(pid):
        try:
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime: fields 14 and 15 of stat(5)
    return total / TICKS


def status_kib(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{key}:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class PeakRss(threading.Thread):
    """Polls the resident memory of a process tree every 50 ms; ``peak`` is the largest sum seen, in MiB."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self._done = pid, 0.0, threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            self.peak = max(self.peak, sum(status_kib(p, "VmRSS") for p in process_tree(self.pid)) / 1024)
            self._done.wait(0.05)

    def stop(self) -> float:
        self._done.set()
        self.join()
        return self.peak


# -- browser visits --------------------------------------------------------------------------------------


@dataclass
class Visit:
    ready: float  # navigation → markers drawn
    click: float  # marker clicked → its excerpts in the panel


async def open_map(page, url: str) -> float:
    """Seconds from navigating to ``url`` to markers drawn in the map's iframe."""
    t0 = time.perf_counter()
    await page.goto(url, timeout=TIMEOUT_MS)
    await page.frame_locator(FRAME).first.locator(MARKERS).first.wait_for(timeout=TIMEOUT_MS)
    return time.perf_counter() - t0


async def visit(browser, url: str, province: str, go: asyncio.Event) -> Visit:
    context = await browser.new_context(viewport=VIEWPORT, locale="en-GB")
    try:
        page = await context.new_page()
        await go.wait()
        ready = await open_map(page, f"{url}/?province={province}")
        marker = page.frame_locator(FRAME).first.locator(".kh-place").first
        label = await marker.get_attribute("aria-label")
        t0 = time.perf_counter()
        # The click event itself, on the marker: another marker spread beside it, or one still moving
        # into place, may cover a pointer's click at its centre.
        await marker.dispatch_event("click", timeout=TIMEOUT_MS)
        await page.wait_for_function(PANEL_SHOWS, arg=label, timeout=TIMEOUT_MS, polling=20)
        return Visit(ready, time.perf_counter() - t0)
    finally:
        await context.close()


def percentile(values: list[float], q: float) -> float:
    """The ``q``-th percentile (nearest rank) of ``values``."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))]


def spread(values: list[float]) -> str:
    return f"p50 {percentile(values, 50):.2f} s, p95 {percentile(values, 95):.2f} s, max {max(values):.2f} s"


async def viewers(path: Path, count: int) -> tuple[float, float]:
    """The browser mode; returns (server CPU seconds, visits) of the concurrent visits."""
    process, url, started = serve(path)
    try:
        pid = process.pid
        print(f"server healthy in {started:.1f} s; RSS {status_kib(pid, 'VmRSS') / 1024:.0f} MiB")
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            warm = await visit(browser, url, "Province00", _set(asyncio.Event()))
            print(f"one viewer alone (warms the server): page-ready {warm.ready:.2f} s, click → excerpts "
                  f"{warm.click:.2f} s; RSS {status_kib(pid, 'VmRSS') / 1024:.0f} MiB")
            go, peak = asyncio.Event(), PeakRss(pid)
            tasks = [asyncio.create_task(visit(browser, url, f"Province{i % 34:02d}", go)) for i in range(count)]
            await asyncio.sleep(2)  # every context open and waiting
            peak.start()
            cpu0, t0 = cpu_seconds(pid), time.perf_counter()
            go.set()
            visits = await asyncio.gather(*tasks)
            wall, cpu = time.perf_counter() - t0, cpu_seconds(pid) - cpu0
            print(f"{count} viewers at once, done in {wall:.1f} s:")
            print(f"  page-ready (navigation → markers):  {spread([v.ready for v in visits])}")
            print(f"  click → excerpts:                   {spread([v.click for v in visits])}")
            print(f"  server peak RSS: {peak.stop():.0f} MiB (process tree, polled); high-water mark of the "
                  f"streamlit process {status_kib(pid, 'VmHWM') / 1024:.0f} MiB")
            print(f"  server CPU: {cpu:.1f} s in {wall:.1f} s ({cpu / wall:.0%} of one core; browsers: the rest)")
            await browser.close()
        return cpu, count
    finally:
        stop_server(process)


def _set(event: asyncio.Event) -> asyncio.Event:
    event.set()
    return event


# -- the server's share, without browsers ----------------------------------------------------------------


def script_runs(path: Path, runs: int, threads: int) -> tuple[float, float, int]:
    """Full runs of the explorer (filter, then the place clicked) as AppTest sessions, in ``threads`` threads:
    (CPU seconds, wall seconds, runs) of this process, after one run that warms the imports and caches."""
    os.environ["KHARITA_DB"] = str(path)
    from streamlit.testing.v1 import AppTest

    def one(i: int) -> None:
        province = f"Province{i % 34:02d}"
        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        app.query_params["province"] = province
        app.run()
        assert not app.exception, app.exception
        place = f"bench:p{i % 34}d{i % 12}"  # a district of that province, as a marker's click selects it
        app.query_params["place"] = place
        app.run()
        assert not app.exception, app.exception
        app.button(key="close-panel")  # the excerpt panel is open (a KeyError if not)

    one(0)
    todo = iter(range(1, runs + 1))
    lock = threading.Lock()
    done, failed = [], []

    def worker() -> None:
        while True:
            with lock:
                i = next(todo, None)
            if i is None:
                return
            try:
                one(i)
                done.append(i)
            except Exception as exc:  # AppTest sessions share some process-wide state: count, do not stop
                failed.append(f"{type(exc).__name__}: {exc}")

    cpu0, t0 = time.process_time(), time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    if failed:
        print(f"  {len(failed)} of {runs} AppTest visits failed in threads (left out), e.g. {failed[0]}")
    return time.process_time() - cpu0, time.perf_counter() - t0, max(1, len(done))


def capacity(label: str, cpu_per_view: float) -> None:
    # Streamlit runs every session's script in one process, under one GIL: about one core's worth of Python.
    print(f"  {label}: {cpu_per_view:.3f} CPU-s a page view → one server holds about {1 / cpu_per_view:.1f} "
          f"page views a second (one core: the GIL), {2 / cpu_per_view:.1f} at most on 2 cores")


# -- the first visit after a start -----------------------------------------------------------------------


async def first_visit(browser, path: Path, settle: float) -> tuple[float, float, float, float, float]:
    """A fresh server on ``path``: seconds to markers for its first visitor, ``settle`` seconds after the server
    answers, and for a second one (a new browser context: only the server is warm); the server's CPU
    seconds from its start to the first visitor's markers, and for the second visit; and the seconds from
    the server's start (its process launched) to the first visitor's markers."""
    process, url, started = serve(path)
    try:
        await asyncio.sleep(settle)
        context = await browser.new_context(viewport=VIEWPORT, locale="en-GB")
        page = await context.new_page()
        basemap: dict[str, list[float]] = {}
        t0 = time.perf_counter()

        def finished(request) -> None:
            if "/basemap/" in request.url:
                basemap.setdefault(request.url.rsplit("/", 1)[1], []).append(time.perf_counter() - t0)

        page.on("requestfinished", finished)
        first = await open_map(page, f"{url}/")
        cpu_first = cpu_seconds(process.pid)  # since the process started: its start-up run and the first visit
        await page.wait_for_timeout(1000)  # for the basemap's files still on their way
        await context.close()
        context = await browser.new_context(viewport=VIEWPORT, locale="en-GB")
        cpu0 = cpu_seconds(process.pid)
        second = await open_map(await context.new_page(), f"{url}/")
        cpu_second = cpu_seconds(process.pid) - cpu0
        await context.close()
        files = ", ".join(f"{name} at {at[0]:.2f} s" for name, at in sorted(basemap.items(), key=lambda x: x[1]))
        fetched = sum(len(at) for at in basemap.values())
        print(f"  server healthy in {started:.1f} s; first visit → markers {first:.2f} s, "
              f"{started + settle + first:.2f} s from the server's start "
              f"(basemap: {files or 'none fetched'}; {fetched} downloads); a second visitor {second:.2f} s; "
              f"server RSS {status_kib(process.pid, 'VmRSS') / 1024:.0f} MiB; server CPU {cpu_first:.2f} s from "
              f"its start to the first visitor's markers, {cpu_second:.2f} s for the second visit")
        return first, second, cpu_first, cpu_second, started + settle + first
    finally:
        stop_server(process)


async def first_visits(path: Path, repeat: int, settle: float) -> None:
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        firsts, seconds, cpu_firsts, cpu_seconds_, totals = zip(
            *[await first_visit(browser, path, settle) for _ in range(repeat)], strict=True
        )
        await browser.close()
    print(f"first visit after a start → markers: median {statistics.median(firsts):.2f} s "
          f"(min {min(firsts):.2f}, max {max(firsts):.2f}; target ≤ 5 s); "
          f"second visitor median {statistics.median(seconds):.2f} s; from the server's start to the first "
          f"visitor's markers median {statistics.median(totals):.2f} s")
    print(f"server CPU: median {statistics.median(cpu_firsts):.2f} s from its start to the first visitor's markers, "
          f"{statistics.median(cpu_seconds_):.2f} s for a second visit")


def load() -> str:
    return "load average " + " ".join(Path("/proc/loadavg").read_text().split()[:3]) + f" on {os.cpu_count()} cores"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=("all", "browser", "server", "first-visit"), default="all")
    parser.add_argument("--viewers", type=int, default=20)
    parser.add_argument("--articles", type=int, default=2_000)
    parser.add_argument("--first-articles", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--settle", type=float, default=0,
                        help="first-visit mode: seconds between the server answering and the first visit")
    parser.add_argument("--runs", type=int, default=40, help="AppTest visits in the server mode")
    parser.add_argument("--threads", type=int, default=4, help="threads running them")
    args = parser.parse_args()

    print(f"machine: {load()}")
    share = []
    if args.mode in ("all", "browser", "server"):
        path = store_path(args.articles)
        if args.mode in ("all", "browser"):
            print(f"-- {args.viewers} concurrent viewers, {args.articles} articles --")
            cpu, visits = asyncio.run(viewers(path, args.viewers))
            share.append(("real server, /proc CPU across the viewers' visits", cpu / visits))
        if args.mode in ("all", "server"):
            cpu, wall, runs = script_runs(path, args.runs, args.threads)
            print(f"-- {runs} AppTest visits (explorer filtered, then a place clicked) in {args.threads} threads: "
                  f"{cpu:.1f} CPU-s in {wall:.1f} s --")
            share.append(("script runs alone (AppTest, no browser, no websocket)", cpu / runs))
        print("server's share of a page view (a filtered explorer and a click: two script runs):")
        for label, per_view in share:
            capacity(label, per_view)
    if args.mode in ("all", "first-visit"):
        print(f"-- the first visit after a start, {args.first_articles} articles, {args.repeat} fresh servers, "
              f"the visit {args.settle:g} s after the server answers --")
        asyncio.run(first_visits(store_path(args.first_articles), args.repeat, args.settle))
    print(f"machine: {load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
