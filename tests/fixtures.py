"""The realistic store every test that reads a store uses, and fresh stores on every backend to fill.

:func:`fill` puts :data:`STORIES` into a store through an
:class:`~geo.ingest.Ingestor`, with the parser it is given: the test geoparser
(``tests/fake_parser.py``) for the store, page and app tests, the real one for
the browser tests. The stories are the seed article (``data/articles``, in
Arabic), an English article built to break out of HTML and Markdown wherever
its title, text or source lands, with a journalist's correction placing a spot
named as hostile, a wire story, and three short stories (two English, one
Arabic; three sources, two months, a border, a demonym and a second paragraph)
so that any filter, facet or count has something to tell apart.

``store_url`` is parametrised over SQLite (a file in ``tmp_path``) and
PostgreSQL. For PostgreSQL a throwaway cluster is started once per session
with Debian's binaries (``/usr/lib/postgresql/*/bin``) in a temporary folder,
listening only on a unix socket there; each test gets its own database.
``KHARITA_TEST_PG=postgresql://...`` uses an existing server instead (the role
needs CREATEDB). ``pg_cluster`` is always a cluster of the test's own, which it
may stop and start. Without either, PostgreSQL tests are skipped, except under
``CI=true``, where they fail: CI installs the server and must run them.
``filled`` is that store filled by :func:`fill` with the test geoparser.
"""

from __future__ import annotations

import datetime as dt
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from geo.gazetteer import DATA_DIR
from geo.ingest import SEED_DIR, Ingestor, Parser
from geo.records import Article
from geo.store import Store
from tests import fake_parser

#: The seed article, as the app ingests it into an empty store.
SEED = SEED_DIR / "2021-07-07-aljazeera-badghis-ar.txt"

#: An article built to break out of HTML, or to be read as Markdown, wherever its text lands.
HOSTILE_TITLE = "Hostile <script>alert(1)</script> <img src=x onerror=alert(1)> **bold** title"
HOSTILE_TEXT = (
    "Fighting near Kabul <script>alert(1)</script> was reported today.\n\n"
    "Officials in Kabul said <img src=x onerror=alert(1)> nothing [more](javascript:alert(1))."
)
HOSTILE_SOURCE = "<b>Evil source</b> _agency_"
#: The name a journalist's correction gives a spot ("Officials" in the hostile article), as hostile as the text.
HOSTILE_PLACE = "<img src=x onerror=alert(1)>"
HOSTILE_POINT = (33.0, 66.0)

#: The realistic store's stories after the seed, by the name the tests use for them, in the order they are added.
STORIES = {
    "hostile": Article(
        title=HOSTILE_TITLE, text=HOSTILE_TEXT, source=HOSTILE_SOURCE, language="en", published=dt.date(2021, 7, 8),
    ),
    "wire": Article(
        title="Talks in Doha", text="Talks in Doha went on late.\n\nDelegates flew back to Kabul.",
        source="Wire", language="en", published=dt.date(2021, 8, 1),
    ),
    "badghis": Article(
        title="Taliban enter Qala-i-Naw",
        text="Taliban fighters entered Qala-i-Naw, the capital of Badghis. Afghan forces fought back.\n\n"
        "Reinforcements came from Herat. Qala-i-Naw prison was emptied.",
        source="Reuters", language="en", published=dt.date(2021, 7, 7),
    ),
    "kabul": Article(
        title="Kabul airport",
        text="Crowds gathered at the airport in Kabul. Flights left Kabul for Doha.\n\n"
        "Tajikistan closed the Afghanistan–Tajikistan border.",
        source="BBC", language="en", published=dt.date(2021, 8, 15),
    ),
    "arabic": Article(
        title="قلعة ناو",
        text="هاجمت طالبان مدينة قلعة ناو في ولاية بادغيس. وفر سجناء من سجن قلعة ناو.",
        source="Al Jazeera", language="ar", published=dt.date(2021, 7, 8),
    ),
}


def fill(store: Store, parser: Parser) -> dict[str, int]:
    """Put the seed article and :data:`STORIES` into the empty ``store``, geoparsed by
    ``parser``, and the hostile spot's correction; the article ids by name (``"seed"`` is 1)."""
    assert store.count_articles() == 0, "fill() builds the realistic store from an empty one"
    ingestor = Ingestor(store, parser)
    results = {"seed": ingestor.ingest_file(SEED)[0]}
    results |= {name: ingestor.ingest_article(article, name) for name, article in STORIES.items()}
    assert all(result.status == "added" for result in results.values()), results
    ids = {name: result.article_id for name, result in results.items()}
    start = HOSTILE_TEXT.index("Officials")
    store.add_correction(ids["hostile"], span=(start, start + len("Officials")), point=HOSTILE_POINT,
                         point_name=HOSTILE_PLACE, who="fixtures")
    return ids


BACKENDS = ("sqlite", "postgresql")


def filled_file(folder: Path) -> str:
    """A SQLite store in ``folder`` filled by :func:`fill` with the test geoparser; its path."""
    path = folder / "kharita.db"
    with Store.open(path) as store:
        fill(store, fake_parser.PARSER)
    return str(path)


def tiny_gazetteer_data(folder: Path, *rows: str) -> Path:
    """A gazetteer data folder ``folder`` with the real files' headers and only ``rows`` in places.tsv:
    an index and automaton built from it take well under a second."""
    (folder / "geometry").mkdir(parents=True)
    for name in ("places.tsv", "cities.tsv", "aliases_ar.csv", "aliases_en.csv", "demonyms.csv"):
        header = (DATA_DIR / name).read_text("utf-8").splitlines()[0]
        (folder / name).write_text(header + "\n", "utf-8")
    with (folder / "places.tsv").open("a", encoding="utf-8") as fh:
        fh.writelines(rows)
    return folder


def page_runner(store_path: str, monkeypatch: pytest.MonkeyPatch, script: str = "../app.py"):
    """A function running ``script`` (an AppTest) on the store at ``store_path``, the app parsing with the test
    geoparser as the store did; its keywords are the page's query parameters."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("KHARITA_DB", store_path)
    fake_parser.install(monkeypatch)

    def run(**params) -> AppTest:
        at = AppTest.from_file(script, default_timeout=120)
        for key, value in params.items():
            at.query_params[key] = value
        return at.run()

    return run


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(cmd: list[str]) -> list[str]:
    # initdb refuses to run as root; Debian's package creates the postgres user.
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


def start_cluster(base: Path) -> tuple[str, list[str]]:
    """Start a throwaway cluster under ``base``; returns (admin URL, stop command)."""
    bindirs = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name))
    if not bindirs:
        raise FileNotFoundError("no PostgreSQL server binaries in /usr/lib/postgresql/*/bin")
    bindir = Path(bindirs[-1])
    data, sock = base / "data", base / "sock"
    sock.mkdir()
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
        shutil.chown(sock, "postgres")
    run = {"check": True, "capture_output": True, "text": True}
    subprocess.run(_as_postgres([str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
                                 "-E", "UTF8", "--no-locale", "--no-sync"]), **run)
    port = _free_port()
    # Durability off: the cluster dies with the session, so speed is all that matters.
    options = (f"-p {port} -k {sock} -c listen_addresses=''"
               " -c fsync=off -c synchronous_commit=off -c full_page_writes=off")
    subprocess.run(_as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(base / "log"),
                                 "-w", "start"]), **run)
    stop = _as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"])
    return f"postgresql://postgres@/postgres?host={sock}&port={port}", stop


@dataclass(frozen=True)
class Cluster:
    """A throwaway PostgreSQL cluster (:func:`start_cluster`) that a test may stop and start again."""

    base: Path
    url: str
    stop_command: list[str]

    def stop(self) -> None:
        """Stop the server at once, as a crash or a restart would: its clients' connections drop."""
        subprocess.run(self.stop_command, check=True, capture_output=True)

    def start(self) -> None:
        """Start the stopped server again, on the same socket and port: pg_ctl's ``restart`` of a stopped
        server starts it with the options it last ran with (``postmaster.opts``)."""
        pg_ctl_data = self.stop_command[:self.stop_command.index("-m")]
        subprocess.run([*pg_ctl_data, "-l", str(self.base / "log"), "-w", "restart"], check=True, capture_output=True)


@contextmanager
def own_cluster() -> Iterator[Cluster]:
    """A cluster of our own, stopped and deleted afterwards; skipped without server binaries (failed under CI)."""
    base = Path(tempfile.mkdtemp(prefix="kharita-pg-"))
    os.chmod(base, 0o755)  # the postgres user must reach it
    try:
        url, stop = start_cluster(base)
    except (FileNotFoundError, subprocess.CalledProcessError) as exc:
        detail = getattr(exc, "stderr", "") or str(exc)
        shutil.rmtree(base, ignore_errors=True)
        message = f"PostgreSQL tests need a server: {detail.strip()[:300]} (apt-get install postgresql)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    try:
        yield Cluster(base, url, stop)
    finally:
        subprocess.run(stop, capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_admin_url() -> Iterator[str]:
    """A URL to a PostgreSQL server we may create databases on."""
    if os.environ.get("KHARITA_TEST_PG"):
        yield os.environ["KHARITA_TEST_PG"]
        return
    with own_cluster() as cluster:
        yield cluster.url


@pytest.fixture
def pg_cluster() -> Iterator[Cluster]:
    """A cluster of the test's own, to stop and start (never ``KHARITA_TEST_PG``'s server). Its commits are
    synchronous again: an immediate stop would lose the last ones of a cluster started with them off."""
    import psycopg

    with own_cluster() as cluster:
        with psycopg.connect(cluster.url, autocommit=True) as conn:
            conn.execute("ALTER DATABASE postgres SET synchronous_commit = on")
        yield cluster


def new_pg_database(admin_url: str) -> tuple[str, str]:
    """Create an empty database; returns (its URL, its name)."""
    import psycopg

    name = "kharita_test_" + uuid.uuid4().hex[:12]
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    base, _, query = admin_url.partition("?")
    return f"{base.rsplit('/', 1)[0]}/{name}" + (f"?{query}" if query else ""), name


def drop_pg_database(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a fresh, empty store on each backend."""
    if request.param == "sqlite":
        yield f"sqlite://{tmp_path / 'kharita.db'}"
        return
    admin = request.getfixturevalue("pg_admin_url")
    url, name = new_pg_database(admin)
    yield url
    drop_pg_database(admin, name)


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """A fresh, empty, open store on each backend."""
    with Store.open(store_url) as opened:
        yield opened


@pytest.fixture
def filled(store: Store) -> tuple[Store, dict[str, int]]:
    """The realistic store on each backend, geoparsed by the test geoparser, and its article ids by name."""
    return store, fill(store, fake_parser.PARSER)
