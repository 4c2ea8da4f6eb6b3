"""AppTest runs of "Wrong place?" on the map and the Articles page, and of the Corrections audit page."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from geo.store import Filters, Store
from tests import fake_parser
from tests.fixtures import fill


@pytest.fixture
def app(tmp_path, monkeypatch):
    """A page runner over a fresh realistic store (corrections change it); also returns the store's path."""
    path = tmp_path / "kharita.db"
    with Store.open(path) as store:
        ids = fill(store, fake_parser.PARSER)
    monkeypatch.setenv("KHARITA_DB", str(path))
    fake_parser.install(monkeypatch)

    def make(page="../pages/map_page.py", **params):
        at = AppTest.from_file(page, default_timeout=120)
        for key, value in params.items():
            at.query_params[key] = value
        return at.run()

    return make, path, ids


def click(at, label_start: str, index: int = 0):
    buttons = [b for b in at.button if b.label.startswith(label_start)]
    return buttons[index].click().run()


def test_correct_a_mention_from_the_excerpt_panel_then_undo(app) -> None:
    make, path, ids = app
    at = make(place="test:qala")
    at = click(at, "Wrong place?")
    assert [r.label for r in at.radio] == ["It is", "Correct"]
    at.radio[0].set_value("A place in the gazetteer").run()
    assert not at.exception, at.exception
    at.text_input(key="fix-who").input("Ann <b>Reporter</b>").run()
    at.text_area[0].input("Seen on the ground <script>alert(1)</script>").run()
    at.radio[0].set_value("Not a place").run()
    at = click(at, "Save the correction")
    assert not at.exception, at.exception
    with Store.open(path) as store:
        trail = store.corrections()
        row = trail.iloc[-1]
        assert (row["who"], row["action"], row["scope"]) == ("Ann <b>Reporter</b>", "not_place", "mention")
        assert row["note"] == "Seen on the ground <script>alert(1)</script>"
        before = int(store.places(Filters())["mentions"][store.places(Filters())["place_id"] == "test:qala"].iloc[0])
    # The audit page lists it, as text, and undoes it.
    at = make("../pages/Corrections.py")
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    assert "Ann <b>Reporter</b>" in set(table["Who"]) and "not a place" in set(table["Now"])
    assert at.text_input(key="audit-who").value == ""  # a new session: the name is asked again
    at.selectbox[0].set_value(int(row["correction_id"])).run()  # Ann's
    at.text_input(key="audit-who").input("Bob").run()
    at = click(at, "Undo it")
    with Store.open(path) as store:
        assert store.corrections().iloc[-1]["undone_by"] == "Bob"
        places = store.places(Filters())
        assert int(places["mentions"][places["place_id"] == "test:qala"].iloc[0]) == before + 1


def test_everywhere_rule_from_the_articles_page(app) -> None:
    make, path, ids = app
    at = make("../pages/Articles.py", read=ids["wire"])
    lines = [t.value for t in at.text]
    assert any("“Doha” → Doha" in line for line in lines), lines
    at = click(at, "Wrong place?")  # the first mention: Doha
    at.radio[1].set_value(at.radio[1].options[2]).run()  # every "Doha", everywhere
    at.radio[0].set_value("A place in the gazetteer").run()
    assert at.selectbox[-1].value.name == "Doha"  # the gazetteer's first reading of the name
    at.text_input(key="fix-who").input("Ann").run()
    at = click(at, "Save the correction")
    assert not at.exception, at.exception
    with Store.open(path) as store:  # the rule reached the other story that names Doha
        kabul_story = store.places(Filters(article_ids=(ids["kabul"],)))
        assert store.corrections().iloc[-1]["scope"] == "everywhere"
    assert "test:doha" not in set(kabul_story["place_id"])
    assert "Doha" in set(kabul_story["name"])


def test_audit_filters_live_in_the_address(app) -> None:
    make, path, ids = app
    at = make("../pages/Corrections.py", state="undone")
    assert at.radio[0].value == "undone"
    assert "0 of 1 corrections" in [c.value for c in at.caption]
