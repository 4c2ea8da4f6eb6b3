"""The sidebar's filters and the selected place in a real browser, on the realistic seeded store.

A filter selects exactly what the user chose (typing a value and pressing
Enter picks that value alone), and a selected place off the default view
brings the map to it.
"""

import re
from urllib.parse import parse_qs, urlparse

from tests.browser.conftest import map_frame, screenshot


def open_map(page, url):
    """Go to ``url`` and wait until the map has drawn its place markers; return the map frame."""
    page.goto(url)
    frame = map_frame(page)
    frame.locator(".kh-place").first.wait_for(timeout=120_000)
    return frame


def facet_box(page, label: str):
    return page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(has_text=label).first


def test_typing_a_kind_and_pressing_enter_selects_that_kind_alone(page, seeded_url):
    open_map(page, seeded_url)
    box = facet_box(page, "Kind of place")
    box.locator("input").click()
    box.locator("input").press_sequentially("city")
    # "facility" holds c-i-t-y in order: a fuzzy search offered it, and Enter took both.
    page.locator('[role="option"]', has_text="city (").first.wait_for(timeout=30_000)
    box.locator("input").press("Enter")
    page.wait_for_url(re.compile(r"kind="), timeout=30_000)
    page.wait_for_timeout(1500)  # a second selection would land in the URL by now
    assert parse_qs(urlparse(page.url).query)["kind"] == ["city"]
    screenshot(page, "filters-kind-city")
    assert page.requests.foreign() == []
