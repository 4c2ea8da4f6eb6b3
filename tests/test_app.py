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
