"""The Present page in Chromium: a story built from the seed article, saved, then presented full screen at
1920x1080, stepped with the arrow keys, reloaded at its link's step, and looked at in screenshots."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from tests.browser.conftest import map_frame, screenshot

NAME = "Badghis falls <b>&</b>"
#: Streamlit's chrome the presentation hides.
CHROME = ("[data-testid=stSidebar]", "[data-testid=stToolbar]", "[data-testid=stHeader]",
          "[data-testid=stSidebarCollapsedControl]", "[data-testid=stMainMenu]")


@pytest.fixture(scope="module")
def expected():
    """The seed's story as the server builds it (the same real geoparser, a store of its own)."""
    from geo.ingest import Ingestor, default_parser
    from geo.store import Store
    from geo.story import story_from_article
    from tests.fixtures import SEED

    with Store.open(":memory:") as store:
        (result,) = Ingestor(store, default_parser()).ingest_file(SEED)
        article = store.article(result.article_id)
        return story_from_article(article.text, store.article_mentions(result.article_id))


def counter(page):
    return page.locator(".kh-counter")


def caption(page):
    return page.locator(".kh-caption-text")


def test_build_save_present_step_with_keys_and_reload(page, seeded_url, expected):
    page.set_viewport_size({"width": 1920, "height": 1080})
    total = len(expected)
    assert total >= 6
    page.goto(f"{seeded_url}/Present?article=1")
    page.get_by_text(f"{total} steps").wait_for(timeout=180_000)  # a first run may build the index
    name = page.get_by_label("Story name")
    name.fill(NAME)
    name.press("Enter")
    page.get_by_role("button", name="Save story").click()
    page.get_by_text("Story saved.").wait_for()
    page.get_by_text("saving replaces it").wait_for()  # the name is taken now
    page.get_by_role("button", name="Present").click()
    page.wait_for_url(re.compile(r"story=.*&step=1"))
    counter(page).filter(has_text=f"1 / {total}").wait_for(timeout=30_000)
    assert caption(page).inner_text() == expected.steps[0].caption

    for step in (2, 3, 4):
        page.keyboard.press("ArrowRight")
        counter(page).filter(has_text=f"{step} / {total}").wait_for()
    assert counter(page).inner_text() == f"4 / {total}"
    assert caption(page).inner_text() == expected.steps[3].caption
    assert "step=4" in page.url
    page.keyboard.press("ArrowLeft")
    counter(page).filter(has_text=f"3 / {total}").wait_for()
    page.get_by_role("button", name="Next").click()
    counter(page).filter(has_text=f"4 / {total}").wait_for()

    # The link holds the step: a reload lands on the same caption and counter.
    page.goto(f"{seeded_url}/Present?story={quote(NAME)}&step=4")
    counter(page).filter(has_text=f"4 / {total}").wait_for(timeout=30_000)
    assert caption(page).inner_text() == expected.steps[3].caption
    place = page.locator(".kh-caption-place").inner_text()
    assert expected.steps[3].name in place

    # The current place is emphasised on the map, the others dimmed.
    frame = map_frame(page)
    current = frame.locator(".kh-step-current")
    current.first.wait_for(state="attached", timeout=30_000)
    assert current.first.get_attribute("data-place-id") == expected.steps[3].place_id
    assert frame.locator(".kh-step-dim").count() >= total - 1

    size = caption(page).evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    assert size >= 28
    for selector in CHROME:
        assert not page.locator(selector).first.is_visible(), selector
    box = page.locator('iframe[title="streamlit_folium.st_folium"]').bounding_box()
    assert box["width"] >= 1900 and box["height"] >= 1060  # the map fills the window
    page.wait_for_timeout(2500)  # let the flight end before the picture
    screenshot(page, "present_1920")
    page.set_viewport_size({"width": 1280, "height": 720})
    page.reload()  # the view is fitted to the window it opens in
    counter(page).filter(has_text=f"4 / {total}").wait_for(timeout=30_000)
    map_frame(page).locator(".kh-step-current").first.wait_for(state="attached", timeout=30_000)
    page.wait_for_timeout(2500)
    screenshot(page, "present_1280x720")
    # Nothing overlaps: the caption box and the buttons sit side by side, the counter above both.
    cap = page.locator(".st-key-kh-present-caption").bounding_box()
    nav = page.locator(".st-key-kh-present-nav").bounding_box()
    top = page.locator(".kh-counter").bounding_box()
    assert cap["x"] + cap["width"] <= nav["x"]
    assert top["y"] + top["height"] < min(cap["y"], nav["y"])
    assert cap["y"] + cap["height"] <= 720 and nav["y"] + nav["height"] <= 720
    # A border is fitted to its line.
    border = next(n for n, step in enumerate(expected.steps, 1) if step.kind == "border")
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{seeded_url}/Present?story={quote(NAME)}&step={border}")
    counter(page).filter(has_text=f"{border} / {total}").wait_for(timeout=30_000)
    map_frame(page).locator(f'.kh-step-current[data-step="{border}"]').first.wait_for(state="attached")
    page.wait_for_timeout(2500)
    screenshot(page, "present_border_1920")
    assert page.requests.foreign() == []
