"""The explorer on a presenter's screen: the map fills the window, the panel scrolls beside it, type is legible,
and markers that sit on top of each other (Kabul and its airport) come apart, by mouse and by keyboard."""

import pytest

from tests.browser.conftest import screenshot
from tests.browser.test_explorer import open_map

KABUL = '.kh-place[aria-label="Kabul"]'
AIRPORT = '.kh-place[aria-label="Hamid Karzai International Airport"]'
SCREENS = {"1920x1080": (1920, 1080), "1280x800": (1280, 800)}


def open_at(page, url, size):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    return open_map(page, url)


def panel_heading(page) -> str:
    heading = page.locator(".st-key-kh-panel h3")
    heading.wait_for(timeout=60_000)
    return heading.inner_text()


@pytest.mark.parametrize("screen", SCREENS)
def test_the_map_takes_most_of_the_window(page, seeded_url, screen):
    width, height = SCREENS[screen]
    frame = open_at(page, seeded_url, (width, height))
    frame_box = page.locator(".st-key-kh-map iframe").bounding_box()
    leaflet = frame.locator(".leaflet-container").first.bounding_box()
    assert leaflet["height"] >= 0.7 * height, (screen, leaflet)
    assert frame_box["y"] + frame_box["height"] <= height  # all of it above the fold
    assert abs(leaflet["height"] - frame_box["height"]) < 2  # the Leaflet map fills its frame


def test_the_legend_is_legible_on_a_big_screen(page, seeded_url):
    frame = open_at(page, seeded_url, SCREENS["1920x1080"])
    sizes = frame.locator(".kh-legend, .kh-legend h4, .kh-legend span").evaluate_all(
        "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))")
    assert sizes and min(sizes) >= 14, sizes


def test_the_panel_scrolls_on_its_own_under_its_close_button(page, seeded_url):
    frame = open_at(page, seeded_url, SCREENS["1280x800"])
    frame.locator('.kh-place[aria-label="Qala-i-Naw"]').click()  # the place with the most excerpts
    assert "Qala-i-Naw" in panel_heading(page)
    panel = page.locator(".st-key-kh-panel")
    panel.locator(".kh-excerpt").nth(4).wait_for(timeout=30_000)  # taller than the window by now
    page.wait_for_function("""() => { const e = document.querySelector(".st-key-kh-panel");
        return e.scrollHeight > e.clientHeight && getComputedStyle(e).overflowY === "auto"; }""", timeout=30_000)
    box = panel.bounding_box()
    assert box["y"] + box["height"] <= 800
    panel.evaluate("e => e.scrollTo(0, e.scrollHeight)")
    close = page.get_by_role("button", name="Close")
    close_box = close.bounding_box()
    assert 0 <= close_box["y"] and close_box["y"] + close_box["height"] <= 800  # still in view
    assert page.evaluate("window.scrollY") == 0  # the panel scrolled, not the page
    close.click()
    page.locator(".st-key-kh-panel").wait_for(state="detached", timeout=30_000)


def test_kabul_and_its_airport_come_apart_and_each_opens_itself(page, seeded_url):
    frame = open_at(page, seeded_url, SCREENS["1280x800"])
    kabul, airport = (frame.locator(s).bounding_box() for s in (KABUL, AIRPORT))
    overlap_x = min(kabul["x"] + kabul["width"], airport["x"] + airport["width"]) - max(kabul["x"], airport["x"])
    overlap_y = min(kabul["y"] + kabul["height"], airport["y"] + airport["height"]) - max(kabul["y"], airport["y"])
    assert overlap_x <= 0 or overlap_y <= 0, (kabul, airport)  # side by side, not stacked
    frame.locator(KABUL).click()
    assert panel_heading(page).startswith("Kabul")
    frame.locator(AIRPORT).click()
    page.get_by_text("Hamid Karzai International Airport").first.wait_for(timeout=60_000)
    assert "Hamid Karzai International Airport" in panel_heading(page)
    screenshot(page, "explorer-kabul-airport")
    assert page.requests.foreign() == []


def test_a_marker_opens_from_the_keyboard(page, seeded_url):
    frame = open_at(page, seeded_url, SCREENS["1280x800"])
    assert frame.locator(".kh-place").evaluate_all("els => els.every(e => e.tabIndex === 0)")
    frame.locator(KABUL).focus()
    page.keyboard.press("Tab")  # the next marker in the tab order
    name = frame.locator(".kh-place:focus").get_attribute("aria-label")
    assert name
    page.keyboard.press("Enter")
    assert name in panel_heading(page)
