"""AppTest smoke tests of the home page."""

from streamlit.testing.v1 import AppTest

from geo.ingest import Parser
from geo.store import Store
from tests import fake_parser
from tests.fixtures import fill


def test_home_page_renders_title_and_map_without_errors(tmp_path, monkeypatch):
    path = tmp_path / "kharita.db"
    with Store.open(path) as store:
        fill(store, fake_parser.PARSER)
    monkeypatch.setenv("KHARITA_DB", str(path))
    fake_parser.install(monkeypatch)  # the app's own ingestor parses with the fake too
    at = AppTest.from_file("../app.py", default_timeout=60).run()
    assert not at.exception
    assert not at.error
    assert "Kharita" in at.title[0].value
    tiles = next(t for t in at.toggle if t.label == "Online tile layers")
    assert tiles.value is False


def test_the_app_reparses_articles_an_older_geoparser_parsed(tmp_path, monkeypatch):
    path = tmp_path / "kharita.db"
    with Store.open(path) as store:
        older = Parser(fake_parser.parse, "fake-0", fake_parser.GAZETTEER_VERSION)
        ids = fill(store, older)
    monkeypatch.setenv("KHARITA_DB", str(path))
    fake_parser.install(monkeypatch)  # the app's own ingestor parses with the fake too
    at = AppTest.from_file("../app.py", default_timeout=60).run()
    assert not at.exception
    with Store.open(path) as store:
        assert store.articles()["parser_version"].tolist() == [fake_parser.PARSER_VERSION] * len(ids)


def test_the_home_map_writes_its_places_once_a_store_revision(tmp_path, monkeypatch):
    """A second view of the same places reuses their GeoJSON and tooltips (ui.data.place_layers); a new
    article, a new revision of the store, writes them again, with it."""
    from geo import maps
    from geo.ingest import Ingestor
    from geo.records import Article

    path = tmp_path / "kharita.db"
    with Store.open(path) as store:
        fill(store, fake_parser.PARSER)
    monkeypatch.setenv("KHARITA_DB", str(path))
    fake_parser.install(monkeypatch)
    written = []

    def place_layers(places, *args, **kwargs):
        layers = real(places, *args, **kwargs)
        written.append({f["properties"]["name"]: f["properties"]["tip"] for f in layers.features["points"]["features"]})
        return layers

    real = maps.place_layers
    monkeypatch.setattr(maps, "place_layers", place_layers)
    for _ in range(2):  # two visitors (two sessions), the same view
        at = AppTest.from_file("../app.py", default_timeout=60).run()
        assert not at.exception and not at.error
    assert len(written) == 1
    assert {"Qala-i-Naw", "Herat", "Kabul"} <= set(written[0])  # the store's places

    with Store.open(path) as store:
        Ingestor(store, fake_parser.PARSER).ingest_article(
            Article(text="Reporters reached Herat and Kabul on Monday.", title="A new article", language="en"))
    at = AppTest.from_file("../app.py", default_timeout=60).run()
    assert not at.exception
    assert len(written) == 2  # the new revision's places, written afresh, with the new article's mentions
    assert written[1]["Herat"] != written[0]["Herat"] and written[1]["Kabul"] != written[0]["Kabul"]
    assert written[1]["Qala-i-Naw"] == written[0]["Qala-i-Naw"]


def test_the_server_serves_once_its_start_up_run_is_done(monkeypatch):
    """ui.startup.lifespan: the server starts serving (the lifespan yields) after the start-up run of the home
    page, not while it runs; and serves anyway when the run takes longer than HOLD_SECONDS."""
    import asyncio
    import concurrent.futures

    import streamlit.runtime
    from streamlit.runtime.pages_manager import PagesManager

    from ui import startup

    monkeypatch.setattr(PagesManager, "uses_pages_directory", PagesManager.uses_pages_directory)  # restored after

    class Runtime:
        def __init__(self):
            self.started, self.finish = asyncio.Event(), asyncio.Event()

        async def does_script_run_without_error(self):
            self.started.set()
            await self.finish.wait()
            return True, "ok"

    async def serve_after(runtime: Runtime, said: list[str]) -> None:
        async with startup.lifespan(None):
            said.append("serving")

    async def scenario(finish: bool) -> list[str]:
        runtime, said = Runtime(), []
        monkeypatch.setattr(streamlit.runtime, "get_instance", lambda: runtime)
        enter = asyncio.ensure_future(serve_after(runtime, said))
        await runtime.started.wait()
        said.append("start-up run begun")
        await asyncio.sleep(0.05)  # the server would have yielded by now, had it not waited
        if finish:
            said.append("start-up run done")
            runtime.finish.set()
        await enter
        return said

    def run(finish: bool) -> list[str]:
        # On a thread of its own: in the whole suite an earlier test (Playwright's sync API) leaves an event loop
        # running in this one, where asyncio.run() refuses to start another.
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            return pool.submit(asyncio.run, scenario(finish)).result()

    assert run(finish=True) == ["start-up run begun", "start-up run done", "serving"]
    monkeypatch.setattr(startup, "HOLD_SECONDS", 0.2)
    assert run(finish=False) == ["start-up run begun", "serving"]  # held no longer than that
