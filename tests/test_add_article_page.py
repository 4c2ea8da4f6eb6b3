"""The Add article page and the ingest behind it: one upload limit, progress by stage, results as text with a link.

AppTest runs of the page over the realistic store, geoparsed by the test
geoparser (tests/fake_parser.py).
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from geo import config
from geo.exc import BadInput
from geo.ingest import Ingestor
from geo.store import Store
from tests import fake_parser
from tests.fixtures import filled_file, page_runner

ROOT = Path(__file__).resolve().parents[1]
#: A title that Markdown would draw as an image fetched from elsewhere.
IMAGE_TITLE = "![t](http://127.0.0.1:8699/x.png)"


def test_streamlits_upload_limit_is_the_default_setting() -> None:
    toml = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert toml["server"]["maxUploadSize"] == config.DEFAULT_MAX_UPLOAD_MB == config.max_upload_mb()


def test_the_setting_moves_the_ingest_limit(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("KHARITA_MAX_UPLOAD_MB", "1")
    with Store.open(tmp_path / "k.db") as store:
        ingestor = Ingestor(store, fake_parser.PARSER)
        assert ingestor.max_bytes == 2**20
        [result] = ingestor.ingest_bytes("big.txt", b"Kabul. " * 200_000)
    assert result.status == "error" and "over the 1 MB limit" in result.message
    monkeypatch.setenv("KHARITA_MAX_UPLOAD_MB", "ten")
    with pytest.raises(BadInput, match="KHARITA_MAX_UPLOAD_MB"):
        config.max_upload_mb()


def test_the_ingest_reports_each_stage_of_each_article(tmp_path) -> None:
    heard = []
    lines = [json.dumps({"title": f"Story {i}", "text": f"Fighting near Kabul, day {i}."}) for i in range(2)]
    with Store.open(tmp_path / "k.db") as store:
        results = Ingestor(store, fake_parser.PARSER).ingest_bytes(
            "two.jsonl", "\n".join(lines).encode(), progress=lambda *stage: heard.append(stage)
        )
    assert [r.status for r in results] == ["added", "added"]
    assert heard == [("reading", 0, 1), ("geoparsing", 0, 2), ("saving", 0, 2), ("geoparsing", 1, 2), ("saving", 1, 2)]


def test_pasted_text_reports_each_stage_as_a_file_does(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("KHARITA_MAX_UPLOAD_MB", "1")
    with Store.open(tmp_path / "k.db") as store:
        ingestor = Ingestor(store, fake_parser.PARSER)
        for text, status, stages in [
            ("Fighting near Kabul, on Monday.", "added", ["reading", "geoparsing", "saving"]),
            ("Fighting near Kabul, on Monday.", "unchanged", ["reading"]),  # the hash says it is stored
            ("Kabul. " * 200_000, "error", ["reading"]),  # over the limit: refused before it is read
        ]:
            heard = []
            result = ingestor.ingest_text(text, progress=lambda *stage, heard=heard: heard.append(stage))
            assert result.status == status
            assert heard == [(stage, 0, 1) for stage in stages]


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> str:
    return filled_file(tmp_path_factory.mktemp("add"))


@pytest.fixture
def page(store_path, monkeypatch):
    return page_runner(store_path, monkeypatch, "../pages/Add_article.py")()


def test_the_page_states_the_one_limit(page, monkeypatch) -> None:
    assert not page.exception
    assert "up to 10 MB each" in page.caption[0].value
    assert page.get("file_uploader")[0].proto.max_upload_size_mb == 10
    monkeypatch.setenv("KHARITA_MAX_UPLOAD_MB", "3")
    page.run()
    assert "up to 3 MB each" in page.caption[0].value
    assert page.get("file_uploader")[0].proto.max_upload_size_mb == 3


def test_a_result_shows_its_title_as_text_and_links_to_the_article(page, store_path) -> None:
    page.text_input[0].set_value(IMAGE_TITLE)
    page.text_area[0].set_value("Taliban fighters entered Qala-i-Naw.\n\nKabul was calm.")
    next(b for b in page.button if b.label == "Add article").click().run()
    assert not page.exception and not page.error
    assert page.success[0].value.startswith("Added")
    assert f"(pasted text): {IMAGE_TITLE}" in [t.value for t in page.text]
    assert not any(IMAGE_TITLE in m.value for m in page.markdown)  # never drawn as Markdown
    with Store.open(store_path) as store:
        article_id = store.count_articles()
        assert store.article(article_id).title == IMAGE_TITLE
    assert f"[Read it, every place marked](Articles?read={article_id})" in [m.value for m in page.markdown]


def test_a_large_paste_shows_how_far_it_has_got(page, monkeypatch) -> None:
    """A paste just under the limit (here 1 MB): the bar moves forward through each stage, named, to its end."""
    from streamlit.delta_generator import DeltaGenerator

    shown = []
    draw = DeltaGenerator.progress

    def progress(self, value, text=None):
        shown.append((value, text))
        return draw(self, value, text=text)

    monkeypatch.setattr(DeltaGenerator, "progress", progress)
    monkeypatch.setenv("KHARITA_MAX_UPLOAD_MB", "1")
    text = "Fighting was reported near Kabul and Herat on Monday. " * 18_000
    assert 0.9 * 2**20 < len(text.encode()) < 2**20
    page.run()
    page.text_area[0].set_value(text)
    next(b for b in page.button if b.label == "Add article").click().run()
    assert not page.exception and not page.error
    assert page.success[0].value.startswith("Added")
    values = [value for value, _ in shown]
    assert values == sorted(set(values)) and values[0] == 0.0 and values[-1] == 1.0  # forward, to the end
    assert [text for _, text in shown] == [  # the bar's updates (st.progress made it "Starting…")
        "Pasted text: reading…", "Pasted text: geoparsing…", "Pasted text: saving…",
        "Done: the pasted text.",
    ]
    [bar] = page.get("progress")
    assert bar.proto.value == 100 and bar.proto.text == "Done: the pasted text."
