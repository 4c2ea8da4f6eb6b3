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


def leaflet_view(page) -> dict:
    """The Leaflet map's centre, zoom and bounds, read from the map object in st_folium's iframe."""
    frame = page.locator('iframe[title="streamlit_folium.st_folium"]').first.element_handle().content_frame()
    return frame.evaluate(
        """() => {
          const map = Object.keys(window).filter(k => k.startsWith("map_") && window[k] instanceof L.Map)
            .map(k => window[k])[0];
          const c = map.getCenter(), b = map.getBounds();
          return {lat: c.lat, lon: c.lng, zoom: map.getZoom(),
                  south: b.getSouth(), west: b.getWest(), north: b.getNorth(), east: b.getEast()};
        }"""
    )


def place_id(frame, selector: str) -> str:
    return frame.locator(selector).first.get_attribute("data-place-id")


def settled_view(page, wanted, timeout_ms: int = 30_000) -> dict:
    """The map's view once ``wanted(view)`` holds (the map moves after the page has drawn), or the last one seen."""
    view = leaflet_view(page)
    for _ in range(timeout_ms // 250):
        if wanted(view):
            break
        page.wait_for_timeout(250)
        view = leaflet_view(page)
    return view


def test_a_link_to_a_far_point_centres_the_map_on_it(page, seeded_url):
    frame = open_map(page, seeded_url)
    jakarta = place_id(frame, '.kh-place[aria-label="Jakarta"]')
    home = leaflet_view(page)
    assert not home["south"] <= -6.2 <= home["north"]  # Jakarta is off the default view (the overview shows it)
    open_map(page, f"{seeded_url}/?place={jakarta}")
    page.locator(".kh-meta").wait_for(timeout=60_000)
    view = settled_view(page, lambda v: abs(v["lat"] + 6.2) < 1)
    assert abs(view["lat"] - -6.2) < 0.5 and abs(view["lon"] - 106.8) < 0.5, view
    assert 6 <= view["zoom"] <= 13  # a city at a regional zoom, not the world nor a street
    page.wait_for_timeout(500)
    screenshot(page, "filters-place-jakarta")
    assert page.requests.foreign() == []


def test_a_link_to_a_province_outside_the_filtered_view_fits_the_map_to_it(page, seeded_url):
    frame = open_map(page, seeded_url)
    badakhshan = place_id(frame, 'path[aria-label="Badakhshan"]')
    # Under ?country=QA the view fits Doha; Badakhshan, in Afghanistan's north-east, is far off it.
    open_map(page, f"{seeded_url}/?country=QA&place={badakhshan}")
    page.locator(".kh-meta").wait_for(timeout=60_000)
    view = settled_view(page, lambda v: v["north"] > 38)
    # Badakhshan spans about 35.4–38.5°N, 69.9–74.9°E: all of it in view, Doha (25.3°N 51.5°E) not.
    assert view["south"] < 35.5 and view["north"] > 38.4 and view["west"] < 70 and view["east"] > 74.8, view
    assert not view["west"] <= 51.5 <= view["east"], view
    page.wait_for_timeout(500)
    screenshot(page, "filters-place-badakhshan")
    assert page.requests.foreign() == []
