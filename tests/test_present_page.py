"""The Present page (AppTest): a story built from an article, saved under a name (a second save replaces it),
presented at its link's step with the counter and the caption, stepped by its buttons, hostile text escaped."""

from __future__ import annotations

import html

import pandas as pd
import pytest

from geo.store import Store
from geo.story import Step, Story
from tests.fixtures import HOSTILE_TITLE, filled_file, page_runner
from ui.present import apply_edits, caption_html, steps_frame

HOSTILE = "<img src=x onerror=alert(1)> **bold** {{7*7}}"


@pytest.fixture
def store_path(tmp_path) -> str:
    """The realistic store, the test's own (the tests save stories)."""
    return filled_file(tmp_path)


@pytest.fixture
def run(store_path, monkeypatch):
    """The Present page on that store, its keywords the page's query parameters."""
    return page_runner(store_path, monkeypatch, "../pages/Present.py")


def html_of(at) -> str:
    return "\n".join(element.proto.body for element in at.get("html"))


def saved(path: str, name: str) -> Story | None:
    with Store.open(path) as store:
        return store.story(name)


def test_an_article_builds_a_story_that_saves_and_replaces(store_path, run):
    at = run(article="1")
    assert not at.exception and not at.error
    frame = at.dataframe[0].value  # the data editor
    # The seed in the test geoparser's reading: its places in first-mention order, each once.
    assert list(frame["place"]) == ["Afghanistan", "Tajikistan", "Doha", "Qala-i-Naw", "Badghis", "Kabul",
                                    "Herat", "Afghanistan–Tajikistan border", "Badakhshan"]
    assert any(h.value == "9 steps" for h in at.subheader)
    name = next(t for t in at.text_input if t.label == "Story name")
    name.set_value("Seed story").run()
    next(b for b in at.button if b.label == "Save story").click().run()
    assert not at.exception
    story = saved(store_path, "Seed story")
    assert story is not None and len(story) == 9 and story.article_id == 1
    assert story.steps[3].name == "Qala-i-Naw" and "قلعة ناو" in story.steps[3].caption
    assert any("Story saved." in s.value for s in at.success)
    assert any("saving replaces it" in i.value for i in at.info)
    # Presenting it writes the story and its first step into the address bar.
    next(b for b in at.button if b.label == "Present").click().run()
    assert at.query_params["story"] == "Seed story" and at.query_params["step"] == "1"


def test_a_story_presents_at_its_links_step_and_steps_on(store_path, run):
    steps = tuple(Step(f"x:{n}", f"Place {n}", "city", f"Caption {n}", 7, None, 34.0 + n / 10, 63.0)
                  for n in range(1, 6))
    with Store.open(store_path) as store:
        store.save_story(Story("Five", None, steps))
    at = run(story="Five", step="3")
    assert not at.exception and not at.error
    body = html_of(at)
    assert ">3 / 5<" in body and "Caption 3" in body and "Place 3" in body and "Caption 4" not in body
    assert "stSidebar" in body and "display: none" in body  # the chrome is hidden
    assert {b.label for b in at.button} >= {"Previous", "Next", "Edit"}
    next(b for b in at.button if b.label == "Next").click().run()
    assert at.query_params["step"] == "4" and ">4 / 5<" in html_of(at)
    at = run(story="Five", step="99")  # a step past the end shows the last
    assert ">5 / 5<" in html_of(at) and next(b for b in at.button if b.label == "Next").disabled
    at = run(story="Five", step="nonsense")
    assert ">1 / 5<" in html_of(at) and next(b for b in at.button if b.label == "Previous").disabled


def test_a_missing_story_says_so(store_path, run):
    at = run(story="No such story", step="2")
    assert not at.exception
    assert any("no saved story" in w.value for w in at.warning)


def test_hostile_names_and_captions_are_text(store_path, run):
    with Store.open(store_path) as store:
        store.save_story(Story(HOSTILE, 2, (Step("x:1", HOSTILE, "city", HOSTILE, 7, HOSTILE, 34.5, 69.2),)))
    at = run(story=HOSTILE, step="1")
    assert not at.exception
    body = html_of(at)
    assert "<img src=x" not in body and html.escape(HOSTILE) in body
    at = run(edit=HOSTILE)
    assert not at.exception
    assert HOSTILE_TITLE not in html_of(at)


def test_the_table_edits_reorder_drop_and_recaption():
    story = Story("s", 1, (Step("a", "A", "city", "ca", 7), Step("b", "B", "province", "cb"),
                           Step("c", "C", "border", "cc")))
    frame = steps_frame(story)
    assert list(frame.columns) == ["order", "keep", "place", "kind", "caption", "zoom"]
    frame.loc[0, "order"], frame.loc[2, "order"] = 3, 1
    frame.loc[1, "keep"] = False
    frame.loc[2, "caption"], frame.loc[2, "zoom"] = "The border", 6
    new = apply_edits(story, frame)
    assert [(s.name, s.caption, s.zoom) for s in new.steps] == [("C", "The border", 6), ("A", "ca", 7)]
    assert apply_edits(story, steps_frame(story)) == story
    assert apply_edits(story, pd.DataFrame({"keep": [False] * 3})).steps == ()


def test_the_caption_box_reads_in_either_language():
    story = Story("s", 1, (Step("q", "Qala-i-Naw", "city", "هاجمت طالبان قلعة ناو", 7, "قلعة ناو"),))
    english, arabic = caption_html(story, 1, "en"), caption_html(story, 1, "ar")
    assert "<bdi>Qala-i-Naw</bdi> · <bdi dir=\"auto\">قلعة ناو</bdi>" in english
    assert "<bdi>قلعة ناو</bdi> · <bdi dir=\"auto\">Qala-i-Naw</bdi>" in arabic
    assert 'dir="auto">هاجمت طالبان قلعة ناو</p>' in english


def test_a_place_from_the_gazetteer_is_added_as_the_last_step(store_path, run):
    at = run(article="1")
    next(t for t in at.text_input if t.label.startswith("Search the gazetteer")).set_value("Jalalabad").run()
    pick = next(s for s in at.selectbox if s.label == "Place")
    assert pick.value and pick.options
    next(b for b in at.button if b.label == "Add as the last step").click().run()
    assert not at.exception
    assert any(h.value == "10 steps" for h in at.subheader)
    frame = at.dataframe[0].value
    assert frame["place"].iloc[-1] == "Jalalabad" and frame["caption"].iloc[-1] == "Jalalabad"
