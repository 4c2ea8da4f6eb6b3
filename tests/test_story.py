"""Stories: the seed article's story, its edits, its round trip through the store on both backends, and its map."""

from __future__ import annotations

from dataclasses import replace

import pytest

from geo.exc import BadInput
from geo.ingest import Ingestor, default_parser
from geo.maps.present import DIM, EMPHASIS, present_map, step_view, story_bounds
from geo.records import Place
from geo.store import Store
from geo.story import Step, Story, clamp_step, edited, step_for_place, story_from_article
from tests.fixtures import SEED

#: The places the issue names, in the order the seed article first names them: Doha and Tehran
#: in its first sentence, Qala-i-Naw and Badghis in the third paragraph, the border and Badakhshan near the end.
EXPECTED = ["Doha", "Tehran", "Qala-i-Naw", "Badghis", "Afghanistan–Tajikistan border", "Badakhshan"]


@pytest.fixture(scope="module")
def real_parser():
    return default_parser()


@pytest.fixture
def seeded(store: Store, real_parser) -> tuple[Store, int]:
    """A fresh store on each backend holding the seed article, read by the real geoparser."""
    (result,) = Ingestor(store, real_parser).ingest_file(SEED)
    assert result.status == "added"
    return store, result.article_id


def seed_story(store: Store, article_id: int, name: str = "") -> Story:
    article = store.article(article_id)
    return story_from_article(article.text, store.article_mentions(article_id), name=name, article_id=article_id)


def test_the_seed_builds_its_places_in_first_mention_order(seeded):
    store, article_id = seeded
    story = seed_story(store, article_id)
    names = [step.name for step in story.steps]
    assert [n for n in names if n in EXPECTED] == EXPECTED
    assert len(names) == len(set(names)), "a place named twice is one step"
    ids = [step.place_id for step in story.steps]
    assert len(ids) == len(set(ids))
    # First-mention order over every step, not only the six.
    mentions = store.article_mentions(article_id)
    literal = mentions[(mentions["role"] == "literal") & mentions["place_id"].notna()]
    first = literal.groupby("place_id")["start"].min()
    assert ids == sorted(ids, key=lambda i: first[i])
    # Demonyms name a people: "الأفغانية" alone adds no step, Indonesia (only "الإندونيسية") none at all.
    assert "Indonesia" not in names


def test_each_step_holds_its_place_kind_caption_and_zoom(seeded):
    store, article_id = seeded
    text = store.article(article_id).text
    steps = {step.name: step for step in seed_story(store, article_id).steps}
    qala, badghis, border = steps["Qala-i-Naw"], steps["Badghis"], steps["Afghanistan–Tajikistan border"]
    assert (qala.place_id, qala.kind, qala.name_ar) == ("geonames:1129867", "city", "قلعة ناو")
    assert qala.caption.startswith("وطردت القوات الأفغانية مسلحي حركة طالبان من مدينة قلعة ناو")
    assert qala.caption in " ".join(text.split())
    assert badghis.caption == qala.caption  # named first in the same sentence
    assert (badghis.kind, border.kind, steps["Badakhshan"].kind) == ("province", "border", "province")
    assert "الحدود الأفغانية الطاجيكية" in border.caption and "بدخشان" in border.caption
    assert qala.zoom == 7 and steps["Doha"].zoom == 7  # a point zooms in
    assert badghis.zoom is None and border.zoom is None  # a shape is fitted
    assert qala.paragraph == 2


def test_editing_reorders_drops_adds_and_recaptions(seeded):
    store, article_id = seeded
    story = seed_story(store, article_id, "Badghis falls")
    steps = {step.name: step for step in story.steps}
    kabul = Place("geonames:1138958", "Kabul", "city", 34.53, 69.17, names={"ar": "كابل"})
    recaptioned = replace(steps["Qala-i-Naw"], caption="The prison was emptied.")
    new = edited(story, [steps["Badghis"], recaptioned, step_for_place(kabul)], name="Short")
    assert [s.name for s in new.steps] == ["Badghis", "Qala-i-Naw", "Kabul"]
    assert new.steps[1].caption == "The prison was emptied."
    assert (new.steps[2].caption, new.steps[2].zoom, new.steps[2].name_ar) == ("Kabul", 7, "كابل")
    assert new.name == "Short" and new.article_id == article_id and story.name == "Badghis falls"


def test_save_list_and_reuse_round_trip(seeded):
    store, article_id = seeded
    story = seed_story(store, article_id, "Badghis falls")
    story_id = store.save_story(story)
    assert isinstance(story_id, int)
    again = store.story("Badghis falls")
    assert again == story  # every field of every step, in order
    listed = store.stories()
    assert listed.to_dict("records")[0] | {"saved_at": None} == {
        "name": "Badghis falls", "article_id": article_id, "title": store.article(article_id).title,
        "steps": len(story), "saved_at": None}
    # Saving under the same name replaces the story, steps and all.
    shorter = edited(story, story.steps[:2])
    before = store.revision()
    store.save_story(shorter)
    assert store.revision() > before
    assert store.story("Badghis falls") == shorter
    assert len(store.stories()) == 1
    store.save_story(edited(story, story.steps[-1:], name="Other"))
    assert list(store.stories()["name"]) == ["Other", "Badghis falls"]
    assert store.delete_story("Other") is True and store.delete_story("Other") is False
    assert store.story("Other") is None
    assert list(store.stories()["name"]) == ["Badghis falls"]


def test_a_story_needs_a_name_and_steps_and_keeps_hostile_text(store):
    with pytest.raises(BadInput):
        store.save_story(Story("  ", None, (Step("x:1", "X", "city", "c"),)))
    with pytest.raises(BadInput):
        store.save_story(Story("empty", None, ()))
    hostile = "<script>alert(1)</script> {{7*7}} '; DROP TABLE stories; --"
    story = Story(hostile, 999, (Step("x:1", hostile, "custom", hostile, None, hostile, 1.5, 2.5),))
    store.save_story(story)
    # An article that is not stored is no article: the story keeps its steps.
    assert store.story(hostile) == Story(hostile, None, story.steps)
    assert store.stories()["title"].tolist() == [None]


def test_step_numbers_from_a_link_are_clamped():
    story = Story("s", None, tuple(Step(f"x:{n}", f"P{n}", "city", f"c{n}") for n in range(1, 4)))
    assert [clamp_step(v, 3) for v in ("1", "3", "4", "-2", "", "two", 2.0)] == [1, 3, 3, 1, 1, 1, 1]
    assert story.step(99).name == "P3" and story.step(0).name == "P1"


def test_the_map_emphasises_the_current_step_and_flies_to_it(seeded, gazetteer):
    store, article_id = seeded
    story = seed_story(store, article_id)
    shapes = {s.place_id: gazetteer.geometry(s.place_id) for s in story.steps}
    number = [s.name for s in story.steps].index("Badghis") + 1
    html = present_map(story, number, shapes).get_root().render()
    assert html.count("flyToBounds") == 1 and "cdn.jsdelivr" not in html
    # Colours reach the page as inert JSON, "#" written as \u0023.
    assert EMPHASIS["color"][1:] in html and DIM["color"][1:] in html
    # A province is fitted to its polygon, a border to its line, a point centred at its zoom.
    steps = {s.name: s for s in story.steps}
    view = step_view(steps["Badghis"], shapes)
    (south, west), (north, east) = view["bounds"]
    assert 34 < south < north < 36.5 and 62 < west < east < 65.5
    border = step_view(steps["Afghanistan–Tajikistan border"], shapes)["bounds"]
    assert 36 < border[0][0] < border[1][0] < 39 and 67 < border[0][1] < border[1][1] < 75.5
    assert step_view(steps["Qala-i-Naw"], shapes) == {"center": [34.98735, 63.12891], "zoom": 7}
    # Russia's islands cross the antimeridian: its mainland is fitted, not the world.
    russia = step_view(steps["Russian Federation"], shapes)["bounds"]
    assert russia[0][1] > 15 and russia[1][0] < 82
    (s, w), (n, e) = story_bounds(story, shapes)
    assert s < 25.3 < n and w < 51.5 < e  # Doha in the opening view


def test_names_and_captions_never_reach_the_map_as_html():
    hostile = '<img src=x onerror=alert(1)>{{7*7}}</script>'
    story = Story("s", None, (Step("x:1", hostile, "city", hostile, 8, hostile, 34.5, 69.2),
                              Step("x:2", hostile, "province", hostile, None, None, 35.0, 63.0)))
    html = present_map(story, 2, {"x:2": {"type": "Polygon", "coordinates": [[[62, 34], [64, 34], [64, 36], [62, 34]]]}}
                       ).get_root().render()
    assert "<img src=x" not in html and "{{7*7}}" not in html and "</script>{" not in html
