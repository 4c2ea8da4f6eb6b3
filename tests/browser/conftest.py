"""Browser tests: a real `streamlit run` server driven by headless Chromium.

The server runs on a free port with its own empty store, and every page
records the hosts it requested so tests can assert nothing left localhost.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}

if not Path(CHROMIUM).exists():
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)

playwright_sync = pytest.importorskip("playwright.sync_api")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, process: subprocess.Popen, timeout: float = 90) -> None:
    """Poll Streamlit's health endpoint until it answers ``ok``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except OSError:
            pass
        time.sleep(0.25)
    raise TimeoutError(f"{url} did not become healthy in {timeout}s")


def start_server(tmp_dir: Path, extra_env: dict[str, str] | None = None):
    port = free_port()
    env = {**os.environ, "KHARITA_DB": str(tmp_dir / "kharita.db"), **(extra_env or {})}
    log = (tmp_dir / "streamlit.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.headless", "true", "--server.address", "127.0.0.1"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process)
    except Exception:
        process.kill()
        raise
    return process, url


def stop_server(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    """URL of a running Kharita app with its own store."""
    process, url = start_server(tmp_path_factory.mktemp("server"))
    yield url
    stop_server(process)


@pytest.fixture(scope="session")
def browser():
    with playwright_sync.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


class RequestLog(list):
    """Every URL a page requested."""

    def foreign(self) -> list[str]:
        return [u for u in self if urlparse(u).scheme in ("http", "https", "ws", "wss")
                and urlparse(u).hostname not in LOCAL_HOSTS]


def recording_page(context):
    """A new page of ``context`` that records every URL it requests in ``page.requests``."""
    page = context.new_page()
    page.requests = RequestLog()
    page.on("request", lambda request: page.requests.append(request.url))
    return page


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-GB")
    page = recording_page(context)
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    context.close()


def screenshot(page, name: str) -> Path:
    """Save a screenshot under tests/artifacts/ (git-ignored) and return its path."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


def map_frame(page):
    """The st_folium iframe that holds the Leaflet map."""
    return page.frame_locator('iframe[title="streamlit_folium.st_folium"]').first


def fill_realistic(folder: Path) -> Path:
    """The realistic store of tests/fixtures.py in ``folder``, read by the real geoparser; its path."""
    from geo.ingest import default_parser
    from geo.store import Store
    from tests.fixtures import fill

    with Store.open(folder / "kharita.db") as store:
        fill(store, default_parser())
    return folder / "kharita.db"


@pytest.fixture
def own_server(tmp_path):
    """A server on its own realistic store, for a test that changes it, and the store's path."""
    db = fill_realistic(tmp_path)
    process, url = start_server(tmp_path)
    yield url, db
    stop_server(process)


@pytest.fixture(scope="session")
def seeded_url(tmp_path_factory):
    """URL of a Kharita app whose store is the realistic one (tests/fixtures.py: the seed
    article, a hostile article with a hostile hand-placed point, a wire story and three
    short stories), read by the real geoparser."""
    tmp_dir = tmp_path_factory.mktemp("seeded")
    fill_realistic(tmp_dir)
    process, url = start_server(tmp_dir)
    yield url
    stop_server(process)
