"""The map explorer in a real browser, on the seed corpus parsed by the real geoparser.

Runs against ``seeded_url``: a server whose store is the realistic one of
tests/fixtures.py (the seed article, a hostile article and a hostile
hand-placed point, a wire story, three short stories), read by the real geoparser.
"""

import re

from playwright.sync_api import expect

from tests.browser.conftest import map_frame, screenshot
from tests.fixtures import HOSTILE_PLACE, HOSTILE_SOURCE, HOSTILE_TITLE

QALA_AR = "قلعة ناو"
FAR_AND_NEAR = ("Qala-i-Naw", "Kabul", "Doha", "Tehran", "Jakarta")
PROVINCES = ("Badghis", "Herat", "Badakhshan")
BORDER = "Afghanistan–Tajikistan border"
#: An excerpt's link into the seed article (id 1), under any filters.
SEED_EXCERPT_LINK = '.kh-excerpt a[href*="read=1&"]'


def open_map(page, url):
    """Go to ``url`` and wait until the map has drawn its place markers; return the map frame."""
    page.goto(url)
    frame = map_frame(page)
    frame.locator(".kh-place").first.wait_for(timeout=120_000)
    return frame


def labels(frame) -> set[str]:
    return set(frame.locator("[data-place-id]").evaluate_all("els => els.map(e => e.getAttribute('aria-label'))"))


def test_map_shows_places_near_and_far_province_polygons_and_the_border(page, seeded_url):
    frame = open_map(page, seeded_url)
    for name in FAR_AND_NEAR:
        assert frame.locator(f'.kh-place[aria-label="{name}"]').count() == 1, name
    for name in PROVINCES:
        area = frame.locator(f'path[aria-label="{name}"]')
        assert area.count() == 1, name
        assert float(area.get_attribute("fill-opacity")) > 0.1  # shaded, not just outlined
        assert len(area.get_attribute("d")) > 100  # the province's outline, not a dot
    border = frame.locator(f'path[aria-label="{BORDER}"]')
    assert border.count() == 1 and border.get_attribute("fill") == "none"
    # Far places stay visible: Doha in the main view, Jakarta in the overview inset.
    doha = frame.locator('.kh-place[aria-label="Doha"]').bounding_box()
    box = frame.locator(".leaflet-container").first.bounding_box()
    assert box["x"] <= doha["x"] <= box["x"] + box["width"] and box["y"] <= doha["y"] <= box["y"] + box["height"]
    assert frame.locator(".kh-overview .kh-overview-dot").count() >= len(FAR_AND_NEAR)
    assert frame.locator(".kh-legend").inner_text().startswith("Places named")
    assert frame.locator(".kh-fullscreen a").count() == 1
    assert frame.locator(".leaflet-control-scale").count() == 1
    page.wait_for_timeout(800)
    screenshot(page, "explorer-map")
    assert page.requests.foreign() == []
    assert page.dialogs == []


def test_clicking_qala_i_naw_shows_marked_rtl_excerpts(page, seeded_url):
    frame = open_map(page, seeded_url)
    frame.locator('.kh-place[aria-label="Qala-i-Naw"]').click()
    panel = page.locator(".st-key-kh-panel")
    panel.wait_for(timeout=60_000)
    assert "Qala-i-Naw" in panel.locator("h3").inner_text() and QALA_AR in panel.locator("h3").inner_text()
    assert "Badghis province" in panel.locator(".kh-meta").inner_text()
    quotes = panel.locator(".kh-excerpt blockquote")
    assert panel.locator('.kh-excerpt blockquote[lang="ar"]').count() >= 3
    assert panel.locator('.kh-excerpt blockquote[lang="en"]').count() >= 1  # the English story's
    for i in range(quotes.count()):
        quote = quotes.nth(i)
        arabic = quote.get_attribute("lang") == "ar"
        direction = "rtl" if arabic else "ltr"
        assert quote.get_attribute("dir") == direction
        assert quote.evaluate("e => getComputedStyle(e).direction") == direction
        assert (QALA_AR if arabic else "Qala-i-Naw") in quote.locator("mark").all_inner_texts()
    assert re.search(r"place=geonames(%3A|:)1129867", page.url)
    page.wait_for_timeout(500)
    screenshot(page, "explorer-panel")
    assert page.requests.foreign() == []


def test_an_excerpt_link_opens_the_article_at_that_paragraph(page, seeded_url):
    open_map(page, f"{seeded_url}/?place=geonames:1129867")
    link = page.locator(SEED_EXCERPT_LINK).nth(1)  # a paragraph down the seed article
    href = link.get_attribute("href")
    paragraph = re.search(r"paragraph=(\d+)", href).group(1)
    link.click()
    target = page.locator(f"p#p-{paragraph}.kh-target")
    target.wait_for(timeout=60_000)
    assert "/Articles" in page.url and f"paragraph={paragraph}" in page.url
    assert QALA_AR in target.inner_text()
    assert page.locator(".kh-article").first.evaluate("e => getComputedStyle(e).direction") == "rtl"
    page.wait_for_timeout(1500)  # the page scrolls the paragraph into view once drawn
    box = target.bounding_box()
    assert 0 <= box["y"] < 800, box
    mention = target.locator("a.kh-mention", has_text=QALA_AR).first
    assert mention.get_attribute("href") == "./?place=geonames%3A1129867"
    screenshot(page, "explorer-article")
    mention.click()
    page.locator(".st-key-kh-panel").wait_for(timeout=60_000)
    assert "Qala-i-Naw" in page.locator(".st-key-kh-panel h3").inner_text()
    assert page.requests.foreign() == []


def test_the_filters_survive_the_way_to_an_article_and_back(page, seeded_url):
    open_map(page, f"{seeded_url}/?province=Badghis&place=geonames:1129867")
    page.locator(SEED_EXCERPT_LINK).first.click()
    page.locator(".kh-article p.kh-target").wait_for(timeout=60_000)
    assert "/Articles" in page.url and "province=Badghis" in page.url and "read=1" in page.url
    page.locator(".kh-article a.kh-mention", has_text=QALA_AR).first.click()
    page.locator(".st-key-kh-panel").wait_for(timeout=60_000)
    assert "province=Badghis" in page.url and "read=" not in page.url
    frame = map_frame(page)
    frame.locator(".kh-place").first.wait_for(timeout=60_000)
    assert not labels(frame) & {"Kabul", "Doha", "Jakarta"}
    assert page.requests.foreign() == []


def test_province_filter_in_the_link_survives_a_reload(page, seeded_url):
    frame = open_map(page, f"{seeded_url}/?province=Badghis")
    page.wait_for_timeout(500)
    shown = labels(frame)
    assert {"Qala-i-Naw", "Badghis"} <= shown
    assert not shown & {"Kabul", "Doha", "Tehran", "Jakarta", "Herat", "Badakhshan", BORDER}
    assert "Badghis" in page.locator('[data-testid="stSidebar"]').inner_text()
    screenshot(page, "explorer-badghis")
    page.reload()
    frame = map_frame(page)
    frame.locator(".kh-place").first.wait_for(timeout=60_000)
    page.wait_for_timeout(500)
    assert labels(frame) == shown
    assert "province=Badghis" in page.url
    assert page.requests.foreign() == []


def test_hostile_text_renders_as_text_everywhere(page, seeded_url):
    frame = open_map(page, seeded_url)
    marker = frame.locator('.kh-place[data-place-id^="custom:"]')
    assert marker.get_attribute("aria-label") == HOSTILE_PLACE
    marker.hover()
    tooltip = frame.locator(".leaflet-tooltip")
    tooltip.wait_for(timeout=10_000)
    assert HOSTILE_PLACE in tooltip.inner_text()
    marker.click()
    panel = page.locator(".st-key-kh-panel")
    panel.wait_for(timeout=60_000)
    assert HOSTILE_PLACE in panel.locator("h3").inner_text()
    # The heading comes first, the excerpts after it: wait for them, as a reader would.
    expect(panel).to_contain_text(HOSTILE_TITLE, timeout=60_000)
    assert HOSTILE_SOURCE in panel.inner_text()
    screenshot(page, "explorer-hostile-panel")

    page.goto(f"{seeded_url}/Articles?read=2")
    article = page.locator(".kh-article p").first
    article.wait_for(timeout=60_000)
    text = page.locator(".kh-article").all_inner_texts()
    assert HOSTILE_TITLE in text[0]
    assert "<script>alert(1)</script>" in text[1] and "<img src=x onerror=alert(1)>" in text[1]
    assert "[more](javascript:alert(1))" in text[1]  # Markdown stays text
    page.wait_for_timeout(1000)
    screenshot(page, "explorer-hostile-article")
    assert page.locator('img[src="x"]').count() == 0
    assert page.locator('a[href^="javascript:"]').count() == 0
    assert page.dialogs == []
    assert page.requests.foreign() == []


def test_choosing_a_province_in_the_sidebar_narrows_the_map_and_the_link(page, seeded_url):
    frame = open_map(page, seeded_url)
    box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first
    box.locator("input").click()
    box.locator("input").fill("Badghis")
    page.locator('[role="option"]', has_text="Badghis (").first.click()
    page.wait_for_url(re.compile(r"province=Badghis"), timeout=30_000)
    frame.locator('.kh-place[aria-label="Kabul"]').wait_for(state="detached", timeout=30_000)
    shown = labels(frame)
    assert "Qala-i-Naw" in shown and not shown & {"Kabul", "Doha", "Jakarta"}
    assert page.requests.foreign() == []
