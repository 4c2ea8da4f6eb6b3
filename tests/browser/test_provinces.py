"""The Provinces page in a real browser, on the realistic store read by the real geoparser: its counts are the map's.

The table is Streamlit's data grid, drawn on a canvas; the grid keeps an
accessible table of the cells it shows (``td[role=gridcell]``), which is what
a screen reader, and this test, reads.
"""

import re
import shutil
from pathlib import Path
from urllib.parse import urljoin

from tests.browser.conftest import map_frame, screenshot

SHOTS = Path("/tmp/shots")
#: The map's summary line (ui.excerpts.page_summary).
SUMMARY = re.compile(r"([\d,]+) places? · ([\d,]+) mentions? · ([\d,]+) articles?")


def shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    shutil.copy(screenshot(page, name), SHOTS / f"{name}.png")


def grid_rows(page, index: int = 0) -> list[list[str]]:
    """The rows the ``index``-th data grid shows, each a list of its cells' text, heading row first."""
    grid = page.locator('[data-testid="stDataFrame"]').nth(index)
    grid.locator('td[role="gridcell"]').first.wait_for(state="attached", timeout=120_000)
    headings = grid.locator('th[role="columnheader"]').all_inner_texts()
    cells = grid.locator("tr").evaluate_all(
        "rows => rows.map(r => Array.from(r.querySelectorAll('td')).map(td => td.innerText))")
    return [headings, *[row for row in cells if row]]


def row_of(rows: list[list[str]], name: str) -> dict[str, str]:
    headings = rows[0]
    return next(dict(zip(headings, row, strict=True)) for row in rows[1:] if row[0] == name)


def map_summary(page) -> tuple[int, ...]:
    line = page.get_by_text(SUMMARY).first
    line.wait_for(timeout=120_000)
    return tuple(int(n.replace(",", "")) for n in SUMMARY.search(line.inner_text()).groups())


def test_the_badghis_row_counts_what_its_link_shows_on_the_map(page, seeded_url):
    page.goto(f"{seeded_url}/Provinces")
    rows = grid_rows(page)
    badghis = row_of(rows, "Badghis")
    assert int(badghis["Mentions"]) > 0 and badghis["Country"] == "Afghanistan"
    # Every Afghan province is a row, those nothing names too (the grid draws only the rows in view).
    assert int(page.locator('[data-testid="stDataFrame"] table').first.get_attribute("aria-rowcount")) >= 1 + 34
    frame = map_frame(page)
    legend = frame.locator(".kh-legend .kh-classes")
    legend.wait_for(timeout=60_000)
    assert legend.is_visible() and legend.inner_text().startswith("Mentions\n0 (not named)")
    assert float(legend.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")) >= 14
    badghis_shape = frame.locator('path[aria-label="Badghis"]')
    assert badghis_shape.get_attribute("fill") != frame.locator('path[aria-label="Zabul"]').get_attribute("fill")
    page.wait_for_timeout(1000)
    shot(page, "provinces-page")
    badghis_shape.click()  # a click on a province drills into it
    page.wait_for_url(re.compile(r"drill=Badghis"), timeout=60_000)
    page.locator(".kh-province-summary").wait_for(timeout=60_000)
    assert page.locator(".kh-province-summary").inner_text().startswith(
        f"Badghis: {badghis['Places']} place")

    link = badghis["Map"]
    assert link == "./?province=Badghis"
    page.goto(urljoin(page.url, link))
    places, mentions, articles = map_summary(page)
    assert (mentions, articles, places) == (int(badghis["Mentions"]), int(badghis["Articles"]), int(badghis["Places"]))
    assert "province=Badghis" in page.url
    map_frame(page).locator(".kh-place").first.wait_for(timeout=120_000)
    page.wait_for_timeout(800)
    shot(page, "provinces-badghis-on-the-map")
    assert page.requests.foreign() == []


def test_drilling_into_badghis_lists_its_seven_districts_and_links_to_the_map(page, seeded_url):
    page.goto(f"{seeded_url}/Provinces?kind=city&drill=Badghis")
    districts = grid_rows(page, 1)
    assert len(districts) == 1 + 7
    qala = row_of(districts, "Qala-i-Naw")
    assert qala["Map"] == "./?province=Badghis&district=Qala-i-Naw&kind=city"
    district_map = page.frame_locator('iframe[title="streamlit_folium.st_folium"]').nth(1)
    district_map.locator(".kh-legend .kh-classes").wait_for(timeout=60_000)
    assert district_map.locator("path[aria-label]").count() == 7
    page.wait_for_timeout(1000)
    shot(page, "provinces-badghis-districts")

    summary = page.locator(".kh-province-summary")
    counts = tuple(int(n) for n in SUMMARY.search(summary.inner_text()).groups())
    summary.locator("a").click()
    page.wait_for_url(re.compile(r"/\?province=Badghis&kind=city$"))
    assert map_summary(page) == counts
    page.goto(urljoin(page.url, qala["Map"]))
    places, mentions, articles = map_summary(page)
    assert (mentions, articles, places) == (int(qala["Mentions"]), int(qala["Articles"]), int(qala["Places"]))
    assert page.requests.foreign() == []
